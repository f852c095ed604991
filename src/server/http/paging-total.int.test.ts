// `count=estimate` (paging.ts totalOf) on both drivers: the planner's estimate above EXACT_COUNT_BELOW,
// an exact count at or below it. generate_series with constant bounds is estimated exactly by the
// planner, so the threshold itself is what these cases test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../testing/harness.js';
import { EXACT_COUNT_BELOW, totalOf } from './paging.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const rowsOf = (n: number) => sql`SELECT 1 FROM generate_series(1, ${sql.raw(String(n))}) AS g`;

describe('totalOf', () => {
  it('counts exactly up to 1,000 estimated rows and answers the estimate above', async () => {
    const db = ctx.database.db;
    expect(EXACT_COUNT_BELOW).toBe(1_000);
    expect(await totalOf(db, 'estimate', rowsOf(EXACT_COUNT_BELOW))).toEqual({ total: EXACT_COUNT_BELOW });
    expect(await totalOf(db, 'estimate', rowsOf(EXACT_COUNT_BELOW + 1))).toEqual({ total: EXACT_COUNT_BELOW + 1, totalEstimated: true });
    expect(await totalOf(db, 'estimate', rowsOf(5_000))).toEqual({ total: 5_000, totalEstimated: true });
    expect(await totalOf(db, 'exact', rowsOf(5_000))).toEqual({ total: 5_000 });
    expect(await totalOf(db, undefined, rowsOf(5_000))).toEqual({});
  });
});
