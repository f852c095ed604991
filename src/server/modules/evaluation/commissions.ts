// EVA-2, EVA-3 (issue 14): the association commissions a third-party evaluator; the evaluator's staff
// score the commissioned projects and report; the association accepts or returns each report and may
// publish an accepted one (PUB-1). The rules are domain/evaluation/performance.ts; which projects the
// evaluator reads while the commission runs is projects/projects.ts (commissionedProjects).
//
// Locks: a commission's row first, then the report's; a report is saved under its row version.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { evaluationCommissions, organisations, performanceEvaluations, pilotProjects, programmes } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import {
  commissionRunsOn,
  defaultPerformanceScoring,
  performanceLifecycle,
  scoreProject,
  type CommissionInput,
  type PerformanceDecisionInput,
  type PerformanceState,
  type ProgrammeEvaluationInput,
  type ProjectEvaluationInput,
} from '../../../domain/evaluation/performance.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { linkAttachments } from '../supervision/supervision-attachments.js';
import { appendYearlyFacts, lockFacts } from '../societies/append-yearly-fact.js';
import { bookInForce } from './completions.js';

export type CommissionRow = typeof evaluationCommissions.$inferSelect;
export type PerformanceRow = typeof performanceEvaluations.$inferSelect;

export const PERFORM_TODO = 'evaluation.perform' as const;
export const REVIEW_TODO = 'evaluation.review' as const;
export const commissionLink = (id: string) => `/app/evaluation-commissions/${id}`;

export const scoringOf = (parameters: unknown) => (parameters as ProgrammeParameters).performanceScoring ?? defaultPerformanceScoring;

/** May the actor read this commission: its association's staff (and those above), or the evaluator's. */
export function mayReadCommission(actor: Actor, c: Pick<CommissionRow, 'evaluatorOrgId' | 'associationPath'>): boolean {
  if (actor.orgType === 'evaluator') return actor.orgId === c.evaluatorOrgId && actor.permissions.has('evaluation.perform');
  return actor.orgType === 'association' && (actor.permissions.has('evaluation.commission') || actor.permissions.has('project.read')) && isInScope(actor.scopePath, c.associationPath);
}

/** Manages it: the commissioning association itself, with the right. */
export const managesCommission = (actor: Actor, c: Pick<CommissionRow, 'associationId'>): boolean => actor.orgId === c.associationId && actor.permissions.has('evaluation.commission');
/** Performs it: the commissioned evaluator's staff, while it runs. */
export const performsCommission = (actor: Actor, c: CommissionRow): boolean => actor.orgId === c.evaluatorOrgId && actor.permissions.has('evaluation.perform') && commissionRunsOn(c, chinaToday());

