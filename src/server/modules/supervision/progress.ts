// SUP-2: progress reports (进展报告). The society files a report against a milestone or in
// general, with evidence; a report may declare its milestone complete, which completes the
// milestone in the same transaction (and closes its overdue to-do). The department or the
// coordinating association acknowledges it (已阅) with an optional comment. PUB-1: the coordinating
// association chooses acknowledged reports for the public portal (with a public summary) and may
// withdraw them from there, with a reason.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { milestones, progressReports } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { milestoneLifecycle, type MilestoneState } from '../../../domain/supervision/milestone.rules.js';
import { progressDisclosureRefusal, progressReportLifecycle, progressReportProblems, type ProgressReportInput, type ProgressReportState } from '../../../domain/supervision/progress-report.lifecycle.js';
import { disclosureLifecycle } from '../../../domain/supervision/disclosure.lifecycle.js';
import { searchVector } from '../../platform/search.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { MILESTONE_OVERDUE_TODO, findMilestone } from './milestones.js';
import { assertRowVersion, auditScope, requireImplementing, requireParty } from './supervision-guards.js';
import { linkAttachments } from './supervision-attachments.js';
import { projectTabLink, reviewDueAt } from './supervision-todos.js';

export type ProgressReportRow = typeof progressReports.$inferSelect;

/** the department and the association read a report (either one's acknowledgement closes both). */
export const PROGRESS_ACK_TODO = 'progress.acknowledge';

export async function findProgressReport(db: DbOrTx, id: string, forUpdate = false): Promise<ProgressReportRow | undefined> {
  const q = db.select().from(progressReports).where(eq(progressReports.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The project's reports (or the one named) with the name of the milestone each reports on, newest first. */
export async function reportsOfProject(db: DbOrTx, projectId: string, onlyId?: string): Promise<(ProgressReportRow & { milestoneName: string | null })[]> {
  const rows = await db
    .select({ r: progressReports, milestoneName: milestones.name })
    .from(progressReports)
    .leftJoin(milestones, eq(milestones.id, progressReports.milestoneId))
    .where(onlyId ? and(eq(progressReports.projectId, projectId), eq(progressReports.id, onlyId)) : eq(progressReports.projectId, projectId))
    .orderBy(desc(progressReports.submittedAt), desc(progressReports.id));
  return rows.map((x) => ({ ...x.r, milestoneName: x.milestoneName }));
}

export async function loadReportInScope(tx: DbOrTx, actor: Actor, id: string, forUpdate: boolean): Promise<{ report: ProgressReportRow; project: ProjectInScope }> {
  const first = await findProgressReport(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '进展报告不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate });
  const report = forUpdate ? (await findProgressReport(tx, id, true))! : first;
  return { report, project };
}

/** SUP-2: the society files a progress report (against a milestone, or general). */
export async function submitProgressReport(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: ProgressReportInput }): Promise<ProgressReportRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    requireParty(project, ['society'], '进展报告由项目承接单位（学会）报送');
    requireImplementing(project);
    const p = project.row.p;
    const milestone = input.milestoneId ? await findMilestone(tx, input.milestoneId, p.id, true) : undefined;
    const problems = progressReportProblems(input, milestone?.status as MilestoneState | undefined);
    if (problems.length) throw validationError(problems.map((e) => ({ path: `body.${e.path}`, message: e.message })));
    const [report] = await tx
      .insert(progressReports)
      .values({
        projectId: p.id,
        milestoneId: input.milestoneId,
        completesMilestone: input.completesMilestone,
        title: input.title,
        body: input.body,
        attachmentIds: input.attachmentIds,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'progress_report', report.id);
    const now = new Date();
    if (milestone && input.completesMilestone) {
      const to = applyEvent(milestoneLifecycle, milestone.status, 'complete');
      await tx
        .update(milestones)
        .set({ status: to, completedAt: now, completedByReportId: report.id, updatedAt: now, rowVersion: sql`${milestones.rowVersion} + 1` })
        .where(eq(milestones.id, milestone.id));
      await closeTodos(tx, { entityType: 'milestone', entityId: milestone.id, kind: MILESTONE_OVERDUE_TODO }, actor.userId);
    }
    const link = projectTabLink(p.id, 'progress');
    const what = milestone ? `关键节点“${milestone.name}”${input.completesMilestone ? '已完成' : '进展'}` : '项目进展';
    for (const orgId of [p.departmentId, p.associationId]) {
      await openTodo(tx, { kind: PROGRESS_ACK_TODO, title: `阅知进展报告：${input.title}（${p.title}）`, link, entityType: 'progress_report', entityId: report.id, assigneeOrgId: orgId, permission: 'supervision.manage', dueAt: reviewDueAt(project, now) });
      await notifyOrg(tx, orgId, { permission: 'supervision.manage' }, { title: `收到进展报告：${p.title}`, body: `${project.row.societyName}报送${what}：${input.title}`, link, entityType: 'progress_report', entityId: report.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'progress.submit',
      entityType: 'progress_report',
      entityId: report.id,
      ...auditScope(project),
      after: { projectId: p.id, title: input.title, milestoneId: input.milestoneId, completesMilestone: input.completesMilestone, attachments: input.attachmentIds.length },
    });
    if (milestone && input.completesMilestone) {
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: 'milestone.complete',
        entityType: 'milestone',
        entityId: milestone.id,
        ...auditScope(project),
        before: { status: milestone.status },
        after: { status: 'completed', reportId: report.id },
      });
    }
    return report;
  });
}

