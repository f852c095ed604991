// Issue 11 §5: publishing a programme whose stage dates are past asks to adjust them. A stage is
// past when it starts before the day of publication — the societies could not have acted on it,
// and deadlines counted from it would fall before the to-dos that carry them. The platform names
// the stages; the association adjusts their dates or confirms them as they are.
import type { Stage } from './programme.types.js';

export interface PastStage {
  /** position in the programme's stage list */
  index: number;
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** The stages that start before `today` (YYYY-MM-DD, China calendar day), in order. */
export function pastStages(stages: readonly Pick<Stage, 'code' | 'name' | 'startsOn' | 'endsOn'>[], today: string): PastStage[] {
  return stages.flatMap((s, index) => (s.startsOn < today ? [{ index, code: s.code, name: s.name, startsOn: s.startsOn, endsOn: s.endsOn }] : []));
}

/** One Chinese sentence naming the past stages and what to do. */
export function pastStagesMessage(past: readonly PastStage[], today: string): string {
  const list = past.map((s) => `“${s.name}”（${s.startsOn} 至 ${s.endsOn}）`).join('、');
  return `以下阶段的开始日期早于今天（${today}）：${list}。请调整阶段日期后再发布，或确认按原日期发布。`;
}
