// A programme's stages as steps, the current one (by today's date) highlighted.
import { Grid, Steps } from 'antd';
import { fmtRange, todayCst } from './format';
import type { Stage } from './types';

export function currentStageIndex(stages: Stage[], today = todayCst()): number {
  const i = stages.findIndex((s) => s.startsOn <= today && today <= s.endsOn);
  if (i >= 0) return i;
  if (stages.length && today > stages[stages.length - 1].endsOn) return stages.length; // all done
  const next = stages.findIndex((s) => s.startsOn > today);
  return next >= 0 ? next - 0.5 : -1;
}

/** 2026-04-01 至 05-31 (the year once when both ends share it). */
export function shortRange(s: Stage): string {
  return `${s.startsOn} 至 ${s.startsOn.slice(0, 4) === s.endsOn.slice(0, 4) ? s.endsOn.slice(5) : s.endsOn}`;
}

export function StageSteps({ stages, compact, vertical }: { stages: Stage[]; compact?: boolean; vertical?: boolean }) {
  const screens = Grid.useBreakpoint();
  if (!stages?.length) return null;
  const cur = currentStageIndex(stages);
  const orientation = vertical || !screens.md || (compact && stages.length > 4 && !screens.xl) ? 'vertical' : 'horizontal';
  return (
    <Steps
      size="small"
      orientation={orientation}
      current={Math.max(0, Math.ceil(cur))}
      items={stages.map((s, i) => ({
        title: s.name,
        content: compact ? shortRange(s) : (
          <div>
            <div>{fmtRange(s.startsOn, s.endsOn)}</div>
            {s.description ? <div style={{ color: 'rgba(0,0,0,0.55)', marginTop: 4 }}>{s.description}</div> : null}
          </div>
        ),
        status: i < cur ? 'finish' : i === cur ? 'process' : 'wait',
      }))}
    />
  );
}
