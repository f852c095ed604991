// What the API returns for major matters (SUP-3), change requests (SUP-5) and terminations with
// their refunds (SUP-6): the record, its approval chain step by step, and the actions the reading
// user may take now (only those; the UI shows nothing else).
import { approverLabels, leaderApprovalBodyLabels, type Approver, type LeaderApprovalBody } from '../../../domain/programme/programme.types.js';
import { approvalDecisionLabels, deciderLabels, withdrawRefusal, type ApprovalDecision } from '../../../domain/supervision/approval-chain.js';
import { majorMatterLifecycle, type MajorMatterState } from '../../../domain/supervision/major-matter.lifecycle.js';
import { changeRequestLifecycle, type ChangeRequestState } from '../../../domain/supervision/change-request.lifecycle.js';
import { terminationInitiatorLabels, terminationLifecycle, type TerminationInitiator, type TerminationState } from '../../../domain/supervision/termination.lifecycle.js';
import { refundKindLabels, type RefundKind } from '../../../domain/supervision/refund.rules.js';
import type { changeRequests, majorMatters, refundPayments, terminations } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { ProjectInScope } from '../projects/projects.js';
import { asStepDecisions, mayDecideNow, positionOf, type AttachmentInfo, type DecisionRow } from './approvals.js';

export type MajorMatterRow = typeof majorMatters.$inferSelect;
export type ChangeRequestRow = typeof changeRequests.$inferSelect;
export type TerminationRow = typeof terminations.$inferSelect;
export type RefundPaymentRow = typeof refundPayments.$inferSelect;

export function decisionView(d: DecisionRow) {
  return {
    step: d.step,
    approver: d.approver,
    approverLabel: approverLabels[d.approver as Approver] ?? d.approver,
    decision: d.decision,
    decisionLabel: approvalDecisionLabels[d.decision as ApprovalDecision] ?? d.decision,
    opinion: d.opinion,
    orgName: d.orgName,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt.toISOString(),
  };
}

/**
 * The chain as the page shows it: each step with its decision, the one waiting, the ones to come.
 * A subject withdrawn by its requester waits on no one: its remaining steps are skipped.
 */
export function chainView(steps: readonly string[], rows: DecisionRow[], status: string) {
  const at = positionOf(steps, rows);
  const withdrawn = status === 'withdrawn';
  return {
    position:
      withdrawn ? { kind: 'withdrawn' as const } : at.kind === 'pending' ? { kind: at.kind, step: at.step, approver: at.approver, approverLabel: approverLabels[at.approver], decider: deciderLabels[at.approver] } : { kind: at.kind },
    steps: steps.map((a, i) => {
      const d = rows.find((r) => r.step === i);
      const state = d ? (d.decision === 'approve' ? 'approved' : 'rejected') : withdrawn ? 'skipped' : at.kind === 'pending' && at.step === i ? 'pending' : at.kind === 'pending' ? 'waiting' : 'skipped';
      return { step: i, approver: a, approverLabel: approverLabels[a as Approver] ?? a, decider: deciderLabels[a as Approver] ?? a, state, decision: d ? decisionView(d) : null };
    }),
  };
}

const isRequester = (actor: Actor, orgId: string, permission: 'supervision.report' | 'supervision.decide') => actor.orgId === orgId && actor.permissions.has(permission);

function approvalActions(actor: Actor, project: ProjectInScope, row: { status: string; steps: string[] }, rows: DecisionRow[], requesterOrgId: string, requesterPermission: 'supervision.report' | 'supervision.decide'): string[] {
  const actions: string[] = [];
  if (mayDecideNow(actor, project, row.status, row.steps, rows)) actions.push('decide');
  if (row.status === 'approving' && isRequester(actor, requesterOrgId, requesterPermission) && withdrawRefusal(asStepDecisions(rows)) === null) actions.push('withdraw');
  return actions;
}