export async function loadCommission(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<CommissionRow> {
  const q = db.select().from(evaluationCommissions).where(eq(evaluationCommissions.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', '评估委托不存在');
  if (!mayReadCommission(actor, row)) throw new AppError('OUT_OF_SCOPE', '该评估委托不在本单位数据范围内', { extra: { entityType: 'evaluation_commission', entityId: id } });
  return row;
}

/** The projects a commission covers (every project of its programme, or the chosen ones). */
export async function commissionProjectIds(db: DbOrTx, c: CommissionRow): Promise<string[]> {
  if (c.scope === 'projects') return c.projectIds;
  const rows = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(eq(pilotProjects.programmeId, c.programmeId)).orderBy(pilotProjects.selectedAt, pilotProjects.id);
  return rows.map((r) => r.id);
}

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, c: CommissionRow, e: { action: string; entityType: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: e.entityType, entityId: e.id, orgId: c.associationId, orgPath: c.associationPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

/** EVA-2: the association commissions an evaluator of its subtree for its programme or some of its projects. */
export async function createCommission(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: CommissionInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const prog = await assertMayReadProgramme(tx, actor, opts.programmeId);
    if (prog.p.associationId !== actor.orgId || !actor.permissions.has('evaluation.commission')) throw new AppError('FORBIDDEN', '第三方评估由制定方案的科协委托');
    if (prog.p.status === 'draft') throw new AppError('INVALID_STATE', '方案尚未发布，不能委托评估');
    if (prog.p.kind !== 'transferPilot') throw new AppError('INVALID_STATE', '能力提升计划的项目由科协会同财政局评估验收，不在此委托');
    const [evaluator] = await tx.select().from(organisations).where(eq(organisations.id, input.evaluatorOrgId));
    if (!evaluator || evaluator.type !== 'evaluator' || !evaluator.isActive || !evaluator.path.startsWith(prog.associationPath)) {
      throw validationError([{ path: 'body.evaluatorOrgId', message: '请选择本科协登记的第三方评估机构' }]);
    }
    if (input.scope === 'projects') {
      const found = await tx.select({ id: pilotProjects.id }).from(pilotProjects).where(and(eq(pilotProjects.programmeId, prog.p.id), inArray(pilotProjects.id, input.projectIds)));
      const ok = new Set(found.map((r) => r.id));
      const bad = input.projectIds.map((id, i) => (ok.has(id) ? null : { path: `body.projectIds.${i}`, message: '该项目不是本方案的试点项目' })).filter((e) => e !== null);
      if (bad.length) throw validationError(bad);
    }
    const [row] = await tx
      .insert(evaluationCommissions)
      .values({
        programmeId: prog.p.id,
        associationId: prog.p.associationId,
        associationPath: prog.associationPath,
        evaluatorOrgId: evaluator.id,
        title: input.title,
        scope: input.scope,
        projectIds: input.projectIds,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        note: input.note ?? null,
        createdBy: actor.userId,
        createdByName: actor.displayName,
      })
      .returning();
    const link = commissionLink(row.id);
    await openTodo(tx, { kind: PERFORM_TODO, title: `开展第三方评估：${input.title}`, link, entityType: 'evaluation_commission', entityId: row.id, assigneeOrgId: evaluator.id, permission: 'evaluation.perform', dueAt: new Date(`${input.endsOn}T23:59:59+08:00`) });
    await notifyOrg(tx, evaluator.id, { permission: 'evaluation.perform' }, { title: `受托开展第三方评估：${input.title}`, body: `${actor.orgName}委托贵单位评估“${prog.p.name}”，评估期 ${input.startsOn} 至 ${input.endsOn}。`, link, entityType: 'evaluation_commission', entityId: row.id });
    await audit(tx, actor, opts.meta, row, { action: 'evaluationCommission.create', entityType: 'evaluation_commission', id: row.id, after: { title: input.title, evaluatorOrgId: evaluator.id, scope: input.scope, projects: input.projectIds.length, startsOn: input.startsOn, endsOn: input.endsOn } });
    return row.id;
  });
}

/** The association withdraws a commission: the evaluator reads nothing more; accepted reports stay. */
export async function cancelCommission(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; reason: string }): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const c = await loadCommission(tx, opts.actor, opts.id, true);
    if (!managesCommission(opts.actor, c)) throw new AppError('FORBIDDEN', '只有委托评估的科协可以撤销委托');
    if (c.status !== 'active') throw new AppError('INVALID_STATE', '该委托已撤销');
    if (c.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '评估委托已被他人修改，请刷新后重试', { extra: { currentVersion: c.rowVersion } });
    await tx.update(evaluationCommissions).set({ status: 'cancelled', cancelledAt: new Date(), rowVersion: sql`${evaluationCommissions.rowVersion} + 1` }).where(eq(evaluationCommissions.id, c.id));
    await closeTodos(tx, { entityType: 'evaluation_commission', entityId: c.id, kind: PERFORM_TODO }, opts.actor.userId);
    await notifyOrg(tx, c.evaluatorOrgId, { permission: 'evaluation.perform' }, { title: `评估委托已撤销：${c.title}`, body: `原因：${opts.reason.slice(0, 200)}`, link: commissionLink(c.id), entityType: 'evaluation_commission', entityId: c.id });
    await audit(tx, opts.actor, opts.meta, c, { action: 'evaluationCommission.cancel', entityType: 'evaluation_commission', id: c.id, before: { status: c.status }, after: { status: 'cancelled' }, reason: opts.reason });
  });
}

