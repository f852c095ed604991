// SUP-3, SUP-5, SUP-6: the step-by-step approval shared by major matters, change requests and
// terminations (domain/supervision/approval-chain.ts). A subject's steps are copied from the
// programme when it is created; its decisions are rows of approval_decisions, one per step. This file
// holds what the three have in common: reading the decisions, the organisations a step waits on
// (its to-dos and notifications), recording one decision under the subject's row lock, and the
// attachments linked to a subject.
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { approvalDecisions, attachments, organisations } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import type { TodoKind } from '../../../contract/todos.js';
import { notifyOrg, PROJECT_PARTIES } from '../../platform/notify.js';
import { DomainError } from '../../../domain/lifecycle.js';
import type { Permission } from '../../../domain/access/roles.js';
import { approverLabels, type Approver } from '../../../domain/programme/programme.types.js';
import {
  decideRefusal,
  decisionEvent,
  mayDecide,
  nextStep,
  approvalSubjectLabels,
  withdrawRefusal,
  type ApprovalDecisionInput,
  type ApprovalParties,
  type ApprovalSubjectType,
  type ChainPosition,
  type StepDecision,
} from '../../../domain/supervision/approval-chain.js';
import type { ProjectInScope } from '../projects/projects.js';
import { financeBureausOf } from '../orgs/orgs.repo.js';

export type DecisionRow = typeof approvalDecisions.$inferSelect & { orgName: string };

/** The to-do kind of a waiting approval step. */
export const STEP_TODO: Record<ApprovalSubjectType, TodoKind> = {
  major_matter: 'majorMatter.decide',
  change_request: 'changeRequest.decide',
  termination: 'termination.decide',
};

/** Where each subject is shown: the project page's tab. */
export const subjectTab: Record<ApprovalSubjectType, string> = { major_matter: 'matters', change_request: 'changes', termination: 'termination' };
export const subjectLink = (type: ApprovalSubjectType, projectId: string) => `/app/projects/${projectId}?tab=${subjectTab[type]}`;

/** The permission a step's decider needs: the council's decision is the society's report. */
export const stepPermission = (approver: Approver): Permission => (approver === 'council' ? 'supervision.report' : 'supervision.decide');

export function partiesOf(project: ProjectInScope): ApprovalParties {
  const p = project.row.p;
  return { societyId: p.societyId, departmentId: p.departmentId, associationId: p.associationId, associationPath: p.associationPath };
}

export const deciderOf = (actor: Actor) => ({ orgId: actor.orgId, orgType: actor.orgType, orgPath: actor.orgPath });

export async function decisionsOf(db: DbOrTx, type: ApprovalSubjectType, ids: string[]): Promise<Map<string, DecisionRow[]>> {
  const out = new Map<string, DecisionRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ ...getTableColumns(approvalDecisions), orgName: organisations.name })
    .from(approvalDecisions)
    .innerJoin(organisations, eq(organisations.id, approvalDecisions.orgId))
    .where(and(eq(approvalDecisions.subjectType, type), inArray(approvalDecisions.subjectId, ids)))
    .orderBy(asc(approvalDecisions.step));
  for (const r of rows) out.set(r.subjectId, [...(out.get(r.subjectId) ?? []), r]);
  return out;
}

export const asStepDecisions = (rows: DecisionRow[]): StepDecision[] => rows.map((r) => ({ step: r.step, approver: r.approver as Approver, decision: r.decision as 'approve' | 'reject' }));

/** Where a subject's approval stands (a stored chain that does not add up is a server fault). */
export function positionOf(steps: readonly string[], rows: DecisionRow[]): ChainPosition {
  try {
    return nextStep(steps as Approver[], asStepDecisions(rows));
  } catch (e) {
    if (e instanceof DomainError) throw new AppError('INTERNAL', e.message);
    throw e;
  }
}

/** The organisations that decide a step of a project (to-dos and notifications go there). */
export async function approverOrgs(tx: DbOrTx, approver: Approver, project: ProjectInScope): Promise<string[]> {
  const p = project.row.p;
  switch (approver) {
    case 'council':
      return [p.societyId];
    case 'department':
      return [p.departmentId];
    case 'association':
    case 'leadingGroup':
      return [p.associationId];
    case 'financeBureau':
      // the bureau attached to the coordinating association: its data scope is that association's subtree
      return financeBureausOf(tx, p.associationId);
  }
}

