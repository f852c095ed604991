// CAP-4 routes: the draw (association), the expert's workbench (own assignments only), the review
// view (association and co-managing finance bureau: every sheet, the draws with their seeds), the
// ranking per type and the joint decision. Rules in expert-review.ts.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import type { DbOrTx } from '../../db/client.js';
import { capacityApplicationVersions, capacityApplications, capacityCalls, capacityDecisions, capacityExpertAssignments, capacityExpertDraws, organisations, users } from '../../db/schema.js';
import { optText, text } from '../../../domain/supervision/common.js';
import { applicationLifecycle, offeredTypes, type ApplicationState } from '../../../domain/capacity/application.js';
import { scoreText } from '../../../domain/capacity/scoring.js';
import { ZExpertAssignment, ZExpertAssignmentPage, ZExpertReview, ZRanking, type ExpertAssignment, type ExpertReviewView, type Ranking } from '../../../contract/capacity-review.js';
import { findCall, loadProgramme, mayReadCall } from './calls.js';
import { mayReadApplication, reviews } from './applications.js';
import { contentView, type StoredContent } from './application-routes.js';
import { acceptAssignment, drawForApplication, ownAssignment, proposeDecision, rankedApplications, rankingOf, recuseAssignment, settleDecision, submitSheet } from './expert-review.js';
import { ZId, ZRowVersion } from './route-params.js';

const assignmentLabels = { assigned: '待评分', recused: '已回避', submitted: '已评分' } as const;
const decisionLabels = { proposed: '待财政局确认', confirmed: '已确定', returned: '财政局退回' } as const;
const tenthsText = (t: number | null) => (t === null ? null : scoreText(t * 10));

