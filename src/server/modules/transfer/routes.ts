// FUN-1…FUN-5, SEL-1: transferable items, the demand catalogue and the relay to societies.
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { assertInScope, metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { searchQuery } from '../../platform/search.js';
import { isInScope } from '../../../domain/access/roles.js';
import { allowedEvents } from '../../../domain/lifecycle.js';
import { ZDemandEntryInput, ZTransferItemInput } from '../../../domain/transfer/transfer.types.js';
import { transferItemLifecycle, transferItemStates, type TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { demandEntryStates } from '../../../domain/transfer/demand-entry.lifecycle.js';
import type { Category, ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { countersignItems, countersigns, declarations, demandEntries, organisations, pilotProjects, programmes, transferItems } from '../../db/schema.js';
import { findDemandEntry, findItem, itemReachesSociety, listRevisions, type ItemRow } from './transfer.repo.js';
import { itemScope } from './item-scope.js';
import { demandView, itemView, revisionView } from './transfer-views.js';
import { changeItemState, createItem, deleteDraftItem, updateItem } from './save-item.js';
import { changeDemandEntryState, createDemandEntry, deleteDraftDemandEntry, updateDemandEntry } from './save-demand-entry.js';
import { relayItems, relayRecipients } from './relay-items.js';
import { importItems } from './import-items.js';
import { declarationSummary } from '../selection/selection-views.js';
import { declarationReadScope, readableDeclarationCount } from '../selection/declaration-scope.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { calendarDay } from '../../../domain/calendar-day.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZVersion = z.number().int().min(1);
const ZReason = z.string().trim().max(500);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const dept = alias(organisations, 'dept');
const assoc = alias(organisations, 'assoc');


async function assertMayReadItem(db: AppDeps['database']['db'], actor: Actor, row: ItemRow): Promise<void> {
  const [hit] = await db.select({ id: transferItems.id }).from(transferItems).where(and(eq(transferItems.id, row.item.id), itemScope(actor)));
  if (!hit) throw new AppError('OUT_OF_SCOPE', '该事项不在本单位数据范围内', { extra: { entityType: 'transfer_item', entityId: row.item.id } });
}

/** The actions this user may take on the item now ("the actions allowed now", §6). */
function itemActions(actor: Actor, row: ItemRow, hasOwnLiveDeclaration: boolean): string[] {
  const state = row.item.status as TransferItemState;
  const events = allowedEvents(transferItemLifecycle, state);
  const out: string[] = [];
  const p = actor.permissions;
  if (actor.orgId === row.item.departmentId && p.has('item.manage')) {
    for (const e of ['edit', 'discard', 'publish', 'amend', 'withdraw'] as const) if (events.includes(e)) out.push(e);
  }
  if (actor.orgId === row.item.departmentId && p.has('selection.decide') && events.includes('select')) out.push('select');
  if (actor.orgType === 'association' && isInScope(actor.scopePath, row.item.associationPath)) {
    if (p.has('item.relay') && events.includes('relay')) out.push('relay');
    if (p.has('countersign.send') && events.includes('sendCountersign')) out.push('sendCountersign');
  }
  if (actor.orgType === 'society' && p.has('declaration.submit') && events.includes('declare') && itemReachesSociety(actor, row) && !hasOwnLiveDeclaration) {
    if (!row.item.declarationDeadline || row.item.declarationDeadline.getTime() >= Date.now()) out.push('declare');
  }
  return out;
}

export async function transferRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['可转移职能事项'];

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: '事项列表（按数据范围）',
        querystring: z
          .object({
            programmeId: z.uuid().optional(),
            status: z.enum(transferItemStates).optional(),
            categoryCode: z.string().max(40).optional(),
            q: z.string().trim().max(50).optional(),
            ...ZPageQuery,
          })
          .strict(),
      },
      preHandler: requirePermission('item.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const tsq = q.q ? searchQuery(q.q) : null;
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const where = and(
        itemScope(actor),
        q.programmeId ? eq(transferItems.programmeId, q.programmeId) : undefined,
        q.status ? eq(transferItems.status, q.status) : undefined,
        q.categoryCode ? eq(transferItems.categoryCode, q.categoryCode) : undefined,
        q.q ? (tsq ? sql`(${transferItems.search} @@ ${tsq} OR ${transferItems.title} LIKE ${'%' + q.q.replace(/[%_\\]/g, '\\$&') + '%'})` : sql`false`) : undefined,
      )!;
      const key = sql<string>`to_char(${transferItems.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
      const rows = await db
        .select({ item: transferItems, key, programmeName: programmes.name, categories: programmes.categories, departmentName: dept.name, associationName: assoc.name, declarationCount: readableDeclarationCount(actor) })
        .from(transferItems)
        .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .innerJoin(assoc, eq(assoc.id, transferItems.associationId))
        .where(after ? and(where, sql`(${key}, ${transferItems.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(desc(key), desc(transferItems.id))
        .limit(q.limit + 1);
      const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(transferItems).where(where);
      const page = toPage(rows, q.limit, Number(n), (r) => [r.key, r.item.id]);
      return { ...page, items: page.items.map((r) => itemView(r.item, r)) };
    },
  );

  app.get('/api/v1/items/:id', { schema: { tags, summary: '事项详情：版本、申报、会签、承接结果与可执行操作', params: ZId }, preHandler: requirePermission('item.read') }, async (req) => {
    const actor = requireActor(req);
    const row = await findItem(db, req.params.id);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    await assertMayReadItem(db, actor, row);
    const revisions = (await listRevisions(db, 'transfer_item', row.item.id)).map((r) => revisionView(r, row.programme.categories));
    // Issue 11 §1 (SEL-6): the declarations the reader may read — the department and the review
    // offices only those recommended to them, before and after the item is decided.
    const visible = await db
      .select({ d: declarations, societyName: organisations.name })
      .from(declarations)
      .innerJoin(organisations, eq(organisations.id, declarations.societyId))
      .where(and(eq(declarations.itemId, row.item.id), declarationReadScope(actor)))
      .orderBy(declarations.submittedAt);
    const isAssoc = actor.orgType === 'association';
    const isDept = actor.orgId === row.item.departmentId;
    const isOffice = actor.orgType === 'review_office';
    const own = visible.find(({ d }) => d.societyId === actor.orgId && ['submitted', 'returned', 'recommended', 'notRecommended', 'selected'].includes(d.status));
    const csRows =
      isAssoc || isDept || isOffice
        ? await db
            .select({ c: countersigns })
            .from(countersignItems)
            .innerJoin(countersigns, eq(countersigns.id, countersignItems.countersignId))
            .where(and(eq(countersignItems.itemId, row.item.id), isOffice ? sql`${countersigns.id} IN (SELECT countersign_id FROM countersign_opinions WHERE office_org_id = ${actor.orgId})` : undefined))
            .orderBy(desc(countersigns.sentAt))
        : [];
    const [project] = await db.select().from(pilotProjects).where(eq(pilotProjects.itemId, row.item.id));
    const params = row.programme.parameters as ProgrammeParameters;
    return {
      item: itemView(row.item, { categories: row.programme.categories, programmeName: row.programme.name, departmentName: row.departmentName, associationName: row.associationName, declarationCount: visible.length }),
      revisions,
      declarations: visible.map((r) => declarationSummary(r.d, r.societyName)),
      countersigns: csRows.map(({ c }) => ({ id: c.id, title: c.title, status: c.status, sentAt: c.sentAt.toISOString() })),
      project: project ? { id: project.id, societyId: project.societyId, selectionReason: project.selectionReason, selectedAt: project.selectedAt.toISOString() } : null,
      qualificationConditions: params.qualificationConditions,
      actions: itemActions(actor, row, !!own),
    };
  });

  const ZItemBody = ZTransferItemInput;
  app.post(
    '/api/v1/items',
    { schema: { tags, summary: '新建事项（草稿）', body: ZItemBody.extend({ programmeId: z.uuid('请选择方案') }).strict() }, preHandler: requirePermission('item.manage') },
    async (req, reply) => {
      const { programmeId, ...input } = req.body;
      return reply.status(201).send(await createItem({ db, actor: requireActor(req), meta: metaOf(req), programmeId, input }));
    },
  );

  app.put(
    '/api/v1/items/:id',
    { schema: { tags, summary: '修改草稿，或变更已发布事项（须填写原因，生成新版本）', params: ZId, body: ZItemBody.extend({ version: ZVersion, reason: ZReason.nullable().optional() }).strict() }, preHandler: requirePermission('item.manage') },
    async (req) => {
      const { version, reason, ...input } = req.body;
      return updateItem({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version, reason, input });
    },
  );

  app.delete(
    '/api/v1/items/:id',
    { schema: { tags, summary: '删除草稿', params: ZId, querystring: z.object({ version: z.coerce.number().int().min(1) }).strict() }, preHandler: requirePermission('item.manage') },
    async (req, reply) => {
      await deleteDraftItem({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.query.version });
      return reply.status(204).send();
    },
  );

  for (const event of ['publish', 'withdraw'] as const) {
    app.post(
      `/api/v1/items/:id/${event}`,
      { schema: { tags, summary: event === 'publish' ? '发布事项' : '撤回事项（须填写原因）', params: ZId, body: z.object({ version: ZVersion, reason: ZReason.nullable().optional() }).strict() }, preHandler: requirePermission('item.manage') },
      async (req) => changeItemState({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.body.version, reason: req.body.reason, event }),
    );
  }

  app.get(
    '/api/v1/relays/recipients',
    { schema: { tags, summary: '转发将送达的学会及方案规定（SEL-1）', querystring: z.object({ programmeId: z.uuid('编号格式不正确') }).strict() }, preHandler: requirePermission('item.relay') },
    async (req) => relayRecipients(db, requireActor(req), req.query.programmeId),
  );

  app.post(
    '/api/v1/relays',
    {
      schema: {
        tags,
        summary: '科协向所属学会转发已发布事项（SEL-1）',
        body: z
          .object({
            programmeId: z.uuid(),
            itemIds: z.array(z.uuid()).min(1, '请选择要转发的事项').max(500),
            deadline: calendarDay('申报截止日期').nullable().optional(),
            note: z.string().trim().max(500).nullable().optional(),
          })
          .strict(),
      },
      preHandler: requirePermission('item.relay'),
    },
    async (req) => relayItems({ db, actor: requireActor(req), meta: metaOf(req), input: req.body }),
  );

  // FUN-5: template, import, export.
  app.get(
    '/api/v1/programmes/:id/items/template',
    { schema: { tags, summary: '下载事项导入模板（Excel）', params: ZId }, preHandler: requirePermission('item.read') },
    async (req, reply) => {
      const { p } = await assertMayReadProgramme(db, requireActor(req), req.params.id);
      const params = p.parameters as ProgrammeParameters;
      // exceljs loads on first use: start-up does not pay for it.
      const { buildItemTemplate } = await import('./item-spreadsheet.js');
      const buf = await buildItemTemplate({ name: p.name, categories: p.categories as Category[], commissioningModes: params.commissioningModes });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(`可转移职能事项导入模板-${p.name}.xlsx`)}`)
        .send(buf);
    },
  );

  app.post(
    '/api/v1/programmes/:id/items/import',
    {
      schema: { tags, summary: '从 Excel 导入事项（有错误时一条也不导入，逐行说明）', params: ZId, querystring: z.object({ publish: z.enum(['true', 'false']).default('false') }).strict() },
      preHandler: requirePermission('item.manage'),
      bodyLimit: 30 * 1024 * 1024,
    },
    async (req, reply) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError([{ path: 'file', message: '请上传 Excel（.xlsx）文件' }]);
      const result = await importItems({ db, actor: requireActor(req), meta: metaOf(req), programmeId: req.params.id, file: body, publish: req.query.publish === 'true' });
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/v1/items/export',
    { schema: { tags, summary: '导出事项（Excel，按数据范围）', querystring: z.object({ programmeId: z.uuid().optional(), status: z.enum(transferItemStates).optional() }).strict() }, preHandler: requirePermission('item.read') },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.query.programmeId) await assertMayReadProgramme(db, actor, req.query.programmeId);
      const where = and(itemScope(actor), req.query.programmeId ? eq(transferItems.programmeId, req.query.programmeId) : undefined, req.query.status ? eq(transferItems.status, req.query.status) : undefined);
      const rows = await db
        .select({ item: transferItems, departmentName: dept.name, categories: programmes.categories })
        .from(transferItems)
        .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .where(where)
        .orderBy(desc(transferItems.createdAt))
        .limit(100_000);
      const categories = rows.flatMap((r) => r.categories as Category[]).filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i);
      const { writeItemsWorkbook } = await import('./item-spreadsheet.js');
      const out = new PassThrough();
      void writeItemsWorkbook(
        out,
        rows.map((r) => ({
          ...r.item,
          statusLabel: transferItemLifecycle.states[r.item.status as TransferItemState] ?? r.item.status,
          departmentName: r.departmentName,
        })),
        { categories },
      ).catch((e: unknown) => out.destroy(e as Error));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="items.xlsx"; filename*=UTF-8''${encodeURIComponent('可转移职能事项.xlsx')}`)
        .send(out);
    },
  );

  // FUN-4: the demand catalogue.
  const dtags = ['需求服务目录'];
  app.get(
    '/api/v1/demand-entries',
    { schema: { tags: dtags, summary: '需求服务目录（按数据范围）', querystring: z.object({ programmeId: z.uuid().optional(), status: z.enum(demandEntryStates).optional(), ...ZPageQuery }).strict() }, preHandler: requirePermission('item.read') },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const scope =
        actor.orgType === 'department'
          ? eq(demandEntries.departmentId, actor.orgId)
          : actor.orgType === 'association'
            ? and(sql`${demandEntries.associationPath} LIKE ${actor.scopePath + '%'}`, ne(demandEntries.status, 'draft'))
            : and(sql`${actor.orgPath} LIKE ${demandEntries.associationPath} || '%'`, ne(demandEntries.status, 'draft'));
      const where = and(scope, q.programmeId ? eq(demandEntries.programmeId, q.programmeId) : undefined, q.status ? eq(demandEntries.status, q.status) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const key = sql<string>`to_char(${demandEntries.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
      const rows = await db
        .select({ entry: demandEntries, key, programmeName: programmes.name, departmentName: dept.name, associationName: assoc.name })
        .from(demandEntries)
        .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
        .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
        .innerJoin(assoc, eq(assoc.id, demandEntries.associationId))
        .where(after ? and(where, sql`(${key}, ${demandEntries.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(desc(key), desc(demandEntries.id))
        .limit(q.limit + 1);
      const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(demandEntries).where(where);
      const page = toPage(rows, q.limit, Number(n), (r) => [r.key, r.entry.id]);
      return { ...page, items: page.items.map((r) => demandView(r.entry, r)) };
    },
  );

  app.get('/api/v1/demand-entries/:id', { schema: { tags: dtags, summary: '目录条目详情与版本', params: ZId }, preHandler: requirePermission('item.read') }, async (req) => {
    const actor = requireActor(req);
    const row = await findDemandEntry(db, req.params.id);
    if (!row) throw new AppError('NOT_FOUND', '目录条目不存在');
    if (row.entry.departmentId !== actor.orgId) {
      if (row.entry.status === 'draft') throw new AppError('OUT_OF_SCOPE', '该条目不在本单位数据范围内', { extra: { entityType: 'demand_entry', entityId: row.entry.id } });
      if (actor.orgType === 'association') assertInScope(actor, row.entry.associationPath, { entityType: 'demand_entry', entityId: row.entry.id });
    }
    const revisions = (await listRevisions(db, 'demand_entry', row.entry.id)).map((r) => revisionView(r));
    const isOwner = row.entry.departmentId === actor.orgId && actor.permissions.has('demand.manage');
    const actions = isOwner ? ({ draft: ['edit', 'discard', 'publish'], published: ['amend', 'withdraw'], withdrawn: [] } as Record<string, string[]>)[row.entry.status] ?? [] : [];
    return { entry: demandView(row.entry, row), revisions, actions };
  });

  app.post(
    '/api/v1/demand-entries',
    { schema: { tags: dtags, summary: '新建目录条目（草稿）', body: ZDemandEntryInput.extend({ programmeId: z.uuid('请选择方案') }).strict() }, preHandler: requirePermission('demand.manage') },
    async (req, reply) => {
      const { programmeId, ...input } = req.body;
      return reply.status(201).send(await createDemandEntry({ db, actor: requireActor(req), meta: metaOf(req), programmeId, input }));
    },
  );
  app.put(
    '/api/v1/demand-entries/:id',
    { schema: { tags: dtags, summary: '修改草稿或变更已发布条目', params: ZId, body: ZDemandEntryInput.extend({ version: ZVersion, reason: ZReason.nullable().optional() }).strict() }, preHandler: requirePermission('demand.manage') },
    async (req) => {
      const { version, reason, ...input } = req.body;
      return updateDemandEntry({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version, reason, input });
    },
  );
  app.delete(
    '/api/v1/demand-entries/:id',
    { schema: { tags: dtags, summary: '删除草稿', params: ZId, querystring: z.object({ version: z.coerce.number().int().min(1) }).strict() }, preHandler: requirePermission('demand.manage') },
    async (req, reply) => {
      await deleteDraftDemandEntry({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.query.version });
      return reply.status(204).send();
    },
  );
  for (const event of ['publish', 'withdraw'] as const) {
    app.post(
      `/api/v1/demand-entries/:id/${event}`,
      { schema: { tags: dtags, summary: event === 'publish' ? '发布条目' : '撤回条目', params: ZId, body: z.object({ version: ZVersion, reason: ZReason.nullable().optional() }).strict() }, preHandler: requirePermission('demand.manage') },
      async (req) => changeDemandEntryState({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.body.version, reason: req.body.reason, event }),
    );
  }

}