/**
 * a step now waits: a to-do for its deciders with the programme's deadline for an
 * approval step (selectionDays.review) and a notification.
 */
export async function openStep(
  tx: DbOrTx,
  o: { type: ApprovalSubjectType; subjectId: string; project: ProjectInScope; approver: Approver; title: string; body?: string | null },
): Promise<void> {
  const p = o.project.row.p;
  const link = subjectLink(o.type, p.id);
  const dueAt = addDays(new Date(), o.project.parameters.selectionDays.review);
  const what = approvalSubjectLabels[o.type];
  const orgs = await approverOrgs(tx, o.approver, o.project);
  // a step nobody can decide would wait for ever: refuse now, the whole change rolls back
  if (!orgs.length) throw new AppError('INVALID_STATE', `本方案的审批步骤“${approverLabels[o.approver]}”没有对应的单位：请先在组织机构中为${o.project.row.associationName}登记${approverLabels[o.approver]}`);
  for (const orgId of orgs) {
    await openTodo(tx, { kind: STEP_TODO[o.type], title: `审批${what}（${approverLabels[o.approver]}）：${o.title}`, link, entityType: o.type, entityId: o.subjectId, assigneeOrgId: orgId, permission: stepPermission(o.approver), dueAt });
    await notifyOrg(tx, orgId, { permission: stepPermission(o.approver) }, { title: `请审批${what}：${o.title}`, body: o.body ?? `项目：${p.title}`, link, entityType: o.type, entityId: o.subjectId });
  }
}

const subjectTables: Record<ApprovalSubjectType, string> = { major_matter: 'major_matters', change_request: 'change_requests', termination: 'terminations' };

/**
 * SUP-3, SUP-5, SUP-6: the requester takes a subject back before anyone has decided it. The caller
 * has locked the row and checked who may withdraw and the lifecycle (`to`); this checks the version
 * and that no step has been decided, closes the row and its step to-do, and tells the deciders of
 * the first step (and `alsoNotify`). Nothing is written when a check fails.
 */
export async function withdrawSubject(
  tx: DbOrTx,
  o: {
    type: ApprovalSubjectType;
    row: { id: string; rowVersion: number; steps: readonly string[] };
    rowVersion: number;
    to: string;
    project: ProjectInScope;
    actor: Actor;
    /** the subject as the stale-version message names it, e.g. 重大事项 */
    what: string;
    notice: { title: string; body: string };
    alsoNotify?: readonly string[];
  },
): Promise<void> {
  if (o.row.rowVersion !== o.rowVersion) throw new AppError('CONFLICT', `${o.what}已有新的进展，请刷新后重试`, { extra: { currentVersion: o.row.rowVersion } });
  const decided = (await decisionsOf(tx, o.type, [o.row.id])).get(o.row.id) ?? [];
  const refusal = withdrawRefusal(asStepDecisions(decided));
  if (refusal) throw new AppError('INVALID_STATE', refusal);
  const res = (await tx.execute(
    sql`UPDATE ${sql.identifier(subjectTables[o.type])} SET status = ${o.to}, closed_at = now(), row_version = row_version + 1 WHERE id = ${o.row.id} AND row_version = ${o.rowVersion} RETURNING id`,
  )) as unknown as { rows: unknown[] };
  if (!res.rows.length) throw new AppError('CONFLICT');
  await closeSteps(tx, o.type, o.row.id, o.actor.userId);
  const p = o.project.row.p;
  for (const orgId of new Set([...(await approverOrgs(tx, o.row.steps[0] as Approver, o.project)), ...(o.alsoNotify ?? [])])) {
    await notifyOrg(tx, orgId, { permission: [stepPermission(o.row.steps[0] as Approver), ...PROJECT_PARTIES] }, { ...o.notice, link: subjectLink(o.type, p.id), entityType: o.type, entityId: o.row.id });
  }
}

export async function closeSteps(tx: DbOrTx, type: ApprovalSubjectType, subjectId: string, byUserId: string | null): Promise<void> {
  await closeTodos(tx, { entityType: type, entityId: subjectId, kind: STEP_TODO[type] }, byUserId);
}

