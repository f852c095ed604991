// SEL-2…SEL-7: declarations, the association's review, countersign by the review offices,
// approval, the department's choice, and the pilot projects it creates.
import { z } from 'zod';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { isInScope } from '../../../domain/access/roles.js';
import { declarationStates } from '../../../domain/selection/declaration.lifecycle.js';
import { countersignStates } from '../../../domain/selection/countersign.lifecycle.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { attachments, countersignItems, countersignOpinions, countersigns, declarations, organisations, pilotProjects, programmes, transferItems } from '../../db/schema.js';
import { findItem } from '../transfer/transfer.repo.js';
import { itemScope } from '../transfer/item-scope.js';
import { loadProjectInScope, projectQuery, projectScope, projectView } from '../projects/projects.js';
import { categoryLabel } from '../transfer/transfer-views.js';
import { assertMayReadDeclaration, changeOwnDeclaration, findDeclaration, qualificationOf, reviewDeclaration, submitDeclaration } from './declarations.js';
import { declarationReadScope } from './declaration-scope.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { findCountersign, giveOpinion, recordApproval, sendCountersign } from './countersign.js';
import { selectSociety } from './select-society.js';
import { countersignView, declarationSummary, declarationView } from './selection-views.js';
import { calendarDay } from '../../../domain/calendar-day.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZVersion = z.number().int().min(1);
const ZDeclarationInput = z
  .object({
    capacityStatement: z.string().trim().min(10, '承接能力说明至少 10 个字').max(4000, '承接能力说明不能超过 4000 个字'),
    plan: z.string().trim().max(4000, '承接设想不能超过 4000 个字').nullable().optional(),
    contactName: z.string().trim().max(30).nullable().optional(),
    attachmentIds: z.array(z.uuid()).max(20, '附件不能超过 20 个').default([]),
  })
  .strict();

const society = alias(organisations, 'society');
const dept = alias(organisations, 'dept');
const assoc = alias(organisations, 'assoc');

function countersignScope(actor: Actor): SQL {
  if (actor.orgType === 'association') return sql`${countersigns.associationPath} LIKE ${actor.scopePath + '%'}`;
  if (actor.orgType === 'review_office') return sql`${countersigns.id} IN (SELECT countersign_id FROM countersign_opinions WHERE office_org_id = ${actor.orgId})`;
  if (actor.orgType === 'department') return sql`${countersigns.id} IN (SELECT ci.countersign_id FROM countersign_items ci JOIN transfer_items t ON t.id = ci.item_id WHERE t.department_id = ${actor.orgId})`;
  return sql`false`;
}

