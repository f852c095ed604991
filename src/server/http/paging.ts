// Key-based paging (§4): the cursor carries the last row's sort key and id, never an offset.
import { z } from 'zod';
import { AppError } from '../platform/errors.js';

export const ZPageQuery = {
  cursor: z.string().max(400).optional().describe('上一页返回的 nextCursor'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，1–100'),
};

export type CursorKey = [string | number, string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && ['string', 'number'].includes(typeof v[0]) && typeof v[1] === 'string') {
      return v as CursorKey;
    }
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', '分页游标无效', { errors: [{ path: 'query.cursor', message: '分页游标无效' }] });
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
