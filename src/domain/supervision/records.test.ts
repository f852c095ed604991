// SUP-4, SUP-7, SUP-8, PRG-3: inspections and observers, rectification, training, programme records.
import { describe, expect, it } from 'vitest';
import { DomainError, allowedEvents, transition } from '../lifecycle.js';
import { getPreset } from '../presets/index.js';
import { zhErrorMap } from '../zod-zh.js';
import { ZInspectionFindingsInput, ZInspectionInput, ZObserverInput, findingsProblems, inspectionLifecycle, observerActiveOn } from './inspection.lifecycle.js';
import { ZRectificationDecisionInput, ZRectificationInput, deadlineProblems, isRectificationOverdue, rectificationLifecycle, rectificationWaitingOn } from './rectification.lifecycle.js';
import { ZTrainingInput } from './training.js';
import { ZBriefingInput, ZMeetingInput, ZStageReportInput, isStageReportLate, nextIssueNo, stageReportDueOn, stageReportLifecycle } from './programme-record.js';
import { daysBetween, measureInUse, measureLines, notImplementingRefusal, orderByMeasures, type MeasureRecordKind } from './common.js';

const projectId = '7d3e3c0e-4a8e-4d4c-9d2a-7f0f3b1a2c3d';

describe('observers (SUP-4)', () => {
  it('takes a name, employer and period; refuses an end before the start', () => {
    expect(ZObserverInput.safeParse({ personName: '周明', employer: '省科协学会部', fromOn: '2027-03-01', toOn: '2027-12-31' }).success).toBe(true);
    const r = ZObserverInput.safeParse({ personName: '周明', employer: '省科协学会部', fromOn: '2027-03-01', toOn: '2027-02-28' });
    expect(r.error?.issues[0]).toMatchObject({ path: ['toOn'], message: '结束日期不能早于开始日期' });
    expect(ZObserverInput.safeParse({ personName: '', employer: 'x', fromOn: '2027-03-01', toOn: '2027-03-01' }).error?.issues[0].message).toBe('请填写观察员姓名');
  });
  it('is active within its period, until an early end', () => {
    const o = { fromOn: '2027-03-01', toOn: '2027-12-31' };
    expect(observerActiveOn(o, '2027-02-28')).toBe(false);
    expect(observerActiveOn(o, '2027-03-01')).toBe(true);
    expect(observerActiveOn(o, '2027-12-31')).toBe(true);
    expect(observerActiveOn(o, '2028-01-01')).toBe(false);
    expect(observerActiveOn({ ...o, endedOn: '2027-06-30' }, '2027-07-01')).toBe(false);
  });
});

describe('expert panel inspections (SUP-4)', () => {
  it('plans, edits, records findings or cancels', () => {
    expect(transition(inspectionLifecycle, 'planned', 'edit')).toBe('planned');
    expect(transition(inspectionLifecycle, 'planned', 'recordFindings')).toBe('findingsRecorded');
    expect(transition(inspectionLifecycle, 'planned', 'cancel')).toBe('cancelled');
  });
  it('refuses changes after findings or cancellation', () => {
    expect(() => transition(inspectionLifecycle, 'findingsRecorded', 'recordFindings')).toThrow('“已出具检查意见”状态下不能登记检查意见');
    expect(() => transition(inspectionLifecycle, 'cancelled', 'edit')).toThrowError(DomainError);
    expect(allowedEvents(inspectionLifecycle, 'findingsRecorded')).toEqual([]);
  });
  it('needs a panel of at least one expert', () => {
    const r = ZInspectionInput.safeParse({ plannedOn: '2027-05-10', purpose: '中期检查', panel: [] }, { error: zhErrorMap });
    expect(r.error?.issues[0].message).toBe('请填写专家组成员');
    expect(ZInspectionInput.parse({ plannedOn: '2027-05-10', purpose: '中期检查', panel: [{ name: '吴刚', employer: '山东大学', title: '教授' }] }).panel).toHaveLength(1);
  });
  it('records findings with a conclusion, not dated in the future', () => {
    const f = ZInspectionFindingsInput.parse({ inspectedOn: '2027-05-11', findings: '进度滞后', conclusion: 'needsRectification' });
    expect(findingsProblems(f, '2027-05-11')).toEqual([]);
    expect(findingsProblems(f, '2027-05-10')[0].message).toBe('检查日期不能晚于今天');
    expect(ZInspectionFindingsInput.safeParse({ ...f, conclusion: 'bad' }).success).toBe(false);
  });
});