/** SUP-2: the department or the coordinating association acknowledges a report. */
export async function acknowledgeProgressReport(opts: { db: Db; actor: Actor; meta: RequestMeta; reportId: string; rowVersion: number; comment?: string | null }): Promise<ProgressReportRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { report, project } = await loadReportInScope(tx, actor, opts.reportId, true);
    requireParty(project, ['department', 'association'], '进展报告由项目委托单位或协调单位阅知');
    requireImplementing(project);
    const to = applyEvent(progressReportLifecycle, report.status, 'acknowledge');
    assertRowVersion(report.rowVersion, opts.rowVersion, '该进展报告');
    const comment = opts.comment?.trim() || null;
    const [updated] = await tx
      .update(progressReports)
      .set({ status: to, acknowledgedBy: actor.userId, acknowledgedByOrgId: actor.orgId, acknowledgedAt: new Date(), acknowledgeComment: comment, rowVersion: sql`${progressReports.rowVersion} + 1` })
      .where(and(eq(progressReports.id, report.id), eq(progressReports.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await closeTodos(tx, { entityType: 'progress_report', entityId: report.id, kind: PROGRESS_ACK_TODO }, actor.userId);
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `进展报告已阅：${report.title}`, body: comment ? `${actor.orgName}意见：${comment}` : `${actor.orgName}已阅。`, link: projectTabLink(p.id, 'progress'), entityType: 'progress_report', entityId: report.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'progress.acknowledge',
      entityType: 'progress_report',
      entityId: report.id,
      ...auditScope(project),
      before: { status: report.status },
      after: { status: to },
      reason: comment,
    });
    return updated;
  });
}

/** a disclosed report's search vector — its title and public summary, never the internal body. */
export const progressVector = (title: string, publicSummary: string | null) => searchVector(title, publicSummary);

/**
 * PUB-1 (001 §5(4) 信息公开, 002 §7): the coordinating association publishes an acknowledged report on
 * the public portal — the portal shows the public summary, or the report itself when none is given —
 * or withdraws it from there with a reason; a withdrawn report may be published again. Not tied to
 * the project being implemented: what was disclosed may be withdrawn after termination or completion.
 */
export async function changeProgressDisclosure(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  reportId: string;
  rowVersion: number;
  event: 'publish' | 'withdraw';
  publicSummary?: string | null;
  reason?: string;
}): Promise<ProgressReportRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { report, project } = await loadReportInScope(tx, actor, opts.reportId, true);
    requireParty(project, ['association'], '进展报告的公开由项目协调单位（科协）决定');
    if (opts.event === 'publish') {
      const refusal = progressDisclosureRefusal(report.status as ProgressReportState);
      if (refusal) throw new AppError('INVALID_STATE', refusal, { extra: { state: report.status, event: 'publish' } });
    }
    const to = applyEvent(disclosureLifecycle, report.disclosure, opts.event);
    assertRowVersion(report.rowVersion, opts.rowVersion, '该进展报告');
    const now = new Date();
    const summary = opts.publicSummary?.trim() || null;
    const [updated] = await tx
      .update(progressReports)
      .set({
        disclosure: to,
        ...(opts.event === 'publish' ? { publicSummary: summary, publishedAt: now, publishedBy: actor.userId, withdrawnAt: null, search: progressVector(report.title, summary) } : { withdrawnAt: now, search: null }),
        rowVersion: sql`${progressReports.rowVersion} + 1`,
      })
      .where(and(eq(progressReports.id, report.id), eq(progressReports.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, {
      title: opts.event === 'publish' ? `进展报告已在门户网站公开：${report.title}` : `进展报告已从门户网站撤回：${report.title}`,
      body: opts.event === 'publish' ? `${actor.orgName}已将该进展报告${summary ? '的公开摘要' : ''}在门户网站公开。` : `${actor.orgName}撤回公开，原因：${opts.reason ?? ''}`,
      link: projectTabLink(p.id, 'progress'),
      entityType: 'progress_report',
      entityId: report.id,
    });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: opts.event === 'publish' ? 'progress.publish' : 'progress.withdrawDisclosure',
      entityType: 'progress_report',
      entityId: report.id,
      ...auditScope(project),
      before: { disclosure: report.disclosure, publicSummary: report.publicSummary },
      after: { disclosure: to, publicSummary: opts.event === 'publish' ? summary : report.publicSummary },
      reason: opts.reason ?? null,
    });
    return updated;
  });
}
