// CAP-4, ORG-6 (issue 13 step 4): the expert review of an application that passed the formal review,
// and the joint decision per call and project type.
//  - The association that runs the programme draws the programme's number of experts
//    (`expertReview.expertsPerApplication`) at random from its pool: active users holding the expert
//    role in an organisation on the association's line (itself, the associations above it, or below
//    it). Experts of the applicant's own organisation or who declared a conflict with it
//    (users.conflict_org_ids) are never candidates (domain/capacity/expert-draw.ts). The seed comes
//    from a CSPRNG; the draw (seed, candidates, drawn) is kept and audited, so it can be re-run.
//  - An expert opens the assignment: accepts (declares no conflict) or recuses with a reason; a
//    recusal draws a replacement at once, every expert drawn before excluded. An expert reads the
//    application only after accepting, never another expert's sheet, nothing once recused.
//  - Sheets follow the programme's criteria and weights (`expertReviewCriteria`); when every
//    expert still assigned has submitted, the final score is computed (trimmed mean from
//    `expertReview.minScoresForTrim` sheets, plain mean below) and the application is reviewed.
//  - Ranking per type against the call's quota; the association proposes the funded applications
//    (a choice that passes over a higher score, or inside a tie at the quota's edge, needs its
//    reasons); the co-managing finance bureau confirms or returns the proposal (CAP-4: 会同市财政局).
//    Confirmed: the applications are selected or not selected.
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityDecisions, capacityExpertAssignments, capacityExpertDraws, organisations, userRoles, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { ruleRefOf } from '../../../domain/programme/rule-clauses.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, notifyUser } from '../../platform/notify.js';
import { drawExperts, type ExpertCandidate } from '../../../domain/capacity/expert-draw.js';
import { finalScore, rankAgainstQuota, scoreSheetProblems, scoreText, sheetTotalTenths, type CriterionScore } from '../../../domain/capacity/scoring.js';
import { applicationLifecycle, offeredTypes } from '../../../domain/capacity/application.js';
import { financeBureausOf } from '../orgs/orgs.repo.js';
import { applicationLink, reviews, type ApplicationRow } from './applications.js';
import { coManaged, findCall, loadProgramme, programmeFields, type CallRow, type ProgrammeForCalls } from './calls.js';
import { findProgramme } from '../programmes/programmes.repo.js';

export const SCORE_TODO = 'capacityReview.score';
export const DECISION_TODO = 'capacityDecision.confirm';
export const reviewLink = (assignmentId: string) => `/app/expert-reviews/${assignmentId}`;
export const rankingLink = (callId: string) => `/app/capacity-calls/${callId}/ranking`;


// ------------------------------------------------------------------------------------------------
// The pool and the draw
// ------------------------------------------------------------------------------------------------

/** The association's expert pool (ORG-6): active experts on its line, with fields and declared conflicts. */
export async function expertPool(db: DbOrTx, associationPath: string): Promise<(ExpertCandidate & { name: string })[]> {
  const rows = await db
    .select({ id: users.id, name: users.displayName, orgId: users.orgId, fields: users.expertFields, conflicts: users.conflictOrgIds })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'expert')))
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(and(eq(users.isActive, true), or(sql`${associationPath} LIKE ${organisations.path} || '%'`, sql`${organisations.path} LIKE ${associationPath.replace(/[%_\\]/g, '\\$&') + '%'}`)));
  return rows.map((r) => ({ id: r.id, name: r.name, orgId: r.orgId, fields: r.fields ?? [], conflictOrgIds: r.conflicts ?? [] }));
}

