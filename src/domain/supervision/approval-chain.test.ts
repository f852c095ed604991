import { describe, expect, it } from 'vitest';
import { DomainError, allowedEvents, transition } from '../lifecycle.js';
import { getPreset } from '../presets/index.js';
import type { Approver } from '../programme/programme.types.js';
import { ZApprovalDecisionInput, decideRefusal, decisionEvent, majorMatterApprovalSteps, mayDecide, nextStep, withdrawRefusal, type ApprovalParties, type StepDecision } from './approval-chain.js';
import { ZMajorMatterInput, majorMatterInitialState, majorMatterLifecycle, majorMatterProblems } from './major-matter.lifecycle.js';
import { ZChangeRequestInput, changeRequestLifecycle, changeRequestRefusal } from './change-request.lifecycle.js';

const steps: Approver[] = ['department', 'association'];
const ok = (step: number, approver: Approver): StepDecision => ({ step, approver, decision: 'approve' });

describe('approval chain (SUP-3, SUP-5)', () => {
  it('waits for the first step, then the next, then is approved', () => {
    expect(nextStep(steps, [])).toEqual({ kind: 'pending', step: 0, approver: 'department' });
    expect(nextStep(steps, [ok(0, 'department')])).toEqual({ kind: 'pending', step: 1, approver: 'association' });
    expect(nextStep(steps, [ok(1, 'association'), ok(0, 'department')])).toEqual({ kind: 'approved' });
  });
  it('ends at the first rejection', () => {
    expect(nextStep(steps, [{ step: 0, approver: 'department', decision: 'reject' }])).toEqual({ kind: 'rejected', step: 0, approver: 'department' });
    expect(nextStep(steps, [ok(0, 'department'), { step: 1, approver: 'association', decision: 'reject' }])).toMatchObject({ kind: 'rejected', step: 1 });
  });
  it('is approved at once with no steps', () => {
    expect(nextStep([], [])).toEqual({ kind: 'approved' });
  });
  it('refuses decisions out of order, by the wrong approver, beyond the steps, or after a rejection', () => {
    expect(() => nextStep(steps, [ok(1, 'association')])).toThrowError(DomainError);
    expect(() => nextStep(steps, [ok(0, 'association')])).toThrow('审批记录与审批步骤不一致');
    expect(() => nextStep(steps, [ok(0, 'department'), ok(1, 'association'), ok(2, 'financeBureau')])).toThrowError(DomainError);
    expect(() => nextStep(steps, [{ step: 0, approver: 'department', decision: 'reject' }, ok(1, 'association')])).toThrow('不同意之后');
  });
  it('names the lifecycle event of a new decision', () => {
    expect(decisionEvent(steps, [], 'approve')).toBe('approveStep');
    expect(decisionEvent(steps, [ok(0, 'department')], 'approve')).toBe('approveLast');
    expect(decisionEvent(steps, [], 'reject')).toBe('reject');
    expect(decisionEvent(['association'], [], 'approve')).toBe('approveLast');
    expect(() => decisionEvent(steps, [ok(0, 'department'), ok(1, 'association')], 'approve')).toThrow('审批已全部完成');
    expect(() => decisionEvent(steps, [{ step: 0, approver: 'department', decision: 'reject' }], 'approve')).toThrow('审批已结束');
  });
  it('takes the programme steps after the council for a major matter (presets 001, 003)', () => {
    expect(majorMatterApprovalSteps(getPreset('001')!.parameters.majorMatterSteps)).toEqual(['department', 'association']);
    expect(majorMatterApprovalSteps(getPreset('003')!.parameters.majorMatterSteps)).toEqual(['association', 'financeBureau']);
    expect(majorMatterApprovalSteps(['council'])).toEqual([]);
  });
  it('lets a requester withdraw only before any decision', () => {
    expect(withdrawRefusal([])).toBeNull();
    expect(withdrawRefusal([ok(0, 'department')])).toBe('已有审批意见，不能撤回');
  });
  it('requires an opinion when not agreeing', () => {
    expect(ZApprovalDecisionInput.safeParse({ decision: 'approve', step: 0 }).success).toBe(true);
    expect(ZApprovalDecisionInput.safeParse({ decision: 'reject', step: 0 }).error?.issues[0].message).toBe('不同意时请填写审批意见');
    expect(ZApprovalDecisionInput.safeParse({ decision: 'approve' }).success).toBe(false);
  });
});

describe('who decides a step (SUP-3)', () => {
  const parties: ApprovalParties = { societyId: 'S', departmentId: 'D', associationId: 'A', associationPath: 'root/A/' };
  const org = (orgId: string, orgType: string, orgPath: string) => ({ orgId, orgType, orgPath });
  it('the department step: the project department only', () => {
    expect(mayDecide('department', org('D', 'department', 'root/A/D/'), parties)).toBe(true);
    expect(mayDecide('department', org('D2', 'department', 'root/A/D2/'), parties)).toBe(false);
  });
  it('the association and leading group steps: the coordinating association', () => {
    expect(mayDecide('association', org('A', 'association', 'root/A/'), parties)).toBe(true);
    expect(mayDecide('leadingGroup', org('A', 'association', 'root/A/'), parties)).toBe(true);
    expect(mayDecide('association', org('root', 'association', 'root/'), parties)).toBe(false);
  });
  it('the finance bureau step: a finance bureau under the coordinating association', () => {
    expect(mayDecide('financeBureau', org('F', 'finance_bureau', 'root/A/F/'), parties)).toBe(true);
    expect(mayDecide('financeBureau', org('F2', 'finance_bureau', 'root/F2/'), parties)).toBe(false);
    expect(mayDecide('financeBureau', org('D', 'department', 'root/A/D/'), parties)).toBe(false);
  });
  it('the council step: the project society', () => {
    expect(mayDecide('council', org('S', 'society', 'root/A/S/'), parties)).toBe(true);
    expect(mayDecide('council', org('A', 'association', 'root/A/'), parties)).toBe(false);
  });
  it('says in Chinese who should decide', () => {
    expect(decideRefusal('department', org('A', 'association', 'root/A/'), parties)).toBe('当前审批步骤为“委托政府部门”，应由项目委托部门办理');
    expect(decideRefusal('department', org('D', 'department', 'root/A/D/'), parties)).toBeNull();
  });
});

