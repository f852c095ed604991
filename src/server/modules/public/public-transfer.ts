// PUB-1, X-5: the public side of items, the demand catalogue and selection results — no login.
// Drafts never show; withdrawn items stay readable with their reason and every version (FUN-3).
// The item list is the busiest public page: its queries are prepared once, and each filter uses
// a partial index over visible rows (transfer_items_public_idx / _public_category_idx).
import { z } from 'zod';
import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { queryExpression } from '../../platform/search.js';
import { demandEntries, organisations, pilotProjects, programmes, transferItems } from '../../db/schema.js';
import { commissioningModeLabels, type CommissioningMode } from '../../../domain/programme/programme.types.js';
import { transferItemLifecycle, type TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { categoryLabel, demandView, revisionView } from '../transfer/transfer-views.js';
import { listRevisions } from '../transfer/transfer.repo.js';

const dept = alias(organisations, 'dept');
const society = alias(organisations, 'society');
const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function publicTransferRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['公开'];
  const visible = sql`${transferItems.status} <> 'draft'`;
  const columns = {
    id: transferItems.id,
    title: transferItems.title,
    categoryCode: transferItems.categoryCode,
    description: sql<string>`left(${transferItems.description}, 200)`,
    commissioningMode: transferItems.commissioningMode,
    budgetFen: transferItems.budgetFen,
    status: transferItems.status,
    revision: transferItems.revision,
    publishedAt: transferItems.publishedAt,
    withdrawnAt: transferItems.withdrawnAt,
    programmeId: transferItems.programmeId,
    programmeName: programmes.name,
    categories: programmes.categories,
    departmentName: dept.name,
  };
  const base = () =>
    db.select(columns).from(transferItems).innerJoin(programmes, eq(programmes.id, transferItems.programmeId)).innerJoin(dept, eq(dept.id, transferItems.departmentId));
  const afterKey = sql`(${transferItems.publishedAt}, ${transferItems.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::uuid)`;
  const byCategory = sql`${transferItems.categoryCode} = ${sql.placeholder('category')}`;
  const order = [desc(transferItems.publishedAt), desc(transferItems.id)] as const;
  const prepared = {
    first: base().where(visible).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_first'),
    next: base().where(and(visible, afterKey)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_next'),
    firstCat: base().where(and(visible, byCategory)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_cat_first'),
    nextCat: base().where(and(visible, byCategory, afterKey)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_cat_next'),
    count: db.select({ n: sql<number>`count(*)::int` }).from(transferItems).where(visible).prepare('public_items_count'),
    countCat: db.select({ n: sql<number>`count(*)::int` }).from(transferItems).where(and(visible, byCategory)).prepare('public_items_cat_count'),
  };
  type Row = Awaited<ReturnType<typeof prepared.first.execute>>[number];
  const view = (r: Row) => ({
    id: r.id,
    title: r.title,
    categoryCode: r.categoryCode,
    categoryLabel: categoryLabel(r.categories, r.categoryCode),
    summary: r.description,
    commissioningModeLabel: commissioningModeLabels[r.commissioningMode as CommissioningMode] ?? r.commissioningMode,
    budgetFen: r.budgetFen,
    status: r.status,
    statusLabel: transferItemLifecycle.states[r.status as TransferItemState] ?? r.status,
    revision: r.revision,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    programmeId: r.programmeId,
    programmeName: r.programmeName,
    departmentName: r.departmentName,
  });

  app.get(
    '/api/v1/public/items',
    {
      schema: {
        tags,
        summary: '公开的可转移职能事项（无需登录；total 只在第一页给出）',
        querystring: z.object({ categoryCode: z.string().max(40).regex(/^[a-z0-9_]+$/, '类别编码格式不正确').optional(), programmeId: z.uuid().optional(), ...ZPageQuery }).strict(),
      },
    },
    async (req) => {
      const { limit, categoryCode, programmeId } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.instant);
      const afterArgs = after ? { afterAt: String(after[0]), afterId: after[1] } : {};
      let rows: Row[];
      let total: number | null = null;
      if (programmeId) {
        // Less frequent: a programme's own page; built per request.
        const where: SQL = and(visible, eq(transferItems.programmeId, programmeId), categoryCode ? eq(transferItems.categoryCode, categoryCode) : undefined)!;
        rows = await base()
          .where(after ? and(where, sql`(${transferItems.publishedAt}, ${transferItems.id}) < (${String(after[0])}::timestamptz, ${after[1]}::uuid)`) : where)
          .orderBy(...order)
          .limit(limit + 1);
        if (!after) total = Number((await db.select({ n: sql<number>`count(*)::int` }).from(transferItems).where(where))[0].n);
      } else if (categoryCode) {
        rows = after ? await prepared.nextCat.execute({ limit: limit + 1, category: categoryCode, ...afterArgs }) : await prepared.firstCat.execute({ limit: limit + 1, category: categoryCode });
        if (!after) total = Number((await prepared.countCat.execute({ category: categoryCode }))[0].n);
      } else {
        rows = after ? await prepared.next.execute({ limit: limit + 1, ...afterArgs }) : await prepared.first.execute({ limit: limit + 1 });
        if (!after) total = Number((await prepared.count.execute())[0].n);
      }
      const page = toPage(rows, limit, total ?? 0, (r) => [r.publishedAt!.toISOString(), r.id]);
      return { items: page.items.map(view), nextCursor: page.nextCursor, total };
    },
  );

  app.get('/api/v1/public/items/:id', { schema: { tags, summary: '公开事项详情与全部版本（无需登录）', params: ZId } }, async (req) => {
    const [r] = await db
      .select({ i: transferItems, programmeName: programmes.name, categories: programmes.categories, departmentName: dept.name, associationName: organisations.name })
      .from(transferItems)
      .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
      .innerJoin(dept, eq(dept.id, transferItems.departmentId))
      .innerJoin(organisations, eq(organisations.id, transferItems.associationId))
      .where(and(eq(transferItems.id, req.params.id), visible));
    if (!r) throw new AppError('NOT_FOUND', '事项不存在或尚未发布');
    const i = r.i;
    const revisions = (await listRevisions(db, 'transfer_item', i.id)).map((x) => revisionView(x, r.categories));
    const [project] = await db
      .select({ id: pilotProjects.id, societyName: society.name, selectionReason: pilotProjects.selectionReason, selectedAt: pilotProjects.selectedAt })
      .from(pilotProjects)
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .where(eq(pilotProjects.itemId, i.id));
    return {
      id: i.id,
      title: i.title,
      categoryCode: i.categoryCode,
      categoryLabel: categoryLabel(r.categories, i.categoryCode),
      description: i.description,
      legalBasis: i.legalBasis,
      commissioningModeLabel: commissioningModeLabels[i.commissioningMode as CommissioningMode] ?? i.commissioningMode,
      budgetFen: i.budgetFen,
      expectedPeriod: i.expectedPeriod,
      requiredQualifications: i.requiredQualifications,
      status: i.status,
      statusLabel: transferItemLifecycle.states[i.status as TransferItemState] ?? i.status,
      revision: i.revision,
      publishedAt: i.publishedAt?.toISOString() ?? null,
      withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
      withdrawReason: i.withdrawReason,
      declarationDeadline: i.declarationDeadline?.toISOString() ?? null,
      programmeId: i.programmeId,
      programmeName: r.programmeName,
      departmentName: r.departmentName,
      associationName: r.associationName,
      revisions,
      result: project ? { projectId: project.id, societyName: project.societyName, selectionReason: project.selectionReason, selectedAt: project.selectedAt.toISOString() } : null,
    };
  });

  const assocD = alias(organisations, 'assoc_d');
  app.get('/api/v1/public/demand-entries', { schema: { tags, summary: '公开的需求服务目录（无需登录）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict() } }, async (req) => {
    const q = req.query;
    const where = and(ne(demandEntries.status, 'draft'), q.programmeId ? eq(demandEntries.programmeId, q.programmeId) : undefined)!;
    const after = decodeCursor(q.cursor, cursorKeys.instant);
    const rows = await db
      .select({ entry: demandEntries, programmeName: programmes.name, departmentName: dept.name, associationName: assocD.name })
      .from(demandEntries)
      .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
      .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
      .innerJoin(assocD, eq(assocD.id, demandEntries.associationId))
      .where(after ? and(where, sql`(${demandEntries.publishedAt}, ${demandEntries.id}) < (${String(after[0])}::timestamptz, ${after[1]}::uuid)`) : where)
      .orderBy(desc(demandEntries.publishedAt), desc(demandEntries.id))
      .limit(q.limit + 1);
    const total = after ? null : Number((await db.select({ n: sql<number>`count(*)::int` }).from(demandEntries).where(where))[0].n);
    const page = toPage(rows, q.limit, total ?? 0, (r) => [r.entry.publishedAt!.toISOString(), r.entry.id]);
    return { items: page.items.map((r) => { const v = demandView(r.entry, r); return { ...v, version: undefined }; }), nextCursor: page.nextCursor, total };
  });

  app.get('/api/v1/public/demand-entries/:id', { schema: { tags, summary: '公开目录条目详情与全部版本（无需登录）', params: ZId } }, async (req) => {
    const [r] = await db
      .select({ entry: demandEntries, programmeName: programmes.name, departmentName: dept.name, associationName: assocD.name })
      .from(demandEntries)
      .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
      .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
      .innerJoin(assocD, eq(assocD.id, demandEntries.associationId))
      .where(and(eq(demandEntries.id, req.params.id), ne(demandEntries.status, 'draft')));
    if (!r) throw new AppError('NOT_FOUND', '目录条目不存在或尚未发布');
    const revisions = (await listRevisions(db, 'demand_entry', r.entry.id)).map((x) => revisionView(x));
    return { ...demandView(r.entry, r), version: undefined, revisions };
  });

  // PUB-1: selection results — which society undertakes which item, and why.
  app.get('/api/v1/public/projects', { schema: { tags, summary: '遴选结果：已确定承接学会的试点项目（无需登录）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict() } }, async (req) => {
    const q = req.query;
    const after = decodeCursor(q.cursor, cursorKeys.instant);
    const where = q.programmeId ? eq(pilotProjects.programmeId, q.programmeId) : undefined;
    const rows = await db
      .select({ p: pilotProjects, societyName: society.name, departmentName: dept.name, programmeName: programmes.name, categories: programmes.categories })
      .from(pilotProjects)
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
      .where(after ? and(where, sql`(${pilotProjects.selectedAt}, ${pilotProjects.id}) < (${String(after[0])}::timestamptz, ${after[1]}::uuid)`) : where)
      .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
      .limit(q.limit + 1);
    const total = after ? null : Number((await db.select({ n: sql<number>`count(*)::int` }).from(pilotProjects).where(where))[0].n);
    const page = toPage(rows, q.limit, total ?? 0, (r) => [r.p.selectedAt.toISOString(), r.p.id]);
    return {
      items: page.items.map((r) => ({
        id: r.p.id,
        itemId: r.p.itemId,
        title: r.p.title,
        categoryLabel: categoryLabel(r.categories, r.p.categoryCode),
        programmeName: r.programmeName,
        departmentName: r.departmentName,
        societyName: r.societyName,
        selectionReason: r.p.selectionReason,
        selectedAt: r.p.selectedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
      total,
    };
  });

  // the `limit` most recently published visible items matching the query, newest first, in
  // one prepared statement (bench/search.ts; ADR 0006). Two exact strategies, cheapest first:
  //  w: walk the newest SEARCH_WINDOW visible items in published order (transfer_items_public_idx)
  //     and keep the matches — a word found in more than a few per cent of the items fills the page
  //     after a few hundred rows. When the window holds `limit` matches they are the newest ones.
  //  otherwise (a one-time filter on w's count) the word is rare among recent items: the GIN index
  //     finds every match, and there are few, so sorting them is cheap.
  // Only then are the page's rows read in full and joined to their department. A plain
  // `WHERE search @@ q ORDER BY published_at LIMIT n` leaves the choice to the planner, which
  // misjudges words that jieba splits into parts that always occur together ('3d' & '打印') and
  // then reads and sorts ten thousand rows.
  const SEARCH_WINDOW = 2000;
  const tsqParam = sql`to_tsquery('simple', ${sql.placeholder('q')})`;
  const limitParam = sql`${sql.placeholder('limit')}::int`;
  const matchingIds = sql`(
    WITH w AS MATERIALIZED (
      SELECT x.id FROM (
        SELECT id, published_at, search FROM transfer_items WHERE status <> 'draft'
        ORDER BY published_at DESC, id DESC LIMIT ${SEARCH_WINDOW}
      ) x
      WHERE x.search @@ ${tsqParam}
      ORDER BY x.published_at DESC, x.id DESC LIMIT ${limitParam}
    )
    SELECT id FROM w
    UNION ALL
    (SELECT id FROM transfer_items
      WHERE status <> 'draft' AND search @@ ${tsqParam} AND (SELECT count(*) FROM w) < ${limitParam}
      ORDER BY published_at DESC, id DESC LIMIT ${limitParam})
  )`;
  const searchPrepared = {
    items: db
      .select({ id: transferItems.id, title: transferItems.title, summary: sql<string>`left(${transferItems.description}, 120)`, at: transferItems.publishedAt, status: transferItems.status, orgName: dept.name })
      .from(transferItems)
      .innerJoin(dept, eq(dept.id, transferItems.departmentId))
      .where(sql`${transferItems.id} IN ${matchingIds}`)
      .orderBy(desc(transferItems.publishedAt), desc(transferItems.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_items'),
    demand: db
      .select({ id: demandEntries.id, title: demandEntries.title, summary: sql<string>`left(${demandEntries.description}, 120)`, at: demandEntries.publishedAt, status: demandEntries.status, orgName: dept.name })
      .from(demandEntries)
      .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
      .where(and(ne(demandEntries.status, 'draft'), sql`${demandEntries.search} @@ ${tsqParam}`))
      .orderBy(desc(demandEntries.publishedAt), desc(demandEntries.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_demand'),
    projects: db
      .select({ id: pilotProjects.id, title: pilotProjects.title, summary: pilotProjects.selectionReason, at: pilotProjects.selectedAt, orgName: society.name })
      .from(pilotProjects)
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .where(sql`${pilotProjects.search} @@ ${tsqParam}`)
      .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_projects'),
  };

  // one search over items, catalogue entries and projects.
  const searchTypes = ['item', 'demand', 'project'] as const;
  app.get(
    '/api/v1/public/search',
    {
      schema: {
        tags,
        summary: '全文检索事项、需求目录和试点项目（中文分词，无需登录）',
        querystring: z.object({ q: z.string().trim().min(1, '请输入检索词').max(50, '检索词不能超过 50 个字'), type: z.enum(searchTypes).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }).strict(),
      },
    },
    async (req) => {
      const { q, type, limit } = req.query;
      const expr = queryExpression(q);
      if (expr === null) return { items: [], query: q };
      const args = { q: expr, limit };
      const wanted = type ? [type] : searchTypes;
      const parts = await Promise.all(
        wanted.map(async (t) => {
          if (t === 'item') {
            const rows = await searchPrepared.items.execute(args);
            return rows.map((r) => ({ type: 'item' as const, typeLabel: '可转移职能事项', id: r.id, title: r.title, summary: r.summary, orgName: r.orgName, statusLabel: transferItemLifecycle.states[r.status as TransferItemState] ?? r.status, at: r.at?.toISOString() ?? null }));
          }
          if (t === 'demand') {
            const rows = await searchPrepared.demand.execute(args);
            return rows.map((r) => ({ type: 'demand' as const, typeLabel: '需求服务目录', id: r.id, title: r.title, summary: r.summary, orgName: r.orgName, statusLabel: r.status === 'withdrawn' ? '已撤回' : '已发布', at: r.at?.toISOString() ?? null }));
          }
          const rows = await searchPrepared.projects.execute(args);
          return rows.map((r) => ({ type: 'project' as const, typeLabel: '试点项目', id: r.id, title: r.title, summary: r.summary.slice(0, 120), orgName: r.orgName, statusLabel: '已确定承接学会', at: r.at.toISOString() }));
        }),
      );
      const items = parts
        .flat()
        .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))
        .slice(0, limit);
      return { items, query: q };
    },
  );
}