async function drawInto(
  tx: DbOrTx,
  actor: Actor,
  meta: RequestMeta,
  a: ApplicationRow,
  prog: ProgrammeForCalls,
  opts: { count: number; field: string | null; reason: 'initial' | 'replacement'; replaced?: string | null },
): Promise<{ drawn: string[]; shortBy: number; seq: number }> {
  const pool = await expertPool(tx, prog.associationPath);
  const before = await tx.select({ userId: capacityExpertAssignments.expertUserId }).from(capacityExpertAssignments).where(eq(capacityExpertAssignments.applicationId, a.id));
  const [last] = await tx.select({ seq: capacityExpertDraws.seq }).from(capacityExpertDraws).where(eq(capacityExpertDraws.applicationId, a.id)).orderBy(desc(capacityExpertDraws.seq)).limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const seed = crypto.randomBytes(16).toString('hex');
  const result = drawExperts({ pool, count: opts.count, field: opts.field, applicantOrgId: a.societyId, exclude: before.map((b) => b.userId), seed });
  if (opts.reason === 'initial' && result.shortBy > 0) {
    throw new AppError(
      'INVALID_STATE',
      `专家库中可抽取的专家不足：本方案每个项目抽取 ${opts.count} 名，符合条件（不属于申报单位、未申明利益冲突${opts.field ? `、研究领域为“${opts.field}”` : ''}）的只有 ${result.candidates.length} 名${opts.field ? '，可不限领域重新抽取' : '，请先补充专家库'}`,
      { extra: ruleRefOf(prog.parameters, 'expertReview') },
    );
  }
  await tx.insert(capacityExpertDraws).values({ applicationId: a.id, seq, seed, field: opts.field, candidates: result.candidates, drawn: result.drawn, shortBy: result.shortBy, reason: opts.reason, replacedUserId: opts.replaced ?? null, drawnBy: opts.reason === 'replacement' ? null : actor.userId });
  const names = new Map(pool.map((e) => [e.id, e.name]));
  for (const userId of result.drawn) {
    const [row] = await tx.insert(capacityExpertAssignments).values({ applicationId: a.id, expertUserId: userId, drawSeq: seq }).returning({ id: capacityExpertAssignments.id });
    const link = reviewLink(row.id);
    await openTodo(tx, { kind: SCORE_TODO, title: `评审能力提升项目：“${a.title}”`, link, entityType: 'capacity_expert_assignment', entityId: row.id, assigneeUserId: userId, permission: 'capacityReview.score', dueAt: addDays(new Date(), prog.parameters.selectionDays.review) });
    await notifyUser(tx, userId, { title: '您被抽取为能力提升项目评审专家', body: `“${a.title}”：请先申明有无利益冲突，再按评审标准评分。`, link, entityType: 'capacity_expert_assignment', entityId: row.id });
  }
  // a replacement is drawn by the platform's rule at the recusal, not by the recusing expert: the system draws
  await appendAudit(tx, opts.reason === 'replacement' ? whoFromActor(null, { ip: null, requestId: meta.requestId }) : whoFromActor(actor, meta), {
    action: 'capacityReview.draw',
    entityType: 'capacity_application',
    entityId: a.id,
    orgId: a.societyId,
    orgPath: a.societyPath,
    after: { seq, seed, reason: opts.reason, field: opts.field, candidates: result.candidates.length, drawn: result.drawn.map((id) => names.get(id) ?? id), shortBy: result.shortBy },
    reason: opts.replaced ? `替换回避的专家 ${names.get(opts.replaced) ?? ''}`.trim() : null,
  });
  return { drawn: result.drawn, shortBy: result.shortBy, seq };
}

async function lockApplicationFor(tx: DbOrTx, actor: Actor, id: string): Promise<{ row: ApplicationRow; prog: ProgrammeForCalls }> {
  const [first] = await tx.select({ programmeId: capacityApplications.programmeId }).from(capacityApplications).where(eq(capacityApplications.id, id));
  if (!first) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(tx, actor, first.programmeId);
  const [row] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, id)).for('update');
  return { row, prog };
}

/** The association draws the experts of an application that passed the formal review. */
export async function drawForApplication(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; field: string | null }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, prog } = await lockApplicationFor(tx, actor, opts.id);
    if (!reviews(prog, actor)) throw new AppError(row.version > 0 && prog.readsAll ? 'FORBIDDEN' : 'NOT_FOUND', row.version > 0 && prog.readsAll ? `评审专家由${prog.associationName}抽取` : '申报书不存在');
    if (row.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '申报书已被他人修改，请刷新后重试', { extra: { currentVersion: row.rowVersion } });
    const to = applyEvent(applicationLifecycle, row.status, 'draw');
    if (prog.parameters.expertReviewCriteria.length === 0) throw new AppError('INVALID_STATE', '本方案未设置专家评审标准，请先在方案参数中设置', { extra: ruleRefOf(prog.parameters, 'expertReview') });
    await drawInto(tx, actor, opts.meta, row, prog, { count: prog.parameters.expertReview.expertsPerApplication, field: opts.field, reason: 'initial' });
    await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, row.id));
  });
}

