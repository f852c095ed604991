// SUP-3, SUP-5, SUP-6: the approval chain as the API shows it on every major matter, change
// request and termination (contract/approvals.ts): each step with its decision, the one waiting,
// the ones to come, and which of decide / withdraw the reading user may do now.
import type { ApprovalChain, ApprovalDecisionView, ApprovalStepInfo } from '../../../contract/approvals.js';
import type { AttachmentRef } from '../../../contract/common.js';
import { approverLabels, type Approver } from '../../../domain/programme/programme.types.js';
import { approvalDecisionLabels, deciderLabels, withdrawRefusal, type ApprovalDecision } from '../../../domain/supervision/approval-chain.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import type { ProjectInScope } from '../projects/projects.js';
import { asStepDecisions, attachmentsOf, mayDecideNow, positionOf, type DecisionRow } from './approvals.js';

export function decisionView(d: DecisionRow): ApprovalDecisionView {
  const approver = d.approver as Approver;
  return {
    step: d.step,
    approver,
    approverLabel: approverLabels[approver] ?? d.approver,
    decision: d.decision as ApprovalDecision,
    decisionLabel: approvalDecisionLabels[d.decision as ApprovalDecision] ?? d.decision,
    opinion: d.opinion,
    orgId: d.orgId,
    orgName: d.orgName,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt.toISOString(),
  };
}

/**
 * The chain as the page shows it: each step with its decision, the one waiting, the ones to come.
 * A subject withdrawn by its requester waits on no one: its remaining steps are skipped.
 */
export function chainView(steps: readonly string[], rows: DecisionRow[], status: string): ApprovalChain {
  const at = positionOf(steps, rows);
  const withdrawn = status === 'withdrawn';
  return {
    position:
      withdrawn ? { kind: 'withdrawn' } : at.kind === 'pending' ? { kind: at.kind, step: at.step, approver: at.approver, approverLabel: approverLabels[at.approver], decider: deciderLabels[at.approver] } : { kind: at.kind },
    steps: steps.map((s, i) => {
      const a = s as Approver;
      const d = rows.find((r) => r.step === i);
      const state = d ? (d.decision === 'approve' ? 'approved' : 'rejected') : withdrawn ? 'skipped' : at.kind === 'pending' && at.step === i ? 'pending' : at.kind === 'pending' ? 'waiting' : 'skipped';
      return { step: i, approver: a, approverLabel: approverLabels[a] ?? s, decider: deciderLabels[a] ?? s, state, decision: d ? decisionView(d) : null };
    }),
  };
}

/** Who approves, in order, what the user would start now (the lists' `steps`). */
export const stepList = (steps: readonly string[]): ApprovalStepInfo[] =>
  steps.map((s) => {
    const a = s as Approver;
    return { approver: a, approverLabel: approverLabels[a] ?? s, decider: deciderLabels[a] ?? s };
  });

const isRequester = (actor: Actor, orgId: string, permission: 'supervision.report' | 'supervision.decide') => actor.orgId === orgId && actor.permissions.has(permission);

/** decide: the actor decides the waiting step; withdraw: the requester, before anyone has decided. */
export function approvalActions(
  actor: Actor,
  project: ProjectInScope,
  row: { status: string; steps: string[] },
  rows: DecisionRow[],
  requesterOrgId: string,
  requesterPermission: 'supervision.report' | 'supervision.decide',
): ('decide' | 'withdraw')[] {
  const actions: ('decide' | 'withdraw')[] = [];
  if (mayDecideNow(actor, project, row.status, row.steps, rows)) actions.push('decide');
  if (row.status === 'approving' && isRequester(actor, requesterOrgId, requesterPermission) && withdrawRefusal(asStepDecisions(rows)) === null) actions.push('withdraw');
  return actions;
}

/** The attachments of several records read at once, then handed out per record. */
export async function filesByRow<T extends { attachmentIds: string[] }>(db: DbOrTx, rows: T[]): Promise<(r: T) => AttachmentRef[]> {
  const files = new Map((await attachmentsOf(db, [...new Set(rows.flatMap((r) => r.attachmentIds))])).map((a) => [a.id, a]));
  return (r: T) => r.attachmentIds.map((id) => files.get(id)).filter((a) => !!a);
}
