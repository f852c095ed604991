import { describe, expect, it } from 'vitest';
import { projectStages } from '../../../domain/capacity/project-stage';
import { ALL, actionText, partyOf, rowLink, stageColor, stageFilterOptions, turnText, waitingOnOptions, waitingOnQuery } from './projectRows';

describe('项目实施与验收: the list’s words', () => {
  it('offers the stages in the issue’s groups, each group whole and stage by stage', () => {
    const groups = stageFilterOptions();
    expect(groups.map((g) => g.label)).toEqual(['实施中', '评估', '已拨付', '验收', '执行期满未使用资金', '追回']);
    expect(groups[0].options).toEqual([{ value: 'implementing', label: '实施中' }]);
    expect(groups[1].options.map((o) => o.label)).toEqual(['评估（全部）', '评估待确认', '评估结果被退回', '评估已确认', '评估结果公示中', '公示期满，异议待处理', '公示无异议', '评估未通过']);
    expect(groups[3].options.map((o) => o.label)).toEqual(['验收（全部）', '验收待确认', '验收结论被退回', '验收合格', '验收不合格']);
    // every stage can be chosen, and no label shows a code
    const values = groups.flatMap((g) => g.options.map((o) => o.value));
    for (const s of projectStages) expect(values).toContain(s);
    for (const o of groups.flatMap((g) => g.options)) expect(o.label).not.toMatch(/[A-Za-z]/);
  });

  it('colours the outcomes apart from their group', () => {
    expect(stageColor('accepted')).toBe('green');
    expect(stageColor('acceptanceFailed')).toBe('red');
    expect(stageColor('acceptancePending')).toBe('geekblue');
    expect(stageColor('windowRefund')).toBe('orange');
  });

  it('shows the finance bureau what waits on it first, everyone else every project', () => {
    expect(partyOf('finance_bureau')).toBe('financeBureau');
    expect(partyOf('association')).toBe('association');
    expect(partyOf('department')).toBeNull();
    expect(waitingOnQuery(undefined, 'financeBureau')).toBe('financeBureau');
    expect(waitingOnQuery(ALL, 'financeBureau')).toBeUndefined();
    expect(waitingOnQuery('association', 'financeBureau')).toBe('association');
    expect(waitingOnQuery(undefined, 'association')).toBeUndefined();
    expect(waitingOnQuery('nonsense', 'association')).toBeUndefined();
    expect(waitingOnOptions('financeBureau').map((o) => o.label)).toEqual(['待科协办理', '待本单位办理（财政局）', '待学会办理', '全部']);
  });

  it('says whose turn it is from the reader’s side and opens the section the project stands in', () => {
    const bureauTurn = { waitingOn: 'financeBureau' as const, waitingOnLabel: '财政局' };
    expect(turnText(bureauTurn, 'financeBureau')).toBe('待本单位办理');
    expect(turnText(bureauTurn, 'association')).toBe('待财政局办理');
    expect(turnText({ waitingOn: null, waitingOnLabel: '—' }, 'association')).toBe('无需办理');
    expect(actionText(bureauTurn, 'financeBureau')).toBe('办理');
    expect(actionText(bureauTurn, 'association')).toBe('查看');
    expect(rowLink({ id: 'a1', section: 'closing' })).toBe('/app/capacity-applications/a1?section=closing');
  });
});
