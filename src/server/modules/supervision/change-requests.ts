// SUP-5: change requests (变更申请). The society submits in writing — its reason, the proposed
// changes in words and/or the proposed new task book content — against the version in force; the
// programme's changeApprovers decide in order. The last approval makes the next task book version
// (drafting, from the proposed content or else from the base) in the same transaction; it must be
// signed again by the three parties, and the version in force stays until then.
import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { changeRequests, taskBooks } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { notifyOrg, DECIDERS_AND_SOCIETY } from '../../platform/notify.js';
import { approverLabels, type Approver } from '../../../domain/programme/programme.types.js';
import { approvalDecisionLabels, type ApprovalDecisionInput } from '../../../domain/supervision/approval-chain.js';
import { changeRequestLifecycle, changeRequestRefusal, type ChangeRequestInput } from '../../../domain/supervision/change-request.lifecycle.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import type { TaskBookState } from '../../../domain/taskbook/taskbook.lifecycle.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import { missingForSignature } from '../../../domain/taskbook/taskbook.rules.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { createNextVersion, findTaskBook, signatureRule } from '../taskbooks/taskbooks.js';
import { closeSteps, linkAttachments, openStep, recordDecision, subjectLink, withdrawSubject } from './approvals.js';

export type ChangeRequestRow = typeof changeRequests.$inferSelect;
/** A change request as the project's list reads it: not the proposed content, only whether there is one. */
export type ChangeRequestListRow = Omit<ChangeRequestRow, 'proposedContent'> & { hasProposedContent: boolean };

const TYPE = 'change_request' as const;
const { proposedContent: _proposedContent, ...listColumns } = getTableColumns(changeRequests);

export async function listChangeRequests(db: DbOrTx, projectId: string): Promise<ChangeRequestListRow[]> {
  return db
    .select({ ...listColumns, hasProposedContent: sql<boolean>`${changeRequests.proposedContent} IS NOT NULL` })
    .from(changeRequests)
    .where(eq(changeRequests.projectId, projectId))
    .orderBy(desc(changeRequests.submittedAt), desc(changeRequests.id));
}

export async function loadChangeRequest(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ row: ChangeRequestRow; project: ProjectInScope }> {
  const [first] = await tx.select().from(changeRequests).where(eq(changeRequests.id, id));
  if (!first) throw new AppError('NOT_FOUND', '变更申请不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate: lock });
  if (!lock) return { row: first, project };
  const [row] = await tx.select().from(changeRequests).where(eq(changeRequests.id, id)).for('update');
  return { row, project };
}

/** The task book versions the change requests refer to (number and state), by id. */
export async function versionsById(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, { id: string; version: number; status: string }>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: taskBooks.id, version: taskBooks.version, status: taskBooks.status }).from(taskBooks).where(inArray(taskBooks.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whether a new change may be requested now, and against which version (null with the reason when not). */
export async function changeBase(db: DbOrTx, projectId: string): Promise<{ baseTaskBookId: string | null; refusal: string | null }> {
  const books = await db.select({ id: taskBooks.id, status: taskBooks.status }).from(taskBooks).where(eq(taskBooks.projectId, projectId)).orderBy(desc(taskBooks.version));
  const signed = books.find((b) => b.status === 'signed');
  const open = books.some((b) => b.status === 'drafting' || b.status === 'signing');
  if (!signed) return { baseTaskBookId: null, refusal: '项目尚无已签署生效的任务书' };
  const refusal = changeRequestRefusal('signed', open);
  if (refusal) return { baseTaskBookId: signed.id, refusal };
  const [pending] = await db.select({ id: changeRequests.id }).from(changeRequests).where(and(eq(changeRequests.projectId, projectId), eq(changeRequests.status, 'approving')));
  return { baseTaskBookId: signed.id, refusal: pending ? '该项目已有正在审批的变更申请' : null };
}

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, project: ProjectInScope, e: { action: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: TYPE,
    entityId: e.id,
    orgId: project.row.p.associationId,
    orgPath: project.row.p.associationPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

export async function submitChangeRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: ChangeRequestInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    if (project.party !== 'society') throw new AppError('FORBIDDEN', '变更申请由项目承接学会以书面形式提出');
    const notImplementing = notImplementingRefusal(project.row.p.status);
    if (notImplementing) throw new AppError('INVALID_STATE', notImplementing);
    const base = await findTaskBook(tx, input.baseTaskBookId);
    if (!base || base.projectId !== opts.projectId) throw validationError([{ path: 'body.baseTaskBookId', message: '任务书不属于该项目' }]);
    const open = await tx.select({ id: taskBooks.id }).from(taskBooks).where(and(eq(taskBooks.projectId, opts.projectId), inArray(taskBooks.status, ['drafting', 'signing'])));
    const refusal = changeRequestRefusal(base.status as TaskBookState, open.length > 0);
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    if (input.proposedContent) {
      // the approved text is signed as it stands (taskbooks.ts contentIsBinding): it must be complete now
      const missing = missingForSignature(input.proposedContent as TaskBookContent, signatureRule(project));
      if (missing.length) throw validationError(missing.map((m) => ({ path: `body.proposedContent.${m.path}`, message: m.message })));
    }
    const [pending] = await tx.select({ id: changeRequests.id }).from(changeRequests).where(and(eq(changeRequests.projectId, opts.projectId), eq(changeRequests.status, 'approving')));
    if (pending) throw new AppError('INVALID_STATE', '该项目已有正在审批的变更申请，请待其办结后再提出');
    const steps = [...project.parameters.changeApprovers];
    const [row] = await tx
      .insert(changeRequests)
      .values({
        projectId: opts.projectId,
        baseTaskBookId: base.id,
        reason: input.reason,
        changesSummary: input.changesSummary ?? null,
        proposedContent: input.proposedContent,
        steps,
        status: 'approving',
        attachmentIds: input.attachmentIds,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, row.id);
    const p = project.row.p;
    await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: steps[0] as Approver, title: p.title, body: `${project.row.societyName}申请变更任务书（现行第 ${base.version} 版）。理由：${input.reason.slice(0, 200)}` });
    await audit(tx, actor, opts.meta, project, { action: 'changeRequest.submit', id: row.id, after: { status: 'approving', steps, baseTaskBookId: base.id, baseVersion: base.version, hasProposedContent: input.proposedContent !== null }, reason: input.reason });
    return row.id;
  });
}

