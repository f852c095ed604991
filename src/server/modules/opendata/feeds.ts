// PUB-3: the SQL behind each open-data feed (the schema is src/contract/opendata.ts). Every feed reads
// only what its public portal route shows — the same visibility test and, where the portal has one,
// the same columns — in a fixed key order, ascending, so that what is published while a reader pages
// appears after the last page instead of shifting the pages already read:
//   - one statement per page (or CSV batch): the rows after the key, `LIMIT n`, never OFFSET, never
//     a count; the key is compared on the columns themselves, `(published_at, id) > ($t, $id)`, so
//     the feed's public partial index (scanned backwards) serves the order and the seek;
//   - `since` keeps the rows whose change time (`changedAt`) is later — a filter on the same walk;
//   - `state()` is the feed's version for ETag and Last-Modified (routes.ts runs it only when the
//     audit log has moved), one aggregate statement: the
//     number of visible rows and the latest change among them, together with the time a row last
//     left the feed (withdrawn_at, or for evaluation results the audit log's last entry, since an
//     unpublished result keeps no time) and the latest change of the organisations and programmes
//     whose names the records carry. Every change of a feed moves the latest time forward (each
//     change stamps the row with the time it was made), and a row that leaves without a time lowers
//     the count, so (count, latest) changes whenever what the feed answers changes.
import { z } from 'zod';
import { and, asc, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import {
  briefings,
  demandEntries,
  evaluationCommissions,
  milestones,
  organisations,
  performanceEvaluations,
  pilotProjects,
  programmes,
  progressReports,
  recordRevisions,
  taskBooks,
  transferItems,
  typicalCases,
} from '../../db/schema.js';
import { afterTimeKey, cursorKeys, timeKeyOf } from '../../http/paging.js';
import { openDataFeed, type OpenDataFeedDef, type OpenDataFeedName } from '../../../contract/opendata.js';
import { programmeKindLabels, type ProgrammeKind } from '../../../domain/programme/programme.types.js';
import { demandServiceKindLabels, purchaseMethodLabels, type DemandServiceKind, type PurchaseMethod } from '../../../domain/transfer/transfer.types.js';
import { agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import type { TaskBookAgreementKind } from '../../../domain/taskbook/agreement.js';
import { indicatorDefinitions } from '../../../domain/statistics/indicators.js';
import { commissioningModeLabel, demandStatusLabel, itemStatusLabel } from '../transfer/transfer-views.js';
import { pageCategoryLabels, programmeVersionColumns, type ProgrammeVersionOfRow } from '../transfer/category-labels.js';
import { taskBookStatusLabel } from '../taskbooks/taskbook-views.js';

export type FeedKey = readonly (string | number)[];
export type FeedRecord = Record<string, unknown>;
/**
 * The rows of a page or CSV batch, in key order: the record of any of them, made when asked, and its
 * key (the last one kept is the cursor). Records are made one at a time and written out at once (never
 * an array of them): an object that lives no longer than its own row's turn is not moved to the old
 * generation, nor are the strings it holds (routes.ts, bench/opendata-feed.ts).
 */
export interface FeedBatch {
  size: number;
  recordAt(i: number): FeedRecord;
  keyAt(i: number): FeedKey;
}
export interface FeedPageArgs {
  after: FeedKey | null;
  since: Date | null;
  limit: number;
}
export interface FeedState {
  /** visible rows */
  count: number;
  /** the latest change, `YYYY-MM-DDTHH:MI:SS.US` in UTC (null for an empty feed that never changed) */
  last: string | null;
}
export interface Feed {
  def: OpenDataFeedDef;
  keyShape: z.ZodType<FeedKey>;
  rows(db: DbOrTx, a: FeedPageArgs): Promise<FeedBatch>;
  state(db: DbOrTx): Promise<FeedState>;
}

const dept = alias(organisations, 'od_dept');
const society = alias(organisations, 'od_society');
const assoc = alias(organisations, 'od_assoc');
const evaluator = alias(organisations, 'od_evaluator');
const nextBook = alias(taskBooks, 'od_next_book');

const [ZTimeKey] = cursorKeys.textTime.def.items;
const timeIdKey = cursorKeys.textTime as unknown as z.ZodType<FeedKey>;

/** An instant as the feeds write it: China time (UTC+8, no daylight saving), ISO 8601 with its offset. */
export const cnTime = (col: SQLWrapper | SQL): SQL<string> => sql<string>`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;
const since = (changed: SQL, at: Date | null): SQL | undefined => (at ? sql`${changed} > ${at.toISOString()}::timestamptz` : undefined);
const afterTime = (col: SQLWrapper, idCol: SQLWrapper, after: FeedKey | null) => afterTimeKey(col as never, idCol as never, after as [string, string] | null);

/** Fen as yuan with two decimals, exactly (no floating point). */
export function yuanOf(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined) return null;
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The feed's version: `aggregate` yields `n` (visible rows) and `m` (their latest change, and the
 * time a row last left); the latest change of the names the records carry is added to `m`.
 */
async function stateOf(db: DbOrTx, aggregate: SQL): Promise<FeedState> {
  const res = (await db.execute(sql`
    SELECT s.n::int AS n,
      to_char(greatest(s.m, (SELECT max(updated_at) FROM organisations), (SELECT max(updated_at) FROM programmes)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS last
    FROM (${aggregate}) AS s`)) as unknown as { rows: { n: number; last: string | null }[] };
  const r = res.rows[0];
  return { count: Number(r?.n ?? 0), last: r?.last ?? null };
}

/** The audit log's head: the sequence number of the last change made through the platform. */
export { auditHead } from '../../platform/audit.js';

const lazy = <R>(rows: R[], record: (r: R) => FeedRecord) => ({ size: rows.length, recordAt: (i: number) => record(rows[i]) });
const keyed = <R extends { key: string; id: string }>(rows: R[], record: (r: R) => FeedRecord): FeedBatch => ({ ...lazy(rows, record), keyAt: (i) => [rows[i].key, rows[i].id] });

/** A statement's rows as the driver gives them (no mapping: the big feeds read 1,000 rows a batch). */
async function rawRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

// ── programmes ──────────────────────────────────────────────────────────────────────────────────
const programmesFeed: Feed = {
  def: openDataFeed('programmes'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const changed = sql`greatest(${programmes.updatedAt}, ${programmes.publishedAt})`;
    const rows = await db
      .select({
        id: programmes.id,
        name: programmes.name,
        kind: programmes.kind,
        year: programmes.year,
        status: programmes.status,
        associationId: programmes.associationId,
        associationName: assoc.name,
        description: programmes.description,
        publishedAt: cnTime(programmes.publishedAt),
        changedAt: cnTime(changed),
        key: timeKeyOf(programmes.publishedAt),
      })
      .from(programmes)
      .innerJoin(assoc, eq(assoc.id, programmes.associationId))
      .where(and(sql`${programmes.status} <> 'draft'`, afterTime(programmes.publishedAt, programmes.id, a.after), since(changed, a.since)))
      .orderBy(asc(programmes.publishedAt), asc(programmes.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, kind, status, ...r }) => ({
      ...r,
      kindLabel: programmeKindLabels[kind as ProgrammeKind] ?? kind,
      statusLabel: status === 'closed' ? '已结束' : '进行中',
    }));
  },
  state: (db) => stateOf(db, sql`SELECT count(*) AS n, max(greatest(updated_at, published_at)) AS m FROM programmes WHERE status <> 'draft'`),
};

// ── items ───────────────────────────────────────────────────────────────────────────────────────
// The largest feed (every item ever published): read without the query builder's row mapping, which
// took a sixth of the CPU of a CSV download (bench/opendata-feed.ts), each row as the driver gives it.
interface ItemRow {
  id: string;
  programme_id: string;
  programme_name: string;
  programme_version: number;
  programme_updated_at: Date;
  title: string;
  category_code: string;
  description: string;
  legal_basis: string | null;
  commissioning_mode: string;
  budget_fen: number | null;
  expected_period: string | null;
  required_qualifications: string | null;
  status: string;
  revision: number;
  declaration_deadline: string | null;
  department_id: string;
  department_name: string;
  association_name: string;
  published_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  changed_at: string;
  key: string;
}
const itemsFeed: Feed = {
  def: openDataFeed('items'),
  keyShape: timeIdKey,
  async rows(db, a) {
    // updated_at is set by every change of an item (publish, amend, relay, selection, withdrawal)
    const changed = sql`greatest(t.updated_at, t.published_at)`;
    const rows = await rawRows<ItemRow>(
      db,
      sql`SELECT t.id, t.programme_id, p.name AS programme_name, p.version AS programme_version, p.updated_at AS programme_updated_at,
          t.title, t.category_code, t.description, t.legal_basis, t.commissioning_mode, t.budget_fen::float8 AS budget_fen, t.expected_period,
          t.required_qualifications, t.status, t.revision, ${cnTime(sql`t.declaration_deadline`)} AS declaration_deadline,
          t.department_id, d.name AS department_name, o.name AS association_name, ${cnTime(sql`t.published_at`)} AS published_at,
          ${cnTime(sql`t.withdrawn_at`)} AS withdrawn_at, t.withdraw_reason, ${cnTime(changed)} AS changed_at, ${timeKeyOf(sql`t.published_at`)} AS key
        FROM transfer_items t
        JOIN programmes p ON p.id = t.programme_id
        JOIN organisations d ON d.id = t.department_id
        JOIN organisations o ON o.id = t.association_id
        WHERE t.status <> 'draft'
          ${a.after ? sql`AND (t.published_at, t.id) > (${`${a.after[0]}Z`}::timestamptz, ${a.after[1]}::uuid)` : sql``}
          ${a.since ? sql`AND ${changed} > ${a.since.toISOString()}::timestamptz` : sql``}
        ORDER BY t.published_at, t.id
        LIMIT ${a.limit}`,
    );
    // the category labels of the batch's programmes (a few), not an object per row
    const programmesOf = new Map<string, ProgrammeVersionOfRow>();
    for (const r of rows)
      if (!programmesOf.has(r.programme_id)) programmesOf.set(r.programme_id, { programmeId: r.programme_id, programmeVersion: Number(r.programme_version), programmeUpdatedAt: new Date(r.programme_updated_at) });
    const label = await pageCategoryLabels(db, [...programmesOf.values()]);
    return {
      keyAt: (i) => [rows[i].key, rows[i].id],
      ...lazy(rows, (r) => ({
        id: r.id,
        programmeId: r.programme_id,
        programmeName: r.programme_name,
        title: r.title,
        categoryCode: r.category_code,
        categoryLabel: label(programmesOf.get(r.programme_id)!, r.category_code),
        description: r.description,
        legalBasis: r.legal_basis,
        commissioningModeLabel: commissioningModeLabel(r.commissioning_mode),
        budgetYuan: yuanOf(r.budget_fen === null ? null : Number(r.budget_fen)),
        expectedPeriod: r.expected_period,
        requiredQualifications: r.required_qualifications,
        status: r.status,
        statusLabel: itemStatusLabel(r.status),
        revision: Number(r.revision),
        declarationDeadline: r.declaration_deadline,
        departmentId: r.department_id,
        departmentName: r.department_name,
        associationName: r.association_name,
        publishedAt: r.published_at,
        withdrawnAt: r.withdrawn_at,
        withdrawReason: r.withdraw_reason,
        changedAt: r.changed_at,
      })),
    };
  },
  state: (db) => stateOf(db, sql`SELECT count(*) AS n, max(greatest(updated_at, published_at)) AS m FROM transfer_items WHERE status <> 'draft'`),
};

// ── item versions (record_revisions) ────────────────────────────────────────────────────────────
const itemVersionsFeed: Feed = {
  def: openDataFeed('item-versions'),
  keyShape: z.tuple([z.uuid(), z.int().min(0).max(1_000_000)]) as unknown as z.ZodType<FeedKey>,
  async rows(db, a) {
    const snap = (k: string) => sql<string | null>`${recordRevisions.snapshot} ->> ${k}`;
    const rows = await db
      .select({
        itemId: recordRevisions.entityId,
        revision: recordRevisions.revision,
        changeKind: recordRevisions.changeKind,
        reason: recordRevisions.reason,
        orgName: recordRevisions.actorOrgName,
        at: cnTime(recordRevisions.at),
        title: snap('title'),
        categoryCode: snap('categoryCode'),
        description: snap('description'),
        legalBasis: snap('legalBasis'),
        commissioningMode: snap('commissioningMode'),
        budgetFen: sql<number | null>`(${recordRevisions.snapshot} ->> 'budgetFen')::bigint`,
        expectedPeriod: snap('expectedPeriod'),
        requiredQualifications: snap('requiredQualifications'),
        programmeId: transferItems.programmeId,
        ...programmeVersionColumns,
      })
      .from(recordRevisions)
      .innerJoin(transferItems, eq(transferItems.id, recordRevisions.entityId))
      .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
      .where(
        and(
          eq(recordRevisions.entityType, 'transfer_item'),
          sql`${transferItems.status} <> 'draft'`,
          a.after ? sql`(${recordRevisions.entityId}, ${recordRevisions.revision}) > (${a.after[0]}::uuid, ${a.after[1]}::int)` : undefined,
          since(sql`${recordRevisions.at}`, a.since),
        ),
      )
      .orderBy(asc(recordRevisions.entityId), asc(recordRevisions.revision))
      .limit(a.limit);
    const label = await pageCategoryLabels(db, rows);
    const kinds: Record<string, string> = { publish: '发布', amend: '变更', withdraw: '撤回' };
    return {
      keyAt: (i) => [rows[i].itemId, rows[i].revision],
      ...lazy(rows, (r) => ({
        itemId: r.itemId,
        revision: r.revision,
        changeKindLabel: kinds[r.changeKind] ?? r.changeKind,
        reason: r.reason,
        orgName: r.orgName,
        at: r.at,
        title: r.title,
        categoryLabel: r.categoryCode === null ? null : label(r, r.categoryCode),
        description: r.description,
        legalBasis: r.legalBasis,
        commissioningModeLabel: r.commissioningMode === null ? null : commissioningModeLabel(r.commissioningMode),
        budgetYuan: yuanOf(r.budgetFen === null ? null : Number(r.budgetFen)),
        expectedPeriod: r.expectedPeriod,
        requiredQualifications: r.requiredQualifications,
        changedAt: r.at,
      })),
    };
  },
  state: (db) =>
    stateOf(
      db,
      sql`SELECT count(*) AS n, max(r.at) AS m FROM record_revisions r JOIN transfer_items t ON t.id = r.entity_id WHERE r.entity_type = 'transfer_item' AND t.status <> 'draft'`,
    ),
};

// ── demand catalogue ────────────────────────────────────────────────────────────────────────────
const demandFeed: Feed = {
  def: openDataFeed('demand-entries'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const changed = sql`greatest(${demandEntries.updatedAt}, ${demandEntries.publishedAt})`;
    const rows = await db
      .select({
        id: demandEntries.id,
        programmeId: demandEntries.programmeId,
        programmeName: programmes.name,
        title: demandEntries.title,
        serviceKind: demandEntries.serviceKind,
        description: demandEntries.description,
        purchaseMethod: demandEntries.purchaseMethod,
        budgetFen: demandEntries.budgetFen,
        period: demandEntries.period,
        status: demandEntries.status,
        revision: demandEntries.revision,
        departmentId: demandEntries.departmentId,
        departmentName: dept.name,
        associationName: assoc.name,
        publishedAt: cnTime(demandEntries.publishedAt),
        withdrawnAt: cnTime(demandEntries.withdrawnAt),
        withdrawReason: demandEntries.withdrawReason,
        changedAt: cnTime(changed),
        key: timeKeyOf(demandEntries.publishedAt),
      })
      .from(demandEntries)
      .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
      .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
      .innerJoin(assoc, eq(assoc.id, demandEntries.associationId))
      .where(and(sql`${demandEntries.status} <> 'draft'`, afterTime(demandEntries.publishedAt, demandEntries.id, a.after), since(changed, a.since)))
      .orderBy(asc(demandEntries.publishedAt), asc(demandEntries.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, serviceKind, purchaseMethod, budgetFen, ...r }) => ({
      id: r.id,
      programmeId: r.programmeId,
      programmeName: r.programmeName,
      title: r.title,
      serviceKindLabel: demandServiceKindLabels[serviceKind as DemandServiceKind] ?? serviceKind,
      description: r.description,
      purchaseMethodLabel: purchaseMethodLabels[purchaseMethod as PurchaseMethod] ?? purchaseMethod,
      budgetYuan: yuanOf(budgetFen),
      period: r.period,
      status: r.status,
      statusLabel: demandStatusLabel(r.status),
      revision: r.revision,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      associationName: r.associationName,
      publishedAt: r.publishedAt,
      withdrawnAt: r.withdrawnAt,
      withdrawReason: r.withdrawReason,
      changedAt: r.changedAt,
    }));
  },
  state: (db) => stateOf(db, sql`SELECT count(*) AS n, max(greatest(updated_at, published_at)) AS m FROM demand_entries WHERE status <> 'draft'`),
};

// ── selection results (pilot projects) ──────────────────────────────────────────────────────────
const selectionFeed: Feed = {
  def: openDataFeed('selection-results'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const rows = await db
      .select({
        id: pilotProjects.id,
        itemId: pilotProjects.itemId,
        title: pilotProjects.title,
        categoryCode: pilotProjects.categoryCode,
        programmeId: pilotProjects.programmeId,
        programmeName: programmes.name,
        ...programmeVersionColumns,
        departmentId: pilotProjects.departmentId,
        departmentName: dept.name,
        societyId: pilotProjects.societyId,
        societyName: society.name,
        selectionReason: pilotProjects.selectionReason,
        selectedAt: cnTime(pilotProjects.selectedAt),
        key: timeKeyOf(pilotProjects.selectedAt),
      })
      .from(pilotProjects)
      .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .where(and(afterTime(pilotProjects.selectedAt, pilotProjects.id, a.after), since(sql`${pilotProjects.selectedAt}`, a.since)))
      .orderBy(asc(pilotProjects.selectedAt), asc(pilotProjects.id))
      .limit(a.limit);
    const label = await pageCategoryLabels(db, rows);
    return keyed(rows, (r) => ({
      projectId: r.id,
      itemId: r.itemId,
      title: r.title,
      categoryLabel: label(r, r.categoryCode),
      programmeId: r.programmeId,
      programmeName: r.programmeName,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      societyId: r.societyId,
      societyName: r.societyName,
      selectionReason: r.selectionReason,
      selectedAt: r.selectedAt,
      changedAt: r.selectedAt,
    }));
  },
  state: (db) => stateOf(db, sql`SELECT count(*) AS n, max(selected_at) AS m FROM pilot_projects`),
};

// ── task-book summaries ─────────────────────────────────────────────────────────────────────────
// What the portal's verification shows of a signed version, without its content or code. Few rows
// (one or two per project): ordered by signing time without an index of its own.
const signed = (status: SQLWrapper) => sql`${status} IN ('signed', 'superseded')`;
const taskBooksFeed: Feed = {
  def: openDataFeed('task-books'),
  keyShape: z.tuple([ZTimeKey, z.uuid(), z.int().min(1).max(1_000_000)]) as unknown as z.ZodType<FeedKey>,
  async rows(db, a) {
    // a version changes (superseded) when the next one comes into force
    const changed = sql`coalesce(${nextBook.signedAt}, ${taskBooks.signedAt})`;
    const rows = await db
      .select({
        projectId: taskBooks.projectId,
        projectName: sql<string | null>`${taskBooks.content} ->> 'projectName'`,
        agreementKind: sql<string | null>`${taskBooks.content} ->> 'agreementKind'`,
        projectTitle: pilotProjects.title,
        programmeName: programmes.name,
        version: taskBooks.version,
        status: taskBooks.status,
        signedAt: cnTime(taskBooks.signedAt),
        departmentName: dept.name,
        societyName: society.name,
        associationName: assoc.name,
        changedAt: cnTime(changed),
        key: timeKeyOf(taskBooks.signedAt),
      })
      .from(taskBooks)
      .innerJoin(pilotProjects, eq(pilotProjects.id, taskBooks.projectId))
      .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .innerJoin(assoc, eq(assoc.id, pilotProjects.associationId))
      .leftJoin(nextBook, and(eq(nextBook.projectId, taskBooks.projectId), eq(nextBook.version, sql`${taskBooks.version} + 1`), signed(nextBook.status)))
      .where(
        and(
          signed(taskBooks.status),
          a.after
            ? sql`(${taskBooks.signedAt}, ${taskBooks.projectId}, ${taskBooks.version}) > (${`${a.after[0]}Z`}::timestamptz, ${a.after[1]}::uuid, ${a.after[2]}::int)`
            : undefined,
          since(changed, a.since),
        ),
      )
      .orderBy(asc(taskBooks.signedAt), asc(taskBooks.projectId), asc(taskBooks.version))
      .limit(a.limit);
    return {
      keyAt: (i) => [rows[i].key, rows[i].projectId, rows[i].version],
      ...lazy(rows, (r) => ({
        projectId: r.projectId,
        projectTitle: r.projectName || r.projectTitle,
        programmeName: r.programmeName,
        agreementLabel: agreementTextsOf({ agreementKind: r.agreementKind as TaskBookAgreementKind | null }).title,
        version: r.version,
        statusLabel: r.status === 'superseded' ? '已签署，已被变更后的新版本替代' : taskBookStatusLabel(r.status),
        signedAt: r.signedAt,
        departmentName: r.departmentName,
        societyName: r.societyName,
        associationName: r.associationName,
        changedAt: r.changedAt,
      })),
    };
  },
  state: (db) => stateOf(db, sql`SELECT count(*) AS n, max(signed_at) AS m FROM task_books WHERE status IN ('signed', 'superseded')`),
};

// ── progress disclosures ────────────────────────────────────────────────────────────────────────
const progressFeed: Feed = {
  def: openDataFeed('progress'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const rows = await db
      .select({
        id: progressReports.id,
        projectId: progressReports.projectId,
        projectTitle: pilotProjects.title,
        programmeName: programmes.name,
        societyName: society.name,
        departmentName: dept.name,
        title: progressReports.title,
        // the summary the association chose to publish; never the report's own body
        publicSummary: sql<string | null>`nullif(${progressReports.publicSummary}, '')`,
        milestoneName: milestones.name,
        completesMilestone: progressReports.completesMilestone,
        submittedAt: cnTime(progressReports.submittedAt),
        publishedAt: cnTime(progressReports.publishedAt),
        key: timeKeyOf(progressReports.publishedAt),
      })
      .from(progressReports)
      .innerJoin(pilotProjects, eq(pilotProjects.id, progressReports.projectId))
      .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .leftJoin(milestones, eq(milestones.id, progressReports.milestoneId))
      .where(and(eq(progressReports.disclosure, 'published'), afterTime(progressReports.publishedAt, progressReports.id, a.after), since(sql`${progressReports.publishedAt}`, a.since)))
      .orderBy(asc(progressReports.publishedAt), asc(progressReports.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, ...r }) => ({ ...r, changedAt: r.publishedAt }));
  },
  state: (db) =>
    stateOf(
      db,
      sql`SELECT count(*) FILTER (WHERE disclosure = 'published') AS n, greatest(max(published_at) FILTER (WHERE disclosure = 'published'), max(withdrawn_at)) AS m FROM progress_reports WHERE disclosure <> 'internal'`,
    ),
};

// ── briefings ───────────────────────────────────────────────────────────────────────────────────
const briefingsFeed: Feed = {
  def: openDataFeed('briefings'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const changed = sql`greatest(${briefings.publishedAt}, ${briefings.updatedAt})`;
    const rows = await db
      .select({
        id: briefings.id,
        programmeId: briefings.programmeId,
        programmeName: programmes.name,
        associationName: assoc.name,
        issueNo: briefings.issueNo,
        title: briefings.title,
        issuedOn: briefings.issuedOn,
        body: briefings.body,
        publishedAt: cnTime(briefings.publishedAt),
        changedAt: cnTime(changed),
        key: timeKeyOf(briefings.publishedAt),
      })
      .from(briefings)
      .innerJoin(programmes, eq(programmes.id, briefings.programmeId))
      .innerJoin(assoc, eq(assoc.id, briefings.associationId))
      .where(and(eq(briefings.disclosure, 'published'), afterTime(briefings.publishedAt, briefings.id, a.after), since(changed, a.since)))
      .orderBy(asc(briefings.publishedAt), asc(briefings.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, ...r }) => r);
  },
  state: (db) =>
    stateOf(
      db,
      sql`SELECT count(*) FILTER (WHERE disclosure = 'published') AS n,
            greatest(max(greatest(published_at, updated_at)) FILTER (WHERE disclosure = 'published'), max(withdrawn_at)) AS m
          FROM briefings WHERE disclosure <> 'internal'`,
    ),
};

// ── evaluation results (GET /api/v1/public/evaluation-results: the same rows and fields) ───────
const evaluationsFeed: Feed = {
  def: openDataFeed('evaluation-results'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const rows = await db
      .select({
        id: performanceEvaluations.id,
        programmeName: programmes.name,
        evaluatorName: evaluator.name,
        projectTitle: pilotProjects.title,
        societyName: society.name,
        score: performanceEvaluations.score,
        grade: performanceEvaluations.grade,
        kpis: performanceEvaluations.kpis,
        findings: performanceEvaluations.findings,
        recommendations: performanceEvaluations.recommendations,
        publishedAt: cnTime(performanceEvaluations.publishedAt),
        key: timeKeyOf(performanceEvaluations.publishedAt),
      })
      .from(performanceEvaluations)
      .innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId))
      .innerJoin(programmes, eq(programmes.id, evaluationCommissions.programmeId))
      .innerJoin(evaluator, eq(evaluator.id, evaluationCommissions.evaluatorOrgId))
      .leftJoin(pilotProjects, eq(pilotProjects.id, performanceEvaluations.projectId))
      .leftJoin(society, eq(society.id, pilotProjects.societyId))
      .where(
        and(
          sql`${performanceEvaluations.publishedAt} IS NOT NULL`,
          eq(performanceEvaluations.status, 'accepted'),
          afterTime(performanceEvaluations.publishedAt, performanceEvaluations.id, a.after),
          since(sql`${performanceEvaluations.publishedAt}`, a.since),
        ),
      )
      .orderBy(asc(performanceEvaluations.publishedAt), asc(performanceEvaluations.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, kpis, ...r }) => ({
      ...r,
      // the evidence stays inside the platform, as on the portal
      kpis: (kpis ?? []).map((k) => ({ name: k.name, target: k.target, unit: k.unit, actual: k.actual, score: k.score })),
      changedAt: r.publishedAt,
    }));
  },
  // An unpublished result keeps no time of its own: the audit log's last entry on evaluation
  // reports stands for it (the index on entity_type; a few rows per report).
  state: (db) =>
    stateOf(
      db,
      sql`SELECT count(*) FILTER (WHERE published_at IS NOT NULL AND status = 'accepted') AS n,
            greatest(max(published_at), (SELECT max(at) FROM audit_log WHERE entity_type = 'performance_evaluation')) AS m
          FROM performance_evaluations WHERE status = 'accepted'`,
    ),
};

// ── typical cases ───────────────────────────────────────────────────────────────────────────────
const casesFeed: Feed = {
  def: openDataFeed('typical-cases'),
  keyShape: timeIdKey,
  async rows(db, a) {
    const changed = sql`greatest(${typicalCases.publishedAt}, ${typicalCases.updatedAt})`;
    const rows = await db
      .select({
        id: typicalCases.id,
        programmeId: typicalCases.programmeId,
        programmeName: programmes.name,
        associationName: assoc.name,
        projectId: typicalCases.projectId,
        projectTitle: pilotProjects.title,
        societyName: society.name,
        departmentName: dept.name,
        title: typicalCases.title,
        summary: typicalCases.summary,
        body: typicalCases.body,
        experience: typicalCases.experience,
        tags: typicalCases.tags,
        publishedAt: cnTime(typicalCases.publishedAt),
        changedAt: cnTime(changed),
        key: timeKeyOf(typicalCases.publishedAt),
      })
      .from(typicalCases)
      .innerJoin(programmes, eq(programmes.id, typicalCases.programmeId))
      .innerJoin(assoc, eq(assoc.id, typicalCases.associationId))
      .innerJoin(pilotProjects, eq(pilotProjects.id, typicalCases.projectId))
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .where(and(eq(typicalCases.status, 'published'), afterTime(typicalCases.publishedAt, typicalCases.id, a.after), since(changed, a.since)))
      .orderBy(asc(typicalCases.publishedAt), asc(typicalCases.id))
      .limit(a.limit);
    return keyed(rows, ({ key: _k, tags, ...r }) => ({ ...r, tags: tags ?? [] }));
  },
  state: (db) =>
    stateOf(
      db,
      sql`SELECT count(*) FILTER (WHERE status = 'published') AS n,
            greatest(max(greatest(published_at, updated_at)) FILTER (WHERE status = 'published'), max(withdrawn_at)) AS m
          FROM typical_cases WHERE status <> 'draft'`,
    ),
};

// ── published indicators: one record per figure of a live publication ─────────────────────────
const definitions = new Map(indicatorDefinitions.map((d) => [d.key as string, d]));
const partOf = new Map(indicatorDefinitions.flatMap((d) => d.parts.map((p) => [p.count as string, { d, p }] as const)));
/** The name and unit of a published figure's key (an indicator, its response rate, or one of its parts). */
export function indicatorMeta(key: string): { label: string; unit: string } {
  const d = definitions.get(key);
  if (d) return { label: d.label, unit: d.unit };
  if (key.endsWith('.responseRate')) {
    const r = definitions.get(key.slice(0, -'.responseRate'.length));
    if (r) return { label: `${r.label}（回收率）`, unit: '%' };
  }
  const part = partOf.get(key);
  if (part) return { label: `${part.d.label}：${part.p.label}`, unit: part.d.unit === '%' ? '份' : part.d.unit };
  return { label: key, unit: '' };
}

const indicatorsFeed: Feed = {
  def: openDataFeed('indicators'),
  keyShape: z.tuple([ZTimeKey, z.uuid(), z.string().min(1).max(100).regex(/^[A-Za-z0-9._#-]+$/)]) as unknown as z.ZodType<FeedKey>,
  async rows(db, a) {
    const after = a.after
      ? sql`AND (p.published_at, p.id, f.key COLLATE "C") > (${`${a.after[0]}Z`}::timestamptz, ${a.after[1]}::uuid, ${a.after[2]} COLLATE "C")`
      : sql``;
    const sinceSql = a.since ? sql`AND p.published_at > ${a.since.toISOString()}::timestamptz` : sql``;
    const res = (await db.execute(sql`
      SELECT p.id, p.association_id AS "associationId", o.name AS "associationName", p.year, f.key AS indicator, f.value::text AS value,
        ${cnTime(sql`p.published_at`)} AS "publishedAt", ${timeKeyOf(sql`p.published_at`)} AS key
      FROM indicator_publications p
      JOIN organisations o ON o.id = p.association_id
      CROSS JOIN LATERAL jsonb_each(p.figures) AS f(key, value)
      WHERE p.withdrawn_at IS NULL ${after} ${sinceSql}
      ORDER BY p.published_at, p.id, f.key COLLATE "C"
      LIMIT ${a.limit}`)) as unknown as {
      rows: { id: string; associationId: string; associationName: string; year: number; indicator: string; value: string | null; publishedAt: string; key: string }[];
    };
    const rows = res.rows;
    return {
      keyAt: (i) => [rows[i].key, rows[i].id, rows[i].indicator],
      ...lazy(rows, (r) => {
        const meta = indicatorMeta(r.indicator);
        const n = r.value === null || r.value === 'null' ? null : Number(r.value);
        return {
          publicationId: r.id,
          associationId: r.associationId,
          associationName: r.associationName,
          year: Number(r.year),
          indicator: r.indicator,
          indicatorLabel: meta.label,
          unit: meta.unit,
          value: n !== null && Number.isFinite(n) ? n : null,
          publishedAt: r.publishedAt,
          changedAt: r.publishedAt,
        };
      }),
    };
  },
  state: (db) => stateOf(db, sql`SELECT count(*) FILTER (WHERE withdrawn_at IS NULL) AS n, greatest(max(published_at), max(withdrawn_at)) AS m FROM indicator_publications`),
};

export const feeds: Record<OpenDataFeedName, Feed> = {
  programmes: programmesFeed,
  items: itemsFeed,
  'item-versions': itemVersionsFeed,
  'demand-entries': demandFeed,
  'selection-results': selectionFeed,
  'task-books': taskBooksFeed,
  progress: progressFeed,
  briefings: briefingsFeed,
  'evaluation-results': evaluationsFeed,
  'typical-cases': casesFeed,
  indicators: indicatorsFeed,
};
