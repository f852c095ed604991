import { describe, expect, it } from 'vitest';
import {
  projectStageFilters,
  projectStageGroupLabels,
  projectStageGroups,
  projectStageInfo,
  projectStages,
  stagesOfFilter,
  stagesOfGroup,
  stagesWaitingOn,
  waitingParties,
} from './project-stage.js';

describe('the stages of a funded capacity project', () => {
  it('words every stage in Chinese, without codes, in one group each', () => {
    for (const s of projectStages) {
      const info = projectStageInfo[s];
      expect(info.label, s).toMatch(/^[\u4e00-\u9fff，、（）]+$/);
      expect(projectStageGroups).toContain(info.group);
      if (info.nextStep) expect(info.nextStep, s).not.toMatch(/[A-Za-z]/);
    }
    expect(Object.values(projectStageGroupLabels)).toEqual(['实施中', '评估', '已拨付', '验收', '执行期满未使用资金', '追回']);
    // the groups cover the stages once each, in the list's order
    expect(projectStageGroups.flatMap(stagesOfGroup)).toEqual([...projectStages]);
  });

  it('names who acts next as the issue lists them', () => {
    expect(stagesWaitingOn('financeBureau')).toEqual(['evaluationPending', 'acceptancePending']);
    expect(stagesWaitingOn('association')).toEqual(['evaluationReturned', 'evaluationConfirmed', 'evaluationObjections', 'evaluationCleared', 'acceptanceReturned', 'acceptanceFailed', 'windowUnpaid']);
    expect(stagesWaitingOn('society')).toEqual(['implementing', 'disbursed', 'windowRefund']);
    const settled = projectStages.filter((s) => projectStageInfo[s].waitingOn === null);
    expect(settled).toEqual(['evaluationNotice', 'evaluationFailed', 'accepted', 'recovered']);
    // nothing waits on anyone else, and a settled project has no next step but the notice's own end
    expect(waitingParties.flatMap(stagesWaitingOn).length + settled.length).toBe(projectStages.length);
    expect(settled.filter((s) => projectStageInfo[s].nextStep)).toEqual(['evaluationNotice']);
  });

  it('opens the evaluation section until the money is paid, the closing section after', () => {
    expect(projectStages.filter((s) => projectStageInfo[s].section === 'evaluation')).toEqual(stagesOfGroup('implementing').concat(stagesOfGroup('evaluation')));
  });

  it('filters by a group or by one stage', () => {
    expect(stagesOfFilter('evaluation')).toHaveLength(7);
    expect(stagesOfFilter('evaluationPending')).toEqual(['evaluationPending']);
    expect(stagesOfFilter('disbursed')).toEqual(['disbursed']);
    expect(stagesOfFilter('window')).toEqual(['windowRefund', 'windowUnpaid']);
    expect(new Set(projectStageFilters).size).toBe(projectStageFilters.length);
    for (const f of projectStageFilters) expect(stagesOfFilter(f).length).toBeGreaterThan(0);
  });
});
