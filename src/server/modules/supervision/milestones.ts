// SUP-2: milestones (关键节点) come from the schedule of the task book in force. When a version
// comes into force (all three signed, TB-4; again after a change, SUP-5) the signing transaction
// calls `milestonesOnTaskBookSigned`, which reconciles the project's milestones with the schedule
// by name (domain/supervision/milestone.rules.ts): reported nodes are kept, open ones follow the new
// dates, vanished ones are cancelled, new ones are added.
//
// The overdue alert (002 §5 关键节点控制): `runOverdueMilestoneAlerts` claims every open milestone
// past its due date that has not been alerted yet with ONE statement —
//   UPDATE milestones … SET overdue_alerted_at = now() WHERE … overdue_alerted_at IS NULL … RETURNING
// — and in the same transaction notifies the three parties and opens a to-do for the society. Two
// processes running it at once cannot both claim a row: the statement locks the rows it claims
// (FOR UPDATE … SKIP LOCKED, in id order), so the other process skips a row being claimed, and a row
// whose claim has committed no longer has `overdue_alerted_at IS NULL`. If a claiming transaction
// rolls back (its notifications with it), the row is unclaimed and the next run alerts it. Skipping
// instead of waiting also means two runs never deadlock on each other's rows.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { implementationPlans, milestones, pilotProjects, programmes, progressReports } from '../../db/schema.js';
import type { RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, PROJECT_PARTIES } from '../../platform/notify.js';
import type { Job } from '../../platform/jobs.js';
import { milestoneLifecycle, reconcileMilestones, type MilestoneState } from '../../../domain/supervision/milestone.rules.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { onTaskBookSigned, type OnTaskBookSigned } from '../taskbooks/taskbooks.js';
import { PLAN_SUBMIT_TODO } from './plans.js';
import { projectTabLink } from './supervision-todos.js';
import { runOverdueRectificationAlerts } from './rectification.js';

export type MilestoneRecord = typeof milestones.$inferSelect;

/** X-2: the society reports on an overdue node. */
export const MILESTONE_OVERDUE_TODO = 'milestone.overdue';

const jobMeta = (job: string): RequestMeta => ({ ip: null, requestId: `job:${job}` });

export async function milestonesOfProject(db: DbOrTx, projectId: string): Promise<(MilestoneRecord & { reportCount: number })[]> {
  const rows = await db.select().from(milestones).where(eq(milestones.projectId, projectId)).orderBy(asc(milestones.position), asc(milestones.createdAt));
  const counts = await db
    .select({ milestoneId: progressReports.milestoneId, n: sql<number>`count(*)::int` })
    .from(progressReports)
    .where(and(eq(progressReports.projectId, projectId), isNotNull(progressReports.milestoneId)))
    .groupBy(progressReports.milestoneId);
  const byId = new Map(counts.map((c) => [c.milestoneId, Number(c.n)]));
  return rows.map((m) => ({ ...m, reportCount: byId.get(m.id) ?? 0 }));
}

/**
 * SUP-2 + SUP-5: called inside the signing transaction when a task book version comes into force.
 * Also, for the first version in force, the society's first step: submitting its implementation plan.
 */