async function lockReport(tx: DbOrTx, commissionId: string, projectId: string | null): Promise<PerformanceRow | undefined> {
  const [row] = await tx
    .select()
    .from(performanceEvaluations)
    .where(and(eq(performanceEvaluations.commissionId, commissionId), projectId ? eq(performanceEvaluations.projectId, projectId) : isNull(performanceEvaluations.projectId)))
    .for('update');
  return row;
}

/** The row version a writer saw must still be the row's (0: it saw no report yet). */
function checkVersion(row: PerformanceRow | undefined, rowVersion: number): void {
  if ((row?.rowVersion ?? 0) !== rowVersion) throw new AppError('CONFLICT', '评估报告已被他人修改，请刷新后重试', { extra: { currentVersion: row?.rowVersion ?? 0 } });
}

async function writeReport(
  tx: DbOrTx,
  actor: Actor,
  c: CommissionRow,
  existing: PerformanceRow | undefined,
  projectId: string | null,
  values: Partial<typeof performanceEvaluations.$inferInsert> & { findings: string; attachmentIds: string[] },
  submit: boolean,
): Promise<PerformanceRow> {
  const from = (existing?.status ?? 'draft') as PerformanceState;
  const to = applyEvent(performanceLifecycle, from, submit ? 'submit' : 'save');
  const common = { ...values, status: to, updatedByName: actor.displayName, updatedAt: new Date(), ...(submit ? { submittedAt: new Date() } : {}) };
  let row: PerformanceRow;
  if (existing) {
    [row] = await tx.update(performanceEvaluations).set({ ...common, rowVersion: sql`${performanceEvaluations.rowVersion} + 1` }).where(eq(performanceEvaluations.id, existing.id)).returning();
  } else {
    [row] = await tx.insert(performanceEvaluations).values({ ...common, commissionId: c.id, projectId, createdBy: actor.userId }).returning();
  }
  await linkAttachments(tx, actor, values.attachmentIds, 'performance_evaluation', row.id, { previous: existing?.attachmentIds ?? [] });
  return row;
}

async function afterSubmit(tx: DbOrTx, actor: Actor, c: CommissionRow, row: PerformanceRow, what: string): Promise<void> {
  const link = commissionLink(c.id);
  await openTodo(tx, { kind: REVIEW_TODO, title: `审核第三方评估报告：${what}`, link, entityType: 'performance_evaluation', entityId: row.id, assigneeOrgId: c.associationId, permission: 'evaluation.commission' });
  await notifyOrg(tx, c.associationId, { permission: 'evaluation.commission' }, { title: `第三方评估报告已提交：${what}`, body: `${actor.orgName}提交了评估报告，请审核采纳或退回。`, link, entityType: 'performance_evaluation', entityId: row.id });
}