// ------------------------------------------------------------------------------------------------
// The expert's side
// ------------------------------------------------------------------------------------------------

export type AssignmentRow = typeof capacityExpertAssignments.$inferSelect;

/** The actor's own assignment, locked when asked; anyone else's is 404 (an expert sees only what is drawn to them). */
export async function ownAssignment(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<AssignmentRow> {
  const q = tx.select().from(capacityExpertAssignments).where(and(eq(capacityExpertAssignments.id, id), eq(capacityExpertAssignments.expertUserId, actor.userId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', '评审任务不存在');
  return row;
}

const staleAssignment = (current: number) => new AppError('CONFLICT', '评审任务已变化，请刷新后重试', { extra: { currentVersion: current } });

/** The expert declares no conflict of interest and opens the application. */
export async function acceptAssignment(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const x = await ownAssignment(tx, actor, opts.id, true);
    if (x.rowVersion !== opts.rowVersion) throw staleAssignment(x.rowVersion);
    if (x.status !== 'assigned' || x.openedAt) throw new AppError('INVALID_STATE', x.status === 'recused' ? '您已申明回避该项目' : '您已确认无利益冲突');
    await tx.update(capacityExpertAssignments).set({ openedAt: new Date(), rowVersion: sql`${capacityExpertAssignments.rowVersion} + 1` }).where(eq(capacityExpertAssignments.id, x.id));
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: 'capacityReview.accept', entityType: 'capacity_expert_assignment', entityId: x.id, orgId: actor.orgId, orgPath: actor.orgPath, after: { applicationId: x.applicationId } });
  });
}

/**
 * The expert declares a conflict of interest (ORG-6): recused, sees nothing more of the
 * application; a replacement is drawn at once (everyone drawn before excluded). With nobody left to
 * draw, the association is told: the application is scored by the experts that remain.
 */
export async function recuseAssignment(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; reason: string }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const peek = await ownAssignment(tx, actor, opts.id);
    // the application first, then the assignment: the order every change of a review takes
    const [row] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, peek.applicationId)).for('update');
    const x = await ownAssignment(tx, actor, opts.id, true);
    if (x.rowVersion !== opts.rowVersion) throw staleAssignment(x.rowVersion);
    if (x.status !== 'assigned' || row.status !== 'expertReview') throw new AppError('INVALID_STATE', x.status === 'recused' ? '您已申明回避该项目' : '已提交评分的项目不能再申明回避');
    const now = new Date();
    await tx.update(capacityExpertAssignments).set({ status: 'recused', recusedAt: now, recusalReason: opts.reason, rowVersion: sql`${capacityExpertAssignments.rowVersion} + 1` }).where(eq(capacityExpertAssignments.id, x.id));
    await closeTodos(tx, { entityType: 'capacity_expert_assignment', entityId: x.id, kind: SCORE_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: 'capacityReview.recuse', entityType: 'capacity_expert_assignment', entityId: x.id, orgId: actor.orgId, orgPath: actor.orgPath, after: { applicationId: x.applicationId }, reason: opts.reason });
    // the replacement is drawn at once, by the platform's rule (no one chooses it)
    const programme = await programmeForSystem(tx, row.programmeId);
    const { drawn } = await drawInto(tx, actor, opts.meta, row, programme, { count: 1, field: null, reason: 'replacement', replaced: actor.userId });
    if (drawn.length === 0) {
      await notifyOrg(tx, row.associationId, { permission: 'capacityApplication.review' }, {
        title: '评审专家回避，专家库中已无可替换的专家',
        body: `“${row.title}”：将由其余专家完成评分。`,
        link: applicationLink(row.id),
        entityType: 'capacity_application',
        entityId: row.id,
      });
    }
    await completeIfScored(tx, actor, opts.meta, row, programme);
  });
}