describe('major matter lifecycle (SUP-3)', () => {
  it('walks approving → approved, and ends on rejection or withdrawal', () => {
    expect(transition(majorMatterLifecycle, 'approving', 'approveStep')).toBe('approving');
    expect(transition(majorMatterLifecycle, 'approving', 'approveLast')).toBe('approved');
    expect(transition(majorMatterLifecycle, 'approving', 'reject')).toBe('rejected');
    expect(transition(majorMatterLifecycle, 'approving', 'withdraw')).toBe('withdrawn');
  });
  it('refuses anything after the end', () => {
    for (const s of ['approved', 'rejected', 'withdrawn'] as const) expect(allowedEvents(majorMatterLifecycle, s)).toEqual([]);
    expect(() => transition(majorMatterLifecycle, 'approved', 'withdraw')).toThrow('“已批准”状态下不能撤回');
    expect(() => transition(majorMatterLifecycle, 'rejected', 'approveLast')).toThrowError(DomainError);
  });
  it('starts approved when no step follows the council', () => {
    expect(majorMatterInitialState([])).toBe('approved');
    expect(majorMatterInitialState(['department'])).toBe('approving');
  });
  it('records the council decision and refuses one in the future', () => {
    const input = ZMajorMatterInput.parse({
      title: '调整项目负责人',
      content: '因工作调动，项目负责人由李红调整为王强。',
      councilDecision: { body: 'standingCouncil', decidedOn: '2027-03-01', reference: '第八届常务理事会第六次会议' },
    });
    expect(majorMatterProblems(input, '2027-03-01')).toEqual([]);
    expect(majorMatterProblems(input, '2027-02-28')[0]).toEqual({ path: 'councilDecision.decidedOn', message: '理事会决定日期不能晚于今天' });
    expect(ZMajorMatterInput.safeParse({ ...input, councilDecision: { ...input.councilDecision, body: 'members' } }).success).toBe(false);
  });
});

describe('change request (SUP-5)', () => {
  const base = '7d3e3c0e-4a8e-4d4c-9d2a-7f0f3b1a2c3d';
  it('walks approving → approved, and ends on rejection or withdrawal', () => {
    expect(transition(changeRequestLifecycle, 'approving', 'approveStep')).toBe('approving');
    expect(transition(changeRequestLifecycle, 'approving', 'approveLast')).toBe('approved');
    expect(transition(changeRequestLifecycle, 'approving', 'reject')).toBe('rejected');
    expect(transition(changeRequestLifecycle, 'approving', 'withdraw')).toBe('withdrawn');
    expect(() => transition(changeRequestLifecycle, 'approved', 'withdraw')).toThrow('“已批准”状态下不能撤回变更请求');
    expect(() => transition(changeRequestLifecycle, 'withdrawn', 'approveStep')).toThrowError(DomainError);
  });
  it('needs a reason and either a description or the proposed content', () => {
    expect(ZChangeRequestInput.safeParse({ baseTaskBookId: base, reason: '进度调整' }).error?.issues[0].message).toBe('请填写变更内容说明或提交变更后的任务书内容');
    expect(ZChangeRequestInput.safeParse({ baseTaskBookId: base, reason: '', changesSummary: '推迟一个月' }).error?.issues[0].message).toBe('请填写变更理由');
    const withContent = ZChangeRequestInput.parse({ baseTaskBookId: base, reason: '进度调整', proposedContent: { project: { schedule: [{ name: '发布标准', dueOn: '2027-11-30' }] } } });
    expect(withContent.proposedContent?.project.schedule?.[0].dueOn).toBe('2027-11-30');
    expect(ZChangeRequestInput.safeParse({ baseTaskBookId: base, reason: '进度调整', proposedContent: { project: { bogus: 1 } } }).success).toBe(false);
  });
  it('changes only a signed version, and not while another version is open', () => {
    expect(changeRequestRefusal('signed', false)).toBeNull();
    expect(changeRequestRefusal('signing', false)).toBe('只能对已签署生效的任务书提出变更');
    expect(changeRequestRefusal('superseded', false)).toBe('只能对已签署生效的任务书提出变更');
    expect(changeRequestRefusal('signed', true)).toBe('该项目已有正在起草或签署的任务书版本');
  });
  it('uses the programme change approvers as its steps (preset 002, 003)', () => {
    expect(nextStep(getPreset('002')!.parameters.changeApprovers, [])).toEqual({ kind: 'pending', step: 0, approver: 'department' });
    expect(nextStep(getPreset('003')!.parameters.changeApprovers, [ok(0, 'association')])).toEqual({ kind: 'pending', step: 1, approver: 'financeBureau' });
  });
});
