// Where a programme stands: the index of the stage containing today (x.5 between stages).
import { todayCst } from './format';
import type { Stage } from '../../contract/programmes';

export function currentStageIndex(stages: Stage[], today = todayCst()): number {
  const i = stages.findIndex((s) => s.startsOn <= today && today <= s.endsOn);
  if (i >= 0) return i;
  if (stages.length && today > stages[stages.length - 1].endsOn) return stages.length; // all done
  const next = stages.findIndex((s) => s.startsOn > today);
  return next >= 0 ? next - 0.5 : -1;
}
