// SUP-3: a major matter (重大事项) of a project. The society's council or standing council decides
// it first (民主决策, 001 §5(2)) — the society records that decision (body, date, reference) — and
// it is then approved step by step (重大环节步步报批, 002 §5) by the approvers the programme's
// `majorMatterSteps` names after `council` (approval-chain.ts). Any rejection ends it; the society
// may withdraw it before the first decision.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { ZLeaderApprovalBody, type Approver } from '../programme/programme.types.js';
import type { FieldError } from '../field-error.js';
import { ZAttachmentIds, day, text } from './common.js';

export const majorMatterStates = ['approving', 'approved', 'rejected', 'withdrawn'] as const;
export type MajorMatterState = (typeof majorMatterStates)[number];
export type MajorMatterEvent = 'approveStep' | 'approveLast' | 'reject' | 'withdraw';

export const majorMatterLifecycle = defineLifecycle<MajorMatterState, MajorMatterEvent>({
  states: { approving: '报批中', approved: '已批准', rejected: '未获批准', withdrawn: '已撤回' },
  events: {
    approveStep: { from: ['approving'], to: 'approving', label: '审批同意' },
    approveLast: { from: ['approving'], to: 'approved', label: '审批同意' },
    reject: { from: ['approving'], to: 'rejected', label: '审批不同意' },
    withdraw: { from: ['approving'], to: 'withdrawn', label: '撤回' },
  },
});

/** The council's (or standing council's) decision, recorded by the society. */
export const ZCouncilDecision = z
  .object({
    body: ZLeaderApprovalBody,
    decidedOn: day('决定日期'),
    reference: text(200, '会议或决议名称'),
  })
  .strict();

export const ZMajorMatterInput = z
  .object({
    title: text(120, '事项名称'),
    content: text(8000, '事项内容'),
    councilDecision: ZCouncilDecision,
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type MajorMatterInput = z.infer<typeof ZMajorMatterInput>;

/** Problems the schema cannot see: the council cannot have decided in the future. */
export function majorMatterProblems(input: MajorMatterInput, today: string): FieldError[] {
  return input.councilDecision.decidedOn > today ? [{ path: 'councilDecision.decidedOn', message: '理事会决定日期不能晚于今天' }] : [];
}

/** The state a new matter starts in: approved at once when the programme names no step after the council. */
export function majorMatterInitialState(approvalSteps: readonly Approver[]): MajorMatterState {
  return approvalSteps.length === 0 ? 'approved' : 'approving';
}
