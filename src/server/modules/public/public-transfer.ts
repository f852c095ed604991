// PUB-1, X-5: the public side of items, the demand catalogue and selection results — no login.
// Drafts never show; withdrawn items stay readable with their reason and every version (FUN-3).
// The item list is the busiest public page: its queries are prepared once, each filter uses a
// partial index over visible rows (transfer_items_public_idx / _public_category_idx /
// _public_programme_idx), a page reads only its rows' columns (the programme's name and version
// joined; its category labels from a process-wide cache, category-labels.ts), and the total is
// counted only when asked (`count`).
import { z } from 'zod';
import { and, desc, eq, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { queryExpression } from '../../platform/search.js';
import { briefings, demandEntries, organisations, pilotProjects, programmes, progressReports, transferItems, typicalCases } from '../../db/schema.js';
import { demandServiceKindLabels, purchaseMethodLabels, type DemandServiceKind, type PurchaseMethod } from '../../../domain/transfer/transfer.types.js';
import type { DemandEntryState } from '../../../domain/transfer/demand-entry.lifecycle.js';
import type { TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import {
  ZPublicDemandEntry,
  ZPublicDemandEntryPage,
  ZPublicItem,
  ZPublicItemPage,
  ZPublicProjectPage,
  ZSearchAnswer,
  searchTypes,
  type PublicDemandEntry,
  type PublicItem,
  type SearchAnswer,
  type SearchHit,
} from '../../../contract/public.js';
import { categoryLabel, commissioningModeLabel, demandRevisionView, demandStatusLabel, itemRevisionView, itemStatusLabel } from '../transfer/transfer-views.js';
import { listRevisions, programmesOf } from '../transfer/transfer.repo.js';
import { pageCategoryLabels, programmeVersionColumns } from '../transfer/category-labels.js';

const dept = alias(organisations, 'dept');
const society = alias(organisations, 'society');
const assoc = alias(organisations, 'assoc');
const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function publicTransferRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['公开'];
  const visible = sql`${transferItems.status} <> 'draft'`;
  const columns = {
    id: transferItems.id,
    title: transferItems.title,
    categoryCode: transferItems.categoryCode,
    summary: sql<string>`left(${transferItems.description}, 200)`,
    commissioningMode: transferItems.commissioningMode,
    budgetFen: transferItems.budgetFen,
    status: transferItems.status,
    revision: transferItems.revision,
    publishedAt: transferItems.publishedAt,
    withdrawnAt: transferItems.withdrawnAt,
    programmeId: transferItems.programmeId,
    departmentId: transferItems.departmentId,
    departmentName: dept.name,
    programmeName: programmes.name,
    ...programmeVersionColumns,
    key: timeKeyOf(transferItems.publishedAt),
  };
  const base = () =>
    db
      .select(columns)
      .from(transferItems)
      .innerJoin(dept, eq(dept.id, transferItems.departmentId))
      .innerJoin(programmes, eq(programmes.id, transferItems.programmeId));
  const afterKey = sql`(${transferItems.publishedAt}, ${transferItems.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::uuid)`;
  const byCategory = sql`${transferItems.categoryCode} = ${sql.placeholder('category')}`;
  const order = [desc(transferItems.publishedAt), desc(transferItems.id)] as const;
  const prepared = {
    first: base().where(visible).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_first'),
    next: base().where(and(visible, afterKey)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_next'),
    firstCat: base().where(and(visible, byCategory)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_cat_first'),
    nextCat: base().where(and(visible, byCategory, afterKey)).orderBy(...order).limit(sql.placeholder('limit')).prepare('public_items_cat_next'),
  };
  type Row = Awaited<ReturnType<typeof prepared.first.execute>>[number];

  app.get(
    '/api/v1/public/items',
    {
      schema: {
        tags,
        summary: '公开的可转移职能事项（无需登录，最新发布在前）',
        querystring: z.object({ categoryCode: z.string().max(40).regex(/^[a-z0-9_]+$/, '类别编码格式不正确').optional(), programmeId: z.uuid().optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicItemPage },
      },
    },
    async (req) => {
      const { limit, categoryCode, programmeId } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.textTime);
      const afterArgs = after ? { afterAt: `${after[0]}Z`, afterId: after[1] } : {};
      const where: SQL = and(visible, programmeId ? eq(transferItems.programmeId, programmeId) : undefined, categoryCode ? eq(transferItems.categoryCode, categoryCode) : undefined)!;
      let rows: Row[];
      if (programmeId) {
        // Less frequent: a programme's own page; built per request (transfer_items_public_programme_idx).
        rows = await base()
          .where(and(where, beforeTimeKey(transferItems.publishedAt, transferItems.id, after)))
          .orderBy(...order)
          .limit(limit + 1);
      } else if (categoryCode) {
        rows = after ? await prepared.nextCat.execute({ limit: limit + 1, category: categoryCode, ...afterArgs }) : await prepared.firstCat.execute({ limit: limit + 1, category: categoryCode });
      } else {
        rows = after ? await prepared.next.execute({ limit: limit + 1, ...afterArgs }) : await prepared.first.execute({ limit: limit + 1 });
      }
      const total = await totalOf(db, req.query.count, db.select({ one: sql`1` }).from(transferItems).where(where));
      const page = toPage(rows, limit, total, (r) => [r.key, r.id]);
      const label = await pageCategoryLabels(db, page.items);
      return {
        ...page,
        items: page.items.map((r) => ({
          id: r.id,
          title: r.title,
          categoryCode: r.categoryCode,
          categoryLabel: label(r, r.categoryCode),
          summary: r.summary,
          commissioningModeLabel: commissioningModeLabel(r.commissioningMode),
          budgetFen: r.budgetFen,
          status: r.status as TransferItemState,
          statusLabel: itemStatusLabel(r.status),
          revision: r.revision,
          publishedAt: r.publishedAt?.toISOString() ?? null,
          withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
          programmeId: r.programmeId,
          programmeName: r.programmeName,
          departmentId: r.departmentId,
          departmentName: r.departmentName,
        })),
      };
    },
  );

  app.get(
    '/api/v1/public/items/:id',
    { schema: { tags, summary: '公开事项详情、全部版本与遴选结果（无需登录）', params: ZId, response: { 200: ZPublicItem } } },
    async (req): Promise<PublicItem> => {
      const [r] = await db
        .select({
          id: transferItems.id,
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
          withdrawnAt: transferItems.withdrawnAt,
          withdrawReason: transferItems.withdrawReason,
          declarationDeadline: transferItems.declarationDeadline,
          programmeId: transferItems.programmeId,
          programmeName: programmes.name,
          categories: programmes.categories,
          departmentId: transferItems.departmentId,
          departmentName: dept.name,
          associationId: transferItems.associationId,
          associationName: assoc.name,
        })
        .from(transferItems)
        .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
        .innerJoin(dept, eq(dept.id, transferItems.departmentId))
        .innerJoin(assoc, eq(assoc.id, transferItems.associationId))
        .where(and(eq(transferItems.id, req.params.id), visible));
      if (!r) throw new AppError('NOT_FOUND', '事项不存在或尚未发布');
      const revisions = (await listRevisions(db, 'transfer_item', r.id)).map((x) => itemRevisionView(x, r.categories));
      const [project] = await db
        .select({ projectId: pilotProjects.id, societyId: pilotProjects.societyId, societyName: society.name, selectionReason: pilotProjects.selectionReason, selectedAt: pilotProjects.selectedAt })
        .from(pilotProjects)
        .innerJoin(society, eq(society.id, pilotProjects.societyId))
        .where(eq(pilotProjects.itemId, r.id));
      const { categories, commissioningMode, ...rest } = r;
      return {
        ...rest,
        categoryLabel: categoryLabel(categories, r.categoryCode),
        commissioningModeLabel: commissioningModeLabel(commissioningMode),
        status: r.status as TransferItemState,
        statusLabel: itemStatusLabel(r.status),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
        declarationDeadline: r.declarationDeadline?.toISOString() ?? null,
        revisions,
        result: project ? { ...project, selectedAt: project.selectedAt.toISOString() } : null,
      };
    },
  );

  const demandColumns = {
    id: demandEntries.id,
    title: demandEntries.title,
    serviceKind: demandEntries.serviceKind,
    purchaseMethod: demandEntries.purchaseMethod,
    budgetFen: demandEntries.budgetFen,
    period: demandEntries.period,
    status: demandEntries.status,
    revision: demandEntries.revision,
    publishedAt: demandEntries.publishedAt,
    withdrawnAt: demandEntries.withdrawnAt,
    programmeId: demandEntries.programmeId,
    departmentId: demandEntries.departmentId,
    departmentName: dept.name,
  };
  interface DemandColumns {
    id: string;
    title: string;
    serviceKind: string;
    purchaseMethod: string;
    budgetFen: number | null;
    period: string | null;
    status: string;
    revision: number;
    publishedAt: Date | null;
    withdrawnAt: Date | null;
    programmeId: string;
    departmentId: string;
    departmentName: string;
  }
  const demandFields = (e: DemandColumns) => ({
    id: e.id,
    title: e.title,
    budgetFen: e.budgetFen,
    period: e.period,
    revision: e.revision,
    programmeId: e.programmeId,
    departmentId: e.departmentId,
    departmentName: e.departmentName,
    serviceKind: e.serviceKind as DemandServiceKind,
    serviceKindLabel: demandServiceKindLabels[e.serviceKind as DemandServiceKind] ?? e.serviceKind,
    purchaseMethod: e.purchaseMethod as PurchaseMethod,
    purchaseMethodLabel: purchaseMethodLabels[e.purchaseMethod as PurchaseMethod] ?? e.purchaseMethod,
    status: e.status as DemandEntryState,
    statusLabel: demandStatusLabel(e.status),
    publishedAt: e.publishedAt?.toISOString() ?? null,
    withdrawnAt: e.withdrawnAt?.toISOString() ?? null,
  });

  app.get(
    '/api/v1/public/demand-entries',
    { schema: { tags, summary: '公开的需求服务目录（无需登录，最新发布在前）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict(), response: { 200: ZPublicDemandEntryPage } } },
    async (req) => {
      const q = req.query;
      const where = and(ne(demandEntries.status, 'draft'), q.programmeId ? eq(demandEntries.programmeId, q.programmeId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({ ...demandColumns, summary: sql<string>`left(${demandEntries.description}, 200)`, key: timeKeyOf(demandEntries.publishedAt) })
        .from(demandEntries)
        .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
        .where(and(where, beforeTimeKey(demandEntries.publishedAt, demandEntries.id, after)))
        .orderBy(desc(demandEntries.publishedAt), desc(demandEntries.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(demandEntries).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map((r) => ({ ...demandFields(r), summary: r.summary })) };
    },
  );

  app.get(
    '/api/v1/public/demand-entries/:id',
    { schema: { tags, summary: '公开目录条目详情与全部版本（无需登录）', params: ZId, response: { 200: ZPublicDemandEntry } } },
    async (req): Promise<PublicDemandEntry> => {
      const [r] = await db
        .select({ ...demandColumns, description: demandEntries.description, withdrawReason: demandEntries.withdrawReason, programmeName: programmes.name, associationId: demandEntries.associationId, associationName: assoc.name })
        .from(demandEntries)
        .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
        .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
        .innerJoin(assoc, eq(assoc.id, demandEntries.associationId))
        .where(and(eq(demandEntries.id, req.params.id), ne(demandEntries.status, 'draft')));
      if (!r) throw new AppError('NOT_FOUND', '目录条目不存在或尚未发布');
      const revisions = (await listRevisions(db, 'demand_entry', r.id)).map(demandRevisionView);
      return { ...demandFields(r), description: r.description, withdrawReason: r.withdrawReason, programmeName: r.programmeName, associationId: r.associationId, associationName: r.associationName, revisions };
    },
  );

  // PUB-1: selection results — which society undertakes which item, and why.
  app.get(
    '/api/v1/public/projects',
    { schema: { tags, summary: '遴选结果：已确定承接学会的试点项目（无需登录）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict(), response: { 200: ZPublicProjectPage } } },
    async (req) => {
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const where = q.programmeId ? eq(pilotProjects.programmeId, q.programmeId) : undefined;
      const rows = await db
        .select({
          id: pilotProjects.id,
          itemId: pilotProjects.itemId,
          title: pilotProjects.title,
          categoryCode: pilotProjects.categoryCode,
          programmeId: pilotProjects.programmeId,
          departmentId: pilotProjects.departmentId,
          departmentName: dept.name,
          societyId: pilotProjects.societyId,
          societyName: society.name,
          selectionReason: pilotProjects.selectionReason,
          selectedAt: pilotProjects.selectedAt,
          key: timeKeyOf(pilotProjects.selectedAt),
        })
        .from(pilotProjects)
        .innerJoin(society, eq(society.id, pilotProjects.societyId))
        .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
        .where(and(where, beforeTimeKey(pilotProjects.selectedAt, pilotProjects.id, after)))
        .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(pilotProjects).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      const progs = await programmesOf(db, page.items.map((r) => r.programmeId));
      return {
        ...page,
        items: page.items.map(({ key: _key, categoryCode, ...r }) => ({
          ...r,
          categoryLabel: categoryLabel(progs.get(r.programmeId)?.categories, categoryCode),
          programmeName: progs.get(r.programmeId)?.name ?? '',
          selectedAt: r.selectedAt.toISOString(),
        })),
      };
    },
  );

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
  // Each kind's relevance: ts_rank of the matched words, divided by 1 + log(length) so that a short
  // record naming the word outranks a long one mentioning it once; computed on the page's rows only.
  const rankOf = (col: AnyColumn) => sql<number>`ts_rank(${col}, ${tsqParam}, 1)::float8`.mapWith(Number);
  const searchPrepared = {
    items: db
      .select({ id: transferItems.id, title: transferItems.title, summary: sql<string>`left(${transferItems.description}, 120)`, at: transferItems.publishedAt, status: transferItems.status, orgId: transferItems.departmentId, orgName: dept.name, rank: rankOf(transferItems.search) })
      .from(transferItems)
      .innerJoin(dept, eq(dept.id, transferItems.departmentId))
      .where(sql`${transferItems.id} IN ${matchingIds}`)
      .orderBy(desc(transferItems.publishedAt), desc(transferItems.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_items'),
    demand: db
      .select({ id: demandEntries.id, title: demandEntries.title, summary: sql<string>`left(${demandEntries.description}, 120)`, at: demandEntries.publishedAt, status: demandEntries.status, orgId: demandEntries.departmentId, orgName: dept.name, rank: rankOf(demandEntries.search) })
      .from(demandEntries)
      .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
      .where(and(ne(demandEntries.status, 'draft'), sql`${demandEntries.search} @@ ${tsqParam}`))
      .orderBy(desc(demandEntries.publishedAt), desc(demandEntries.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_demand'),
    projects: db
      .select({ id: pilotProjects.id, itemId: pilotProjects.itemId, title: pilotProjects.title, summary: sql<string>`left(${pilotProjects.selectionReason}, 120)`, at: pilotProjects.selectedAt, orgId: pilotProjects.societyId, orgName: society.name, rank: rankOf(pilotProjects.search) })
      .from(pilotProjects)
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .where(sql`${pilotProjects.search} @@ ${tsqParam}`)
      .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
      .limit(sql.placeholder('limit'))
      .prepare('public_search_projects'),
    // PUB-1 disclosures and cases (issue 14), in one statement — one round trip for the three: each
    // part takes its newest `limit` matches from its GIN index. Their vectors exist only while
    // published (set on publication, cleared on withdrawal); the state is tested too, so a vector
    // left behind never shows a row. A progress report's vector holds its title and public summary,
    // never its body.
    disclosures: db
      .select({
        kind: sql<'briefing' | 'progress' | 'case'>`h.kind`,
        id: sql<string>`h.id`,
        title: sql<string>`h.title`,
        summary: sql<string | null>`h.summary`,
        /** a briefing's issue number; a progress report's project */
        extra: sql<string>`h.extra`,
        at: sql<string>`h.at`,
        orgId: sql<string>`h.org_id`,
        orgName: sql<string>`h.org_name`,
        rank: sql<number>`h.rank`.mapWith(Number),
      })
      .from(
        sql`(
          (SELECT 'briefing' AS kind, b.id, b.title, left(b.body, 120) AS summary, b.issue_no::text AS extra,
                  to_char(b.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, b.association_id AS org_id, o.name AS org_name,
                  ts_rank(b.search, ${tsqParam}, 1)::float8 AS rank
             FROM ${briefings} b JOIN ${organisations} o ON o.id = b.association_id
            WHERE b.disclosure = 'published' AND b.search @@ ${tsqParam}
            ORDER BY b.published_at DESC, b.id DESC LIMIT ${limitParam})
          UNION ALL
          (SELECT 'progress', r.id, r.title, left(nullif(r.public_summary, ''), 120), p.title,
                  to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), p.society_id, o.name,
                  ts_rank(r.search, ${tsqParam}, 1)::float8
             FROM ${progressReports} r JOIN ${pilotProjects} p ON p.id = r.project_id JOIN ${organisations} o ON o.id = p.society_id
            WHERE r.disclosure = 'published' AND r.search @@ ${tsqParam}
            ORDER BY r.published_at DESC, r.id DESC LIMIT ${limitParam})
          UNION ALL
          (SELECT 'case', c.id, c.title, left(c.summary, 120), NULL,
                  to_char(c.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), p.society_id, o.name,
                  ts_rank(c.search, ${tsqParam}, 1)::float8
             FROM ${typicalCases} c JOIN ${pilotProjects} p ON p.id = c.project_id JOIN ${organisations} o ON o.id = p.society_id
            WHERE c.status = 'published' AND c.search @@ ${tsqParam}
            ORDER BY c.published_at DESC, c.id DESC LIMIT ${limitParam})
        ) AS h`,
      )
      .prepare('public_search_disclosures'),
  };

  // one search over items, catalogue entries, projects, briefings, progress disclosures and
  // typical cases, answered as one ranked list. Each kind gives its `limit` newest matches — items
  // through the plan above (ADR 0006), the others from their GIN indexes (briefings, progress
  // disclosures and cases in one statement), all at once — each with its ts_rank;
  // the union is ordered by: the title holds every word of the query, then the rank, then the
  // newest (ADR 0012). No kind's statement sorts by rank, so none reads more rows than before.
  app.get(
    '/api/v1/public/search',
    {
      schema: {
        tags,
        summary: '全文检索事项、需求目录、试点项目、工作简报、项目进展和典型案例（中文分词，按相关度排列的一个列表，无需登录）',
        querystring: z.object({ q: z.string().trim().min(1, '请输入检索词').max(50, '检索词不能超过 50 个字'), type: z.enum(searchTypes).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }).strict(),
        response: { 200: ZSearchAnswer },
      },
    },
    async (req): Promise<SearchAnswer> => {
      const { q, type, limit } = req.query;
      const expr = queryExpression(q);
      if (expr === null) return { items: [], nextCursor: null, query: q };
      const args = { q: expr, limit };
      const wanted = type ? [type] : searchTypes;
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      const disclosureKinds = wanted.filter((t): t is 'briefing' | 'progress' | 'case' => t === 'briefing' || t === 'progress' || t === 'case');
      const [parts, disclosureRows] = await Promise.all([
        Promise.all(
        wanted.map(async (t): Promise<RankedHit[]> => {
          switch (t) {
            case 'item':
              return (await searchPrepared.items.execute(args)).map((r) => ({ rank: r.rank, hit: { type: 'item', typeLabel: '可转移职能事项', id: r.id, title: r.title, summary: r.summary, orgId: r.orgId, orgName: r.orgName, orgLabel: '发布部门', statusLabel: itemStatusLabel(r.status), at: iso(r.at) } }));
            case 'demand':
              return (await searchPrepared.demand.execute(args)).map((r) => ({ rank: r.rank, hit: { type: 'demand', typeLabel: '需求服务目录', id: r.id, title: r.title, summary: r.summary, orgId: r.orgId, orgName: r.orgName, orgLabel: '发布部门', statusLabel: demandStatusLabel(r.status), at: iso(r.at) } }));
            case 'project':
              return (await searchPrepared.projects.execute(args)).map((r) => ({ rank: r.rank, hit: { type: 'project', typeLabel: '试点项目', id: r.id, itemId: r.itemId, title: r.title, summary: r.summary, orgId: r.orgId, orgName: r.orgName, orgLabel: '承接学会', statusLabel: '已确定承接学会', at: iso(r.at) } }));
            case 'briefing':
            case 'progress':
            case 'case':
              return []; // one statement for the three, beside
          }
        }),
        ),
        disclosureKinds.length ? searchPrepared.disclosures.execute(args) : Promise.resolve([]),
      ]);
      const disclosures: RankedHit[] = disclosureRows.filter((r) => disclosureKinds.includes(r.kind)).map((r) => ({ rank: r.rank, hit: disclosureHit(r) }));
      return { items: rankHits([...parts.flat(), ...disclosures], q).slice(0, limit), nextCursor: null, query: q };
    },
  );
}

/** A briefing, progress disclosure or case as a hit, with its kind's words. */
function disclosureHit(r: { kind: 'briefing' | 'progress' | 'case'; id: string; title: string; summary: string | null; extra: string; at: string; orgId: string; orgName: string }): SearchHit {
  const base = { id: r.id, title: r.title, orgId: r.orgId, orgName: r.orgName, at: r.at };
  if (r.kind === 'briefing') return { ...base, type: 'briefing', typeLabel: '工作简报', summary: r.summary, orgLabel: '编发单位', statusLabel: `第 ${r.extra} 期` };
  if (r.kind === 'progress') return { ...base, type: 'progress', typeLabel: '项目进展', summary: r.summary ?? `试点项目：${r.extra}`, orgLabel: '承接学会', statusLabel: '已公开' };
  return { ...base, type: 'case', typeLabel: '典型案例', summary: r.summary, orgLabel: '承接学会', statusLabel: '已公开' };
}

interface RankedHit {
  rank: number;
  hit: SearchHit;
}

/**
 * the order of the one list — a hit whose title holds every word of the query (as typed,
 * split on spaces) before one that matched elsewhere, then the higher ts_rank, then the newer.
 */
export function rankHits(hits: RankedHit[], q: string): SearchHit[] {
  const terms = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const inTitle = (h: SearchHit) => (terms.length > 0 && terms.every((t) => h.title.toLowerCase().includes(t)) ? 1 : 0);
  return hits
    .map((h) => ({ ...h, title: inTitle(h.hit) }))
    .sort((a, b) => b.title - a.title || b.rank - a.rank || (b.hit.at ?? '').localeCompare(a.hit.at ?? ''))
    .map((h) => h.hit);
}