/** The programme as the draw needs it when the actor (an expert) is not someone who reads programmes' calls. */
async function programmeForSystem(tx: DbOrTx, programmeId: string): Promise<ProgrammeForCalls> {
  const r = (await findProgramme(tx, programmeId))!; // the application's programme: it exists (foreign key)
  return { ...programmeFields(r), mine: false, confirmer: false, readsAll: false, readsSent: false };
}

/** The expert's sheet on the programme's criteria; the last sheet in completes the review. */
export async function submitSheet(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; scores: CriterionScore[]; comment: string | null }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const peek = await ownAssignment(tx, actor, opts.id);
    const [row] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, peek.applicationId)).for('update');
    const x = await ownAssignment(tx, actor, opts.id, true);
    if (x.rowVersion !== opts.rowVersion) throw staleAssignment(x.rowVersion);
    if (x.status !== 'assigned') throw new AppError('INVALID_STATE', x.status === 'recused' ? '您已申明回避该项目，不能评分' : '评分已提交，不能修改');
    if (!x.openedAt) throw new AppError('INVALID_STATE', '请先申明与申报单位无利益冲突，再评分');
    if (row.status !== 'expertReview') throw new AppError('INVALID_STATE', '该项目的专家评审已结束');
    const programme = await programmeForSystem(tx, row.programmeId);
    const criteria = programme.parameters.expertReviewCriteria;
    const problems = scoreSheetProblems(criteria, opts.scores);
    if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), { errors: problems.map((p) => ({ ...p, path: `body.${p.path}` })), extra: ruleRefOf(programme.parameters, 'expertReview') });
    const totalTenths = sheetTotalTenths(opts.scores);
    await tx
      .update(capacityExpertAssignments)
      .set({ status: 'submitted', scores: opts.scores.map((s) => ({ code: s.code, points: s.points })), totalTenths, comment: opts.comment, submittedAt: new Date(), rowVersion: sql`${capacityExpertAssignments.rowVersion} + 1` })
      .where(eq(capacityExpertAssignments.id, x.id));
    await closeTodos(tx, { entityType: 'capacity_expert_assignment', entityId: x.id, kind: SCORE_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: 'capacityReview.submit', entityType: 'capacity_expert_assignment', entityId: x.id, orgId: actor.orgId, orgPath: actor.orgPath, after: { applicationId: x.applicationId, totalTenths } });
    await completeIfScored(tx, actor, opts.meta, row, programme);
  });
}

