// SUP-3, SUP-5, SUP-6: step-by-step approval (重大环节步步报批) shared by major matters, change
// requests and terminations. A subject carries its steps (a list of approvers, copied from the
// programme's parameters when the subject is created so that a later change of the programme does
// not move a running approval); the decisions are rows of `approval_decisions`, one per step, in
// order. Every step is approve or reject; any rejection ends the subject; approval of the last step
// approves it.
//
// Who decides a step (`mayDecide`):
//   council       → the project's society (it records its council's decision)
//   department    → the project's department (commissioning unit)
//   association   → the project's coordinating association
//   financeBureau → a finance bureau attached in the coordinating association's subtree
//   leadingGroup  → the coordinating association, recording the leading group's decision on its behalf
import { parentPath } from '../access/roles.js';
import { z } from 'zod';
import { DomainError } from '../lifecycle.js';
import { approverLabels, type Approver } from '../programme/programme.types.js';
import { optText } from './common.js';

export const approvalSubjectTypes = ['major_matter', 'change_request', 'termination'] as const;
export type ApprovalSubjectType = (typeof approvalSubjectTypes)[number];
/** What is approved, named as the audit log and the to-dos name the record (audit/actions.ts takes these). */
export const approvalSubjectLabels: Record<ApprovalSubjectType, string> = {
  major_matter: '重大事项',
  change_request: '变更申请',
  termination: '中止申请',
};

export const approvalDecisions = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof approvalDecisions)[number];
export const approvalDecisionLabels: Record<ApprovalDecision, string> = { approve: '同意', reject: '不同意' };

/** A recorded decision (a row of approval_decisions). */
export interface StepDecision {
  step: number;
  approver: Approver;
  decision: ApprovalDecision;
}

export type ChainPosition =
  | { kind: 'pending'; step: number; approver: Approver }
  | { kind: 'approved' }
  | { kind: 'rejected'; step: number; approver: Approver };

/**
 * Where an approval stands: the step waiting for a decision, or the outcome. Decisions must be
 * for steps 0, 1, 2 … in order, each by the approver the step names; anything else is refused.
 */
export function nextStep(steps: readonly Approver[], decisions: readonly StepDecision[]): ChainPosition {
  const sorted = [...decisions].sort((a, b) => a.step - b.step);
  for (let i = 0; i < sorted.length; i++) {
    const d = sorted[i];
    if (d.step !== i || i >= steps.length || d.approver !== steps[i]) {
      throw new DomainError('VALIDATION_FAILED', '审批记录与审批步骤不一致');
    }
    if (d.decision === 'reject') {
      if (i !== sorted.length - 1) throw new DomainError('VALIDATION_FAILED', '不同意之后不能再有审批记录');
      return { kind: 'rejected', step: i, approver: d.approver };
    }
  }
  if (sorted.length >= steps.length) return { kind: 'approved' };
  return { kind: 'pending', step: sorted.length, approver: steps[sorted.length] };
}

/** The lifecycle event a new decision is (compare `signatureEvent` of the task book). */
export function decisionEvent(steps: readonly Approver[], decisions: readonly StepDecision[], decision: ApprovalDecision): 'approveStep' | 'approveLast' | 'reject' {
  const at = nextStep(steps, decisions);
  if (at.kind !== 'pending') throw new DomainError('INVALID_STATE', at.kind === 'approved' ? '审批已全部完成' : '审批已结束（未同意）');
  if (decision === 'reject') return 'reject';
  return at.step === steps.length - 1 ? 'approveLast' : 'approveStep';
}

/** SUP-3: the approval steps of a major matter — the programme's steps after the council's decision. */
export function majorMatterApprovalSteps(majorMatterSteps: readonly Approver[]): Approver[] {
  return majorMatterSteps.filter((s) => s !== 'council');
}

/** The parties of a project that the approvers stand for. */
export interface ApprovalParties {
  societyId: string;
  departmentId: string;
  associationId: string;
  /** the coordinating association's organisation path ("a/b/") */
  associationPath: string;
}

/** The organisation a user acts for. */
export interface DecidingOrg {
  orgId: string;
  orgType: string;
  orgPath: string;
}

/** Whether a user of `actor` may decide a step named `approver` of a project with these parties. */
export function mayDecide(approver: Approver, actor: DecidingOrg, parties: ApprovalParties): boolean {
  switch (approver) {
    case 'council':
      return actor.orgId === parties.societyId;
    case 'department':
      return actor.orgId === parties.departmentId;
    case 'association':
    case 'leadingGroup':
      return actor.orgId === parties.associationId;
    case 'financeBureau':
      // the bureau attached to the coordinating association (its data scope is that association's subtree)
      return actor.orgType === 'finance_bureau' && parentPath(actor.orgPath) === parties.associationPath;
  }
}

/** Who records each approver's decision, in Chinese (for to-dos and refusals). */
export const deciderLabels: Record<Approver, string> = {
  council: '承接学会（登记理事会决定）',
  department: '项目委托部门',
  association: '项目协调科协',
  financeBureau: '本方案的财政局',
  leadingGroup: '项目协调科协（代领导小组登记）',
};

/** Refusal message when `actor` may not decide the pending step; null when it may. */
export function decideRefusal(approver: Approver, actor: DecidingOrg, parties: ApprovalParties): string | null {
  return mayDecide(approver, actor, parties) ? null : `当前审批步骤为“${approverLabels[approver]}”，应由${deciderLabels[approver]}办理`;
}

/** One approval decision; an opinion is required when not agreeing. */
export const ZApprovalDecisionInput = z
  .object({
    decision: z.enum(approvalDecisions),
    opinion: optText(2000, '审批意见'),
    /** the step the decider saw (refused if the approval has moved on meanwhile) */
    step: z.int('审批步骤应为整数').min(0).max(9),
  })
  .strict()
  .refine((d) => d.decision === 'approve' || !!d.opinion, { message: '不同意时请填写审批意见', path: ['opinion'] });
export type ApprovalDecisionInput = z.infer<typeof ZApprovalDecisionInput>;

/** A subject may be withdrawn by its requester only before anyone has decided. */
export function withdrawRefusal(decisions: readonly StepDecision[]): string | null {
  return decisions.length === 0 ? null : '已有审批意见，不能撤回';
}
