// CAP-5, PUB-1 routes (issue 13 step 5): the association publishes a call's result notice, reads it
// with its objections (contacts masked; the whole contact a separate, audited read) and handles each
// objection; the portal lists the notices and shows one with its results, and takes objections while
// a notice is open — no login, rate-limited per address. Rules and scope in notices.ts.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { capacityNotices, organisations, programmes } from '../../db/schema.js';
import {
  ZCapacityNotice,
  ZCapacityNoticeList,
  ZObjectionPersonalData,
  ZObjectionReceipt,
  ZPublicCapacityNotice,
  ZPublicCapacityNoticePage,
  type NoticeKind,
} from '../../../contract/capacity-notices.js';
import {
  ZHandleInput,
  ZNoticeInput,
  ZObjectionInput,
  fileObjection,
  handleObjection,
  noticeOne,
  noticeStatusFields,
  noticesOfCall,
  objectionPersonalData,
  publicNoticeOne,
  publicNoticeWhere,
  publishResultNotice,
} from './notices.js';
import { ZId } from './route-params.js';

/** PUB-1: objections per client address and minute in this process (the database keeps the daily limit per notice). */
const OBJECTIONS_PER_MINUTE = 10;

export async function capacityNoticeRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const { cipher } = deps;
  const tags = ['评审结果公示'];
  const read = requirePermission('programme.read');
  const review = requirePermission('capacityApplication.review');

  app.post(
    '/api/v1/capacity-calls/:id/notices',
    {
      schema: { tags, summary: '发布评审结果公示：拟资助项目在门户公示，公示期按方案规定的天数', params: ZId, body: ZNoticeInput, response: { 201: ZCapacityNotice } },
      preHandler: review,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await publishResultNotice({ db, actor, meta: metaOf(req), callId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-notices/${id}`).send(await noticeOne(db, cipher, actor, id));
    },
  );

  app.get(
    '/api/v1/capacity-calls/:id/notices',
    { schema: { tags, summary: '申报通知的公示（含是否可发布评审结果公示）', params: ZId, response: { 200: ZCapacityNoticeList } }, preHandler: read },
    async (req) => noticesOfCall(db, cipher, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/capacity-notices/:id',
    { schema: { tags, summary: '公示详情：公示的项目及其状态、收到的异议（联系方式部分隐去）', params: ZId, response: { 200: ZCapacityNotice } }, preHandler: read },
    async (req) => noticeOne(db, cipher, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-objections/:id/handle',
    { schema: { tags, summary: '处理公示异议：异议成立或不成立，须写明理由', params: ZId, body: ZHandleInput, response: { 200: ZCapacityNotice } }, preHandler: review },
    async (req) => {
      const actor = requireActor(req);
      const noticeId = await handleObjection({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return noticeOne(db, cipher, actor, noticeId);
    },
  );

  app.get(
    '/api/v1/capacity-objections/:id/personal-data',
    { schema: { tags, summary: '查看异议人的姓名和完整联系方式（留痕）', params: ZId, response: { 200: ZObjectionPersonalData } }, preHandler: review },
    async (req) => objectionPersonalData({ db, cipher, actor: requireActor(req), meta: metaOf(req), id: req.params.id }),
  );

  // ------------------------------------------------------------------ the portal (PUB-1)
  const ptags = ['公开'];

  // Newest first, key-based on (published_at, id) over capacity_notices_public_idx.
  app.get(
    '/api/v1/public/capacity-notices',
    {
      schema: {
        tags: ptags,
        summary: '公示公告：能力提升计划的评审结果公示（无需登录，最新发布在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicCapacityNoticePage },
      },
    },
    async (req) => {
      const q = req.query;
      const where = and(publicNoticeWhere, q.programmeId ? eq(capacityNotices.programmeId, q.programmeId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({ n: capacityNotices, programmeName: programmes.name, associationName: organisations.name, key: timeKeyOf(capacityNotices.publishedAt) })
        .from(capacityNotices)
        .innerJoin(programmes, eq(programmes.id, capacityNotices.programmeId))
        .innerJoin(organisations, eq(organisations.id, capacityNotices.associationId))
        .where(and(where, beforeTimeKey(capacityNotices.publishedAt, capacityNotices.id, after)))
        .orderBy(desc(capacityNotices.publishedAt), desc(capacityNotices.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityNotices).innerJoin(programmes, eq(programmes.id, capacityNotices.programmeId)).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.n.id]);
      return {
        ...page,
        items: page.items.map(({ n, programmeName, associationName }) => ({
          id: n.id,
          kind: n.kind as NoticeKind,
          title: n.title,
          associationName,
          programmeName,
          startsOn: n.startsOn,
          endsOn: n.endsOn,
          ...noticeStatusFields(n),
          publishedAt: n.publishedAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/v1/public/capacity-notices/:id',
    { schema: { tags: ptags, summary: '公示全文：公示期、状态和公示的项目（学会、项目类型、项目名称、得分、资助标准）', params: ZId, response: { 200: ZPublicCapacityNotice } } },
    async (req) => publicNoticeOne(db, req.params.id),
  );

  app.post(
    '/api/v1/public/capacity-notices/:id/objections',
    {
      schema: {
        tags: ptags,
        summary: '对公示提出异议（公示期内；联系方式加密保存；同一地址有次数限制）',
        params: ZId,
        body: ZObjectionInput,
        response: { 201: ZObjectionReceipt },
      },
      config: { rateLimit: { max: OBJECTIONS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const row = await fileObjection({ db, cipher, meta: metaOf(req), noticeId: req.params.id, input: req.body });
      return reply
        .status(201)
        .header('Location', `/api/v1/public/capacity-notices/${req.params.id}`)
        .send({ id: row.id, createdAt: row.createdAt.toISOString(), message: '您的异议已受理，科协将核查处理，必要时通过您留下的联系方式与您联系。' });
    },
  );
}
