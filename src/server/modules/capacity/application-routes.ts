// CAP-2, CAP-3 routes: the society's application to a call (draft, edit, submit, withdraw, its
// eligibility before it writes), the lists (a call's applications; the actor's own or under review),
// and the association's formal review. Scope in applications.ts.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { clauseOf } from '../../../domain/programme/rule-clauses.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import type { DbOrTx } from '../../db/client.js';
import { capacityApplicationVersions, capacityApplications, capacityCalls, capacityLetters, organisations, users } from '../../db/schema.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { optText } from '../../../domain/supervision/common.js';
import {
  ZApplicationFields,
  ZReviewItem,
  applicationLifecycle,
  applicationStates,
  formalDecisions,
  offeredTypes,
  type ApplicationState,
} from '../../../domain/capacity/application.js';
import {
  ZApplicationVersion,
  ZCapacityApplication,
  ZCapacityApplicationPage,
  ZEligibility,
  ZEligibilityList,
  type ApplicationContent,
  type CapacityApplication,
} from '../../../contract/capacity-applications.js';
import { findCall, loadProgramme, mayReadCall, type ProgrammeForCalls } from './calls.js';
import {
  applicationActionsFor,
  applicationReadScope,
  callReachesSociety,
  createApplication,
  editApplication,
  eligibilityOf,
  eligibilityView,
  mayReadApplication,
  reviewApplication,
  submitApplication,
  withdrawApplication,
  type ApplicationRow,
} from './applications.js';
import { ZId, ZRowVersion } from './route-params.js';

const ZVersionBody = z.object({ rowVersion: ZRowVersion }).strict();
const ZEditBody = ZApplicationFields.extend({ rowVersion: ZRowVersion }).strict();
const ZReviewBody = z
  .object({
    rowVersion: ZRowVersion,
    decision: z.enum(formalDecisions, { error: '请选择审查结论：通过、退回修改或不予受理' }),
    items: z.array(ZReviewItem).max(30, '审查项目不能超过 30 项'),
    comment: optText(2000, '审查意见'),
  })
  .strict();

export type StoredContent = Pick<ApplicationRow, 'typeCode' | 'title' | 'goals' | 'indicators' | 'budget' | 'requestedFen' | 'contactName' | 'contactPhone' | 'attachmentIds'>;

export function contentView(c: StoredContent, params: ProgrammeParameters, callTypes: { code: string; quota: number; awardFen: number }[]): ApplicationContent {
  const type = offeredTypes(callTypes, params.projectTypes).find((t) => t.code === c.typeCode);
  const label = (code: string) => params.expenseCategories.allowed.find((x) => x.code === code)?.label ?? params.expenseCategories.forbidden.find((x) => x.code === code)?.label ?? code;
  return {
    typeCode: c.typeCode,
    typeName: type?.name ?? c.typeCode,
    title: c.title,
    goals: c.goals,
    indicators: c.indicators,
    budget: c.budget.map((l) => ({ ...l, categoryLabel: label(l.category) })),
    requestedFen: c.requestedFen,
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    attachmentIds: c.attachmentIds ?? [],
  };
}

const submitter = alias(users, 'submitter');
const decider = alias(users, 'decider');

async function applicationOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityApplication> {
  const [x] = await db
    .select({ a: capacityApplications, societyName: organisations.name, deciderName: decider.displayName, letterStatus: capacityLetters.status })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .leftJoin(decider, eq(decider.id, capacityApplications.decidedBy))
    .leftJoin(capacityLetters, eq(capacityLetters.applicationId, capacityApplications.id))
    .where(eq(capacityApplications.id, id));
  if (!x) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(db, actor, x.a.programmeId);
  if (!mayReadApplication(prog, actor, x.a)) throw new AppError('NOT_FOUND', '申报书不存在');
  const call = (await findCall(db, x.a.callId))!;
  const versions = await db
    .select({ version: capacityApplicationVersions.version, submittedAt: capacityApplicationVersions.submittedAt, submittedByName: submitter.displayName, eligibility: capacityApplicationVersions.eligibility })
    .from(capacityApplicationVersions)
    .leftJoin(submitter, eq(submitter.id, capacityApplicationVersions.submittedBy))
    .where(eq(capacityApplicationVersions.applicationId, id))
    .orderBy(desc(capacityApplicationVersions.version));
  return { ...(await view(db, x.a, x.societyName, x.deciderName, prog, call, versions, actor)), letterStatus: (x.letterStatus as CapacityApplication['letterStatus']) ?? null };
}