export async function decideChangeRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: ApprovalDecisionInput }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadChangeRequest(tx, actor, opts.id, true);
    const p = project.row.p;
    if (row.status === 'approving') {
      const notImplementing = notImplementingRefusal(p.status);
      if (notImplementing) throw new AppError('INVALID_STATE', notImplementing);
    }
    const out = await recordDecision(tx, { type: TYPE, subjectId: row.id, status: row.status, steps: row.steps, project, actor, input: opts.input });
    const to = applyEvent(changeRequestLifecycle, row.status, out.event);
    let newTaskBookId: string | null = null;
    let newVersion: number | null = null;
    if (to === 'approved') {
      const base = await findTaskBook(tx, row.baseTaskBookId);
      const content = (row.proposedContent ?? base?.content) as TaskBookContent;
      const book = await createNextVersion(tx, { actor, meta: opts.meta, projectId: p.id, content, changeRequestId: row.id });
      newTaskBookId = book.id;
      newVersion = book.version;
    }
    await tx
      .update(changeRequests)
      .set({ status: to, closedAt: to === 'approving' ? null : new Date(), newTaskBookId, rowVersion: sql`${changeRequests.rowVersion} + 1` })
      .where(eq(changeRequests.id, row.id));
    await closeSteps(tx, TYPE, row.id, actor.userId);
    const link = subjectLink(TYPE, p.id);
    const verdict = `${actor.orgName}（${approverLabels[out.approver]}）${approvalDecisionLabels[opts.input.decision]}`;
    if (out.next) {
      await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: out.next, title: p.title, body: `${verdict}，请办理下一步审批。` });
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `变更申请审批进展：${p.title}`, body: `${verdict}，已转${approverLabels[out.next]}审批。`, link, entityType: TYPE, entityId: row.id });
    } else if (to === 'rejected') {
      for (const orgId of new Set([p.societyId, p.departmentId, p.associationId])) {
        if (orgId === actor.orgId) continue;
        await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, { title: `变更申请未获批准：${p.title}`, body: `${verdict}。意见：${opts.input.opinion ?? ''}`, link, entityType: TYPE, entityId: row.id });
      }
    } else {
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `变更申请已批准：${p.title}`, body: `已形成任务书第 ${newVersion} 版，须经三方重新签署后生效；签署前现行版本继续有效。`, link, entityType: TYPE, entityId: row.id });
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'changeRequest.decide',
      id: row.id,
      before: { status: row.status, step: out.step },
      after: { status: to, step: out.step, approver: out.approver, decision: opts.input.decision, ...(newTaskBookId ? { newTaskBookId, newVersion } : {}) },
      reason: opts.input.opinion ?? null,
    });
  });
}

export async function withdrawChangeRequest(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadChangeRequest(tx, actor, opts.id, true);
    if (project.party !== 'society' || !actor.permissions.has('supervision.report')) throw new AppError('FORBIDDEN', '只有提出申请的承接学会可以撤回变更申请');
    const to = applyEvent(changeRequestLifecycle, row.status, 'withdraw');
    await withdrawSubject(tx, { type: TYPE, row, rowVersion: opts.rowVersion, to, project, actor, what: '变更申请', notice: { title: `变更申请已撤回：${project.row.p.title}`, body: `${actor.orgName}已撤回变更申请，无需审批。` } });
    await audit(tx, actor, opts.meta, project, { action: 'changeRequest.withdraw', id: row.id, before: { status: row.status }, after: { status: to } });
  });
}