export function majorMatterView(m: MajorMatterRow, rows: DecisionRow[], project: ProjectInScope, actor: Actor, files: AttachmentInfo[] = []) {
  return {
    id: m.id,
    projectId: m.projectId,
    title: m.title,
    content: m.content,
    councilDecision: {
      body: m.councilBody,
      bodyLabel: leaderApprovalBodyLabels[m.councilBody as LeaderApprovalBody] ?? m.councilBody,
      decidedOn: m.councilDecidedOn,
      reference: m.councilReference,
    },
    status: m.status,
    statusLabel: majorMatterLifecycle.states[m.status as MajorMatterState] ?? m.status,
    ...chainView(m.steps, rows, m.status),
    attachments: files,
    submittedByName: m.submittedByName,
    submittedAt: m.submittedAt.toISOString(),
    closedAt: m.closedAt?.toISOString() ?? null,
    rowVersion: m.rowVersion,
    actions: approvalActions(actor, project, m, rows, project.row.p.societyId, 'supervision.report'),
  };
}

export function changeRequestView(
  c: ChangeRequestRow,
  rows: DecisionRow[],
  project: ProjectInScope,
  actor: Actor,
  extra: { baseVersion: number | null; newVersion: { id: string; version: number; status: string; statusLabel: string } | null; withContent: boolean; files?: AttachmentInfo[] },
) {
  return {
    id: c.id,
    projectId: c.projectId,
    baseTaskBookId: c.baseTaskBookId,
    baseVersion: extra.baseVersion,
    reason: c.reason,
    changesSummary: c.changesSummary,
    hasProposedContent: c.proposedContent !== null,
    ...(extra.withContent ? { proposedContent: c.proposedContent } : {}),
    status: c.status,
    statusLabel: changeRequestLifecycle.states[c.status as ChangeRequestState] ?? c.status,
    ...chainView(c.steps, rows, c.status),
    newTaskBookId: c.newTaskBookId,
    newVersion: extra.newVersion,
    attachments: extra.files ?? [],
    submittedByName: c.submittedByName,
    submittedAt: c.submittedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    rowVersion: c.rowVersion,
    actions: approvalActions(actor, project, c, rows, project.row.p.societyId, 'supervision.report'),
  };
}

export function paymentView(p: RefundPaymentRow) {
  return { id: p.id, amountFen: p.amountFen, receivedOn: p.receivedOn, reference: p.reference, note: p.note, recordedByName: p.recordedByName, recordedAt: p.recordedAt.toISOString() };
}

export function terminationView(t: TerminationRow, rows: DecisionRow[], project: ProjectInScope, actor: Actor, extra: { initiatorOrgName: string; payments: RefundPaymentRow[]; files?: AttachmentInfo[] }) {
  const decider = project.party === 'department' || project.party === 'association';
  const requesterPermission = t.initiatedBy === 'society' ? 'supervision.report' : 'supervision.decide';
  const actions = approvalActions(actor, project, t, rows, t.initiatorOrgId, requesterPermission);
  if (t.status === 'decidingRefund' && decider && actor.permissions.has('supervision.decide')) actions.push('decideRefund');
  if (t.status === 'refunding' && decider && actor.permissions.has('supervision.manage')) actions.push('recordPayment');
  return {
    id: t.id,
    projectId: t.projectId,
    initiatedBy: t.initiatedBy,
    initiatedByLabel: terminationInitiatorLabels[t.initiatedBy as TerminationInitiator] ?? t.initiatedBy,
    initiatorOrgName: extra.initiatorOrgName,
    reason: t.reason,
    status: t.status,
    statusLabel: terminationLifecycle.states[t.status as TerminationState] ?? t.status,
    ...chainView(t.steps, rows, t.status),
    receivedFen: t.receivedFen,
    refundKind: t.refundKind,
    refundKindLabel: t.refundKind ? (refundKindLabels[t.refundKind as RefundKind] ?? t.refundKind) : null,
    refundFen: t.refundFen,
    refundNote: t.refundNote,
    refundDecidedAt: t.refundDecidedAt?.toISOString() ?? null,
    refundedFen: t.refundedFen,
    remainingFen: t.refundFen === null ? null : t.refundFen - t.refundedFen,
    payments: extra.payments.map(paymentView),
    attachments: extra.files ?? [],
    submittedByName: t.submittedByName,
    submittedAt: t.submittedAt.toISOString(),
    agreedAt: t.agreedAt?.toISOString() ?? null,
    closedAt: t.closedAt?.toISOString() ?? null,
    rowVersion: t.rowVersion,
    actions,
  };
}