export async function selectionRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['申报与遴选'];

  async function loadDeclarationView(actor: Actor, id: string) {
    const found = await findDeclaration(db, id);
    if (!found) throw new AppError('NOT_FOUND', '申报不存在');
    const row = (await findItem(db, found.d.itemId))!;
    await assertMayReadDeclaration(db, actor, found.d, row);
    const files = found.d.attachmentIds.length
      ? await db.select({ id: attachments.id, filename: attachments.filename, sizeBytes: attachments.sizeBytes, contentType: attachments.contentType }).from(attachments).where(inArray(attachments.id, found.d.attachmentIds))
      : [];
    const isAssoc = actor.orgType === 'association' && isInScope(actor.scopePath, row.item.associationPath);
    const isOwn = found.d.societyId === actor.orgId;
    const actions: string[] = [];
    if (isOwn && actor.permissions.has('declaration.submit')) {
      if (found.d.status === 'returned' && row.item.status === 'relayed') actions.push('resubmit');
      if (['submitted', 'returned'].includes(found.d.status)) actions.push('withdraw');
    }
    if (isAssoc && actor.permissions.has('declaration.review') && row.item.status === 'relayed') {
      if (found.d.status === 'submitted') actions.push('recommend', 'return', 'notRecommend');
      if (['recommended', 'notRecommended'].includes(found.d.status)) actions.push('reconsider');
    }
    return {
      declaration: declarationView(found.d, { societyName: found.societyName, itemTitle: row.item.title, itemStatus: row.item.status, programmeName: row.programme.name, departmentName: row.departmentName, attachments: files }),
      actions,
    };
  }

  app.get('/api/v1/items/:id/qualification', { schema: { tags, summary: '本学会对照方案资格条件的自查结果（SEL-3）', params: ZId }, preHandler: requirePermission('declaration.submit') }, async (req) => {
    const actor = requireActor(req);
    const row = await findItem(db, req.params.id);
    // the items the society may open: reached by the relay (itemReachesSociety), or declared on
    const [open] = row ? await db.select({ id: transferItems.id }).from(transferItems).where(and(eq(transferItems.id, row.item.id), itemScope(actor))) : [];
    if (!row || !open) throw new AppError('NOT_FOUND', '事项不存在');
    return qualificationOf(db, actor.orgId, row.programme.parameters as ProgrammeParameters);
  });

  app.post(
    '/api/v1/items/:id/declarations',
    { schema: { tags, summary: '学会申报可承接事项（SEL-2）', params: ZId, body: ZDeclarationInput }, preHandler: requirePermission('declaration.submit') },
    async (req, reply) => {
      const actor = requireActor(req);
      const found = await submitDeclaration({ db, actor, meta: metaOf(req), itemId: req.params.id, input: req.body });
      return reply.status(201).send(await loadDeclarationView(actor, found.d.id));
    },
  );

  app.get(
    '/api/v1/declarations',
    {
      schema: { tags, summary: '申报列表（按数据范围）', querystring: z.object({ itemId: z.uuid().optional(), programmeId: z.uuid().optional(), status: z.enum(declarationStates).optional(), ...ZPageQuery }).strict() },
      preHandler: requirePermission('declaration.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const where = and(declarationReadScope(actor), q.itemId ? eq(declarations.itemId, q.itemId) : undefined, q.programmeId ? eq(declarations.programmeId, q.programmeId) : undefined, q.status ? eq(declarations.status, q.status) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const key = sql<string>`to_char(${declarations.submittedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
      const rows = await db
        .select({ d: declarations, key, societyName: society.name, itemTitle: transferItems.title, itemStatus: transferItems.status, departmentName: dept.name })
        .from(declarations)
        .innerJoin(society, eq(society.id, declarations.societyId))
        .innerJoin(transferItems, eq(transferItems.id, declarations.itemId))
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .where(after ? and(where, sql`(${key}, ${declarations.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(desc(key), desc(declarations.id))
        .limit(q.limit + 1);
      const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(declarations).where(where);
      const page = toPage(rows, q.limit, Number(n), (r) => [r.key, r.d.id]);
      return { ...page, items: page.items.map((r) => ({ ...declarationSummary(r.d, r.societyName), itemTitle: r.itemTitle, itemStatus: r.itemStatus, departmentName: r.departmentName })) };
    },
  );

  app.get('/api/v1/declarations/:id', { schema: { tags, summary: '申报详情、资格核对与可执行操作', params: ZId }, preHandler: requirePermission('declaration.read') }, async (req) =>
    loadDeclarationView(requireActor(req), req.params.id),
  );

  app.put(
    '/api/v1/declarations/:id',
    { schema: { tags, summary: '补充后重新申报', params: ZId, body: ZDeclarationInput.extend({ version: ZVersion }).strict() }, preHandler: requirePermission('declaration.submit') },
    async (req) => {
      const actor = requireActor(req);
      const { version, ...input } = req.body;
      await changeOwnDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, version, event: 'resubmit', input });
      return loadDeclarationView(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/declarations/:id/withdraw',
    { schema: { tags, summary: '撤回申报', params: ZId, body: z.object({ version: ZVersion }).strict() }, preHandler: requirePermission('declaration.submit') },
    async (req) => {
      const actor = requireActor(req);
      await changeOwnDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, event: 'withdraw' });
      return loadDeclarationView(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/declarations/:id/review',
    {
      schema: {
        tags,
        summary: '科协审核申报：推荐、退回补充、不予推荐或重新审核（SEL-4）',
        params: ZId,
        body: z
          .object({
            version: ZVersion,
            decision: z.enum(['recommend', 'return', 'notRecommend', 'reconsider']),
            opinion: z.string().trim().min(2, '请填写审核意见（推荐理由或退回原因）').max(2000),
            manualConfirmed: z.array(z.number().int().min(0).max(100)).max(30).optional(),
          })
          .strict(),
      },
      preHandler: requirePermission('declaration.review'),
    },
    async (req) => {
      const actor = requireActor(req);
      await reviewDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, ...req.body });
      return loadDeclarationView(actor, req.params.id);
    },
  );

  // SEL-5, SEL-6
  const ctags = ['会签与审批'];
  async function loadCountersign(actor: Actor, id: string) {
    const c = await findCountersign(db, id);
    if (!c) throw new AppError('NOT_FOUND', '会签单不存在');
    const [visible] = await db.select({ id: countersigns.id }).from(countersigns).where(and(eq(countersigns.id, id), countersignScope(actor)));
    if (!visible) throw new AppError('OUT_OF_SCOPE', '该会签单不在本单位数据范围内', { extra: { entityType: 'countersign', entityId: id } });
    const [p] = await db.select({ name: programmes.name, categories: programmes.categories, associationName: organisations.name }).from(programmes).innerJoin(organisations, eq(organisations.id, programmes.associationId)).where(eq(programmes.id, c.programmeId));
    const items = await db
      .select({ ci: countersignItems, title: transferItems.title, categoryCode: transferItems.categoryCode, status: transferItems.status, departmentName: dept.name, departmentId: transferItems.departmentId })
      .from(countersignItems)
      .innerJoin(transferItems, eq(transferItems.id, countersignItems.itemId))
      .innerJoin(dept, eq(dept.id, transferItems.departmentId))
      .where(eq(countersignItems.countersignId, id));
    const ops = await db
      .select({ o: countersignOpinions, officeName: organisations.name })
      .from(countersignOpinions)
      .innerJoin(organisations, eq(organisations.id, countersignOpinions.officeOrgId))
      .where(eq(countersignOpinions.countersignId, id));
    const mine = ops.find((o) => o.o.officeOrgId === actor.orgId);
    const actions: string[] = [];
    if (mine && mine.o.decision === 'pending' && c.status === 'countersigning' && actor.permissions.has('countersign.opinion')) actions.push('agree', 'return');
    if (actor.orgType === 'association' && isInScope(actor.scopePath, c.associationPath) && c.status === 'approving' && actor.permissions.has('countersign.approve')) actions.push('approve');
    const visibleItems = actor.orgType === 'department' ? items.filter((i) => i.departmentId === actor.orgId) : items;
    // SEL-6: outside the association, a society on the list only while its declaration stands recommended
    const listed = [...new Set(visibleItems.flatMap((i) => i.ci.recommended.map((r) => r.declarationId)))];
    const readable =
      actor.orgType === 'association' || listed.length === 0
        ? new Set(listed)
        : new Set((await db.select({ id: declarations.id }).from(declarations).where(and(inArray(declarations.id, listed), declarationReadScope(actor)))).map((r) => r.id));
    return {
      countersign: countersignView(c, {
        programmeName: p.name,
        associationName: p.associationName,
        items: visibleItems.map((i) => ({ itemId: i.ci.itemId, title: i.title, categoryLabel: categoryLabel(p.categories, i.categoryCode), departmentName: i.departmentName, status: i.status, itemRevision: i.ci.itemRevision, recommended: i.ci.recommended.filter((r) => readable.has(r.declarationId)) })),
        opinions: ops.map((o) => ({ ...o.o, officeName: o.officeName })),
      }),
      actions,
    };
  }

  app.get(
    '/api/v1/countersigns',
    { schema: { tags: ctags, summary: '会签单列表（按数据范围；审核部门只见送本部门的）', querystring: z.object({ status: z.enum(countersignStates).optional(), programmeId: z.uuid().optional(), ...ZPageQuery }).strict() }, preHandler: requirePermission('item.read') },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const where = and(countersignScope(actor), q.status ? eq(countersigns.status, q.status) : undefined, q.programmeId ? eq(countersigns.programmeId, q.programmeId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const key = sql<string>`to_char(${countersigns.sentAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
      const rows = await db
        .select({ c: countersigns, key, programmeName: programmes.name, associationName: assoc.name, itemCount: sql<number>`(SELECT count(*)::int FROM countersign_items ci WHERE ci.countersign_id = ${countersigns.id})` })
        .from(countersigns)
        .innerJoin(programmes, eq(programmes.id, countersigns.programmeId))
        .innerJoin(assoc, eq(assoc.id, countersigns.associationId))
        .where(after ? and(where, sql`(${key}, ${countersigns.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(desc(key), desc(countersigns.id))
        .limit(q.limit + 1);
      const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(countersigns).where(where);
      const page = toPage(rows, q.limit, Number(n), (r) => [r.key, r.c.id]);
      return {
        ...page,
        items: page.items.map((r) => {
          const v = countersignView(r.c, { programmeName: r.programmeName, associationName: r.associationName, items: [], opinions: [] });
          return { ...v, items: undefined, opinions: undefined, itemCount: Number(r.itemCount) };
        }),
      };
    },
  );

  app.get('/api/v1/countersigns/:id', { schema: { tags: ctags, summary: '会签单详情：事项及推荐学会、各部门意见、审批', params: ZId }, preHandler: requirePermission('item.read') }, async (req) =>
    loadCountersign(requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/countersigns',
    {
      schema: {
        tags: ctags,
        summary: '将推荐清单报送审核部门会签（SEL-5）',
        body: z
          .object({ programmeId: z.uuid(), itemIds: z.array(z.uuid()).min(1, '请选择要报送的事项').max(200), title: z.string().trim().min(4, '标题至少 4 个字').max(120), note: z.string().trim().max(1000).nullable().optional() })
          .strict(),
      },
      preHandler: requirePermission('countersign.send'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await sendCountersign({ db, actor, meta: metaOf(req), input: req.body });
      return reply.status(201).send(await loadCountersign(actor, id));
    },
  );

  app.post(
    '/api/v1/countersigns/:id/opinion',
    {
      schema: {
        tags: ctags,
        summary: '审核部门提出会签意见：同意或退回（SEL-5）',
        params: ZId,
        body: z.object({ version: ZVersion, decision: z.enum(['agree', 'return']), opinion: z.string().trim().max(2000).nullable().optional() }).strict(),
      },
      preHandler: requirePermission('countersign.opinion'),
    },
    async (req) => {
      const actor = requireActor(req);
      await giveOpinion({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, decision: req.body.decision, opinion: req.body.opinion || null });
      return loadCountersign(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/countersigns/:id/approve',
    {
      schema: {
        tags: ctags,
        summary: '登记方案规定层级的审批结果（SEL-6）',
        params: ZId,
        body: z
          .object({
            version: ZVersion,
            approvalDocument: z.string().trim().min(2, '请填写批准文号或会议纪要编号').max(100),
            approvedOn: calendarDay('批准日期'),
            note: z.string().trim().max(1000).nullable().optional(),
          })
          .strict(),
      },
      preHandler: requirePermission('countersign.approve'),
    },
    async (req) => {
      const actor = requireActor(req);
      await recordApproval({ db, actor, meta: metaOf(req), id: req.params.id, ...req.body });
      return loadCountersign(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/items/:id/select',
    {
      schema: {
        tags,
        summary: '委托部门择优确定承接学会，生成试点项目（SEL-6、SEL-7）',
        params: ZId,
        body: z.object({ version: ZVersion, declarationId: z.uuid('请选择承接学会'), reason: z.string().trim().min(4, '请填写选定理由（至少 4 个字）').max(2000) }).strict(),
      },
      preHandler: requirePermission('selection.decide'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const projectId = await selectSociety({ db, actor, meta: metaOf(req), itemId: req.params.id, ...req.body });
      return reply.status(201).send({ projectId });
    },
  );

  // SEL-7: pilot projects.
  const ptags = ['试点项目'];
  app.get('/api/v1/projects', { schema: { tags: ptags, summary: '试点项目列表（按数据范围）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict() }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const q = req.query;
    if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
    const where = and(projectScope(actor), q.programmeId ? eq(pilotProjects.programmeId, q.programmeId) : undefined)!;
    const after = decodeCursor(q.cursor, cursorKeys.instant);
    const rows = await projectQuery(db)
      .where(after ? and(where, sql`(${pilotProjects.selectedAt}, ${pilotProjects.id}) < (${String(after[0])}::timestamptz, ${after[1]}::uuid)`) : where)
      .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
      .limit(q.limit + 1);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(pilotProjects).where(where);
    const page = toPage(rows, q.limit, Number(n), (r) => [r.p.selectedAt.toISOString(), r.p.id]);
    return { ...page, items: page.items.map(projectView) };
  });

  app.get('/api/v1/projects/:id', { schema: { tags: ptags, summary: '试点项目详情', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const { row } = await loadProjectInScope(db, actor, req.params.id);
    return projectView(row);
  });

}
