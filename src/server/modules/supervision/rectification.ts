// SUP-7 (004 §3(2)3): rectification orders (整改通知). The department or the coordinating
// association issues one with requirements and a deadline (often after an inspection); the society
// responds with a rectification report and evidence; the issuer accepts it (销号) or returns it;
// the issuer may extend the deadline while the society works on it. The overdue alert job claims
// orders past their deadline exactly once, as it does milestones (milestones.ts), and an extension
// clears the claim so the new deadline can alert again.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { inspections, rectificationOrders } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, deadlineFrom, openTodo } from '../../platform/todos.js';
import { notifyOrg, PROJECT_PARTIES } from '../../platform/notify.js';
import { deadlineProblems, rectificationLifecycle, type RectificationInput } from '../../../domain/supervision/rectification.lifecycle.js';
import type { ReturnableDecisionInput } from '../../../domain/supervision/common.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { assertRowVersion, auditScope, partyLabels, requireImplementing, requireParty, type Party } from './supervision-guards.js';
import { linkAttachments } from './supervision-attachments.js';
import { projectTabLink, reviewDueAt } from './supervision-todos.js';
import { endOfChinaDay } from '../../../domain/calendar-day.js';

export type RectificationRow = typeof rectificationOrders.$inferSelect;

/** the society rectifies and reports (due on the order's deadline). */
export const RECTIFICATION_RESPOND_TODO = 'rectification.respond' as const;
/** the issuer checks the rectification report (due `selectionDays.review` days later). */
export const RECTIFICATION_REVIEW_TODO = 'rectification.review';

export async function findRectification(db: DbOrTx, id: string, forUpdate = false): Promise<RectificationRow | undefined> {
  const q = db.select().from(rectificationOrders).where(eq(rectificationOrders.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function rectificationsOfProject(db: DbOrTx, projectId: string): Promise<RectificationRow[]> {
  return db.select().from(rectificationOrders).where(eq(rectificationOrders.projectId, projectId)).orderBy(desc(rectificationOrders.issuedAt), desc(rectificationOrders.id));
}

export async function loadRectificationInScope(tx: DbOrTx, actor: Actor, id: string, forUpdate: boolean): Promise<{ order: RectificationRow; project: ProjectInScope }> {
  const first = await findRectification(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '整改通知不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate });
  const order = forUpdate ? (await findRectification(tx, id, true))! : first;
  return { order, project };
}

/** Only the organisation that issued the order accepts, returns or extends it. */
export function isIssuer(actor: Actor, project: ProjectInScope, order: RectificationRow): boolean {
  return project.party === order.issuerKind && actor.orgId === order.issuerOrgId;
}

function requireIssuer(actor: Actor, project: ProjectInScope, order: RectificationRow, what: string): void {
  requireParty(project, ['department', 'association'], `整改通知由下达单位${what}`);
  if (!isIssuer(actor, project, order)) throw new AppError('FORBIDDEN', `整改通知由下达单位（${partyLabels[order.issuerKind as Party] ?? ''}）${what}`);
}

const respondTodo = (project: ProjectInScope, order: Pick<RectificationRow, 'id' | 'deadline'>, again: boolean) => {
  const p = project.row.p;
  return {
    kind: RECTIFICATION_RESPOND_TODO,
    title: `${again ? '重新' : ''}整改并报送整改报告（期限 ${order.deadline}）：${p.title}`,
    link: projectTabLink(p.id, 'rectification'),
    entityType: 'rectification_order',
    entityId: order.id,
    assigneeOrgId: p.societyId,
    permission: 'supervision.report',
    // a report returned after the deadline: the society's days from now, never a deadline already past (issue 11 §5)
    dueAt: deadlineFrom(endOfChinaDay(order.deadline), project.parameters.selectionDays.declare),
  };
};

/** SUP-7: the department or the association issues a rectification order to the project's society. */
export async function issueRectification(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: RectificationInput; today?: string }): Promise<RectificationRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    const party = requireParty(project, ['department', 'association'], '整改通知由项目委托单位或协调单位下达');
    requireImplementing(project);
    const p = project.row.p;
    const problems = deadlineProblems(input.deadline, opts.today ?? chinaToday()).map((e) => ({ path: `body.${e.path}`, message: e.message }));
    if (input.inspectionId) {
      const [i] = await tx.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.id, input.inspectionId), eq(inspections.projectId, p.id)));
      if (!i) problems.push({ path: 'body.inspectionId', message: '该项目没有这次检查' });
    }
    if (problems.length) throw validationError(problems);
    const [order] = await tx
      .insert(rectificationOrders)
      .values({ projectId: p.id, issuerOrgId: actor.orgId, issuerKind: party, inspectionId: input.inspectionId ?? null, requirements: input.requirements, deadline: input.deadline, attachmentIds: input.attachmentIds, issuedBy: actor.userId, issuedByName: actor.displayName })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'rectification_order', order.id);
    await openTodo(tx, respondTodo(project, order, false));
    const link = projectTabLink(p.id, 'rectification');
    const other = party === 'department' ? p.associationId : p.departmentId;
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `收到整改通知（期限 ${input.deadline}）：${p.title}`, body: `${actor.orgName}要求整改：${input.requirements.slice(0, 200)}`, link, entityType: 'rectification_order', entityId: order.id });
    await notifyOrg(tx, other, { permission: 'supervision.manage' }, { title: `${actor.orgName}下达整改通知：${p.title}`, body: `整改期限 ${input.deadline}。`, link, entityType: 'rectification_order', entityId: order.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'rectification.issue',
      entityType: 'rectification_order',
      entityId: order.id,
      ...auditScope(project),
      after: { projectId: p.id, issuer: party, deadline: order.deadline, inspectionId: order.inspectionId, status: order.status },
    });
    return order;
  });
}

