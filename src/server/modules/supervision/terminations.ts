// SUP-6: termination (中止) and the refund of funds (002 附件§4(4)). The society asks for it
// (department, then association agree), or the department imposes it (the association agrees).
// Agreement terminates the project and cancels its open milestones; then the department or the
// association decides the refund — none, part or all of what was received (refund.rules.ts) — and
// the payments are recorded until the decided amount is received, which closes the termination.
// Payments lock the termination row, so two at once can never take the total above the decision.
// FND-7: a project paid from a programme's fund (funds/project-funding.ts) moves the fund's ledger:
// the agreement cancels what the fund has not yet paid, every payment goes back to the fund as far as
// the fund has money out with the society, and what was received is never less than that.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, projectCompletions, refundPayments, taskBooks, terminations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError, type FieldError } from '../../platform/errors.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, PROJECT_PARTIES, DECIDERS_AND_SOCIETY } from '../../platform/notify.js';
import { approverLabels } from '../../../domain/programme/programme.types.js';
import { approvalDecisionLabels, type ApprovalDecisionInput } from '../../../domain/supervision/approval-chain.js';
import { formatYuan } from '../../../domain/money.js';
import { openTerminationStates, terminationLifecycle, terminationRefusal, terminationSteps, type TerminationInitiator, type TerminationInput } from '../../../domain/supervision/termination.lifecycle.js';
import { checkRefundPayment, decideRefund, refundKindLabels, type RefundDecisionInput, type RefundPaymentInput } from '../../../domain/supervision/refund.rules.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { cancelAwardOnTermination, fundOutstandingOf, refundPaymentToFund } from '../funds/project-funding.js';
import { agreementFundingFen } from '../../../domain/funds/pilot-funding.js';
import { bodyErrors, closeSteps, linkAttachments, openStep, recordDecision, subjectLink, withdrawSubject } from './approvals.js';

export type TerminationRow = typeof terminations.$inferSelect;
export type RefundPaymentRow = typeof refundPayments.$inferSelect;

const TYPE = 'termination' as const;
export const REFUND_DECIDE_TODO = 'termination.refundDecide';
export const REFUND_PAY_TODO = 'termination.refund';

export async function listTerminations(db: DbOrTx, projectId: string): Promise<TerminationRow[]> {
  return db.select().from(terminations).where(eq(terminations.projectId, projectId)).orderBy(desc(terminations.submittedAt), desc(terminations.id));
}