export const milestonesOnTaskBookSigned: OnTaskBookSigned = async (tx, e) => {
  const content = e.taskBook.content as TaskBookContent;
  const existing = await tx.select().from(milestones).where(eq(milestones.projectId, e.projectId)).orderBy(asc(milestones.position)).for('update');
  const plan = reconcileMilestones(
    existing.map((m) => ({ id: m.id, name: m.name, dueOn: m.dueOn, deliverable: m.deliverable, position: m.position, status: m.status as MilestoneState })),
    content.project?.schedule ?? [],
  );
  const now = new Date();
  if (plan.insert.length) {
    await tx.insert(milestones).values(plan.insert.map((d) => ({ projectId: e.projectId, taskBookId: e.taskBook.id, taskBookVersion: e.taskBook.version, position: d.position, name: d.name, dueOn: d.dueOn, deliverable: d.deliverable })));
  }
  for (const u of plan.update) {
    applyEvent(milestoneLifecycle, existing.find((x) => x.id === u.id)!.status, 'reschedule');
    await tx
      .update(milestones)
      .set({
        dueOn: u.dueOn,
        deliverable: u.deliverable,
        position: u.position,
        taskBookId: e.taskBook.id,
        taskBookVersion: e.taskBook.version,
        updatedAt: now,
        rowVersion: sql`${milestones.rowVersion} + 1`,
        ...(u.resetAlert ? { overdueAlertedAt: null } : {}),
      })
      .where(eq(milestones.id, u.id));
    // a new due date: the overdue to-do of the old date is no longer due
    if (u.resetAlert) await closeTodos(tx, { entityType: 'milestone', entityId: u.id, kind: MILESTONE_OVERDUE_TODO }, e.actor.userId);
  }
  if (plan.cancel.length) {
    for (const id of plan.cancel) {
      applyEvent(milestoneLifecycle, existing.find((x) => x.id === id)!.status, 'cancel');
      await closeTodos(tx, { entityType: 'milestone', entityId: id, kind: MILESTONE_OVERDUE_TODO }, e.actor.userId);
    }
    await tx.update(milestones).set({ status: 'cancelled', cancelledAt: now, updatedAt: now, rowVersion: sql`${milestones.rowVersion} + 1` }).where(and(inArray(milestones.id, plan.cancel), eq(milestones.status, 'open')));
  }
  const [p] = await tx
    .select({ p: pilotProjects, parameters: programmes.parameters })
    .from(pilotProjects)
    .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
    .where(eq(pilotProjects.id, e.projectId));
  await appendAudit(tx, whoFromActor(e.actor, e.meta), {
    action: 'milestone.reconcile',
    entityType: 'pilot_project',
    entityId: e.projectId,
    orgId: p.p.associationId,
    orgPath: p.p.associationPath,
    before: e.previous ? { taskBookVersion: e.previous.version } : null,
    after: {
      taskBookVersion: e.taskBook.version,
      inserted: plan.insert.map((d) => `${d.name}（${d.dueOn}）`),
      updated: plan.update.map((u) => `${existing.find((m) => m.id === u.id)?.name ?? u.id}${u.resetAlert ? `（改为 ${u.dueOn}）` : ''}`),
      cancelled: plan.cancel.map((id) => existing.find((m) => m.id === id)?.name ?? id),
      kept: plan.keep.length,
    },
  });
  // SUP-1: the first task book in force asks the society for its implementation plan.
  if (!e.previous) {
    const [anyPlan] = await tx.select({ id: implementationPlans.id }).from(implementationPlans).where(eq(implementationPlans.projectId, e.projectId)).limit(1);
    if (!anyPlan) {
      const parameters = p.parameters as ProgrammeParameters;
      await openTodo(tx, {
        kind: PLAN_SUBMIT_TODO,
        title: `提交实施方案：${p.p.title}`,
        link: projectTabLink(e.projectId, 'plan'),
        entityType: 'pilot_project',
        entityId: e.projectId,
        assigneeOrgId: p.p.societyId,
        permission: 'supervision.report',
        dueAt: addDays(now, parameters.selectionDays.declare),
      });
    }
  }
};

/** Registers the reconciliation with the task book signing (idempotent; modules/hooks.ts registers it). */
export function registerMilestoneHooks(): void {
  onTaskBookSigned(milestonesOnTaskBookSigned);
}

export interface ClaimedMilestone {
  id: string;
  projectId: string;
  name: string;
  dueOn: string;
  title: string;
  departmentId: string;
  societyId: string;
  associationId: string;
  associationPath: string;
  /** the programme's selectionDays.declare: the society's time to report once alerted */
  prepareDays: number;
}

