// SUP-3, SUP-5, SUP-6 (issue 12 §1): what the API answers for the step-by-step approvals — major
// matters (重大事项), change requests (任务书变更) and terminations with their refunds (中止与经费退还).
// Every record carries its approval chain (`position`, `steps`) and the actions the reading user may
// take now; the lists of a project are short and whole (`all`), with what the user may start.
import { z } from 'zod';
import { all, ZAttachmentRef, ZDayText, ZInstant } from './common.js';
import { ZApprover, ZLeaderApprovalBody } from '../domain/programme/programme.types.js';
import { approvalDecisions } from '../domain/supervision/approval-chain.js';
import { majorMatterStates } from '../domain/supervision/major-matter.lifecycle.js';
import { changeRequestStates } from '../domain/supervision/change-request.lifecycle.js';
import { terminationInitiators, terminationStates } from '../domain/supervision/termination.lifecycle.js';
import { refundKinds } from '../domain/supervision/refund.rules.js';
import { taskBookStates } from '../domain/taskbook/taskbook.lifecycle.js';
import { ZTaskBookContentRecord } from './taskbooks.js';

// ------------------------------------------------------------------ the approval chain

/** One recorded decision on a step. */
export const ZApprovalDecision = z
  .object({
    step: z.number().int().min(0).describe('步骤序号（从 0 起）'),
    approver: ZApprover,
    approverLabel: z.string(),
    decision: z.enum(approvalDecisions),
    decisionLabel: z.string(),
    opinion: z.string().nullable().describe('审批意见'),
    orgId: z.uuid().describe('作出决定的单位'),
    orgName: z.string(),
    decidedByName: z.string(),
    decidedAt: ZInstant,
  })
  .meta({ id: 'ApprovalDecision' });
export type ApprovalDecisionView = z.infer<typeof ZApprovalDecision>;

export const approvalStepStates = ['approved', 'rejected', 'pending', 'waiting', 'skipped'] as const;

/** A step of a record's chain: decided, waiting now, still to come, or no longer to be decided. */
export const ZApprovalStep = z
  .object({
    step: z.number().int().min(0),
    approver: ZApprover,
    approverLabel: z.string(),
    decider: z.string().describe('办理该步骤的单位（中文）'),
    state: z.enum(approvalStepStates).describe('approved 已同意；rejected 不同意；pending 待审批；waiting 尚未到达；skipped 不再审批'),
    decision: ZApprovalDecision.nullable(),
  })
  .meta({ id: 'ApprovalStep' });
export type ApprovalStepView = z.infer<typeof ZApprovalStep>;

/** Where the approval stands: the step waiting (and on whom), or how it ended. */
export const ZApprovalPosition = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('pending'), step: z.number().int().min(0), approver: ZApprover, approverLabel: z.string(), decider: z.string() }),
    z.object({ kind: z.literal('approved') }),
    z.object({ kind: z.literal('rejected') }),
    z.object({ kind: z.literal('withdrawn') }),
  ])
  .meta({ id: 'ApprovalPosition' });
export type ApprovalPosition = z.infer<typeof ZApprovalPosition>;

/** The chain part every approval record carries. */
export const ZApprovalChain = z.object({ position: ZApprovalPosition, steps: z.array(ZApprovalStep) });
export type ApprovalChain = z.infer<typeof ZApprovalChain>;

/** Who approves, in order, a record the user would start now (the lists' `steps`). */
export const ZApprovalStepInfo = z.object({ approver: ZApprover, approverLabel: z.string(), decider: z.string() }).meta({ id: 'ApprovalStepInfo' });
export type ApprovalStepInfo = z.infer<typeof ZApprovalStepInfo>;

const ZCreateRefusal = z.string().nullable().describe('当前不能新建的原因；可以新建时为 null');
const ZApprovalActions = z.array(z.enum(['decide', 'withdraw'])).describe('当前用户可执行的操作：decide 审批当前步骤；withdraw 撤回');
const ZRecordTimes = {
  submittedByName: z.string().nullable(),
  submittedAt: ZInstant,
  closedAt: ZInstant.nullable().describe('办结时间'),
  rowVersion: z.number().int().min(1).describe('版本号（撤回、确定退还、登记到账时携带）'),
};

// ------------------------------------------------------------------ SUP-3 major matters

export const ZMajorMatter = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    title: z.string(),
    content: z.string(),
    councilDecision: z
      .object({ body: ZLeaderApprovalBody, bodyLabel: z.string(), decidedOn: ZDayText, reference: z.string().describe('会议或决议名称') })
      .describe('学会理事会（常务理事会）的决定'),
    status: z.enum(majorMatterStates),
    statusLabel: z.string(),
    ...ZApprovalChain.shape,
    attachments: z.array(ZAttachmentRef),
    ...ZRecordTimes,
    actions: ZApprovalActions,
  })
  .meta({ id: 'MajorMatter' });