export async function paymentsOf(db: DbOrTx, ids: string[]): Promise<Map<string, RefundPaymentRow[]>> {
  const out = new Map<string, RefundPaymentRow[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(refundPayments).where(inArray(refundPayments.terminationId, ids)).orderBy(refundPayments.receivedOn, refundPayments.recordedAt);
  for (const r of rows) out.set(r.terminationId, [...(out.get(r.terminationId) ?? []), r]);
  return out;
}

export async function orgNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function loadTermination(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ row: TerminationRow; project: ProjectInScope }> {
  const [first] = await tx.select().from(terminations).where(eq(terminations.id, id));
  if (!first) throw new AppError('NOT_FOUND', '中止记录不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate: lock });
  if (!lock) return { row: first, project };
  const [row] = await tx.select().from(terminations).where(eq(terminations.id, id)).for('update');
  return { row, project };
}

/** How the actor could start a termination of this project now (null: not at all). */
export function terminationStart(actor: Actor, project: ProjectInScope): TerminationInitiator | null {
  if (project.party === 'society' && actor.permissions.has('supervision.report')) return 'society';
  if (project.party === 'department' && actor.permissions.has('supervision.decide')) return 'department';
  return null;
}

/** EVA-1: a project whose completion is being assessed is not terminated meanwhile (the society may withdraw its report, or the assessors return it). */
export const COMPLETION_ASSESSING = '项目的结项报告正在考核中，不能中止；如确需中止，请先撤回或退回结项报告';
export async function completionAssessing(db: DbOrTx, projectId: string): Promise<boolean> {
  const [row] = await db.select({ id: projectCompletions.id }).from(projectCompletions).where(and(eq(projectCompletions.projectId, projectId), eq(projectCompletions.status, 'assessing')));
  return !!row;
}

export async function openTermination(db: DbOrTx, projectId: string): Promise<{ id: string } | undefined> {
  const [row] = await db.select({ id: terminations.id }).from(terminations).where(and(eq(terminations.projectId, projectId), inArray(terminations.status, [...openTerminationStates])));
  return row;
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

const partyOrgs = (p: ProjectInScope['row']['p']) => [p.societyId, p.departmentId, p.associationId];

/** The society asks for termination, or the department imposes it (with the association's agreement to come). */
/**
 * SUP-6: a terminated project's work stops in the same transaction: open milestones are cancelled,
 * matters and change requests still being approved are closed as withdrawn, and every open to-do
 * of the project (their links all lead to the project page) is closed. Returns what it closed, for
 * the audit row of the termination.
 */
async function closeProjectWork(tx: DbOrTx, projectId: string, byUserId: string) {
  const ids = (r: unknown) => ((r as { rows?: { id: string }[] }).rows ?? []).map((x) => x.id);
  const milestones = ids(await tx.execute(sql`UPDATE milestones SET status = 'cancelled', cancelled_at = now(), updated_at = now(), row_version = row_version + 1 WHERE project_id = ${projectId} AND status = 'open' RETURNING id`));
  const matters = ids(await tx.execute(sql`UPDATE major_matters SET status = 'withdrawn', closed_at = now(), row_version = row_version + 1 WHERE project_id = ${projectId} AND status = 'approving' RETURNING id`));
  const changes = ids(await tx.execute(sql`UPDATE change_requests SET status = 'withdrawn', closed_at = now(), row_version = row_version + 1 WHERE project_id = ${projectId} AND status = 'approving' RETURNING id`));
  const todos = ids(
    await tx.execute(sql`UPDATE todos SET status = 'done', completed_at = now(), completed_by = ${byUserId}::uuid WHERE status = 'open' AND link LIKE ${`/app/projects/${projectId}%`} RETURNING id`),
  );
  return { cancelledMilestones: milestones, closedMajorMatters: matters, closedChangeRequests: changes, closedTodos: todos.length };
}

/** SUP-6: what may have been disbursed: the funding of the task book in force (0 when none is). */
async function fundingInForce(tx: DbOrTx, projectId: string): Promise<number> {
  const [book] = await tx.select({ content: taskBooks.content }).from(taskBooks).where(and(eq(taskBooks.projectId, projectId), eq(taskBooks.status, 'signed')));
  return book ? agreementFundingFen(book.content as TaskBookContent) : 0;
}

/** What was received: at most what the agreement in force promises, at least what a fund paid out and has not got back (FND-7). */
async function receivedProblem(tx: DbOrTx, projectId: string, receivedFen: number): Promise<FieldError | null> {
  const cap = await fundingInForce(tx, projectId);
  if (receivedFen > cap) return { path: 'body.receivedFen', message: `已拨付经费 ${formatYuan(receivedFen)} 超过生效任务书约定的经费 ${formatYuan(cap)}` };
  const fromFund = await fundOutstandingOf(tx, projectId);
  return receivedFen < fromFund ? { path: 'body.receivedFen', message: `已拨付经费不能少于资金台账记载的专项资金拨付（尚未退还、收回的 ${formatYuan(fromFund)}）` } : null;
}

export async function requestTermination(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: TerminationInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    const initiatedBy = terminationStart(actor, project);
    if (!initiatedBy) throw new AppError('FORBIDDEN', '中止由承接学会申请，或由委托部门会同协调科协提出');
    const refusal = terminationRefusal(project.row.p.status);
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    if (await openTermination(tx, opts.projectId)) throw new AppError('INVALID_STATE', '该项目已有正在办理的中止事项');
    if (await completionAssessing(tx, opts.projectId)) throw new AppError('INVALID_STATE', COMPLETION_ASSESSING);
    const overReceived = await receivedProblem(tx, opts.projectId, input.receivedFen);
    if (overReceived) throw validationError([overReceived]);
    const steps = terminationSteps(initiatedBy);
    const [row] = await tx
      .insert(terminations)
      .values({
        projectId: opts.projectId,
        initiatedBy,
        initiatorOrgId: actor.orgId,
        reason: input.reason,
        steps,
        status: 'approving',
        receivedFen: input.receivedFen,
        attachmentIds: input.attachmentIds,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, row.id);
    const p = project.row.p;
    const who = initiatedBy === 'society' ? `${project.row.societyName}申请中止项目` : `${project.row.departmentName}提出中止项目`;
    await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: steps[0], title: p.title, body: `${who}。理由：${input.reason.slice(0, 200)}` });
    if (initiatedBy === 'department') {
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `委托部门提出中止项目：${p.title}`, body: `理由：${input.reason.slice(0, 200)}。待协调科协审批。`, link: subjectLink(TYPE, p.id), entityType: TYPE, entityId: row.id });
    }
    await audit(tx, actor, opts.meta, project, { action: 'termination.request', id: row.id, after: { status: 'approving', initiatedBy, steps, receivedFen: input.receivedFen }, reason: input.reason });
    return row.id;
  });
}

