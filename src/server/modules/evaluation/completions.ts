// EVA-1, EVA-3 (issue 14): the completion (结项) of a pilot project — the rules are
// domain/evaluation/completion.ts. The society reports (a new round each time), the assessors the
// programme names decide in turn under the round's row lock, and the last verdict ends the project:
// 已完成 or 考核未通过. A failed completion is written into the society's yearly facts as a failed task
// (ORG-3), which SEL-3's `noFailedTask` tests in later selections (EVA-6).
import { and, desc, eq, max, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { changeRequests, majorMatters, milestones, pilotProjects, projectCompletions, rectificationOrders, taskBooks, type CompletionAssessment } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, DECIDERS_AND_SOCIETY } from '../../platform/notify.js';
import { mayDecide } from '../../../domain/supervision/approval-chain.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import {
  closingEvent,
  completionAssessorLabels,
  completionAssessors,
  completionDecisionLabels,
  completionLifecycle,
  completionReportProblems,
  completionReportRefusal,
  completionResult,
  completionVerdictLabels,
  projectStatusAfter,
  type CompletionAssessor,
  type CompletionDecisionInput,
  type CompletionReportInput,
  type CompletionState,
  type CompletionVerdict,
} from '../../../domain/evaluation/completion.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { openTermination } from '../supervision/terminations.js';
import { approverOrgs, deciderOf, partiesOf } from '../supervision/approvals.js';
import { linkAttachments } from '../supervision/supervision-attachments.js';
import { appendYearlyFacts, lockFacts } from '../societies/append-yearly-fact.js';

export type CompletionRow = typeof projectCompletions.$inferSelect;

const TYPE = 'project_completion' as const;
export const ASSESS_TODO = 'completion.assess' as const;
export const REVISE_TODO = 'completion.revise' as const;
export const completionLink = (projectId: string) => `/app/projects/${projectId}?tab=completion`;

export async function listCompletions(db: DbOrTx, projectId: string): Promise<CompletionRow[]> {
  return db.select().from(projectCompletions).where(eq(projectCompletions.projectId, projectId)).orderBy(desc(projectCompletions.round));
}