describe('rectification (SUP-7)', () => {
  it('society responds, issuer accepts or returns, society responds again', () => {
    expect(transition(rectificationLifecycle, 'issued', 'respond')).toBe('responded');
    expect(transition(rectificationLifecycle, 'responded', 'return')).toBe('returned');
    expect(transition(rectificationLifecycle, 'returned', 'respond')).toBe('responded');
    expect(transition(rectificationLifecycle, 'responded', 'accept')).toBe('closed');
  });
  it('extends the deadline while the society works on it', () => {
    expect(transition(rectificationLifecycle, 'issued', 'extendDeadline')).toBe('issued');
    expect(transition(rectificationLifecycle, 'returned', 'extendDeadline')).toBe('issued');
    expect(() => transition(rectificationLifecycle, 'responded', 'extendDeadline')).toThrowError(DomainError);
  });
  it('refuses accepting without a report and anything once closed', () => {
    expect(() => transition(rectificationLifecycle, 'issued', 'accept')).toThrow('“待整改”状态下不能验收销号');
    expect(() => transition(rectificationLifecycle, 'responded', 'respond')).toThrowError(DomainError);
    expect(allowedEvents(rectificationLifecycle, 'closed')).toEqual([]);
  });
  it('is overdue past the deadline until closed', () => {
    expect(isRectificationOverdue({ status: 'issued', deadline: '2027-06-30' }, '2027-06-30')).toBe(false);
    expect(isRectificationOverdue({ status: 'issued', deadline: '2027-06-30' }, '2027-07-01')).toBe(true);
    expect(isRectificationOverdue({ status: 'responded', deadline: '2027-06-30' }, '2027-07-01')).toBe(true);
    expect(isRectificationOverdue({ status: 'closed', deadline: '2027-06-30' }, '2027-07-01')).toBe(false);
  });
  it('says whose turn it is', () => {
    expect(rectificationWaitingOn('issued')).toBe('society');
    expect(rectificationWaitingOn('returned')).toBe('society');
    expect(rectificationWaitingOn('responded')).toBe('issuer');
    expect(rectificationWaitingOn('closed')).toBeNull();
  });
  it('checks deadlines on issue and extension', () => {
    expect(deadlineProblems('2027-06-30', '2027-06-01')).toEqual([]);
    expect(deadlineProblems('2027-05-31', '2027-06-01')[0].message).toBe('整改期限不能早于今天');
    expect(deadlineProblems('2027-06-30', '2027-06-01', '2027-06-30')[0].message).toBe('新的整改期限应晚于原期限');
  });
  it('validates the order and the decision', () => {
    expect(ZRectificationInput.safeParse({ requirements: '', deadline: '2027-06-30' }).error?.issues[0].message).toBe('请填写整改要求');
    expect(ZRectificationDecisionInput.safeParse({ decision: 'return' }).error?.issues[0].message).toBe('退回时请填写意见');
    expect(ZRectificationDecisionInput.safeParse({ decision: 'approve' }).success).toBe(true);
  });
});

describe('training and guidance (SUP-8)', () => {
  it('records a programme-wide training, and guidance for one project', () => {
    expect(ZTrainingInput.parse({ kind: 'training', title: '承接工作专项培训', heldOn: '2027-04-12', content: '政策解读' }).projectId).toBeNull();
    expect(ZTrainingInput.safeParse({ kind: 'guidance', title: '上门指导', heldOn: '2027-04-12', content: '实施方案修改' }).error?.issues[0].message).toBe('工作指导请选择所指导的项目');
    expect(ZTrainingInput.safeParse({ kind: 'guidance', projectId, title: '上门指导', heldOn: '2027-04-12', content: '实施方案修改' }).success).toBe(true);
  });
});

describe('programme records (PRG-3)', () => {
  it('records a meeting with attendees, minutes and decisions', () => {
    const m = ZMeetingInput.parse({ kind: 'regular', title: '第三次工作例会', heldOn: '2027-05-20', attendees: ['省科协', '省民政厅'], minutes: '交流进展', decisions: [{ text: '六月底前完成中期检查', owner: '省科协', dueOn: '2027-06-30' }] });
    expect(m.decisions).toHaveLength(1);
    expect(ZMeetingInput.safeParse({ kind: 'regular', title: 't', heldOn: '2027-05-20', attendees: [], minutes: 'x' }).error?.issues[0].message).toBe('请填写参会单位或人员');
    expect(ZMeetingInput.safeParse({ kind: 'annual', title: 't', heldOn: '2027-05-20', attendees: ['a'], minutes: 'x' }).success).toBe(false);
  });
  it('numbers briefings and defaults to not disclosed', () => {
    expect(ZBriefingInput.parse({ issueNo: 1, title: '工作简报', issuedOn: '2027-05-01', body: '正文' }).disclose).toBe(false);
    expect(ZBriefingInput.safeParse({ issueNo: 0, title: 't', issuedOn: '2027-05-01', body: 'b' }).error?.issues[0].message).toBe('期号应从 1 开始');
    expect(nextIssueNo([])).toBe(1);
    expect(nextIssueNo([1, 3, 2])).toBe(4);
  });
  it('computes the stage report due date from the programme (002: 06-30)', () => {
    expect(stageReportDueOn(getPreset('002')!.parameters.stageReportDue, 2027)).toBe('2027-06-30');
    expect(stageReportDueOn('02-29', 2027)).toBe('2027-02-28');
    expect(stageReportDueOn('02-29', 2028)).toBe('2028-02-29');
    expect(stageReportDueOn(null, 2027)).toBeNull();
    expect(stageReportDueOn(null, 2027, '2027-12-15')).toBe('2027-12-15');
    expect(stageReportDueOn('06-30', 2027, '2027-12-15')).toBe('2027-06-30');
  });
  it('submits a draft stage report once', () => {
    expect(transition(stageReportLifecycle, 'draft', 'edit')).toBe('draft');
    expect(transition(stageReportLifecycle, 'draft', 'submit')).toBe('submitted');
    expect(() => transition(stageReportLifecycle, 'submitted', 'edit')).toThrow('“已报送”状态下不能修改阶段报告');
    expect(() => transition(stageReportLifecycle, 'submitted', 'submit')).toThrowError(DomainError);
  });
  it('tells a late stage report', () => {
    expect(isStageReportLate({ dueOn: '2027-06-30', status: 'draft', submittedOn: null }, '2027-06-30')).toBe(false);
    expect(isStageReportLate({ dueOn: '2027-06-30', status: 'draft', submittedOn: null }, '2027-07-01')).toBe(true);
    expect(isStageReportLate({ dueOn: '2027-06-30', status: 'submitted', submittedOn: '2027-06-29' }, '2027-08-01')).toBe(false);
    expect(isStageReportLate({ dueOn: '2027-06-30', status: 'submitted', submittedOn: '2027-07-02' }, '2027-08-01')).toBe(true);
    expect(isStageReportLate({ dueOn: null, status: 'draft', submittedOn: null }, '2030-01-01')).toBe(false);
  });
  it('validates the stage report input', () => {
    expect(ZStageReportInput.safeParse({ year: 2027, period: '上半年', title: '上半年工作情况', body: '正文' }).success).toBe(true);
    expect(ZStageReportInput.safeParse({ year: 1999, period: '上半年', title: 't', body: 'b' }).error?.issues[0].message).toBe('年度不正确');
  });
});