export async function decideTermination(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: ApprovalDecisionInput }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadTermination(tx, actor, opts.id, true);
    const p = project.row.p;
    const out = await recordDecision(tx, { type: TYPE, subjectId: row.id, status: row.status, steps: row.steps, project, actor, input: opts.input });
    const to = applyEvent(terminationLifecycle, row.status, out.event);
    const now = new Date();
    if (to === 'decidingRefund') {
      const refusal = terminationRefusal(p.status);
      if (refusal) throw new AppError('INVALID_STATE', refusal);
    }
    await tx
      .update(terminations)
      .set({ status: to, ...(to === 'decidingRefund' ? { agreedAt: now } : {}), ...(to === 'rejected' ? { closedAt: now } : {}), rowVersion: sql`${terminations.rowVersion} + 1` })
      .where(eq(terminations.id, row.id));
    await closeSteps(tx, TYPE, row.id, actor.userId);
    const link = subjectLink(TYPE, p.id);
    const verdict = `${actor.orgName}（${approverLabels[out.approver]}）${approvalDecisionLabels[opts.input.decision]}中止`;
    if (out.next) {
      await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: out.next, title: p.title, body: `${verdict}，请办理下一步审批。` });
    } else if (to === 'rejected') {
      for (const orgId of new Set(partyOrgs(p))) {
        if (orgId === actor.orgId) continue;
        await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, { title: `中止未获同意：${p.title}`, body: `${verdict}。意见：${opts.input.opinion ?? ''}`, link, entityType: TYPE, entityId: row.id });
      }
    } else {
      // agreed: the project ends; open milestones are cancelled; the refund is to be decided; a fund
      // paying the project commits nothing more (before any audit row: the ledger's lock order)
      await cancelAwardOnTermination(tx, { actor, meta: opts.meta, projectId: p.id, reason: row.reason });
      await tx.update(pilotProjects).set({ status: 'terminated', version: sql`${pilotProjects.version} + 1` }).where(eq(pilotProjects.id, p.id));
      const closed = await closeProjectWork(tx, p.id, actor.userId);
      await openTodo(tx, {
        kind: REFUND_DECIDE_TODO,
        title: `确定中止项目的经费退还：${p.title}`,
        link,
        entityType: TYPE,
        entityId: row.id,
        assigneeOrgId: p.departmentId,
        permission: 'supervision.decide',
        dueAt: addDays(now, project.parameters.selectionDays.approve),
      });
      for (const orgId of new Set(partyOrgs(p))) {
        await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `项目已中止：${p.title}`, body: `${verdict}，项目已中止，未完成的关键节点已取消；待确定经费退还（已拨付 ${formatYuan(row.receivedFen)}）。`, link, entityType: TYPE, entityId: row.id });
      }
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: 'project.terminate',
        entityType: 'pilot_project',
        entityId: p.id,
        orgId: p.associationId,
        orgPath: p.associationPath,
        before: { status: p.status },
        after: { status: 'terminated', terminationId: row.id, ...closed },
        reason: row.reason,
      });
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'termination.decide',
      id: row.id,
      before: { status: row.status, step: out.step },
      after: { status: to, step: out.step, approver: out.approver, decision: opts.input.decision },
      reason: opts.input.opinion ?? null,
    });
  });
}