/**
 * SUP-2: alerts every overdue milestone exactly once (see the header). `today` is the China
 * calendar day; a milestone due on `today` is not yet overdue. Returns the milestones alerted now.
 */
export async function runOverdueMilestoneAlerts(db: Db, today: string = chinaToday()): Promise<ClaimedMilestone[]> {
  return db.transaction(async (tx) => {
    const res = (await tx.execute(sql`
      UPDATE milestones AS m
         SET overdue_alerted_at = now()
        FROM pilot_projects AS p
       WHERE p.id = m.project_id
         AND m.overdue_alerted_at IS NULL
         AND m.id IN (
           SELECT c.id FROM milestones AS c JOIN pilot_projects AS cp ON cp.id = c.project_id
            WHERE cp.status = 'implementing'
              AND c.status = 'open'
              AND c.overdue_alerted_at IS NULL
              AND c.due_on < ${today}
              AND NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.milestone_id = c.id AND r.completes_milestone)
            ORDER BY c.id
            FOR UPDATE OF c SKIP LOCKED)
      RETURNING m.id, m.project_id, m.name, m.due_on, p.title, p.department_id, p.society_id, p.association_id, p.association_path,
        (SELECT (g.parameters -> 'selectionDays' ->> 'declare')::int FROM programmes g WHERE g.id = p.programme_id) AS prepare_days`)) as unknown as {
      rows: { id: string; project_id: string; name: string; due_on: string; title: string; department_id: string; society_id: string; association_id: string; association_path: string; prepare_days: number }[];
    };
    const claimed: ClaimedMilestone[] = res.rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      name: r.name,
      dueOn: r.due_on,
      title: r.title,
      departmentId: r.department_id,
      societyId: r.society_id,
      associationId: r.association_id,
      associationPath: r.association_path,
      prepareDays: Number(r.prepare_days),
    }));
    const who = whoFromActor(null, jobMeta('overdue-milestones'));
    for (const m of claimed) {
      const link = projectTabLink(m.projectId, 'progress');
      for (const orgId of [m.departmentId, m.societyId, m.associationId]) {
        await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `关键节点已逾期：${m.title}`, body: `关键节点“${m.name}”应于 ${m.dueOn} 完成，至今未报告完成。`, link, entityType: 'milestone', entityId: m.id });
      }
      await openTodo(tx, {
        kind: MILESTONE_OVERDUE_TODO,
        title: `关键节点逾期，请报送进展：${m.name}（${m.title}）`,
        link,
        entityType: 'milestone',
        entityId: m.id,
        assigneeOrgId: m.societyId,
        permission: 'supervision.report',
        // the society has the programme's preparation period to report (the milestone itself is past)
        dueAt: addDays(new Date(), m.prepareDays),
      });
      await appendAudit(tx, who, {
        action: 'milestone.overdueAlert',
        entityType: 'milestone',
        entityId: m.id,
        orgId: m.associationId,
        orgPath: m.associationPath,
        after: { projectId: m.projectId, name: m.name, dueOn: m.dueOn, today },
      });
    }
    return claimed;
  });
}

/** The periodic job (platform/jobs.ts): overdue milestones, then overdue rectification orders. */
export function overdueAlertsJob(db: Db): Job {
  return {
    name: 'overdue-alerts',
    run: async (now) => {
      const today = chinaToday(now);
      const m = await runOverdueMilestoneAlerts(db, today);
      const r = await runOverdueRectificationAlerts(db, today);
      return { milestones: m.length, rectifications: r.length };
    },
  };
}

/** Reports against a milestone, used when a report completes it. */
export async function findMilestone(tx: DbOrTx, id: string, projectId: string, forUpdate = false): Promise<MilestoneRecord | undefined> {
  const q = tx.select().from(milestones).where(and(eq(milestones.id, id), eq(milestones.projectId, projectId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