describe('shared helpers', () => {
  it('counts calendar days', () => {
    expect(daysBetween('2027-02-27', '2027-03-01')).toBe(2);
    expect(daysBetween('2027-03-01', '2027-02-27')).toBe(-2);
  });
  it('supervises implementing projects only', () => {
    expect(notImplementingRefusal('implementing')).toBeNull();
    expect(notImplementingRefusal('established')).toBe('项目当前为“已确定承接学会，待签署任务书”，不在实施阶段');
  });
  it('tells which instruments a programme lists (002 lists observers, 001 does not)', () => {
    expect(measureInUse(getPreset('002')!.parameters.supervisionMeasures, 'observer')).toBe(true);
    expect(measureInUse(getPreset('001')!.parameters.supervisionMeasures, 'observer')).toBe(false);
    expect(measureInUse(getPreset('001')!.parameters.supervisionMeasures, 'briefing')).toBe(true);
  });
  it('puts the tabs of listed instruments first, keeps the order otherwise and marks the unlisted (PRG-2)', () => {
    const tabs: [string, MeasureRecordKind[]][] = [
      ['plan', []],
      ['progress', ['milestone', 'progressReport']],
      ['matters', ['majorMatter']],
      ['inspection', ['inspection', 'observer']],
      ['training', ['training', 'guidance']],
      ['completion', []],
    ];
    const order = (measures: Parameters<typeof orderByMeasures>[0]) => orderByMeasures(measures, tabs, (t) => t[1]).map((t) => `${t.item[0]}:${t.listed}`);
    // 001 lists major matters (and tracking, meetings, briefings): only 重大事项 moves up
    expect(order(getPreset('001')!.parameters.supervisionMeasures)).toEqual(['matters:true', 'plan:null', 'progress:false', 'inspection:false', 'training:false', 'completion:null']);
    // 002 lists guidance, milestones, major matters, observers, training, inspection
    expect(order(getPreset('002')!.parameters.supervisionMeasures)).toEqual(['progress:true', 'matters:true', 'inspection:true', 'training:true', 'plan:null', 'completion:null']);
    // a tab is listed when one of its instruments is (003 lists progress reports, not milestones)
    expect(order(['progressReports'])).toEqual(['progress:true', 'plan:null', 'matters:false', 'inspection:false', 'training:false', 'completion:null']);
    expect(order([])).toEqual(['plan:null', 'progress:false', 'matters:false', 'inspection:false', 'training:false', 'completion:null']);
  });
  it('summarises the listed instruments with their counts, then the unlisted ones that have records (PRG-2)', () => {
    const lines = measureLines(getPreset('001')!.parameters.supervisionMeasures, { majorMatter: 2, meeting: 1, briefing: 3, inspection: 1, milestone: 4, progressReport: 0, training: 2, guidance: 0 });
    expect(lines).toEqual([
      { measure: 'majorMatterApproval', listed: true, count: 2 },
      { measure: 'trackingSupervision', listed: true, count: null },
      { measure: 'regularMeetings', listed: true, count: 1 },
      { measure: 'briefings', listed: true, count: 3 },
      { measure: 'milestoneControl', listed: false, count: 4 },
      { measure: 'expertInspection', listed: false, count: 1 },
      { measure: 'training', listed: false, count: 2 },
    ]);
    // a listed instrument without records still shows, with 0
    expect(measureLines(['observers'], {})).toEqual([{ measure: 'observers', listed: true, count: 0 }]);
  });
});
