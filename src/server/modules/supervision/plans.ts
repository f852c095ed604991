// SUP-1: the implementation plan (实施方案). The society submits a version; the commissioning
// department approves it or returns it with comments; the society then submits a new version.
// Every version is a row and stays readable; approving a later version supersedes the one in force.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { implementationPlans } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, PROJECT_PARTIES } from '../../platform/notify.js';
import { planLifecycle, planSubmissionRefusal, type PlanInput, type PlanState } from '../../../domain/supervision/plan.lifecycle.js';
import type { ReturnableDecisionInput } from '../../../domain/supervision/common.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { assertRowVersion, auditScope, requireImplementing, requireParty } from './supervision-guards.js';
import { linkAttachments } from './supervision-attachments.js';
import { prepareDueAt, projectTabLink, reviewDueAt } from './supervision-todos.js';

export type PlanRow = typeof implementationPlans.$inferSelect;

/** the department reviews a submitted version. */
export const PLAN_REVIEW_TODO = 'plan.review';
/** the society submits its (first or revised) plan; the to-do hangs off the project. */
export const PLAN_SUBMIT_TODO = 'plan.submit';

export async function findPlan(db: DbOrTx, id: string, forUpdate = false): Promise<PlanRow | undefined> {
  const q = db.select().from(implementationPlans).where(eq(implementationPlans.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function plansOfProject(db: DbOrTx, projectId: string): Promise<PlanRow[]> {
  return db.select().from(implementationPlans).where(eq(implementationPlans.projectId, projectId)).orderBy(asc(implementationPlans.version));
}

async function latestPlan(tx: DbOrTx, projectId: string): Promise<PlanRow | undefined> {
  const [row] = await tx.select().from(implementationPlans).where(eq(implementationPlans.projectId, projectId)).orderBy(desc(implementationPlans.version)).limit(1);
  return row;
}

/** Loads a plan and its project in the actor's scope (the project row locked first when writing). */
export async function loadPlanInScope(tx: DbOrTx, actor: Actor, id: string, forUpdate: boolean): Promise<{ plan: PlanRow; project: ProjectInScope }> {
  const first = await findPlan(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '实施方案不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate });
  const plan = forUpdate ? (await findPlan(tx, id, true))! : first;
  return { plan, project };
}

/** SUP-1: the society submits a version (the first one, or a revision after a return or of the plan in force). */
export async function submitPlan(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: PlanInput }): Promise<PlanRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    requireParty(project, ['society'], '实施方案由项目承接单位（学会）提交');
    requireImplementing(project);
    const latest = await latestPlan(tx, opts.projectId);
    const refusal = planSubmissionRefusal((latest?.status as PlanState | undefined) ?? null);
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    const p = project.row.p;
    const [plan] = await tx
      .insert(implementationPlans)
      .values({
        projectId: p.id,
        version: (latest?.version ?? 0) + 1,
        content: input.content,
        revisionNote: input.revisionNote?.trim() || null,
        attachmentIds: input.attachmentIds,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'implementation_plan', plan.id);
    const link = projectTabLink(p.id, 'plan');
    await closeTodos(tx, { entityType: 'pilot_project', entityId: p.id, kind: PLAN_SUBMIT_TODO }, actor.userId);
    await openTodo(tx, {
      kind: PLAN_REVIEW_TODO,
      title: `审查实施方案（第 ${plan.version} 版）：${p.title}`,
      link,
      entityType: 'implementation_plan',
      entityId: plan.id,
      assigneeOrgId: p.departmentId,
      permission: 'supervision.decide',
      dueAt: reviewDueAt(project),
    });
    await notifyOrg(tx, p.departmentId, { permission: 'supervision.decide' }, { title: `实施方案待审查（第 ${plan.version} 版）：${p.title}`, body: `${project.row.societyName}已提交实施方案，请审查。`, link, entityType: 'implementation_plan', entityId: plan.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'plan.submit',
      entityType: 'implementation_plan',
      entityId: plan.id,
      ...auditScope(project),
      before: latest ? { previousVersion: latest.version, previousStatus: latest.status } : null,
      after: { projectId: p.id, version: plan.version, status: plan.status, attachments: input.attachmentIds.length },
      reason: plan.revisionNote,
    });
    return plan;
  });
}

/** SUP-1: the commissioning department approves the version or returns it with comments. */
export async function decidePlan(opts: { db: Db; actor: Actor; meta: RequestMeta; planId: string; rowVersion: number; input: ReturnableDecisionInput }): Promise<PlanRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { plan, project } = await loadPlanInScope(tx, actor, opts.planId, true);
    requireParty(project, ['department'], '实施方案由项目委托单位审查');
    requireImplementing(project);
    const to = applyEvent(planLifecycle, plan.status, input.decision === 'approve' ? 'approve' : 'return');
    assertRowVersion(plan.rowVersion, opts.rowVersion, '该实施方案');
    const p = project.row.p;
    let superseded: PlanRow | undefined;
    if (to === 'approved') {
      [superseded] = await tx.select().from(implementationPlans).where(and(eq(implementationPlans.projectId, p.id), eq(implementationPlans.status, 'approved'))).for('update');
      if (superseded) {
        applyEvent(planLifecycle, superseded.status, 'supersede');
        await tx.update(implementationPlans).set({ status: 'superseded', rowVersion: sql`${implementationPlans.rowVersion} + 1` }).where(eq(implementationPlans.id, superseded.id));
      }
    }
    const now = new Date();
    const [updated] = await tx
      .update(implementationPlans)
      .set({ status: to, decidedBy: actor.userId, decidedByName: actor.displayName, decidedAt: now, decisionComment: input.comment?.trim() || null, rowVersion: sql`${implementationPlans.rowVersion} + 1` })
      .where(and(eq(implementationPlans.id, plan.id), eq(implementationPlans.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const link = projectTabLink(p.id, 'plan');
    await closeTodos(tx, { entityType: 'implementation_plan', entityId: plan.id, kind: PLAN_REVIEW_TODO }, actor.userId);
    if (to === 'returned') {
      await openTodo(tx, {
        kind: PLAN_SUBMIT_TODO,
        title: `修改并重新提交实施方案：${p.title}`,
        link,
        entityType: 'pilot_project',
        entityId: p.id,
        assigneeOrgId: p.societyId,
        permission: 'supervision.report',
        dueAt: prepareDueAt(project, now),
      });
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `实施方案（第 ${plan.version} 版）被退回修改：${p.title}`, body: updated.decisionComment, link, entityType: 'implementation_plan', entityId: plan.id });
    } else {
      for (const orgId of [p.societyId, p.associationId]) {
        await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `实施方案（第 ${plan.version} 版）已审查通过：${p.title}`, body: updated.decisionComment, link, entityType: 'implementation_plan', entityId: plan.id });
      }
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: input.decision === 'approve' ? 'plan.approve' : 'plan.return',
      entityType: 'implementation_plan',
      entityId: plan.id,
      ...auditScope(project),
      before: { status: plan.status },
      after: { status: to, version: plan.version, ...(superseded ? { superseded: superseded.id, supersededVersion: superseded.version } : {}) },
      reason: updated.decisionComment,
    });
    return updated;
  });
}
