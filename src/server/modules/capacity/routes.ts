// CAP-1 routes (issue 13 step 1): a capacity programme's yearly calls — list, create, read with the
// caller's actions, edit a draft, submit to and confirm or return at the finance bureau, withdraw,
// publish, close — and the portal's 通知公告 (PUB-1): the published and closed calls, no login.
import { z } from 'zod';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import type { DbOrTx } from '../../db/client.js';
import { capacityCalls, organisations, programmes } from '../../db/schema.js';
import { ZCallFields, callLifecycle, callTotalFen, confirmComment, refineCall, returnComment, type CallEvent, type CallState } from '../../../domain/capacity/call.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import type { ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import { optText } from '../../../domain/supervision/common.js';
import { ZCapacityCall, ZCapacityCallPage, ZPublicCapacityCall, ZPublicCapacityCallPage, type CallTypeView, type CapacityCall } from '../../../contract/capacity.js';
import { callActionsFor, callReadScope, callsFrom, changeCall, coManaged, createCall, editCall, loadProgramme, mayReadCall, type CallWithNames, type ProgrammeForCalls } from './calls.js';
import { ZId, ZRowVersion } from './route-params.js';

const ZCallBody = ZCallFields.superRefine(refineCall);
const ZCallEditBody = ZCallFields.extend({ rowVersion: ZRowVersion }).strict().superRefine(refineCall);
const ZVersionBody = z.object({ rowVersion: ZRowVersion }).strict();

function typesOf(types: { code: string; quota: number; awardFen: number }[], params: ProgrammeParameters): CallTypeView[] {
  return types.map((t) => ({ code: t.code, name: params.projectTypes.find((x) => x.code === t.code)?.name ?? t.code, quota: t.quota, awardFen: t.awardFen }));
}
const fundName = (code: string, params: ProgrammeParameters) => params.funds.find((f) => f.code === code)?.name ?? code;

function callView(x: CallWithNames, prog: ProgrammeForCalls): CapacityCall {
  const c = x.c;
  const status = c.status as CallState;
  return {
    id: c.id,
    programmeId: c.programmeId,
    programmeName: prog.name,
    programmeStatus: prog.status as ProgrammeState,
    associationId: c.associationId,
    associationName: prog.associationName,
    year: c.year,
    title: c.title,
    description: c.description,
    contact: c.contact,
    budgetFen: c.budgetFen,
    totalAwardFen: callTotalFen(c.types),
    fundCode: c.fundCode,
    fundName: fundName(c.fundCode, prog.parameters),
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    types: typesOf(c.types, prog.parameters),
    status,
    statusLabel: callLifecycle.states[status] ?? c.status,
    coManagedByFinance: coManaged(prog),
    submittedAt: c.submittedAt?.toISOString() ?? null,
    confirmedAt: c.confirmedAt?.toISOString() ?? null,
    confirmedByName: x.confirmedByName,
    confirmedOrgName: x.confirmedOrgName,
    returnComment: c.returnComment,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    rowVersion: c.rowVersion,
    actions: callActionsFor(prog, status),
  };
}

/** One call as the actor may read it; 404 when it does not exist or is not shown to the actor. */
async function callOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityCall> {
  const [x] = await callsFrom(db).where(eq(capacityCalls.id, id));
  if (!x) throw new AppError('NOT_FOUND', '申报通知不存在');
  const prog = await loadProgramme(db, actor, x.c.programmeId);
  if (!mayReadCall(prog, x.c)) throw new AppError('NOT_FOUND', '申报通知不存在');
  return callView(x, prog);
}

