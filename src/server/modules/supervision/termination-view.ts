// SUP-6: what the API returns for terminations and their refunds (contract/approvals.ts
// Termination): the termination, its approval chain, the refund decided and the payments received,
// and the actions the reading user may take now; the project's list says whether the user may ask
// for (society) or impose (department) a termination now and who then approves it.
import type { RefundPayment, Termination, TerminationList } from '../../../contract/approvals.js';
import type { AttachmentRef } from '../../../contract/common.js';
import { terminationInitiatorLabels, terminationLifecycle, terminationRefusal, terminationSteps, type TerminationInitiator, type TerminationState } from '../../../domain/supervision/termination.lifecycle.js';
import { refundKindLabels, type RefundKind } from '../../../domain/supervision/refund.rules.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { approvalActions, chainView, filesByRow, stepList } from './approval-chain-view.js';
import { decisionsOf, type DecisionRow } from './approvals.js';
import { COMPLETION_ASSESSING, completionAssessing, listTerminations, loadTermination, openTermination, orgNames, paymentsOf, terminationStart, type RefundPaymentRow, type TerminationRow } from './terminations.js';

export function paymentView(p: RefundPaymentRow): RefundPayment {
  return { id: p.id, amountFen: p.amountFen, receivedOn: p.receivedOn, reference: p.reference, note: p.note, recordedByName: p.recordedByName, recordedAt: p.recordedAt.toISOString() };
}

export function terminationView(t: TerminationRow, rows: DecisionRow[], project: ProjectInScope, actor: Actor, extra: { initiatorOrgName: string; payments: RefundPaymentRow[]; files?: AttachmentRef[] }): Termination {
  const decider = project.party === 'department' || project.party === 'association';
  const requesterPermission = t.initiatedBy === 'society' ? 'supervision.report' : 'supervision.decide';
  const actions: Termination['actions'] = approvalActions(actor, project, t, rows, t.initiatorOrgId, requesterPermission);
  if (t.status === 'decidingRefund' && decider && actor.permissions.has('supervision.decide')) actions.push('decideRefund');
  if (t.status === 'refunding' && decider && actor.permissions.has('supervision.manage')) actions.push('recordPayment');
  return {
    id: t.id,
    projectId: t.projectId,
    initiatedBy: t.initiatedBy as TerminationInitiator,
    initiatedByLabel: terminationInitiatorLabels[t.initiatedBy as TerminationInitiator] ?? t.initiatedBy,
    initiatorOrgId: t.initiatorOrgId,
    initiatorOrgName: extra.initiatorOrgName,
    reason: t.reason,
    status: t.status as TerminationState,
    statusLabel: terminationLifecycle.states[t.status as TerminationState] ?? t.status,
    ...chainView(t.steps, rows, t.status),
    receivedFen: t.receivedFen,
    refundKind: t.refundKind as RefundKind | null,
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

async function terminationViews(db: DbOrTx, actor: Actor, project: ProjectInScope, rows: TerminationRow[]): Promise<Termination[]> {
  const ids = rows.map((r) => r.id);
  const decisions = await decisionsOf(db, 'termination', ids);
  const payments = await paymentsOf(db, ids);
  const names = await orgNames(db, rows.map((r) => r.initiatorOrgId));
  const files = await filesByRow(db, rows);
  return rows.map((r) => terminationView(r, decisions.get(r.id) ?? [], project, actor, { initiatorOrgName: names.get(r.initiatorOrgId) ?? '', payments: payments.get(r.id) ?? [], files: files(r) }));
}

/** One termination with its payments, read within the actor's scope. */
export async function readTermination(db: DbOrTx, actor: Actor, id: string): Promise<Termination> {
  const { row, project } = await loadTermination(db, actor, id);
  return (await terminationViews(db, actor, project, [row]))[0];
}

/** The project's terminations (few, whole), and how the actor could start one now. */
export async function terminationList(db: DbOrTx, actor: Actor, projectId: string): Promise<TerminationList> {
  const project = await loadProjectInScope(db, actor, projectId);
  const items = await terminationViews(db, actor, project, await listTerminations(db, projectId));
  const start = terminationStart(actor, project);
  const createRefusal =
    terminationRefusal(project.row.p.status) ?? ((await openTermination(db, projectId)) ? '该项目已有正在办理的中止事项' : (await completionAssessing(db, projectId)) ? COMPLETION_ASSESSING : null);
  return {
    items,
    nextCursor: null,
    actions: start && !createRefusal ? [start === 'society' ? 'request' : 'impose'] : [],
    createRefusal,
    steps: start ? stepList(terminationSteps(start)) : [],
  };
}