/** EVA-3: the evaluator saves (or submits) its report on one commissioned project, its KPIs scored by the programme's method. */
export async function saveProjectEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; commissionId: string; projectId: string; input: ProjectEvaluationInput; submit: boolean }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const c = await loadCommission(tx, actor, opts.commissionId, true);
    if (!performsCommission(actor, c)) throw new AppError('FORBIDDEN', c.status !== 'active' ? '该委托已撤销' : '不在委托的评估期内，或不是受托的评估机构');
    if (!(await commissionProjectIds(tx, c)).includes(opts.projectId)) throw new AppError('NOT_FOUND', '该项目不在本次委托范围内');
    const existing = await lockReport(tx, c.id, opts.projectId);
    checkVersion(existing, input.rowVersion);
    const book = await bookInForce(tx, opts.projectId);
    if (!book) throw new AppError('INVALID_STATE', '该项目没有生效的任务书，无可评估的量化考核指标');
    if (input.kpis.length !== book.kpis.length) throw validationError([{ path: 'body.kpis', message: `生效任务书有 ${book.kpis.length} 项量化考核指标，请逐项核实并计分（已填 ${input.kpis.length} 项）` }]);
    const [prog] = await tx.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, c.programmeId));
    const scored = scoreProject(scoringOf(prog.parameters), book.kpis, input.kpis);
    const row = await writeReport(tx, actor, c, existing, opts.projectId, { taskBookId: book.id, kpis: scored.kpis, score: scored.score, grade: scored.grade, passed: scored.passed, findings: input.findings, recommendations: input.recommendations ?? null, attachmentIds: input.attachmentIds }, opts.submit);
    const [p] = await tx.select({ title: pilotProjects.title }).from(pilotProjects).where(eq(pilotProjects.id, opts.projectId));
    if (opts.submit) await afterSubmit(tx, actor, c, row, p.title);
    await audit(tx, actor, opts.meta, c, {
      action: opts.submit ? 'performanceEvaluation.submit' : 'performanceEvaluation.save',
      entityType: 'performance_evaluation',
      id: row.id,
      before: existing ? { status: existing.status, score: existing.score } : null,
      after: { status: row.status, projectId: opts.projectId, score: row.score, grade: row.grade, passed: row.passed },
    });
    return row.id;
  });
}

/** EVA-2: the evaluator's report on the programme as a whole. */
export async function saveProgrammeEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; commissionId: string; input: ProgrammeEvaluationInput; submit: boolean }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const c = await loadCommission(tx, actor, opts.commissionId, true);
    if (!performsCommission(actor, c)) throw new AppError('FORBIDDEN', c.status !== 'active' ? '该委托已撤销' : '不在委托的评估期内，或不是受托的评估机构');
    const existing = await lockReport(tx, c.id, null);
    checkVersion(existing, input.rowVersion);
    const row = await writeReport(tx, actor, c, existing, null, { findings: input.findings, recommendations: input.recommendations ?? null, attachmentIds: input.attachmentIds }, opts.submit);
    if (opts.submit) await afterSubmit(tx, actor, c, row, `${c.title}（方案总体评估）`);
    await audit(tx, actor, opts.meta, c, { action: opts.submit ? 'performanceEvaluation.submit' : 'performanceEvaluation.save', entityType: 'performance_evaluation', id: row.id, before: existing ? { status: existing.status } : null, after: { status: row.status } });
    return row.id;
  });
}

/** A report in draft is the evaluator's work in progress: the association reads it once submitted. */
export const reportVisibleTo = (actor: Actor, c: CommissionRow, r: Pick<PerformanceRow, 'status'>): boolean => actor.orgId === c.evaluatorOrgId || r.status !== 'draft';

