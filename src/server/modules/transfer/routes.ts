// FUN-1…FUN-5, SEL-1: transferable items, the demand catalogue and the relay to societies.
// Lists page by key on (created_at, id) and read only the columns the list shows; the scope of
// each reader is served by an index (0015_idx_transfer.sql). Details: item-detail.ts.
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { validationError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { searchQuery } from '../../platform/search.js';
import { ZDemandEntryInput, ZTransferItemInput } from '../../../domain/transfer/transfer.types.js';
import { transferItemStates } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { demandEntryStates } from '../../../domain/transfer/demand-entry.lifecycle.js';
import type { Category, ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import {
  ZDemandEntryDetail,
  ZDemandEntryPage,
  ZItemImportResult,
  ZRelayRecipients,
  ZRelayResult,
  ZTransferItemDetail,
  ZTransferItemPage,
  type DemandEntryPage,
  type TransferItemPage,
} from '../../../contract/transfer.js';
import { demandEntries, organisations, programmes, transferItems } from '../../db/schema.js';
import { itemScope } from './item-scope.js';
import { programmesOf } from './transfer.repo.js';
import { pageCategoryLabels, programmeVersionColumns } from './category-labels.js';
import { demandListView, itemListView, itemStatusLabel } from './transfer-views.js';
import { loadDemandEntryDetail, loadItemDetail } from './item-detail.js';
import { changeItemState, createItem, deleteDraftItem, updateItem } from './save-item.js';
import { changeDemandEntryState, createDemandEntry, deleteDraftDemandEntry, updateDemandEntry } from './save-demand-entry.js';
import { relayItems, relayRecipients } from './relay-items.js';
import { importItems } from './import-items.js';
import { readableDeclarationCount } from '../selection/declaration-scope.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { calendarDay } from '../../../domain/calendar-day.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZVersion = z.number().int().min(1);
const ZReason = z.string().trim().max(500);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** 204: the draft is gone, no body (a `null` schema: the document states no content). */
const DELETED = z.null().describe('草稿已删除（无内容）');

const dept = alias(organisations, 'dept');

/** Which catalogue entries a user may see: the department its own; others what is published in their scope. */
function demandScope(actor: Actor): SQL {
  if (actor.orgType === 'department') return eq(demandEntries.departmentId, actor.orgId);
  if (actor.orgType === 'association') return and(sql`${demandEntries.associationPath} LIKE ${actor.scopePath + '%'}`, ne(demandEntries.status, 'draft'))!;
  return and(sql`${actor.orgPath} LIKE ${demandEntries.associationPath} || '%'`, ne(demandEntries.status, 'draft'))!;
}

/** The item list's filters — the list and its Excel export take the same ones and select the same rows. */
const ZItemFilters = z.object({
  programmeId: z.uuid().optional(),
  status: z.enum(transferItemStates).optional(),
  categoryCode: z.string().max(40).optional(),
  q: z.string().trim().max(50).optional().describe('关键词：事项名称或内容'),
});

function itemListWhere(actor: Actor, q: z.infer<typeof ZItemFilters>): SQL {
  const tsq = q.q ? searchQuery(q.q) : null;
  return and(
    itemScope(actor),
    q.programmeId ? eq(transferItems.programmeId, q.programmeId) : undefined,
    q.status ? eq(transferItems.status, q.status) : undefined,
    q.categoryCode ? eq(transferItems.categoryCode, q.categoryCode) : undefined,
    q.q ? (tsq ? sql`(${transferItems.search} @@ ${tsq} OR ${transferItems.title} LIKE ${'%' + q.q.replace(/[%_\\]/g, '\\$&') + '%'})` : sql`false`) : undefined,
  )!;
}

export async function transferRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['可转移职能事项'];

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: '事项列表（按数据范围，新建在前）',
        querystring: ZItemFilters.extend(ZPageQuery).strict(),
        response: { 200: ZTransferItemPage },
      },
      preHandler: requirePermission('item.read'),
    },
    async (req): Promise<TransferItemPage> => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const where = itemListWhere(actor, q);
      // ORDER BY the columns themselves, so that the reader's index (0015) serves the scope, the order
      // and the seek; the department's name and the programme's version join only the page's rows,
      // the count is only when asked.
      const rows = await db
        .select({
          id: transferItems.id,
          programmeId: transferItems.programmeId,
          departmentId: transferItems.departmentId,
          title: transferItems.title,
          categoryCode: transferItems.categoryCode,
          commissioningMode: transferItems.commissioningMode,
          budgetFen: transferItems.budgetFen,
          status: transferItems.status,
          revision: transferItems.revision,
          declarationDeadline: transferItems.declarationDeadline,
          publishedAt: transferItems.publishedAt,
          createdAt: transferItems.createdAt,
          key: timeKeyOf(transferItems.createdAt),
          departmentName: dept.name,
          ...programmeVersionColumns,
          declarationCount: readableDeclarationCount(actor),
        })
        .from(transferItems)
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
        .where(and(where, beforeTimeKey(transferItems.createdAt, transferItems.id, after)))
        .orderBy(desc(transferItems.createdAt), desc(transferItems.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(transferItems).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      const label = await pageCategoryLabels(db, page.items);
      return {
        ...page,
        items: page.items.map((r) => itemListView(r, { categoryLabel: label(r, r.categoryCode), departmentName: r.departmentName, declarationCount: r.declarationCount })),
      };
    },
  );

  app.get(
    '/api/v1/items/:id',
    { schema: { tags, summary: '事项详情：版本、申报、会签、承接结果与可执行操作', params: ZId, response: { 200: ZTransferItemDetail } }, preHandler: requirePermission('item.read') },
    async (req) => loadItemDetail(db, requireActor(req), req.params.id),
  );

  const ZItemBody = ZTransferItemInput;
  app.post(
    '/api/v1/items',
    {
      schema: { tags, summary: '新建事项（草稿）', body: ZItemBody.extend({ programmeId: z.uuid('请选择方案') }).strict(), response: { 201: ZTransferItemDetail } },
      preHandler: requirePermission('item.manage'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { programmeId, ...input } = req.body;
      const created = await createItem({ db, actor, meta: metaOf(req), programmeId, input });
      return reply.status(201).header('Location', `/api/v1/items/${created.id}`).send(await loadItemDetail(db, actor, created.id));
    },
  );

  app.put(
    '/api/v1/items/:id',
    {
      schema: {
        tags,
        summary: '修改草稿，或变更已发布事项（须填写原因，生成新版本）',
        params: ZId,
        body: ZItemBody.extend({ version: ZVersion, reason: ZReason.nullable().optional() }).strict(),
        response: { 200: ZTransferItemDetail },
      },
      preHandler: requirePermission('item.manage'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { version, reason, ...input } = req.body;
      await updateItem({ db, actor, meta: metaOf(req), id: req.params.id, version, reason, input });
      return loadItemDetail(db, actor, req.params.id);
    },
  );

  app.delete(
    '/api/v1/items/:id',
    { schema: { tags, summary: '删除草稿', params: ZId, querystring: z.object({ version: z.coerce.number().int().min(1) }).strict(), response: { 204: DELETED } }, preHandler: requirePermission('item.manage') },
    async (req, reply) => {
      await deleteDraftItem({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.query.version });
      return reply.status(204).send(null);
    },
  );

  for (const event of ['publish', 'withdraw'] as const) {
    app.post(
      `/api/v1/items/:id/${event}`,
      {
        schema: {
          tags,
          summary: event === 'publish' ? '发布事项' : '撤回事项（须填写原因）',
          params: ZId,
          body: z.object({ version: ZVersion, reason: ZReason.nullable().optional() }).strict(),
          response: { 200: ZTransferItemDetail },
        },
        preHandler: requirePermission('item.manage'),
      },
      async (req) => {
        const actor = requireActor(req);
        await changeItemState({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, reason: req.body.reason, event });
        return loadItemDetail(db, actor, req.params.id);
      },
    );
  }

  app.get(
    '/api/v1/relays/recipients',
    { schema: { tags, summary: '转发将送达的学会及方案规定（SEL-1）', querystring: z.object({ programmeId: z.uuid('编号格式不正确') }).strict(), response: { 200: ZRelayRecipients } }, preHandler: requirePermission('item.relay') },
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
        response: { 200: ZRelayResult },
      },
      preHandler: requirePermission('item.relay'),
    },
    async (req) => relayItems({ db, actor: requireActor(req), meta: metaOf(req), input: req.body }),
  );

  // FUN-5: template, import, export.
  app.get(
    '/api/v1/programmes/:id/items/template',
    { schema: { tags, summary: '下载事项导入模板（Excel）', params: ZId, response: { 200: binaryResponse('本方案的事项导入模板（.xlsx）', [XLSX]) } }, preHandler: requirePermission('item.read') },
    async (req, reply) => {
      const { p } = await assertMayReadProgramme(db, requireActor(req), req.params.id);
      const params = p.parameters as ProgrammeParameters;
      // exceljs loads on first use: start-up does not pay for it.
      const { buildItemTemplate } = await import('./item-spreadsheet.js');
      const buf = await buildItemTemplate({ name: p.name, categories: p.categories as Category[], commissioningModes: params.commissioningModes });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(`可转移职能事项导入模板-${p.name}.xlsx`)}`)
        .send(buf as unknown as string); // bytes: the contract states them as a binary string
    },
  );

  app.post(
    '/api/v1/programmes/:id/items/import',
    {
      schema: {
        tags,
        summary: '从 Excel 导入事项（请求体为 .xlsx 文件；有错误时一条也不导入，逐行说明）',
        params: ZId,
        querystring: z.object({ publish: z.enum(['true', 'false']).default('false').describe('true：导入并发布；false：导入为草稿') }).strict(),
        response: { 201: ZItemImportResult },
      },
      config: { upload: [XLSX] },
      preHandler: requirePermission('item.manage'),
      bodyLimit: 30 * 1024 * 1024,
    },
    async (req, reply) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError([{ path: 'file', message: '请上传 Excel（.xlsx）文件' }]);
      const result = await importItems({ db, actor: requireActor(req), meta: metaOf(req), programmeId: req.params.id, file: body, publish: req.query.publish === 'true' });
      // Many records, no single one: Location names the list where they are read.
      return reply.status(201).header('Location', `/api/v1/items?programmeId=${req.params.id}`).send(result);
    },
  );

  app.get(
    '/api/v1/items/export',
    {
      schema: {
        tags,
        summary: '导出事项（Excel，按数据范围；列名与事项列表一致）',
        querystring: ZItemFilters.strict(),
        response: { 200: binaryResponse('事项清单（.xlsx）', [XLSX]) },
      },
      preHandler: requirePermission('item.read'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.query.programmeId) await assertMayReadProgramme(db, actor, req.query.programmeId);
      const where = itemListWhere(actor, req.query);
      const rows = await db
        .select({
          title: transferItems.title,
          categoryCode: transferItems.categoryCode,
          description: transferItems.description,
          legalBasis: transferItems.legalBasis,
          commissioningMode: transferItems.commissioningMode,
          budgetFen: transferItems.budgetFen,
          expectedPeriod: transferItems.expectedPeriod,
          requiredQualifications: transferItems.requiredQualifications,
          status: transferItems.status,
          revision: transferItems.revision,
          publishedAt: transferItems.publishedAt,
          programmeId: transferItems.programmeId,
          departmentName: dept.name,
        })
        .from(transferItems)
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .where(where)
        .orderBy(desc(transferItems.createdAt), desc(transferItems.id))
        .limit(100_000);
      const progs = await programmesOf(db, rows.map((r) => r.programmeId));
      const categories = [...progs.values()].flatMap((p) => (p.categories ?? []) as Category[]).filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i);
      const { writeItemsWorkbook } = await import('./item-spreadsheet.js');
      const out = new PassThrough();
      void writeItemsWorkbook(
        out,
        rows.map((r) => ({ ...r, statusLabel: itemStatusLabel(r.status) })),
        { categories },
      ).catch((e: unknown) => out.destroy(e as Error));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="items.xlsx"; filename*=UTF-8''${encodeURIComponent('可转移职能事项.xlsx')}`)
        .send(out as unknown as string); // streamed bytes: the contract states them as a binary string
    },
  );

  // FUN-4: the demand catalogue.
  const dtags = ['需求服务目录'];
  app.get(
    '/api/v1/demand-entries',
    {
      schema: {
        tags: dtags,
        summary: '需求服务目录（按数据范围，新建在前）',
        querystring: z.object({ programmeId: z.uuid().optional(), status: z.enum(demandEntryStates).optional(), ...ZPageQuery }).strict(),
        response: { 200: ZDemandEntryPage },
      },
      preHandler: requirePermission('item.read'),
    },
    async (req): Promise<DemandEntryPage> => {
      const actor = requireActor(req);
      const q = req.query;
      if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
      const where = and(demandScope(actor), q.programmeId ? eq(demandEntries.programmeId, q.programmeId) : undefined, q.status ? eq(demandEntries.status, q.status) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({
          id: demandEntries.id,
          programmeId: demandEntries.programmeId,
          departmentId: demandEntries.departmentId,
          title: demandEntries.title,
          serviceKind: demandEntries.serviceKind,
          purchaseMethod: demandEntries.purchaseMethod,
          budgetFen: demandEntries.budgetFen,
          period: demandEntries.period,
          status: demandEntries.status,
          revision: demandEntries.revision,
          publishedAt: demandEntries.publishedAt,
          createdAt: demandEntries.createdAt,
          key: timeKeyOf(demandEntries.createdAt),
          departmentName: dept.name,
        })
        .from(demandEntries)
        .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
        .where(and(where, beforeTimeKey(demandEntries.createdAt, demandEntries.id, after)))
        .orderBy(desc(demandEntries.createdAt), desc(demandEntries.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(demandEntries).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map((r) => demandListView(r, r)) };
    },
  );

  app.get(
    '/api/v1/demand-entries/:id',
    { schema: { tags: dtags, summary: '目录条目详情、版本与可执行操作', params: ZId, response: { 200: ZDemandEntryDetail } }, preHandler: requirePermission('item.read') },
    async (req) => loadDemandEntryDetail(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/demand-entries',
    {
      schema: { tags: dtags, summary: '新建目录条目（草稿）', body: ZDemandEntryInput.extend({ programmeId: z.uuid('请选择方案') }).strict(), response: { 201: ZDemandEntryDetail } },
      preHandler: requirePermission('demand.manage'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { programmeId, ...input } = req.body;
      const created = await createDemandEntry({ db, actor, meta: metaOf(req), programmeId, input });
      return reply.status(201).header('Location', `/api/v1/demand-entries/${created.id}`).send(await loadDemandEntryDetail(db, actor, created.id));
    },
  );
  app.put(
    '/api/v1/demand-entries/:id',
    {
      schema: {
        tags: dtags,
        summary: '修改草稿或变更已发布条目（须填写原因，生成新版本）',
        params: ZId,
        body: ZDemandEntryInput.extend({ version: ZVersion, reason: ZReason.nullable().optional() }).strict(),
        response: { 200: ZDemandEntryDetail },
      },
      preHandler: requirePermission('demand.manage'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { version, reason, ...input } = req.body;
      await updateDemandEntry({ db, actor, meta: metaOf(req), id: req.params.id, version, reason, input });
      return loadDemandEntryDetail(db, actor, req.params.id);
    },
  );
  app.delete(
    '/api/v1/demand-entries/:id',
    { schema: { tags: dtags, summary: '删除草稿', params: ZId, querystring: z.object({ version: z.coerce.number().int().min(1) }).strict(), response: { 204: DELETED } }, preHandler: requirePermission('demand.manage') },
    async (req, reply) => {
      await deleteDraftDemandEntry({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, version: req.query.version });
      return reply.status(204).send(null);
    },
  );
  for (const event of ['publish', 'withdraw'] as const) {
    app.post(
      `/api/v1/demand-entries/:id/${event}`,
      {
        schema: {
          tags: dtags,
          summary: event === 'publish' ? '发布条目' : '撤回条目（须填写原因）',
          params: ZId,
          body: z.object({ version: ZVersion, reason: ZReason.nullable().optional() }).strict(),
          response: { 200: ZDemandEntryDetail },
        },
        preHandler: requirePermission('demand.manage'),
      },
      async (req) => {
        const actor = requireActor(req);
        await changeDemandEntryState({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, reason: req.body.reason, event });
        return loadDemandEntryDetail(db, actor, req.params.id);
      },
    );
  }
}
