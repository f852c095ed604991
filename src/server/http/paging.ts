// Key-based paging (§4): the cursor carries the last row's sort key and id, never an offset.
import { z } from 'zod';
import { sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { AppError } from '../platform/errors.js';
import { findUnsafeChar } from './safe-text.js';

export const ZPageQuery = {
  cursor: z.string().max(400).optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，1–100'),
  count: z.enum(['exact', 'estimate']).optional().describe('需要总数时：exact 精确计数，estimate 估计（大数据量时用，界面标“约”）；不传则不计数'),
};
export type CountMode = 'exact' | 'estimate' | undefined;

export type CursorKey = [string | number, string];

// A cursor comes back from the client, so it is input like any other (issue 10 §3): each list
// states the shape of its key and a cursor of another shape is a 400 on querystring.cursor, never a
// value that reaches SQL (a non-UUID id or a non-date key made PostgreSQL answer 500).
const ZCursorId = z.uuid();
/** `to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, compared as text. */
const ZTextTimeKey = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}$/)
  // a day that exists (no 30 February: PostgreSQL would refuse it with a 500), years 1–9999
  .refine((s) => {
    const t = new Date(`${s.slice(0, 23)}Z`);
    return !Number.isNaN(t.getTime()) && t.getUTCFullYear() >= 1 && t.toISOString().slice(0, 10) === s.slice(0, 10);
  });
/** `Date.toISOString()` of a timestamp, cast to timestamptz: a real instant from year 1 to 9999. */
const ZInstantKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine((s) => {
    const t = new Date(s);
    return !Number.isNaN(t.getTime()) && t.getUTCFullYear() >= 1 && t.toISOString() === s;
  });
/** A name or user name, compared as text; NUL and lone surrogates never reach the database. */
const ZNameKey = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => findUnsafeChar(s) === null);

/** The key shapes of the lists (sort key, then id). */
export const cursorKeys = {
  textTime: z.tuple([ZTextTimeKey, ZCursorId]),
  instant: z.tuple([ZInstantKey, ZCursorId]),
  name: z.tuple([ZNameKey, ZCursorId]),
  /** a roll-up's drill-down pages by (association, member) — STA-1 */
  idPair: z.tuple([ZCursorId, ZCursorId]),
  /** the audit log pages by its sequence number alone */
  seq: z.tuple([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.literal('seq')]),
} as const;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key of a cursor in the list's shape, null without a cursor; any other cursor is a 400. */
export function decodeCursor<K extends CursorKey>(cursor: string | undefined, shape: z.ZodType<K>): K | null {
  if (!cursor) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = shape.safeParse(decoded);
  if (parsed.success) return parsed.data;
  throw new AppError('VALIDATION_FAILED', 'querystring.cursor：分页游标无效', { errors: [{ path: 'querystring.cursor', message: '分页游标无效' }] });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
  totalEstimated?: boolean;
}

export interface Total {
  total?: number;
  totalEstimated?: boolean;
}

/** Given limit+1 rows, cut to limit and compute the next cursor from the last row kept. */
export function toPage<T>(rows: T[], limit: number, total: Total | number | undefined, keyOf: (row: T) => CursorKey): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const t = typeof total === 'number' ? { total } : (total ?? {});
  return { items, ...t, nextCursor: hasMore ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

// ── Key-based paging on an indexed timestamp column (issue 12 §1) ───────────────────────────────
// The cursor keeps the instant to the microsecond as text (a JS Date would lose the last three
// digits); the comparison is on the column itself, `(created_at, id) < ($1::timestamptz, $2)`, so an
// index on (…, created_at, id) serves the order and the seek — never an expression like to_char().

/** The sort key of a row as cursor text (selected, never compared). */
export const timeKeyOf = (col: AnyColumn | SQL): SQL<string> => sql<string>`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** Rows after the cursor in `ORDER BY col DESC, id DESC`; no condition on the first page (`and()` drops it). */
export const beforeTimeKey = (col: AnyColumn | SQL, idCol: AnyColumn, after: [string, string] | null): SQL | undefined =>
  after ? sql`(${col}, ${idCol}) < (${after[0] + 'Z'}::timestamptz, ${after[1]}::uuid)` : undefined;

/** Rows after the cursor in `ORDER BY col ASC, id ASC`; no condition on the first page. */
export const afterTimeKey = (col: AnyColumn | SQL, idCol: AnyColumn, after: [string, string] | null): SQL | undefined =>
  after ? sql`(${col}, ${idCol}) > (${after[0] + 'Z'}::timestamptz, ${after[1]}::uuid)` : undefined;

/** Above this estimate an `estimate` count stays an estimate; at or below it, it is counted. */
export const EXACT_COUNT_BELOW = 1_000;

/**
 * The total of a list, only when asked: `exact` counts; `estimate` asks the planner (EXPLAIN, no
 * scan) and counts exactly only when the estimate is small enough for that to be cheap.
 * `countQuery` is the list's `SELECT … FROM … WHERE` without order or limit.
 */
export async function totalOf(db: DbOrTx, mode: CountMode, countQuery: SQLWrapper): Promise<Total> {
  if (!mode) return {};
  if (mode === 'estimate') {
    const res = (await db.execute(sql`EXPLAIN (FORMAT JSON) ${countQuery}`)) as unknown as { rows: Record<string, unknown>[] };
    const raw = Object.values(res.rows[0] ?? {})[0];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
    const estimate = Math.round(plan[0]?.Plan?.['Plan Rows'] ?? 0);
    if (estimate > EXACT_COUNT_BELOW) return { total: estimate, totalEstimated: true };
  }
  const res = (await db.execute(sql`SELECT count(*)::int AS n FROM (${countQuery}) AS counted`)) as unknown as { rows: { n: number }[] };
  return { total: Number(res.rows[0]?.n ?? 0) };
}