export async function loadReport(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ row: PerformanceRow; commission: CommissionRow }> {
  const [first] = await db.select({ commissionId: performanceEvaluations.commissionId }).from(performanceEvaluations).where(eq(performanceEvaluations.id, id));
  if (!first) throw new AppError('NOT_FOUND', '评估报告不存在');
  const commission = await loadCommission(db, actor, first.commissionId, lock);
  const q = db.select().from(performanceEvaluations).where(eq(performanceEvaluations.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!reportVisibleTo(actor, commission, row)) throw new AppError('OUT_OF_SCOPE', '评估机构尚未提交该评估报告', { extra: { entityType: 'performance_evaluation', entityId: id } });
  return { row, commission };
}

/**
 * The association accepts or returns a submitted report. An accepted project report below the pass
 * score is a failed evaluation: a failed task in the society's yearly facts, which SEL-3 tests (EVA-6).
 */
export async function decideEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: PerformanceDecisionInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, commission: c } = await loadReport(tx, actor, opts.id, true);
    if (!managesCommission(actor, c)) throw new AppError('FORBIDDEN', '评估报告由委托评估的科协审核');
    checkVersion(row, input.rowVersion);
    const to = applyEvent(performanceLifecycle, row.status as PerformanceState, input.decision);
    await tx
      .update(performanceEvaluations)
      .set({ status: to, decidedBy: actor.userId, decidedByName: actor.displayName, decidedAt: new Date(), decisionComment: input.comment ?? null, rowVersion: sql`${performanceEvaluations.rowVersion} + 1` })
      .where(eq(performanceEvaluations.id, row.id));
    await closeTodos(tx, { entityType: 'performance_evaluation', entityId: row.id, kind: REVIEW_TODO }, actor.userId);
    let title = `${c.title}（方案总体评估）`;
    if (row.projectId) {
      const [p] = await tx.select({ title: pilotProjects.title, societyId: pilotProjects.societyId }).from(pilotProjects).where(eq(pilotProjects.id, row.projectId));
      title = p.title;
      if (to === 'accepted' && row.passed === false) {
        const today = chinaToday();
        const facts = await lockFacts(tx, p.societyId, Number(today.slice(0, 4)));
        await appendYearlyFacts(tx, actor, opts.meta, facts, { failedTasks: [{ description: `试点项目“${p.title}”第三方绩效评估不合格（${row.score} 分，${row.grade}）`, occurredOn: today }] }, {
          note: '因试点项目第三方绩效评估不合格记入未完成任务而建立；本年度年检结果尚待录入',
          reason: `第三方绩效评估不合格（${row.score} 分）`,
        });
      }
    }
    await notifyOrg(tx, c.evaluatorOrgId, { permission: 'evaluation.perform' }, {
      title: to === 'accepted' ? `评估报告已采纳：${title}` : `评估报告被退回：${title}`,
      body: input.comment ?? (to === 'accepted' ? '科协已采纳评估报告。' : ''),
      link: commissionLink(c.id),
      entityType: 'performance_evaluation',
      entityId: row.id,
    });
    await audit(tx, actor, opts.meta, c, { action: to === 'accepted' ? 'performanceEvaluation.accept' : 'performanceEvaluation.return', entityType: 'performance_evaluation', id: row.id, before: { status: row.status }, after: { status: to }, reason: input.comment ?? null });
  });
}

/** PUB-1: the association publishes an accepted report on the portal, or takes it down. */
export async function publishEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; publish: boolean }): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const { row, commission: c } = await loadReport(tx, opts.actor, opts.id, true);
    if (!managesCommission(opts.actor, c)) throw new AppError('FORBIDDEN', '评估结果由委托评估的科协公开');
    checkVersion(row, opts.rowVersion);
    if (row.status !== 'accepted') throw new AppError('INVALID_STATE', '只有科协已采纳的评估报告可以公开');
    if (opts.publish === (row.publishedAt !== null)) throw new AppError('INVALID_STATE', opts.publish ? '该评估结果已在门户公开' : '该评估结果尚未公开');
    await tx.update(performanceEvaluations).set({ publishedAt: opts.publish ? new Date() : null, rowVersion: sql`${performanceEvaluations.rowVersion} + 1` }).where(eq(performanceEvaluations.id, row.id));
    await audit(tx, opts.actor, opts.meta, c, { action: opts.publish ? 'performanceEvaluation.publish' : 'performanceEvaluation.unpublish', entityType: 'performance_evaluation', id: row.id, before: { published: row.publishedAt !== null }, after: { published: opts.publish } });
  });
}

/** The commissions an actor reads, newest first (few per association: whole). */
export async function listCommissionRows(db: DbOrTx, actor: Actor): Promise<CommissionRow[]> {
  if (actor.orgType === 'evaluator') {
    if (!actor.permissions.has('evaluation.perform')) return [];
    return db.select().from(evaluationCommissions).where(eq(evaluationCommissions.evaluatorOrgId, actor.orgId)).orderBy(desc(evaluationCommissions.createdAt), desc(evaluationCommissions.id));
  }
  if (actor.orgType !== 'association') return [];
  return db
    .select()
    .from(evaluationCommissions)
    .where(sql`${evaluationCommissions.associationPath} LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}`)
    .orderBy(desc(evaluationCommissions.createdAt), desc(evaluationCommissions.id));
}
