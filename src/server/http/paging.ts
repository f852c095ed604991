// Key-based paging (§4): the cursor carries the last row's sort key and id, never an offset.
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { findUnsafeChar } from './safe-text.js';

export const ZPageQuery = {
  cursor: z.string().max(400).optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，1–100'),
};

export type CursorKey = [string | number, string];

// A cursor comes back from the client, so it is input like any other (issue 10 §3): each list
// states the shape of its key and a cursor of another shape is a 400 on querystring.cursor, never a
// value that reaches SQL (a non-UUID id or a non-date key made PostgreSQL answer 500).
const ZCursorId = z.uuid();
/** `to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, compared as text. */
const ZTextTimeKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}$/);
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
  total: number;
}

/** Given limit+1 rows, cut to limit and compute the next cursor from the last row kept. */
export function toPage<T>(rows: T[], limit: number, total: number, keyOf: (row: T) => CursorKey): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, total, nextCursor: hasMore ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