/** SUP-7: the society reports its rectification. */
export async function respondRectification(opts: { db: Db; actor: Actor; meta: RequestMeta; orderId: string; rowVersion: number; report: string; attachmentIds: string[] }): Promise<RectificationRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { order, project } = await loadRectificationInScope(tx, actor, opts.orderId, true);
    requireParty(project, ['society'], '整改报告由项目承接单位（学会）报送');
    requireImplementing(project);
    const to = applyEvent(rectificationLifecycle, order.status, 'respond');
    assertRowVersion(order.rowVersion, opts.rowVersion, '该整改通知');
    await linkAttachments(tx, actor, opts.attachmentIds, 'rectification_order', order.id, { previous: order.responseAttachmentIds });
    const now = new Date();
    const [updated] = await tx
      .update(rectificationOrders)
      .set({ status: to, response: opts.report, responseAttachmentIds: opts.attachmentIds, respondedBy: actor.userId, respondedAt: now, rowVersion: sql`${rectificationOrders.rowVersion} + 1` })
      .where(and(eq(rectificationOrders.id, order.id), eq(rectificationOrders.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    const link = projectTabLink(p.id, 'rectification');
    await closeTodos(tx, { entityType: 'rectification_order', entityId: order.id, kind: RECTIFICATION_RESPOND_TODO }, actor.userId);
    await openTodo(tx, { kind: RECTIFICATION_REVIEW_TODO, title: `验收整改报告：${p.title}`, link, entityType: 'rectification_order', entityId: order.id, assigneeOrgId: order.issuerOrgId, permission: 'supervision.manage', dueAt: reviewDueAt(project, now) });
    await notifyOrg(tx, order.issuerOrgId, { permission: 'supervision.manage' }, { title: `收到整改报告：${p.title}`, body: `${project.row.societyName}已报送整改报告，请验收。`, link, entityType: 'rectification_order', entityId: order.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'rectification.respond',
      entityType: 'rectification_order',
      entityId: order.id,
      ...auditScope(project),
      before: { status: order.status },
      after: { status: to, attachments: opts.attachmentIds.length },
    });
    return updated;
  });
}

/** SUP-7: the issuer accepts the rectification (closed, 销号) or returns it to be done again. */
export async function decideRectification(opts: { db: Db; actor: Actor; meta: RequestMeta; orderId: string; rowVersion: number; input: ReturnableDecisionInput }): Promise<RectificationRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { order, project } = await loadRectificationInScope(tx, actor, opts.orderId, true);
    requireIssuer(actor, project, order, '验收');
    requireImplementing(project);
    const to = applyEvent(rectificationLifecycle, order.status, input.decision === 'approve' ? 'accept' : 'return');
    assertRowVersion(order.rowVersion, opts.rowVersion, '该整改通知');
    const now = new Date();
    const comment = input.comment?.trim() || null;
    const [updated] = await tx
      .update(rectificationOrders)
      .set({ status: to, decisionComment: comment, decidedBy: actor.userId, decidedAt: now, ...(to === 'closed' ? { closedAt: now } : {}), rowVersion: sql`${rectificationOrders.rowVersion} + 1` })
      .where(and(eq(rectificationOrders.id, order.id), eq(rectificationOrders.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    const link = projectTabLink(p.id, 'rectification');
    await closeTodos(tx, { entityType: 'rectification_order', entityId: order.id, kind: RECTIFICATION_REVIEW_TODO }, actor.userId);
    if (to === 'returned') await openTodo(tx, respondTodo(project, updated, true));
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, {
      title: to === 'closed' ? `整改已验收销号：${p.title}` : `整改报告被退回，请重新整改：${p.title}`,
      body: comment,
      link,
      entityType: 'rectification_order',
      entityId: order.id,
    });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: to === 'closed' ? 'rectification.accept' : 'rectification.return',
      entityType: 'rectification_order',
      entityId: order.id,
      ...auditScope(project),
      before: { status: order.status },
      after: { status: to },
      reason: comment,
    });
    return updated;
  });
}