export async function withdrawTermination(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadTermination(tx, actor, opts.id, true);
    const permission = row.initiatedBy === 'society' ? 'supervision.report' : 'supervision.decide';
    if (row.initiatorOrgId !== actor.orgId || !actor.permissions.has(permission)) throw new AppError('FORBIDDEN', '只有提出中止的单位可以撤回');
    const to = applyEvent(terminationLifecycle, row.status, 'withdraw');
    const p = project.row.p;
    await withdrawSubject(tx, {
      type: TYPE,
      row,
      rowVersion: opts.rowVersion,
      to,
      project,
      actor,
      what: '中止事项',
      notice: { title: `中止申请已撤回：${p.title}`, body: `${actor.orgName}已撤回中止申请。` },
      alsoNotify: row.initiatedBy === 'department' ? [p.societyId] : [],
    });
    await audit(tx, actor, opts.meta, project, { action: 'termination.withdraw', id: row.id, before: { status: row.status }, after: { status: to } });
  });
}

function assertRefundParty(actor: Actor, project: ProjectInScope, permission: 'supervision.decide' | 'supervision.manage', what: string): void {
  if ((project.party !== 'department' && project.party !== 'association') || !actor.permissions.has(permission)) {
    throw new AppError('FORBIDDEN', `${what}由项目委托部门或协调科协办理`);
  }
}

/** The department or the association decides the refund: none closes the termination. */
export async function decideTerminationRefund(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: RefundDecisionInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadTermination(tx, actor, opts.id, true);
    assertRefundParty(actor, project, 'supervision.decide', '经费退还');
    const to = applyEvent(terminationLifecycle, row.status, input.kind === 'none' ? 'decideNoRefund' : 'decideRefund');
    if (row.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '中止事项已有新的进展，请刷新后重试', { extra: { currentVersion: row.rowVersion } });
    const d = decideRefund(input, row.receivedFen);
    if (!d.ok) throw bodyErrors(d.errors);
    const overReceived = await receivedProblem(tx, row.projectId, d.receivedFen);
    if (overReceived) throw validationError([overReceived]);
    if (d.receivedFen !== row.receivedFen && !input.note?.trim()) throw validationError([{ path: 'body.note', message: '更正已拨付经费时请说明依据' }]);
    const now = new Date();
    const [updated] = await tx
      .update(terminations)
      .set({
        status: to,
        receivedFen: d.receivedFen,
        refundKind: input.kind,
        refundFen: d.refundFen,
        refundNote: input.note?.trim() || null,
        refundDecidedBy: actor.userId,
        refundDecidedAt: now,
        closedAt: to === 'closed' ? now : null,
        rowVersion: sql`${terminations.rowVersion} + 1`,
      })
      .where(and(eq(terminations.id, row.id), eq(terminations.rowVersion, opts.rowVersion)))
      .returning({ id: terminations.id });
    if (!updated) throw new AppError('CONFLICT');
    await closeTodos(tx, { entityType: TYPE, entityId: row.id, kind: REFUND_DECIDE_TODO }, actor.userId);
    const p = project.row.p;
    const link = subjectLink(TYPE, p.id);
    const what = input.kind === 'none' ? '确定不退还经费，中止事项办结' : `确定${refundKindLabels[input.kind]}经费 ${formatYuan(d.refundFen)}（已拨付 ${formatYuan(d.receivedFen)}）`;
    if (to === 'refunding') {
      // the society pays back; the seeds set no period for it, so the to-do carries no deadline
      await openTodo(tx, { kind: REFUND_PAY_TODO, title: `退还中止项目经费 ${formatYuan(d.refundFen)}：${p.title}`, link, entityType: TYPE, entityId: row.id, assigneeOrgId: p.societyId, permission: 'supervision.report', dueAt: null });
    }
    for (const orgId of new Set(partyOrgs(p))) {
      if (orgId === actor.orgId) continue;
      await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, { title: `中止项目经费退还已确定：${p.title}`, body: `${actor.orgName}${what}。${input.note ? `说明：${input.note}` : ''}`, link, entityType: TYPE, entityId: row.id });
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'termination.decideRefund',
      id: row.id,
      before: { status: row.status, receivedFen: row.receivedFen },
      after: { status: to, refundKind: input.kind, refundFen: d.refundFen, receivedFen: d.receivedFen },
      reason: input.note ?? null,
    });
  });
}