/** When every expert still assigned has submitted: the final score, and the application reviewed. */
async function completeIfScored(tx: DbOrTx, actor: Actor, meta: RequestMeta, row: ApplicationRow, prog: ProgrammeForCalls): Promise<void> {
  const all = await tx.select({ status: capacityExpertAssignments.status, totalTenths: capacityExpertAssignments.totalTenths }).from(capacityExpertAssignments).where(eq(capacityExpertAssignments.applicationId, row.id));
  if (all.some((x) => x.status === 'assigned')) return;
  const totals = all.filter((x) => x.status === 'submitted').map((x) => x.totalTenths!);
  const score = finalScore(totals, prog.parameters.expertReview.minScoresForTrim);
  if (!score) return; // everyone recused and nobody left: the association draws again (not reached while a replacement exists)
  const to = applyEvent(applicationLifecycle, row.status, 'score');
  await tx
    .update(capacityApplications)
    .set({ status: to, finalScoreHundredths: score.hundredths, scoreMethod: score.method, scoredAt: new Date(), updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` })
    .where(eq(capacityApplications.id, row.id));
  await appendAudit(tx, whoFromActor(actor, meta), {
    action: 'capacityReview.complete',
    entityType: 'capacity_application',
    entityId: row.id,
    orgId: row.societyId,
    orgPath: row.societyPath,
    after: { status: to, finalScore: scoreText(score.hundredths), method: score.method, sheets: totals.length, counted: score.counted },
  });
  await notifyOrg(tx, row.associationId, { permission: 'capacityApplication.review' }, {
    title: '专家评审完成',
    body: `“${row.title}”：最终得分 ${scoreText(score.hundredths)}（${score.method === 'trimmed' ? '去掉一个最高分和一个最低分后的平均分' : '平均分'}）。`,
    link: applicationLink(row.id),
    entityType: 'capacity_application',
    entityId: row.id,
  });
}

// ------------------------------------------------------------------------------------------------
// Ranking and the joint decision
// ------------------------------------------------------------------------------------------------

export type DecisionRow = typeof capacityDecisions.$inferSelect;

/** The applications of a call that reached the expert review, with what the ranking needs. */
export async function rankedApplications(db: DbOrTx, callId: string) {
  return db
    .select({
      id: capacityApplications.id,
      typeCode: capacityApplications.typeCode,
      title: capacityApplications.title,
      societyName: organisations.name,
      status: capacityApplications.status,
      hundredths: capacityApplications.finalScoreHundredths,
      method: capacityApplications.scoreMethod,
      submittedAt: capacityApplications.submittedAt,
    })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    // from the formal review on: one that passed and waits for its experts is listed unscored, and holds the decision back
    .where(and(eq(capacityApplications.callId, callId), inArray(capacityApplications.status, ['passed', 'expertReview', 'reviewed', 'selected', 'notSelected', 'approved', 'objectionUpheld', 'funded', 'evaluationFailed', 'disbursed', 'accepted', 'acceptanceFailed', 'revoked'])))
    .orderBy(asc(capacityApplications.submittedAt));
}

export function rankingOf(call: CallRow, prog: ProgrammeForCalls, apps: Awaited<ReturnType<typeof rankedApplications>>, decisions: DecisionRow[]) {
  return offeredTypes(call.types, prog.parameters.projectTypes).map((t) => {
    const mine = apps.filter((a) => a.typeCode === t.code);
    const ranked = rankAgainstQuota(
      mine.map((a) => ({ id: a.id, hundredths: a.hundredths, submittedAt: a.submittedAt?.toISOString() ?? '' })),
      t.quota,
    );
    const byId = new Map(mine.map((a) => [a.id, a]));
    return { type: t, ranked: ranked.map((r) => ({ ...r, app: byId.get(r.id)! })), decision: decisions.find((d) => d.typeCode === t.code) ?? null };
  });
}

/**
 * The association proposes the funded applications of one type. Every application of the type
 * scored; at most the quota; choosing below a higher score (or inside a tie at the edge) needs the
 * reasons in `note`. Without co-management the proposal stands at once.
 */
export async function proposeDecision(opts: { db: Db; actor: Actor; meta: RequestMeta; callId: string; typeCode: string; selected: string[]; note: string | null }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const call = await findCall(tx, opts.callId);
    if (!call) throw new AppError('NOT_FOUND', '申报通知不存在');
    const prog = await loadProgramme(tx, actor, call.programmeId, { lock: true });
    if (!prog.mine || !actor.permissions.has('capacityApplication.review')) throw new AppError('FORBIDDEN', `评审结果由${prog.associationName}会同财政局确定`);
    const type = offeredTypes(call.types, prog.parameters.projectTypes).find((t) => t.code === opts.typeCode);
    if (!type) throw validationError([{ path: 'body.typeCode', message: `“${opts.typeCode}”不是本次申报通知的项目类型` }]);
    const [existing] = await tx.select().from(capacityDecisions).where(and(eq(capacityDecisions.callId, call.id), eq(capacityDecisions.typeCode, type.code))).for('update');
    if (existing && existing.status !== 'returned') throw new AppError(existing.status === 'confirmed' ? 'INVALID_STATE' : 'DUPLICATE', existing.status === 'confirmed' ? `“${type.name}”的评审结果已确定` : `“${type.name}”的评审结果已提交财政局确认`);
    const apps = (await rankedApplications(tx, call.id)).filter((a) => a.typeCode === type.code);
    const pending = apps.filter((a) => a.status === 'passed' || a.status === 'expertReview');
    if (pending.length) throw new AppError('INVALID_STATE', `“${type.name}”还有 ${pending.length} 份申报书未完成专家评审（含尚未抽取专家的）`, { extra: ruleRefOf(prog.parameters, 'expertReview') });
    const reviewed = apps.filter((a) => a.status === 'reviewed');
    if (!reviewed.length) throw new AppError('INVALID_STATE', `“${type.name}”没有完成专家评审的申报书`);
    const ids = new Set(reviewed.map((a) => a.id));
    const errors = opts.selected.map((id, i) => (ids.has(id) ? null : { path: `body.selected.${i}`, message: '不是本类型已完成专家评审的申报书' })).filter((e) => e !== null);
    if (new Set(opts.selected).size !== opts.selected.length) errors.push({ path: 'body.selected', message: '同一申报书只能选择一次' });
    if (opts.selected.length > type.quota) errors.push({ path: 'body.selected', message: `“${type.name}”的奖励名额为 ${type.quota} 个，已选择 ${opts.selected.length} 个` });
    if (errors.length) throw validationError(errors, errors.map((e) => e.message).join('；'));
    // passing over a higher score, or choosing inside a tie at the quota's edge, is the joint decision's to explain
    const ranked = rankAgainstQuota(reviewed.map((a) => ({ id: a.id, hundredths: a.hundredths, submittedAt: a.submittedAt?.toISOString() ?? '' })), type.quota);
    const chosen = new Set(opts.selected);
    const lowestChosen = Math.min(...ranked.filter((r) => chosen.has(r.id)).map((r) => r.hundredths!));
    const passedOver = ranked.some((r) => !chosen.has(r.id) && opts.selected.length > 0 && r.hundredths! > lowestChosen);
    const tieChoice = ranked.some((r) => r.tiedAtQuotaEdge && chosen.has(r.id)) || ranked.some((r) => r.tiedAtQuotaEdge && !chosen.has(r.id) && opts.selected.length < type.quota);
    if ((passedOver || tieChoice) && !opts.note?.trim()) {
      throw validationError([{ path: 'body.note', message: passedOver ? '未按得分顺序选择：请写明理由' : '名额边界有同分的申报书：请写明选择的理由' }]);
    }
    const co = coManaged(prog);
    const now = new Date();
    const values = { selected: opts.selected, note: opts.note?.trim() || null, status: co ? 'proposed' : 'confirmed', proposedBy: actor.userId, proposedAt: now, returnComment: null, confirmedAt: co ? null : now, confirmedBy: co ? null : actor.userId, confirmedOrgId: co ? null : actor.orgId };
    let id: string;
    if (existing) {
      await tx.update(capacityDecisions).set({ ...values, rowVersion: sql`${capacityDecisions.rowVersion} + 1` }).where(eq(capacityDecisions.id, existing.id));
      id = existing.id;
    } else {
      const [row] = await tx.insert(capacityDecisions).values({ callId: call.id, typeCode: type.code, ...values }).returning({ id: capacityDecisions.id });
      id = row.id;
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'capacityDecision.propose',
      entityType: 'capacity_decision',
      entityId: id,
      orgId: prog.associationId,
      orgPath: prog.associationPath,
      after: { typeCode: type.code, selected: opts.selected.length, status: values.status },
      reason: values.note,
    });
    if (co) {
      const bureaus = await financeBureausOf(tx, prog.associationId);
      if (!bureaus.length) throw new AppError('INVALID_STATE', `${prog.associationName}尚未登记财政局：请先在组织机构中登记参与单位“财政局”`);
      for (const orgId of bureaus) {
        await openTodo(tx, { kind: DECISION_TODO, title: `确认评审结果：${call.title}（${type.name}）`, link: rankingLink(call.id), entityType: 'capacity_decision', entityId: id, assigneeOrgId: orgId, permission: 'capacityCall.confirm', dueAt: addDays(now, prog.parameters.selectionDays.review) });
        await notifyOrg(tx, orgId, { permission: 'capacityCall.confirm' }, { title: `${prog.associationName}提交评审结果，请确认`, body: `“${type.name}”拟资助 ${opts.selected.length} 项。`, link: rankingLink(call.id), entityType: 'capacity_decision', entityId: id });
      }
    } else {
      await applyDecision(tx, actor, opts.meta, call.id, type.code, opts.selected);
    }
    return id;
  });
}

/** The finance bureau confirms (or returns) the association's proposal. */
export async function settleDecision(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; confirm: boolean; comment: string | null }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const [first] = await tx.select().from(capacityDecisions).where(eq(capacityDecisions.id, opts.id));
    if (!first) throw new AppError('NOT_FOUND', '评审结果不存在');
    const call = (await findCall(tx, first.callId))!;
    const prog = await loadProgramme(tx, actor, call.programmeId, { lock: true });
    if (!prog.confirmer) throw new AppError(prog.readsAll ? 'FORBIDDEN' : 'NOT_FOUND', prog.readsAll ? `评审结果由${prog.associationName}所在地的财政局确认` : '评审结果不存在');
    const [d] = await tx.select().from(capacityDecisions).where(eq(capacityDecisions.id, opts.id)).for('update');
    if (d.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '评审结果已变化，请刷新后重试', { extra: { currentVersion: d.rowVersion } });
    if (d.status !== 'proposed') throw new AppError('INVALID_STATE', d.status === 'confirmed' ? '评审结果已确认' : '评审结果已退回，等待科协重新提交');
    if (!opts.confirm && !opts.comment?.trim()) throw validationError([{ path: 'body.comment', message: '请填写退回意见' }]);
    const now = new Date();
    await tx
      .update(capacityDecisions)
      .set(opts.confirm ? { status: 'confirmed', confirmedAt: now, confirmedBy: actor.userId, confirmedOrgId: actor.orgId, rowVersion: sql`${capacityDecisions.rowVersion} + 1` } : { status: 'returned', returnComment: opts.comment, rowVersion: sql`${capacityDecisions.rowVersion} + 1` })
      .where(eq(capacityDecisions.id, d.id));
    await closeTodos(tx, { entityType: 'capacity_decision', entityId: d.id, kind: DECISION_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: opts.confirm ? 'capacityDecision.confirm' : 'capacityDecision.return',
      entityType: 'capacity_decision',
      entityId: d.id,
      orgId: prog.associationId,
      orgPath: prog.associationPath,
      before: { status: d.status },
      after: { status: opts.confirm ? 'confirmed' : 'returned' },
      reason: opts.comment,
    });
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: opts.confirm ? `${actor.orgName}已确认评审结果` : `${actor.orgName}退回评审结果`,
      body: opts.comment ?? '',
      link: rankingLink(call.id),
      entityType: 'capacity_decision',
      entityId: d.id,
    });
    if (opts.confirm) await applyDecision(tx, actor, opts.meta, call.id, d.typeCode, d.selected);
  });
}

/** A confirmed decision: the chosen applications selected, the other reviewed ones of the type not. */
async function applyDecision(tx: DbOrTx, actor: Actor, meta: RequestMeta, callId: string, typeCode: string, selected: string[]): Promise<void> {
  const rows = await tx
    .select()
    .from(capacityApplications)
    .where(and(eq(capacityApplications.callId, callId), eq(capacityApplications.typeCode, typeCode), eq(capacityApplications.status, 'reviewed')))
    .orderBy(asc(capacityApplications.id)) // the order the notice's publication locks them in
    .for('update');
  const chosen = new Set(selected);
  for (const r of rows) {
    const event = chosen.has(r.id) ? 'select' : 'notSelect';
    const to = applyEvent(applicationLifecycle, r.status, event);
    await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, r.id));
    await appendAudit(tx, whoFromActor(actor, meta), { action: `capacityApplication.${event}`, entityType: 'capacity_application', entityId: r.id, orgId: r.societyId, orgPath: r.societyPath, before: { status: r.status }, after: { status: to } });
    await notifyOrg(tx, r.societyId, { permission: 'capacityApplication.submit' }, {
      title: chosen.has(r.id) ? '申报项目拟予资助，将进行公示' : '申报项目未入选',
      body: `“${r.title}”：最终得分 ${r.finalScoreHundredths === null ? '—' : scoreText(r.finalScoreHundredths)}。`,
      link: applicationLink(r.id),
      entityType: 'capacity_application',
      entityId: r.id,
    });
  }
}