export async function loadCompletion(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ row: CompletionRow; project: ProjectInScope }> {
  const [first] = await tx.select({ projectId: projectCompletions.projectId }).from(projectCompletions).where(eq(projectCompletions.id, id));
  if (!first) throw new AppError('NOT_FOUND', '结项报告不存在');
  // the project first (its lock, then the round's): the order every writer of a project takes
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate: lock });
  const q = tx.select().from(projectCompletions).where(eq(projectCompletions.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return { row, project };
}

/** The task book in force (signed) and its KPIs; none when no book is in force. */
export async function bookInForce(db: DbOrTx, projectId: string): Promise<{ id: string; kpis: { name: string; target: number; unit: string }[] } | null> {
  const [book] = await db.select({ id: taskBooks.id, content: taskBooks.content }).from(taskBooks).where(and(eq(taskBooks.projectId, projectId), eq(taskBooks.status, 'signed')));
  if (!book) return null;
  const kpis = (book.content as TaskBookContent).project?.kpis ?? [];
  return { id: book.id, kpis: kpis.map((k) => ({ name: k.name, target: k.target, unit: k.unit })) };
}

/**
 * Why the project cannot report completion now (null: it can): it must be implemented with its
 * agreement in force, not being terminated, without a round being assessed, and with its work closed —
 * no key node still open, no rectification unfinished, no major matter or change still in approval.
 */
export async function reportRefusal(db: DbOrTx, project: ProjectInScope): Promise<string | null> {
  const p = project.row.p;
  const byStatus = completionReportRefusal(p.status);
  if (byStatus) return byStatus;
  if (await openTermination(db, p.id)) return '该项目有正在办理的中止事项，不能报告结项';
  const [open] = await db.select({ id: projectCompletions.id }).from(projectCompletions).where(and(eq(projectCompletions.projectId, p.id), eq(projectCompletions.status, 'assessing')));
  if (open) return '结项报告正在考核中';
  const count = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  const nodes = await count(db.select({ n: sql<number>`count(*)::int` }).from(milestones).where(and(eq(milestones.projectId, p.id), eq(milestones.status, 'open'))));
  if (nodes) return `尚有 ${nodes} 个关键节点未完成：请先报告其完成情况，或经任务书变更调整后再报告结项`;
  const rect = await count(db.select({ n: sql<number>`count(*)::int` }).from(rectificationOrders).where(and(eq(rectificationOrders.projectId, p.id), ne(rectificationOrders.status, 'closed'))));
  if (rect) return `尚有 ${rect} 项整改未验收，不能报告结项`;
  const matters = await count(db.select({ n: sql<number>`count(*)::int` }).from(majorMatters).where(and(eq(majorMatters.projectId, p.id), eq(majorMatters.status, 'approving'))));
  const changes = await count(db.select({ n: sql<number>`count(*)::int` }).from(changeRequests).where(and(eq(changeRequests.projectId, p.id), eq(changeRequests.status, 'approving'))));
  if (matters + changes) return '尚有重大事项或变更申请在审批中，不能报告结项';
  return null;
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

/** The organisations that assess a step: the approval chain's (a finance bureau: the one attached to the association). */
const assessorOrgs = (tx: DbOrTx, assessor: CompletionAssessor, project: ProjectInScope) => approverOrgs(tx, assessor, project);

/** a step waits: a to-do for its assessors with the programme's review deadline, and a notification. */
async function openAssessStep(tx: DbOrTx, project: ProjectInScope, row: { id: string; round: number }, assessor: CompletionAssessor, body: string): Promise<void> {
  const p = project.row.p;
  const orgs = await assessorOrgs(tx, assessor, project);
  if (!orgs.length) throw new AppError('INVALID_STATE', `本方案的结项考核需由${completionAssessorLabels[assessor]}办理，但${project.row.associationName}尚未登记${completionAssessorLabels[assessor]}`);
  const dueAt = addDays(new Date(), project.parameters.selectionDays.review);
  for (const orgId of orgs) {
    await openTodo(tx, { kind: ASSESS_TODO, title: `结项考核（${completionAssessorLabels[assessor]}）：${p.title}`, link: completionLink(p.id), entityType: TYPE, entityId: row.id, assigneeOrgId: orgId, permission: 'supervision.decide', dueAt });
    await notifyOrg(tx, orgId, { permission: 'supervision.decide' }, { title: `请进行结项考核：${p.title}`, body, link: completionLink(p.id), entityType: TYPE, entityId: row.id });
  }
}

/** EVA-1: the society reports completion — a new round, assessed by the programme's first assessor. */
export async function reportCompletion(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: CompletionReportInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    if (project.party !== 'society' || !actor.permissions.has('supervision.report')) throw new AppError('FORBIDDEN', '结项由承接学会报告');
    const refusal = await reportRefusal(tx, project);
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    const book = await bookInForce(tx, opts.projectId);
    if (!book) throw new AppError('INVALID_STATE', '项目没有生效的任务书，不能报告结项');
    const evaluators = project.parameters.evaluators;
    const problems = completionReportProblems(input, book.kpis.length, evaluators);
    if (problems.length) throw validationError(problems.map((e) => ({ path: `body.${e.path}`, message: e.message })));
    const steps = completionAssessors(evaluators);
    const [last] = await tx.select({ round: max(projectCompletions.round) }).from(projectCompletions).where(eq(projectCompletions.projectId, opts.projectId));
    const round = (last?.round ?? 0) + 1;
    const kpis = book.kpis.map((k, i) => ({ ...k, actual: input.kpis[i].actual, evidence: input.kpis[i].evidence }));
    const [row] = await tx
      .insert(projectCompletions)
      .values({
        projectId: opts.projectId,
        taskBookId: book.id,
        round,
        status: 'assessing',
        summary: input.summary,
        selfEvaluation: input.selfEvaluation ?? null,
        kpis,
        attachmentIds: input.attachmentIds,
        steps,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, row.id);
    // the previous round's request to revise is answered
    await closeTodos(tx, { entityType: 'pilot_project', entityId: opts.projectId, kind: REVISE_TODO }, actor.userId);
    const p = project.row.p;
    await openAssessStep(tx, project, row, steps[0], `${project.row.societyName}报告项目结项（第 ${round} 次），请考核。`);
    await audit(tx, actor, opts.meta, project, { action: 'completion.report', id: row.id, after: { status: 'assessing', round, steps, kpis: kpis.length, attachments: input.attachmentIds.length } });
    if (steps[0] !== 'department') {
      await notifyOrg(tx, p.departmentId, { permission: 'supervision.decide' }, { title: `承接学会报告结项：${p.title}`, body: `第 ${round} 次报告，待${completionAssessorLabels[steps[0]]}考核。`, link: completionLink(p.id), entityType: TYPE, entityId: row.id });
    }
    return row.id;
  });
}

/** EVA-1: the assessor of the waiting step passes, passes with conditions, fails or returns the report. */
export async function assessCompletion(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: CompletionDecisionInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadCompletion(tx, actor, opts.id, true);
    const p = project.row.p;
    if (row.status !== 'assessing') throw new AppError('INVALID_STATE', `该结项报告${completionLifecycle.states[row.status as CompletionState] ?? ''}，不在考核中`, { extra: { state: row.status } });
    // the round's project must still be implemented (a termination is refused while a round is assessed; this holds the line)
    const byStatus = completionReportRefusal(p.status);
    if (byStatus) throw new AppError('INVALID_STATE', byStatus.replace('不能报告结项', '不能进行结项考核'));
    if (row.rowVersion !== input.rowVersion) throw new AppError('CONFLICT', '结项考核已有新的进展，请刷新后重试', { extra: { currentVersion: row.rowVersion } });
    const step = row.assessments.length;
    const assessor = row.steps[step] as CompletionAssessor;
    if (!mayDecide(assessor, deciderOf(actor), partiesOf(project)) || !actor.permissions.has('supervision.decide')) {
      throw new AppError('FORBIDDEN', `当前步骤由${completionAssessorLabels[assessor]}考核`);
    }
    const assessment: CompletionAssessment = {
      step,
      assessor,
      verdict: input.decision,
      opinion: input.opinion ?? '',
      orgId: actor.orgId,
      orgName: actor.orgName,
      userId: actor.userId,
      userName: actor.displayName,
      at: new Date().toISOString(),
    };
    const assessments = [...row.assessments, assessment];
    const last = step === row.steps.length - 1;
    const result: CompletionVerdict | null = input.decision !== 'returned' && last ? completionResult(assessments.map((a) => a.verdict as CompletionVerdict)) : null;
    const to = applyEvent(completionLifecycle, row.status as CompletionState, input.decision === 'returned' ? 'return' : result ? closingEvent[result] : 'assessStep');
    const ends = to !== 'assessing';
    await tx
      .update(projectCompletions)
      .set({ status: to, assessments, ...(ends ? { closedAt: new Date() } : {}), rowVersion: sql`${projectCompletions.rowVersion} + 1` })
      .where(eq(projectCompletions.id, row.id));
    await closeTodos(tx, { entityType: TYPE, entityId: row.id, kind: ASSESS_TODO }, actor.userId);
    const link = completionLink(p.id);
    const verdict = `${actor.orgName}（${completionAssessorLabels[assessor]}）：${completionDecisionLabels[input.decision]}`;
    if (input.decision === 'returned') {
      await openTodo(tx, { kind: REVISE_TODO, title: `修改后重新报告结项：${p.title}`, link, entityType: 'pilot_project', entityId: p.id, assigneeOrgId: p.societyId, permission: 'supervision.report', dueAt: addDays(new Date(), project.parameters.selectionDays.declare) });
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `结项报告被退回修改：${p.title}`, body: `${verdict}。原因：${(input.opinion ?? '').slice(0, 200)}`, link, entityType: TYPE, entityId: row.id });
    } else if (!result) {
      await openAssessStep(tx, project, row, row.steps[step + 1] as CompletionAssessor, `${verdict}，请进行下一步结项考核。`);
    } else {
      const status = projectStatusAfter(result);
      await tx.update(pilotProjects).set({ status, version: sql`${pilotProjects.version} + 1` }).where(eq(pilotProjects.id, p.id));
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: result === 'failed' ? 'project.fail' : 'project.complete',
        entityType: 'pilot_project',
        entityId: p.id,
        orgId: p.associationId,
        orgPath: p.associationPath,
        before: { status: p.status },
        after: { status, completionId: row.id, result },
        reason: input.opinion ?? null,
      });
      if (result === 'failed') {
        // ORG-3 → SEL-3 noFailedTask (EVA-6): the failure is a fact of the society's year
        const today = chinaToday();
        const facts = await lockFacts(tx, p.societyId, Number(today.slice(0, 4)));
        await appendYearlyFacts(tx, actor, opts.meta, facts, { failedTasks: [{ description: `试点项目“${p.title}”结项考核未通过`, occurredOn: today }] }, {
          note: '因试点项目结项考核未通过记入未完成任务而建立；本年度年检结果尚待录入',
          reason: `试点项目结项考核未通过（第 ${row.round} 次报告）`,
        });
      }
      const title = `结项考核结果：${completionVerdictLabels[result]}：${p.title}`;
      for (const orgId of new Set([p.societyId, p.departmentId, p.associationId])) {
        await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, { title, body: `${verdict}。项目${result === 'failed' ? '结项考核未通过' : '已完成'}。`, link, entityType: TYPE, entityId: row.id });
      }
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'completion.assess',
      id: row.id,
      before: { status: row.status, step },
      after: { status: to, step, assessor, decision: input.decision, ...(result ? { result } : {}) },
      reason: input.opinion ?? null,
    });
  });
}