/** A payment received back; the one that completes the decided amount closes the termination. */
export async function recordRefundPayment(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: RefundPaymentInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadTermination(tx, actor, opts.id, true);
    assertRefundParty(actor, project, 'supervision.manage', '退款到账登记');
    applyEvent(terminationLifecycle, row.status, 'recordPayment');
    // a repeated submission (double click, retry) carries the old version: refused, not booked twice
    if (row.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '中止事项已有新的进展（可能已登记这笔到账），请刷新后核对', { extra: { currentVersion: row.rowVersion } });
    const check = checkRefundPayment(input, row.refundedFen, row.refundFen ?? 0, chinaToday());
    if (!check.ok) throw bodyErrors(check.errors);
    const to = applyEvent(terminationLifecycle, row.status, check.event);
    const now = new Date();
    const [payment] = await tx
      .insert(refundPayments)
      .values({ terminationId: row.id, projectId: row.projectId, amountFen: input.amountFen, receivedOn: input.receivedOn, reference: input.reference, note: input.note?.trim() || null, recordedBy: actor.userId, recordedByName: actor.displayName, recordedAt: now })
      .returning({ id: refundPayments.id });
    await tx
      .update(terminations)
      .set({ status: to, refundedFen: check.refundedFen, closedAt: to === 'closed' ? now : null, rowVersion: sql`${terminations.rowVersion} + 1` })
      .where(eq(terminations.id, row.id));
    // FND-7: back to the fund that paid the project, as far as it has money out (before the audit row)
    const toFundFen = await refundPaymentToFund(tx, { actor, meta: opts.meta, projectId: row.projectId, amountFen: input.amountFen, note: `中止项目退款到账（${input.receivedOn}，凭证号 ${input.reference}）` });
    const p = project.row.p;
    const link = subjectLink(TYPE, p.id);
    if (to === 'closed') {
      await closeTodos(tx, { entityType: TYPE, entityId: row.id, kind: REFUND_PAY_TODO }, actor.userId);
    }
    for (const orgId of new Set(partyOrgs(p))) {
      if (orgId === actor.orgId) continue;
      await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, {
        title: to === 'closed' ? `中止项目经费已全部退还，事项办结：${p.title}` : `中止项目退款到账：${p.title}`,
        body: `到账 ${formatYuan(input.amountFen)}（${input.receivedOn}，凭证号 ${input.reference}），累计 ${formatYuan(check.refundedFen)} / 应退 ${formatYuan(row.refundFen ?? 0)}。`,
        link,
        entityType: TYPE,
        entityId: row.id,
      });
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'termination.recordPayment',
      id: row.id,
      before: { status: row.status, refundedFen: row.refundedFen },
      after: { status: to, refundedFen: check.refundedFen, paymentId: payment.id, amountFen: input.amountFen, receivedOn: input.receivedOn, reference: input.reference, ...(toFundFen ? { toFundFen } : {}) },
    });
  });
}