export async function capacityReviewRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['能力提升项目评审'];
  const score = requirePermission('capacityReview.score');
  const reviewer = requirePermission('capacityApplication.review');
  const reader = requireAnyPermission('capacityApplication.review', 'capacityCall.manage', 'fund.read');

  // ------------------------------------------------------------------ the association draws
  app.post(
    '/api/v1/capacity-applications/:id/expert-draw',
    {
      schema: {
        tags,
        summary: '随机抽取评审专家（按方案规定的人数；申报单位的专家和申明利益冲突的专家不参与抽取）',
        params: ZId,
        body: z.object({ rowVersion: ZRowVersion, field: z.string().trim().min(1, '研究领域不能为空').max(50, '研究领域不能超过 50 个字').nullable().optional() }).strict(),
        response: { 200: ZExpertReview },
      },
      preHandler: reviewer,
    },
    async (req) => {
      const actor = requireActor(req);
      await drawForApplication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, field: req.body.field ?? null });
      return reviewOf(db, actor, req.params.id);
    },
  );

  app.get('/api/v1/capacity-applications/:id/expert-review', { schema: { tags, summary: '专家评审情况：抽取记录（含随机种子）、各专家评分和最终得分', params: ZId, response: { 200: ZExpertReview } }, preHandler: reader }, async (req) =>
    reviewOf(db, requireActor(req), req.params.id),
  );

  // ------------------------------------------------------------------ the expert's workbench
  app.get(
    '/api/v1/expert-reviews',
    {
      schema: { tags, summary: '专家的评审任务（仅本人被抽取的项目）', querystring: z.object({ status: z.enum(['assigned', 'recused', 'submitted']).optional(), ...ZPageQuery }).strict(), response: { 200: ZExpertAssignmentPage } },
      preHandler: score,
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const where = and(eq(capacityExpertAssignments.expertUserId, actor.userId), q.status ? eq(capacityExpertAssignments.status, q.status) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({ x: capacityExpertAssignments, title: capacityApplications.title, societyName: organisations.name, key: timeKeyOf(capacityExpertAssignments.createdAt) })
        .from(capacityExpertAssignments)
        .innerJoin(capacityApplications, eq(capacityApplications.id, capacityExpertAssignments.applicationId))
        .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
        .where(and(where, beforeTimeKey(capacityExpertAssignments.createdAt, capacityExpertAssignments.id, after)))
        .orderBy(desc(capacityExpertAssignments.createdAt), desc(capacityExpertAssignments.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityExpertAssignments).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.x.id]);
      return {
        ...page,
        items: page.items.map((r) => ({
          id: r.x.id,
          applicationId: r.x.applicationId,
          societyName: r.societyName,
          title: r.title,
          status: r.x.status as keyof typeof assignmentLabels,
          statusLabel: assignmentLabels[r.x.status as keyof typeof assignmentLabels],
          createdAt: r.x.createdAt.toISOString(),
        })),
      };
    },
  );

  app.get('/api/v1/expert-reviews/:id', { schema: { tags, summary: '评审任务：申明利益冲突后查看申报书并评分', params: ZId, response: { 200: ZExpertAssignment } }, preHandler: score }, async (req) =>
    assignmentOf(db, requireActor(req), req.params.id),
  );

  app.post('/api/v1/expert-reviews/:id/accept', { schema: { tags, summary: '申明与申报单位无利益冲突，查看申报书', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZExpertAssignment } }, preHandler: score }, async (req) => {
    const actor = requireActor(req);
    await acceptAssignment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
    return assignmentOf(db, actor, req.params.id);
  });

  app.post(
    '/api/v1/expert-reviews/:id/recuse',
    { schema: { tags, summary: '申明利益冲突并回避（系统随即补抽一名专家）', params: ZId, body: z.object({ rowVersion: ZRowVersion, reason: text(500, '回避原因') }).strict(), response: { 200: ZExpertAssignment } }, preHandler: score },
    async (req) => {
      const actor = requireActor(req);
      await recuseAssignment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, reason: req.body.reason });
      return assignmentOf(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/expert-reviews/:id/submit',
    {
      schema: {
        tags,
        summary: '提交评分（按方案的评审标准逐项打分，每项不超过其权重，最多一位小数）',
        params: ZId,
        body: z
          .object({
            rowVersion: ZRowVersion,
            scores: z.array(z.object({ code: z.string().trim().min(1).max(40), points: z.number({ error: '得分应为数字' }) }).strict()).max(20, '评分项不能超过 20 项'),
            comment: optText(2000, '评审意见'),
          })
          .strict(),
        response: { 200: ZExpertAssignment },
      },
      preHandler: score,
    },
    async (req) => {
      const actor = requireActor(req);
      await submitSheet({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, scores: req.body.scores, comment: req.body.comment ?? null });
      return assignmentOf(db, actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ ranking and the joint decision
  app.get('/api/v1/capacity-calls/:id/ranking', { schema: { tags, summary: '各类型按最终得分排名（对照奖励名额）及评审结果的确定情况', params: ZId, response: { 200: ZRanking } }, preHandler: reader }, async (req) =>
    rankingView(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-calls/:id/decisions',
    {
      schema: {
        tags,
        summary: '提出某类型的拟资助项目（会同财政局确定；不按得分顺序或名额边界同分时须写明理由）',
        params: ZId,
        body: z.object({ typeCode: z.string().trim().min(1, '请选择项目类型').max(40), selected: z.array(z.uuid('申报书编号格式不正确')).max(1000), note: optText(2000, '说明') }).strict(),
        response: { 200: ZRanking },
      },
      preHandler: reviewer,
    },
    async (req) => {
      const actor = requireActor(req);
      await proposeDecision({ db, actor, meta: metaOf(req), callId: req.params.id, typeCode: req.body.typeCode, selected: req.body.selected, note: req.body.note ?? null });
      return rankingView(db, actor, req.params.id);
    },
  );

  const settle = (path: string, confirm: boolean, summary: string, body: z.ZodType<{ rowVersion: number; comment?: string | null }>) =>
    app.post(`/api/v1/capacity-decisions/:id/${path}`, { schema: { tags, summary, params: ZId, body, response: { 200: ZRanking } }, preHandler: requirePermission('capacityCall.confirm') }, async (req) => {
      const actor = requireActor(req);
      await settleDecision({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, confirm, comment: req.body.comment ?? null });
      const [d] = await db.select({ callId: capacityDecisions.callId }).from(capacityDecisions).where(eq(capacityDecisions.id, req.params.id));
      return rankingView(db, actor, d.callId);
    });
  settle('confirm', true, '财政局确认评审结果', z.object({ rowVersion: ZRowVersion, comment: optText(2000, '确认意见') }).strict());
  settle('return', false, '财政局退回评审结果（须填写意见）', z.object({ rowVersion: ZRowVersion, comment: text(2000, '退回意见') }).strict());
}

// ------------------------------------------------------------------------------------------------
// Views
// ------------------------------------------------------------------------------------------------

async function assignmentOf(db: DbOrTx, actor: Actor, id: string): Promise<ExpertAssignment> {
  const x = await ownAssignment(db, actor, id);
  const [a] = await db
    .select({ a: capacityApplications, societyName: organisations.name, callTitle: capacityCalls.title, callTypes: capacityCalls.types, parameters: sql<Record<string, unknown>>`(SELECT parameters FROM programmes WHERE id = ${capacityApplications.programmeId})` })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .innerJoin(capacityCalls, eq(capacityCalls.id, capacityApplications.callId))
    .where(eq(capacityApplications.id, x.applicationId));
  const params = a.parameters as unknown as Parameters<typeof contentView>[1];
  const type = offeredTypes(a.callTypes, params.projectTypes).find((t) => t.code === a.a.typeCode);
  const accepted = x.openedAt !== null && x.status !== 'recused';
  let content: ExpertAssignment['content'] = null;
  if (accepted) {
    // the version the formal review passed: the latest submitted one
    const [v] = await db.select({ content: capacityApplicationVersions.content }).from(capacityApplicationVersions).where(eq(capacityApplicationVersions.applicationId, a.a.id)).orderBy(desc(capacityApplicationVersions.version)).limit(1);
    content = contentView((v?.content ?? a.a) as unknown as StoredContent, params, a.callTypes);
  }
  const status = x.status as keyof typeof assignmentLabels;
  const open = a.a.status === 'expertReview';
  const actions: ExpertAssignment['actions'] = [];
  if (status === 'assigned' && open) {
    if (!x.openedAt) actions.push('accept');
    actions.push('recuse');
    if (x.openedAt) actions.push('submit');
  }
  return {
    id: x.id,
    applicationId: a.a.id,
    callTitle: a.callTitle,
    societyName: a.societyName,
    typeName: type?.name ?? a.a.typeCode,
    title: a.a.title,
    status,
    statusLabel: assignmentLabels[status],
    accepted,
    recusalReason: x.recusalReason,
    content,
    criteria: params.expertReviewCriteria.map((c) => ({ code: c.code, label: c.label, weight: c.weight })),
    scores: x.scores,
    totalText: tenthsText(x.totalTenths),
    comment: x.comment,
    submittedAt: x.submittedAt?.toISOString() ?? null,
    createdAt: x.createdAt.toISOString(),
    rowVersion: x.rowVersion,
    actions,
  };
}

const drawer = alias(users, 'drawer');
const replaced = alias(users, 'replaced');
const expert = alias(users, 'expert');

async function reviewOf(db: DbOrTx, actor: Actor, id: string): Promise<ExpertReviewView> {
  const [a] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, id));
  if (!a) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(db, actor, a.programmeId);
  // the society does not read the sheets; the association and the co-managing finance bureau do
  if (actor.orgType === 'society' || !mayReadApplication(prog, actor, a)) throw new AppError('NOT_FOUND', '申报书不存在');
  const draws = await db
    .select({ d: capacityExpertDraws, drawnByName: drawer.displayName, replacedName: replaced.displayName })
    .from(capacityExpertDraws)
    .leftJoin(drawer, eq(drawer.id, capacityExpertDraws.drawnBy))
    .leftJoin(replaced, eq(replaced.id, capacityExpertDraws.replacedUserId))
    .where(eq(capacityExpertDraws.applicationId, id))
    .orderBy(capacityExpertDraws.seq);
  const assignments = await db
    .select({ x: capacityExpertAssignments, name: expert.displayName })
    .from(capacityExpertAssignments)
    .innerJoin(expert, eq(expert.id, capacityExpertAssignments.expertUserId))
    .where(eq(capacityExpertAssignments.applicationId, id))
    .orderBy(capacityExpertAssignments.drawSeq, capacityExpertAssignments.createdAt);
  const names = new Map(assignments.map((x) => [x.x.expertUserId, x.name]));
  const params = prog.parameters;
  return {
    applicationId: a.id,
    status: applicationLifecycle.states[a.status as ApplicationState] ?? a.status,
    expertsPerApplication: params.expertReview.expertsPerApplication,
    minScoresForTrim: params.expertReview.minScoresForTrim,
    criteria: params.expertReviewCriteria.map((c) => ({ code: c.code, label: c.label, weight: c.weight })),
    draws: draws.map((r) => ({
      seq: r.d.seq,
      reason: r.d.reason as 'initial' | 'replacement',
      seed: r.d.seed,
      field: r.d.field,
      candidateCount: r.d.candidates.length,
      drawnNames: r.d.drawn.map((u) => names.get(u) ?? '—'),
      shortBy: r.d.shortBy,
      replacedName: r.replacedName,
      drawnByName: r.drawnByName,
      drawnAt: r.d.drawnAt.toISOString(),
    })),
    assignments: assignments.map(({ x, name }) => ({
      id: x.id,
      expertName: name,
      status: x.status as keyof typeof assignmentLabels,
      statusLabel: assignmentLabels[x.status as keyof typeof assignmentLabels],
      recusalReason: x.recusalReason,
      scores: x.scores,
      totalText: tenthsText(x.totalTenths),
      comment: x.comment,
      submittedAt: x.submittedAt?.toISOString() ?? null,
    })),
    finalScoreText: a.finalScoreHundredths === null ? null : scoreText(a.finalScoreHundredths),
    scoreMethod: (a.scoreMethod as 'trimmed' | 'mean' | null) ?? null,
    actions: a.status === 'passed' && reviews(prog, actor) ? ['draw'] : [],
  };
}

async function rankingView(db: DbOrTx, actor: Actor, callId: string): Promise<Ranking> {
  const call = await findCall(db, callId);
  if (!call) throw new AppError('NOT_FOUND', '申报通知不存在');
  const prog = await loadProgramme(db, actor, call.programmeId);
  const financeReads = prog.confirmer && prog.parameters.financeBureauCoManages === true;
  if (!mayReadCall(prog, call) || !(prog.readsAll || financeReads) || actor.orgType === 'society') throw new AppError('NOT_FOUND', '申报通知不存在');
  const apps = await rankedApplications(db, call.id);
  const decisions = await db.select().from(capacityDecisions).where(eq(capacityDecisions.callId, call.id));
  const mayPropose = prog.mine && actor.permissions.has('capacityApplication.review');
  return {
    callId: call.id,
    callTitle: call.title,
    coManagedByFinance: prog.parameters.financeBureauCoManages === true,
    types: rankingOf(call, prog, apps, decisions).map(({ type, ranked, decision }) => {
      const actions: ('propose' | 'confirm' | 'return')[] = [];
      if (mayPropose && (!decision || decision.status === 'returned') && ranked.length > 0) actions.push('propose');
      if (prog.confirmer && decision?.status === 'proposed') actions.push('confirm', 'return');
      return {
        code: type.code,
        name: type.name,
        quota: type.quota,
        awardFen: type.awardFen,
        entries: ranked.map((r) => ({
          applicationId: r.id,
          societyName: r.app.societyName,
          title: r.app.title,
          status: r.app.status,
          statusLabel: applicationLifecycle.states[r.app.status as ApplicationState] ?? r.app.status,
          rank: r.rank,
          scoreText: r.hundredths === null ? null : scoreText(r.hundredths),
          withinQuota: r.withinQuota,
          tiedAtQuotaEdge: r.tiedAtQuotaEdge,
        })),
        decision: decision
          ? {
              id: decision.id,
              status: decision.status as keyof typeof decisionLabels,
              statusLabel: decisionLabels[decision.status as keyof typeof decisionLabels],
              selected: decision.selected,
              note: decision.note,
              returnComment: decision.returnComment,
              confirmedAt: decision.confirmedAt?.toISOString() ?? null,
              rowVersion: decision.rowVersion,
            }
          : null,
        actions,
      };
    }),
  };
}
