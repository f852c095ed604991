// ORG-5 routes (issue 14): the association's rounds (list, open, read with results, answers, close)
// and the society's own rounds with its answer (list, answer or revise).
import { z } from 'zod';
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { organisations, todos, willingnessResponses, willingnessRounds } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { ZResponseInput, ZRoundInput, answerRefusal, programmesPreferredModes } from '../../../domain/org/willingness.js';
import { ZProcurementMode } from '../../../domain/programme/programme.types.js';
import { ZMyWillingnessRound, ZMyWillingnessRoundPage, ZWillingnessResponsePage, ZWillingnessRoundDetail, ZWillingnessRoundPage, type MyWillingnessRound } from '../../../contract/willingness.js';
import { answerRound, answerView, closeRound, invitedRoundsWhere, loadRound, myAnswers, openRound, roundProgrammes, roundResults, roundView, roundsFrom, WILLINGNESS_TODO } from './willingness.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确');
const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export async function willingnessRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['承接意愿调查'];
  const manage = requirePermission('willingness.manage');

  const detail = async (actor: ReturnType<typeof requireActor>, id: string) => {
    const x = await loadRound(db, actor, id);
    return { ...roundView(x, actor), results: await roundResults(db, x) };
  };

  // Newest first, key-based on (created_at, id); the rounds of the associations within the caller's scope.
  app.get(
    '/api/v1/willingness-rounds',
    { schema: { tags, summary: '承接意愿与能力调查（本单位及下级科协发起的，最新在前）', querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZWillingnessRoundPage } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const where = actor.orgType === 'association' ? sql`${organisations.path} LIKE ${`${escapeLike(actor.scopePath)}%`}` : sql`false`;
      const rows = await roundsFrom(db)
        .where(and(where, beforeTimeKey(willingnessRounds.createdAt, willingnessRounds.id, after)))
        .orderBy(desc(willingnessRounds.createdAt), desc(willingnessRounds.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(willingnessRounds).innerJoin(organisations, eq(organisations.id, willingnessRounds.associationId)).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.w.id]);
      const today = chinaToday();
      return { ...page, items: page.items.map((x) => roundView(x, actor, today)), actions: actor.orgType === 'association' ? ['create' as const] : [] };
    },
  );

  app.post(
    '/api/v1/willingness-rounds',
    { schema: { tags, summary: '发起本年度承接意愿与能力调查（每年一次；向数据范围内的学会发送待办）', body: ZRoundInput, response: { 201: ZWillingnessRoundDetail } }, preHandler: manage },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await openRound({ db, actor, meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/willingness-rounds/${id}`).send(await detail(actor, id));
    },
  );

  app.get(
    '/api/v1/willingness-rounds/:id',
    { schema: { tags, summary: '调查详情与结果统计（已填报、愿意承接、有能力承担、各承接方式、希望承接的事项）', params: ZId, response: { 200: ZWillingnessRoundDetail } }, preHandler: manage },
    async (req) => detail(requireActor(req), req.params.id),
  );

  // The invited societies by name with their answers; filters for the drill-down of each count.
  app.get(
    '/api/v1/willingness-rounds/:id/responses',
    {
      schema: {
        tags,
        summary: '调查的填报明细（受邀学会及其填报，按名称分页）',
        params: ZId,
        querystring: z
          .object({
            answered: ZBool.optional().describe('true 已填报；false 未填报'),
            willing: ZBool.optional(),
            capable: ZBool.optional(),
            mode: ZProcurementMode.optional().describe('倾向该承接方式的学会'),
            anyMode: z
              .string()
              .transform((v) => v.split(','))
              .pipe(z.array(ZProcurementMode, { error: '承接方式不正确' }).min(1).max(5))
              .optional()
              .describe('倾向其中至少一种承接方式的学会（逗号分隔，如方案的优先采购方式）'),
            ...ZPageQuery,
          })
          .strict(),
        response: { 200: ZWillingnessResponsePage },
      },
      preHandler: manage,
    },
    async (req) => {
      const actor = requireActor(req);
      const x = await loadRound(db, actor, req.params.id);
      const q = req.query;
      const parent = alias(organisations, 'parent');
      const r = willingnessResponses;
      const where = and(
        eq(todos.entityType, 'willingness_round'),
        eq(todos.kind, WILLINGNESS_TODO),
        eq(todos.entityId, x.w.id),
        q.answered === true ? sql`${r.id} IS NOT NULL` : q.answered === false ? sql`${r.id} IS NULL` : undefined,
        q.willing !== undefined ? eq(r.willing, q.willing) : undefined,
        q.capable !== undefined ? eq(r.capable, q.capable) : undefined,
        q.mode ? sql`${r.preferredModes} @> ${JSON.stringify([q.mode])}::jsonb` : undefined,
        q.anyMode ? or(...q.anyMode.map((m) => sql`${r.preferredModes} @> ${JSON.stringify([m])}::jsonb`)) : undefined,
      )!;
      const after = decodeCursor(q.cursor, cursorKeys.name);
      const rows = await db
        .select({ id: organisations.id, name: organisations.name, associationName: parent.name, answer: r })
        .from(todos)
        .innerJoin(organisations, eq(organisations.id, todos.assigneeOrgId))
        .leftJoin(parent, eq(parent.id, organisations.parentId))
        .leftJoin(r, and(eq(r.roundId, todos.entityId), eq(r.societyId, organisations.id)))
        .where(after ? and(where, sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(asc(organisations.name), asc(organisations.id))
        .limit(q.limit + 1);
      const total = await totalOf(
        db,
        q.count,
        db
          .select({ one: sql`1` })
          .from(todos)
          .innerJoin(organisations, eq(organisations.id, todos.assigneeOrgId))
          .leftJoin(r, and(eq(r.roundId, todos.entityId), eq(r.societyId, organisations.id)))
          .where(where),
      );
      const page = toPage(rows, q.limit, total, (row) => [row.name, row.id]);
      return { ...page, items: page.items.map((row) => ({ society: { id: row.id, name: row.name }, associationName: row.associationName, answer: row.answer ? answerView(row.answer) : null })) };
    },
  );

  app.post(
    '/api/v1/willingness-rounds/:id/close',
    { schema: { tags, summary: '结束调查（不再接受填报，关闭未办的待办）', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZWillingnessRoundDetail } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      await closeRound({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return detail(actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ the society's own
  const mine = async (actor: ReturnType<typeof requireActor>, q: { cursor?: string; limit: number; count?: 'exact' | 'estimate'; roundId?: string }) => {
    const after = decodeCursor(q.cursor, cursorKeys.textTime);
    const where = and(invitedRoundsWhere(actor.orgId), q.roundId ? eq(willingnessRounds.id, q.roundId) : undefined)!;
    const rows = await roundsFrom(db)
      .where(and(where, beforeTimeKey(willingnessRounds.createdAt, willingnessRounds.id, after)))
      .orderBy(desc(willingnessRounds.createdAt), desc(willingnessRounds.id))
      .limit(q.limit + 1);
    const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(willingnessRounds).where(where));
    const page = toPage(rows, q.limit, total, (r) => [r.key, r.w.id]);
    const answers = await myAnswers(db, actor.orgId, page.items.map((x) => x.w.id));
    const progs = await roundProgrammes(db, page.items.map((x) => x.w));
    const today = chinaToday();
    const items: MyWillingnessRound[] = page.items.map((x) => {
      const { invited: _i, answered: _a, actions: _x, ...round } = roundView(x, actor, today);
      const refusal = answerRefusal(x.w, today);
      const a = answers.get(x.w.id);
      const programmeModes = programmesPreferredModes(progs.filter((p) => p.associationId === x.w.associationId && p.year === x.w.year));
      return { round, answer: a ? answerView(a) : null, mayAnswer: refusal === null, refusal, programmeModes };
    });
    return { ...page, items };
  };

  app.get(
    '/api/v1/willingness/mine',
    {
      schema: {
        tags,
        summary: '本会受邀的承接意愿调查及本会的填报（最新在前）',
        querystring: z.object({ roundId: z.uuid('调查编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZMyWillingnessRoundPage },
      },
      preHandler: requirePermission('willingness.answer'),
    },
    async (req) => mine(requireActor(req), req.query),
  );

  app.put(
    '/api/v1/willingness-rounds/:id/response',
    {
      schema: { tags, summary: '填报或修改本会的承接意愿（调查截止或结束后不能再改）', params: ZId, body: ZResponseInput, response: { 200: ZMyWillingnessRound } },
      preHandler: requirePermission('willingness.answer'),
    },
    async (req) => {
      const actor = requireActor(req);
      await answerRound({ db, actor, meta: metaOf(req), roundId: req.params.id, input: req.body });
      return (await mine(actor, { limit: 1, roundId: req.params.id })).items[0];
    },
  );
}