async function view(
  db: DbOrTx,
  a: ApplicationRow,
  societyName: string,
  deciderName: string | null,
  prog: ProgrammeForCalls,
  call: NonNullable<Awaited<ReturnType<typeof findCall>>>,
  versions: { version: number; submittedAt: Date; submittedByName: string | null; eligibility: Record<string, unknown> }[],
  actor: Actor,
): Promise<Omit<CapacityApplication, 'letterStatus'>> {
  const params = prog.parameters;
  const status = a.status as ApplicationState;
  const type = offeredTypes(call.types, params.projectTypes).find((t) => t.code === a.typeCode);
  // a draft or a returned application: the eligibility as of today (the society sees what would block
  // it, the association why a returned one cannot come back)
  let eligibility: CapacityApplication['eligibility'] = null;
  if ((status === 'draft' || status === 'returned') && type) {
    const { result } = await eligibilityOf(db, a.societyId, params, call, a.typeCode);
    eligibility = eligibilityView(type, result, params);
  } else if (versions[0]) {
    eligibility = versions[0].eligibility as CapacityApplication['eligibility'];
  }
  const labels = new Map(params.formalReviewChecklist.map((c) => [c.code, c.label]));
  return {
    id: a.id,
    callId: a.callId,
    callTitle: call.title,
    callYear: call.year,
    callClosesOn: call.closesOn,
    programmeId: a.programmeId,
    associationName: prog.associationName,
    societyId: a.societyId,
    societyName,
    typeCode: a.typeCode,
    typeName: type?.name ?? a.typeCode,
    awardFen: type?.awardFen ?? 0,
    title: a.title,
    requestedFen: a.requestedFen,
    status,
    statusLabel: applicationLifecycle.states[status] ?? a.status,
    version: a.version,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
    content: contentView(a, params, call.types),
    eligibility,
    review: a.review ? { items: a.review.items.map((i) => ({ ...i, label: labels.get(i.code) ?? i.code })), comment: a.review.comment } : null,
    returnComment: a.returnComment,
    versions: versions.map((v) => ({ version: v.version, submittedAt: v.submittedAt.toISOString(), submittedByName: v.submittedByName })),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decidedByName: deciderName,
    checklist: params.formalReviewChecklist.map((c) => ({ code: c.code, label: c.label })),
    checklistClause: clauseOf(params, 'formalReview'),
    rowVersion: a.rowVersion,
    actions: applicationActionsFor(prog, actor, a),
  };
}