export async function capacityCallRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['申报通知'];
  const read = requirePermission('programme.read');
  const manage = requirePermission('capacityCall.manage');
  const confirm = requirePermission('capacityCall.confirm');

  // Newest first, key-based on (created_at, id) over capacity_calls_programme_created_idx; the total only when asked.
  app.get(
    '/api/v1/programmes/:id/capacity-calls',
    { schema: { tags, summary: '能力提升计划的年度申报通知（CAP-1）', params: ZId, querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZCapacityCallPage } }, preHandler: read },
    async (req) => {
      const actor = requireActor(req);
      const prog = await loadProgramme(db, actor, req.params.id);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const where = and(eq(capacityCalls.programmeId, prog.id), callReadScope(prog))!;
      const rows = await callsFrom(db)
        .where(and(where, beforeTimeKey(capacityCalls.createdAt, capacityCalls.id, after)))
        .orderBy(desc(capacityCalls.createdAt), desc(capacityCalls.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityCalls).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.c.id]);
      return { ...page, items: page.items.map((x) => callView(x, prog)), actions: prog.mine && prog.kind === 'capacityPlan' ? ['create' as const] : [] };
    },
  );

  app.post(
    '/api/v1/programmes/:id/capacity-calls',
    { schema: { tags, summary: '新建年度申报通知（预算、项目类型、名额和资助标准、申报期）', params: ZId, body: ZCallBody, response: { 201: ZCapacityCall } }, preHandler: manage },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await createCall({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-calls/${id}`).send(await callOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-calls/:id', { schema: { tags, summary: '申报通知详情（含当前用户可执行的操作）', params: ZId, response: { 200: ZCapacityCall } }, preHandler: read }, async (req) => callOne(db, requireActor(req), req.params.id));

  app.put('/api/v1/capacity-calls/:id', { schema: { tags, summary: '修改草稿状态的申报通知', params: ZId, body: ZCallEditBody, response: { 200: ZCapacityCall } }, preHandler: manage }, async (req) => {
    const actor = requireActor(req);
    const { rowVersion, ...input } = req.body;
    await editCall({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
    return callOne(db, actor, req.params.id);
  });

  const step = (path: string, event: CallEvent, summary: string, body: z.ZodType<{ rowVersion: number; comment?: string | null }>, guard: typeof manage) =>
    app.post(`/api/v1/capacity-calls/:id/${path}`, { schema: { tags, summary, params: ZId, body, response: { 200: ZCapacityCall } }, preHandler: guard }, async (req) => {
      const actor = requireActor(req);
      await changeCall({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, event, comment: req.body.comment ?? null });
      return callOne(db, actor, req.params.id);
    });
  step('submit', 'submit', '提交财政局确认（方案规定财政局共同管理时）', ZVersionBody, manage);
  step('withdraw', 'withdraw', '撤回已提交或已确认的申报通知以便修改', ZVersionBody, manage);
  step('confirm', 'confirm', '财政局确认申报通知', z.object({ rowVersion: ZRowVersion, comment: confirmComment() }).strict(), confirm);
  step('return', 'return', '财政局退回申报通知（须填写意见）', z.object({ rowVersion: ZRowVersion, comment: returnComment() }).strict(), confirm);
  step('publish', 'publish', '发布申报通知：在门户公开，向学会发送待办和通知', ZVersionBody, manage);
  step('close', 'close', '截止申报（手动）', z.object({ rowVersion: ZRowVersion, comment: optText(500, '截止说明') }).strict(), manage);

  // ------------------------------------------------------------------ the portal (PUB-1)
  const publicStates = inArray(capacityCalls.status, ['published', 'closed']);
  const publicColumns = {
    id: capacityCalls.id,
    programmeId: capacityCalls.programmeId,
    programmeName: programmes.name,
    associationId: capacityCalls.associationId,
    associationName: organisations.name,
    year: capacityCalls.year,
    title: capacityCalls.title,
    budgetFen: capacityCalls.budgetFen,
    opensOn: capacityCalls.opensOn,
    closesOn: capacityCalls.closesOn,
    status: capacityCalls.status,
    publishedAt: capacityCalls.publishedAt,
  };
  const publicFields = <R extends { status: string; publishedAt: Date | null }>(r: R) => ({
    ...r,
    status: r.status as 'published' | 'closed',
    statusLabel: r.status === 'closed' ? '已截止' : '受理中',
    publishedAt: (r.publishedAt ?? new Date(0)).toISOString(),
  });

  // Newest first, key-based on (published_at, id) over capacity_calls_public_idx.
  app.get(
    '/api/v1/public/capacity-calls',
    {
      schema: {
        tags: ['公开'],
        summary: '通知公告：已发布的能力提升计划申报通知（无需登录，最新发布在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicCapacityCallPage },
      },
    },
    async (req) => {
      const q = req.query;
      const where = and(publicStates, q.programmeId ? eq(capacityCalls.programmeId, q.programmeId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({ ...publicColumns, key: timeKeyOf(capacityCalls.publishedAt) })
        .from(capacityCalls)
        .innerJoin(programmes, eq(programmes.id, capacityCalls.programmeId))
        .innerJoin(organisations, eq(organisations.id, capacityCalls.associationId))
        .where(and(where, beforeTimeKey(capacityCalls.publishedAt, capacityCalls.id, after)))
        .orderBy(desc(capacityCalls.publishedAt), desc(capacityCalls.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityCalls).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(({ key: _key, ...r }) => publicFields(r)) };
    },
  );

  app.get('/api/v1/public/capacity-calls/:id', { schema: { tags: ['公开'], summary: '申报通知全文（已发布或已截止）', params: ZId, response: { 200: ZPublicCapacityCall } } }, async (req) => {
    const [r] = await db
      .select({ ...publicColumns, description: capacityCalls.description, contact: capacityCalls.contact, fundCode: capacityCalls.fundCode, types: capacityCalls.types, parameters: programmes.parameters })
      .from(capacityCalls)
      .innerJoin(programmes, eq(programmes.id, capacityCalls.programmeId))
      .innerJoin(organisations, eq(organisations.id, capacityCalls.associationId))
      .where(and(eq(capacityCalls.id, req.params.id), publicStates));
    if (!r) throw new AppError('NOT_FOUND', '申报通知不存在或未发布');
    const { parameters, fundCode, types, ...rest } = r;
    const params = parameters as ProgrammeParameters;
    return { ...publicFields(rest), fundName: fundName(fundCode, params), types: typesOf(types, params) };
  });
}
