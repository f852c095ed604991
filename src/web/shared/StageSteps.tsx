// A programme's stages as steps, the current one (by today's date) highlighted.
import { Grid, Steps } from 'antd';
import { fmtRange } from './format';
import { currentStageIndex } from './stageIndex';
import type { Stage } from '../../contract/programmes';

export function StageSteps({ stages, compact, vertical }: { stages: Stage[]; compact?: boolean; vertical?: boolean }) {
  const screens = Grid.useBreakpoint();
  if (!stages?.length) return null;
  const cur = currentStageIndex(stages);
  const orientation = vertical || !screens.md || (compact && stages.length > 4 && !screens.xl) ? 'vertical' : 'horizontal';
  return (
    <Steps
      size="small"
      orientation={orientation}
      current={cur >= 0 ? Math.min(Math.ceil(cur), stages.length) : -1}
      titlePlacement={orientation === 'horizontal' && stages.length > 4 ? 'vertical' : undefined}
      items={stages.map((s, i) => ({
        title: s.name,
        content: compact ? fmtRange(s.startsOn, s.endsOn) : (
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