export type MajorMatter = z.infer<typeof ZMajorMatter>;

export const ZMajorMatterList = all(ZMajorMatter).extend({
  actions: z.array(z.enum(['create'])).describe('create：可登记并报批重大事项'),
  createRefusal: ZCreateRefusal,
  steps: z.array(ZApprovalStepInfo).describe('理事会决定之后的报批顺序'),
});
export type MajorMatterList = z.infer<typeof ZMajorMatterList>;

// ------------------------------------------------------------------ SUP-5 change requests

/** A change request as the project's list shows it (without the proposed task book content). */
export const ZChangeRequestItem = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    baseTaskBookId: z.uuid().describe('变更所针对的生效任务书'),
    baseVersion: z.number().int().nullable(),
    reason: z.string(),
    changesSummary: z.string().nullable().describe('变更内容说明'),
    hasProposedContent: z.boolean().describe('是否提交了变更后的任务书内容（内容见详情）'),
    status: z.enum(changeRequestStates),
    statusLabel: z.string(),
    ...ZApprovalChain.shape,
    newTaskBookId: z.uuid().nullable().describe('批准后形成的新版任务书'),
    newVersion: z.object({ id: z.uuid(), version: z.number().int(), status: z.enum(taskBookStates), statusLabel: z.string() }).nullable(),
    attachments: z.array(ZAttachmentRef),
    ...ZRecordTimes,
    actions: ZApprovalActions,
  })
  .meta({ id: 'ChangeRequestItem' });
export type ChangeRequestItem = z.infer<typeof ZChangeRequestItem>;

/** The detail: the item with the proposed task book content. */
export const ZChangeRequest = ZChangeRequestItem.extend({
  proposedContent: ZTaskBookContentRecord.nullable().describe('变更后的任务书内容；未提交时为 null（批准后以现行版本起草新版本）'),
}).meta({ id: 'ChangeRequest' });
export type ChangeRequest = z.infer<typeof ZChangeRequest>;

export const ZChangeRequestList = all(ZChangeRequestItem).extend({
  actions: z.array(z.enum(['create'])).describe('create：可提出变更申请'),
  createRefusal: ZCreateRefusal,
  baseTaskBookId: z.uuid().nullable().describe('新的变更申请所针对的生效任务书'),
  steps: z.array(ZApprovalStepInfo).describe('审批顺序'),
});
export type ChangeRequestList = z.infer<typeof ZChangeRequestList>;

// ------------------------------------------------------------------ SUP-6 terminations and refunds

export const ZRefundPayment = z
  .object({
    id: z.uuid(),
    amountFen: z.number().int().describe('到账金额（分）'),
    receivedOn: ZDayText,
    reference: z.string().describe('凭证号'),
    note: z.string().nullable(),
    recordedByName: z.string().nullable(),
    recordedAt: ZInstant,
  })
  .meta({ id: 'RefundPayment' });
export type RefundPayment = z.infer<typeof ZRefundPayment>;

export const ZTermination = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    initiatedBy: z.enum(terminationInitiators),
    initiatedByLabel: z.string(),
    initiatorOrgId: z.uuid(),
    initiatorOrgName: z.string(),
    reason: z.string(),
    status: z.enum(terminationStates),
    statusLabel: z.string(),
    ...ZApprovalChain.shape,
    receivedFen: z.number().int().describe('已拨付经费（分）'),
    refundKind: z.enum(refundKinds).nullable(),
    refundKindLabel: z.string().nullable(),
    refundFen: z.number().int().nullable().describe('确定的退还金额（分）；尚未确定时为 null'),
    refundNote: z.string().nullable(),
    refundDecidedAt: ZInstant.nullable(),
    refundedFen: z.number().int().describe('累计到账（分）'),
    remainingFen: z.number().int().nullable().describe('尚未到账（分）'),
    payments: z.array(ZRefundPayment),
    attachments: z.array(ZAttachmentRef),
    ...ZRecordTimes,
    agreedAt: ZInstant.nullable().describe('同意中止（项目中止）的时间'),
    actions: z
      .array(z.enum(['decide', 'withdraw', 'decideRefund', 'recordPayment']))
      .describe('当前用户可执行的操作：decide 审批；withdraw 撤回；decideRefund 确定经费退还；recordPayment 登记退款到账'),
  })
  .meta({ id: 'Termination' });
export type Termination = z.infer<typeof ZTermination>;

export const ZTerminationList = all(ZTermination).extend({
  actions: z.array(z.enum(['request', 'impose'])).describe('request：承接学会申请中止；impose：委托部门提出中止'),
  createRefusal: ZCreateRefusal,
  steps: z.array(ZApprovalStepInfo).describe('本单位提出中止后的审批顺序'),
});
export type TerminationList = z.infer<typeof ZTerminationList>;