export interface DecisionOutcome {
  event: 'approveStep' | 'approveLast' | 'reject';
  step: number;
  approver: Approver;
  /** the step that now waits (approveStep only) */
  next: Approver | null;
  row: DecisionRow;
}

/**
 * Records one decision on a subject whose row the caller has locked (FOR UPDATE) inside `tx`.
 * Refusals, in order: the subject is no longer being approved (409 INVALID_STATE); the decider saw
 * another step than the one waiting — someone decided meanwhile (409 CONFLICT); the actor does not
 * decide the waiting step (403 FORBIDDEN). The unique (subject, step) index backs the lock.
 */
export async function recordDecision(
  tx: DbOrTx,
  o: { type: ApprovalSubjectType; subjectId: string; status: string; steps: readonly string[]; project: ProjectInScope; actor: Actor; input: ApprovalDecisionInput },
): Promise<DecisionOutcome> {
  const what = approvalSubjectLabels[o.type];
  if (o.status !== 'approving') throw new AppError('INVALID_STATE', `该${what}已不在审批中`, { extra: { state: o.status } });
  const existing = (await decisionsOf(tx, o.type, [o.subjectId])).get(o.subjectId) ?? [];
  const at = positionOf(o.steps, existing);
  if (at.kind !== 'pending') throw new AppError('INVALID_STATE', `该${what}的审批已结束`);
  if (o.input.step !== at.step) throw new AppError('CONFLICT', '审批已有新的进展，请刷新后重试', { extra: { currentStep: at.step } });
  const refusal = decideRefusal(at.approver, deciderOf(o.actor), partiesOf(o.project));
  if (refusal) throw new AppError('FORBIDDEN', refusal);
  if (!o.actor.permissions.has(stepPermission(at.approver))) throw new AppError('FORBIDDEN', `当前角色不能办理“${approverLabels[at.approver]}”审批`);
  let event: DecisionOutcome['event'];
  try {
    event = decisionEvent(o.steps as Approver[], asStepDecisions(existing), o.input.decision);
  } catch (e) {
    if (e instanceof DomainError) throw new AppError('INVALID_STATE', e.message);
    throw e;
  }
  const [row] = await tx
    .insert(approvalDecisions)
    .values({
      subjectType: o.type,
      subjectId: o.subjectId,
      projectId: o.project.row.p.id,
      step: at.step,
      approver: at.approver,
      orgId: o.actor.orgId,
      decision: o.input.decision,
      opinion: o.input.opinion?.trim() || null,
      decidedBy: o.actor.userId,
      decidedByName: o.actor.displayName,
    })
    .returning();
  return { event, step: at.step, approver: at.approver, next: event === 'approveStep' ? (o.steps[at.step + 1] as Approver) : null, row: { ...row, orgName: o.actor.orgName } };
}

/** Whether the actor may decide the waiting step of a subject now (the view's `actions`). */
export function mayDecideNow(actor: Actor, project: ProjectInScope, status: string, steps: readonly string[], rows: DecisionRow[]): boolean {
  if (status !== 'approving') return false;
  const at = positionOf(steps, rows);
  return at.kind === 'pending' && actor.permissions.has(stepPermission(at.approver)) && mayDecide(at.approver, deciderOf(actor), partiesOf(project));
}

/** one rule for every record's attachments (supervision-attachments.ts). */
export { linkAttachments } from './supervision-attachments.js';

export interface AttachmentInfo {
  id: string;
  filename: string;
  sizeBytes: number;
  contentType: string;
}

export async function attachmentsOf(db: DbOrTx, ids: readonly string[]): Promise<AttachmentInfo[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: attachments.id, filename: attachments.filename, sizeBytes: attachments.sizeBytes, contentType: attachments.contentType }).from(attachments).where(inArray(attachments.id, [...ids]));
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is AttachmentInfo => !!r);
}

/** Input problems found after the schema (field paths under `body.`). */
export function bodyErrors(errors: { path: string; message: string }[]) {
  return validationError(errors.map((e) => ({ path: `body.${e.path}`, message: e.message })));
}