/** The society takes its report back before any assessor has decided. */
export async function withdrawCompletion(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadCompletion(tx, actor, opts.id, true);
    if (project.party !== 'society' || !actor.permissions.has('supervision.report')) throw new AppError('FORBIDDEN', '只有承接学会可以撤回结项报告');
    const to = applyEvent(completionLifecycle, row.status as CompletionState, 'withdraw');
    if (row.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '结项考核已有新的进展，请刷新后重试', { extra: { currentVersion: row.rowVersion } });
    if (row.assessments.length) throw new AppError('INVALID_STATE', '已有考核意见，不能撤回');
    await tx.update(projectCompletions).set({ status: to, closedAt: new Date(), rowVersion: sql`${projectCompletions.rowVersion} + 1` }).where(eq(projectCompletions.id, row.id));
    await closeTodos(tx, { entityType: TYPE, entityId: row.id, kind: ASSESS_TODO }, actor.userId);
    const p = project.row.p;
    for (const orgId of await assessorOrgs(tx, row.steps[0] as CompletionAssessor, project)) {
      await notifyOrg(tx, orgId, { permission: 'supervision.decide' }, { title: `结项报告已撤回：${p.title}`, body: `${actor.orgName}已撤回第 ${row.round} 次结项报告。`, link: completionLink(p.id), entityType: TYPE, entityId: row.id });
    }
    await audit(tx, actor, opts.meta, project, { action: 'completion.withdraw', id: row.id, before: { status: row.status }, after: { status: to } });
  });
}