/** SUP-7: the issuer extends the deadline while the society is rectifying. */
export async function extendRectification(opts: { db: Db; actor: Actor; meta: RequestMeta; orderId: string; rowVersion: number; deadline: string; reason: string; today?: string }): Promise<RectificationRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { order, project } = await loadRectificationInScope(tx, actor, opts.orderId, true);
    requireIssuer(actor, project, order, '延长期限');
    requireImplementing(project);
    const to = applyEvent(rectificationLifecycle, order.status, 'extendDeadline');
    assertRowVersion(order.rowVersion, opts.rowVersion, '该整改通知');
    const problems = deadlineProblems(opts.deadline, opts.today ?? chinaToday(), order.deadline);
    if (problems.length) throw validationError(problems.map((e) => ({ path: `body.${e.path}`, message: e.message })));
    const [updated] = await tx
      .update(rectificationOrders)
      .set({ status: to, deadline: opts.deadline, overdueAlertedAt: null, rowVersion: sql`${rectificationOrders.rowVersion} + 1` })
      .where(and(eq(rectificationOrders.id, order.id), eq(rectificationOrders.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await closeTodos(tx, { entityType: 'rectification_order', entityId: order.id, kind: RECTIFICATION_RESPOND_TODO }, actor.userId);
    await openTodo(tx, respondTodo(project, updated, order.status === 'returned'));
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `整改期限延长至 ${opts.deadline}：${p.title}`, body: opts.reason, link: projectTabLink(p.id, 'rectification'), entityType: 'rectification_order', entityId: order.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'rectification.extend',
      entityType: 'rectification_order',
      entityId: order.id,
      ...auditScope(project),
      before: { status: order.status, deadline: order.deadline },
      after: { status: to, deadline: opts.deadline },
      reason: opts.reason,
    });
    return updated;
  });
}

export interface ClaimedRectification {
  id: string;
  projectId: string;
  deadline: string;
  status: string;
  title: string;
}

/**
 * SUP-7: alerts every order past its deadline and not closed, exactly once per deadline (the same
 * single-statement claim as the milestones): the three parties are notified.
 */
export async function runOverdueRectificationAlerts(db: Db, today: string = chinaToday()): Promise<ClaimedRectification[]> {
  return db.transaction(async (tx) => {
    const res = (await tx.execute(sql`
      UPDATE rectification_orders AS o
         SET overdue_alerted_at = now()
        FROM pilot_projects AS p
       WHERE p.id = o.project_id
         AND o.overdue_alerted_at IS NULL
         AND o.id IN (
           SELECT c.id FROM rectification_orders AS c JOIN pilot_projects AS cp ON cp.id = c.project_id
            WHERE cp.status = 'implementing'
              AND c.status <> 'closed'
              AND c.overdue_alerted_at IS NULL
              AND c.deadline < ${today}
            ORDER BY c.id
            FOR UPDATE OF c SKIP LOCKED)
      RETURNING o.id, o.project_id, o.deadline, o.status, p.title, p.department_id, p.society_id, p.association_id, p.association_path`)) as unknown as {
      rows: { id: string; project_id: string; deadline: string; status: string; title: string; department_id: string; society_id: string; association_id: string; association_path: string }[];
    };
    const who = whoFromActor(null, { ip: null, requestId: 'job:overdue-rectifications' });
    for (const r of res.rows) {
      const body = r.status === 'responded' ? `整改期限 ${r.deadline} 已过，整改报告尚待下达单位验收。` : `整改期限 ${r.deadline} 已过，承接单位尚未报送整改报告。`;
      for (const orgId of [r.department_id, r.society_id, r.association_id]) {
        await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `整改逾期：${r.title}`, body, link: projectTabLink(r.project_id, 'rectification'), entityType: 'rectification_order', entityId: r.id });
      }
      await appendAudit(tx, who, { action: 'rectification.overdueAlert', entityType: 'rectification_order', entityId: r.id, orgId: r.association_id, orgPath: r.association_path, after: { deadline: r.deadline, status: r.status, today } });
    }
    return res.rows.map((r) => ({ id: r.id, projectId: r.project_id, deadline: r.deadline, status: r.status, title: r.title }));
  });
}