export async function capacityApplicationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['能力提升项目申报'];
  const submit = requirePermission('capacityApplication.submit');
  const review = requirePermission('capacityApplication.review');
  const read = requireAnyPermission('capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read');

  const listColumns = {
    a: {
      id: capacityApplications.id,
      callId: capacityApplications.callId,
      programmeId: capacityApplications.programmeId,
      societyId: capacityApplications.societyId,
      typeCode: capacityApplications.typeCode,
      title: capacityApplications.title,
      requestedFen: capacityApplications.requestedFen,
      status: capacityApplications.status,
      version: capacityApplications.version,
      submittedAt: capacityApplications.submittedAt,
      updatedAt: capacityApplications.updatedAt,
    },
    societyName: organisations.name,
    callTitle: capacityCalls.title,
    callYear: capacityCalls.year,
    // the programme's name of the type (PRG-2), looked up for the page's rows only
    typeName: sql<string | null>`(SELECT t->>'name' FROM programmes p, jsonb_array_elements(p.parameters->'projectTypes') t WHERE p.id = ${capacityApplications.programmeId} AND t->>'code' = ${capacityApplications.typeCode})`,
    key: timeKeyOf(capacityApplications.createdAt),
  };
  type ListRow = { a: { id: string; callId: string; programmeId: string; societyId: string; typeCode: string; title: string; requestedFen: number; status: string; version: number; submittedAt: Date | null; updatedAt: Date }; societyName: string; callTitle: string; callYear: number; typeName: string | null; key: string };
  const summary = (r: ListRow) => {
    const status = r.a.status as ApplicationState;
    return {
      ...r.a,
      callTitle: r.callTitle,
      callYear: r.callYear,
      societyName: r.societyName,
      typeName: r.typeName ?? r.a.typeCode,
      status,
      statusLabel: applicationLifecycle.states[status] ?? r.a.status,
      submittedAt: r.a.submittedAt?.toISOString() ?? null,
      updatedAt: r.a.updatedAt.toISOString(),
    };
  };
  const ZStatusFilter = z.enum(applicationStates, { error: '状态不正确' }).optional();

  // A call's applications: the society its own, the association and the finance bureau the submitted ones.
  app.get(
    '/api/v1/capacity-calls/:id/applications',
    {
      schema: { tags, summary: '申报通知收到的申报书（学会只见本学会的）', params: ZId, querystring: z.object({ status: ZStatusFilter, ...ZPageQuery }).strict(), response: { 200: ZCapacityApplicationPage } },
      preHandler: read,
    },
    async (req) => {
      const actor = requireActor(req);
      const call = await findCall(db, req.params.id);
      if (!call) throw new AppError('NOT_FOUND', '申报通知不存在');
      const prog = await loadProgramme(db, actor, call.programmeId);
      if (!mayReadCall(prog, call)) throw new AppError('NOT_FOUND', '申报通知不存在');
      const q = req.query;
      const where = and(eq(capacityApplications.callId, call.id), applicationReadScope(actor), q.status ? eq(capacityApplications.status, q.status) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select(listColumns)
        .from(capacityApplications)
        .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
        .innerJoin(capacityCalls, eq(capacityCalls.id, capacityApplications.callId))
        .where(and(where, beforeTimeKey(capacityApplications.createdAt, capacityApplications.id, after)))
        .orderBy(desc(capacityApplications.createdAt), desc(capacityApplications.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityApplications).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.a.id]);
      return { ...page, items: page.items.map(summary) };
    },
  );

  // 我的申报 (a society) and 形式审查 (the association: filter status=submitted): every application in the actor's scope.
  app.get(
    '/api/v1/capacity-applications',
    {
      schema: {
        tags,
        summary: '能力提升项目申报书列表：学会为本学会的申报，科协为所辖范围内已提交的申报（可按状态、申报通知筛选）',
        querystring: z.object({ status: ZStatusFilter, callId: z.uuid('申报通知编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZCapacityApplicationPage },
      },
      preHandler: read,
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const where = and(applicationReadScope(actor), q.status ? eq(capacityApplications.status, q.status) : undefined, q.callId ? eq(capacityApplications.callId, q.callId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select(listColumns)
        .from(capacityApplications)
        .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
        .innerJoin(capacityCalls, eq(capacityCalls.id, capacityApplications.callId))
        .where(and(where, beforeTimeKey(capacityApplications.createdAt, capacityApplications.id, after)))
        .orderBy(desc(capacityApplications.createdAt), desc(capacityApplications.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityApplications).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.a.id]);
      return { ...page, items: page.items.map(summary) };
    },
  );

  // CAP-2: what the society would be checked against, before it writes anything — every type of the call, or one.
  app.get(
    '/api/v1/capacity-calls/:id/eligibility',
    {
      schema: {
        tags,
        summary: '本学会申报各类项目的资格检查（学会档案、年度情况和禁止申报记录）',
        params: ZId,
        querystring: z.object({ typeCode: z.string().trim().min(1, '项目类型不能为空').max(40).optional() }).strict(),
        response: { 200: ZEligibilityList },
      },
      preHandler: submit,
    },
    async (req) => {
      const actor = requireActor(req);
      const call = await findCall(db, req.params.id);
      if (!call || (call.status !== 'published' && call.status !== 'closed')) throw new AppError('NOT_FOUND', '申报通知不存在');
      const prog = await loadProgramme(db, actor, call.programmeId);
      if (!(await callReachesSociety(db, prog, actor))) throw new AppError('OUT_OF_SCOPE', `本次申报通知面向${prog.associationName}所属学会`, { extra: { entityType: 'capacity_call', entityId: call.id } });
      const codes = req.query.typeCode ? [req.query.typeCode] : call.types.map((t) => t.code);
      const items = [];
      for (const code of codes) {
        const { type, result } = await eligibilityOf(db, actor.orgId, prog.parameters, call, code);
        items.push(eligibilityView(type, result, prog.parameters));
      }
      return { items };
    },
  );

  app.post(
    '/api/v1/capacity-calls/:id/applications',
    { schema: { tags, summary: '学会填写申报书（草稿）', params: ZId, body: ZApplicationFields, response: { 201: ZCapacityApplication } }, preHandler: submit },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await createApplication({ db, actor, meta: metaOf(req), callId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-applications/${id}`).send(await applicationOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-applications/:id', { schema: { tags, summary: '申报书详情（含资格检查、形式审查、历次提交的版本和可执行的操作）', params: ZId, response: { 200: ZCapacityApplication } }, preHandler: read }, async (req) =>
    applicationOne(db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/capacity-applications/:id/versions/:version',
    {
      schema: {
        tags,
        summary: '申报书某次提交的版本（内容和当日的资格检查）',
        params: z.object({ id: z.uuid('编号格式不正确'), version: z.coerce.number().int('版本号应为整数').min(1, '版本号不正确').max(1000, '版本号不正确') }).strict(),
        response: { 200: ZApplicationVersion },
      },
      preHandler: read,
    },
    async (req) => {
      const actor = requireActor(req);
      const [a] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, req.params.id));
      if (!a) throw new AppError('NOT_FOUND', '申报书不存在');
      const prog = await loadProgramme(db, actor, a.programmeId);
      if (!mayReadApplication(prog, actor, a)) throw new AppError('NOT_FOUND', '申报书不存在');
      const [v] = await db
        .select()
        .from(capacityApplicationVersions)
        .where(and(eq(capacityApplicationVersions.applicationId, a.id), eq(capacityApplicationVersions.version, req.params.version)));
      if (!v) throw new AppError('NOT_FOUND', '该版本不存在');
      const call = (await findCall(db, a.callId))!;
      return { version: v.version, submittedAt: v.submittedAt.toISOString(), content: contentView(v.content as unknown as StoredContent, prog.parameters, call.types), eligibility: v.eligibility as unknown as z.infer<typeof ZEligibility> };
    },
  );

  app.put('/api/v1/capacity-applications/:id', { schema: { tags, summary: '修改草稿或退回修改的申报书', params: ZId, body: ZEditBody, response: { 200: ZCapacityApplication } }, preHandler: submit }, async (req) => {
    const actor = requireActor(req);
    const { rowVersion, ...input } = req.body;
    await editApplication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
    return applicationOne(db, actor, req.params.id);
  });

  app.post('/api/v1/capacity-applications/:id/submit', { schema: { tags, summary: '提交申报书（检查申报期和申报资格，形成新版本）', params: ZId, body: ZVersionBody, response: { 200: ZCapacityApplication } }, preHandler: submit }, async (req) => {
    const actor = requireActor(req);
    await submitApplication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
    return applicationOne(db, actor, req.params.id);
  });

  app.post(
    '/api/v1/capacity-applications/:id/withdraw',
    { schema: { tags, summary: '学会撤回尚未审查完成的申报书', params: ZId, body: z.object({ rowVersion: ZRowVersion, reason: optText(500, '撤回原因') }).strict(), response: { 200: ZCapacityApplication } }, preHandler: submit },
    async (req) => {
      const actor = requireActor(req);
      await withdrawApplication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, reason: req.body.reason ?? null });
      return applicationOne(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/capacity-applications/:id/review',
    { schema: { tags, summary: '形式审查：逐项审查后通过、退回修改或不予受理', params: ZId, body: ZReviewBody, response: { 200: ZCapacityApplication } }, preHandler: review },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      await reviewApplication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: b.rowVersion, decision: b.decision, items: b.items, comment: b.comment ?? null });
      return applicationOne(db, actor, req.params.id);
    },
  );
}

