// Issue 13 demo data: the full demo (`npm start`) seeds 济南's capacity plan through the use cases;
// this seeds a fresh database the same way (both drivers) and checks what the README promises —
// the stages reached and who acts next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';
import { createFieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { TEST_KEY, createScratchDatabase } from '../../server/testing/harness.js';
import { seedDemo } from './demo.js';

let database: Database;
let close: () => Promise<void> = async () => {};
const rows = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const scratch = await createScratchDatabase(url, 'cj_demo');
    database = await openDatabase({ url: scratch.url, poolSize: 5 });
    close = async () => {
      await database.close();
      await scratch.drop();
    };
  } else {
    const pgl = await PGlite.create();
    database = await openDatabase({ pglite: pgl });
    close = async () => database.close();
  }
  await migrate(database.db);
  await seedDemo({ db: database.db, cipher: createFieldCipher(TEST_KEY), capacityFlow: true });
}, 300_000);
afterAll(async () => close());

describe('the demo of 济南’s capacity plan (issue 13)', () => {
  it('publishes the programme with its own fund, the year’s budget entered in the ledger', async () => {
    const [p] = await rows<{ status: string; fund: string }>(sql`SELECT status, parameters->'funds'->0->>'name' AS fund FROM programmes WHERE name LIKE '%济南市科协学会服务能力提升计划'`);
    expect(p).toEqual({ status: 'published', fund: '济南市科协学会服务能力提升计划专项资金' });
    const [a] = await rows<{ budgeted: number }>(sql`SELECT budgeted_fen::int AS budgeted FROM fund_accounts`);
    expect(a.budgeted).toBe(60_000_000);
  });

  it('has this year’s call decided and next year’s open at every early stage', async () => {
    const calls = await rows<{ year: number; status: string }>(sql`SELECT year, status FROM capacity_calls ORDER BY year`);
    expect(calls.map((c) => c.status)).toEqual(['closed', 'published']);
    const states = await rows<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM capacity_applications GROUP BY status ORDER BY status`);
    expect(Object.fromEntries(states.map((s) => [s.status, s.n]))).toEqual({ draft: 1, expertReview: 1, notSelected: 1, passed: 1, returned: 1, selected: 2, submitted: 1 });
    const [sheets] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM capacity_expert_assignments WHERE status = 'submitted'`);
    expect(sheets.n).toBe(17); // 3 × 5 on this year's call, 2 on next year's
  });

  it('leaves each next step with the user the README names', async () => {
    const open = await rows<{ kind: string; who: string }>(sql`
      SELECT t.kind, coalesce(u.username, o.name) AS who FROM todos t
      LEFT JOIN users u ON u.id = t.assignee_user_id LEFT JOIN organisations o ON o.id = t.assignee_org_id
      WHERE t.status = 'open' AND t.kind LIKE 'capacity%' ORDER BY 1, 2`);
    const by = (kind: string) => open.filter((t) => t.kind === kind).map((t) => t.who);
    expect(by('capacityApplication.review')).toEqual(['济南市科学技术协会']);
    expect(by('capacityApplication.revise')).toEqual(['济南市科技咨询协会']);
    expect(by('capacityReview.score')).toHaveLength(3);
    expect(by('capacityCall.apply').length).toBeGreaterThan(0); // next year's call, to the societies that have not applied
    expect(by('capacityObjection.handle')).toEqual(['济南市科学技术协会']);
    const [n] = await rows<{ status: string; objections: number }>(sql`SELECT n.status, (SELECT count(*)::int FROM capacity_objections o WHERE o.notice_id = n.id) AS objections FROM capacity_notices n`);
    expect(n).toEqual({ status: 'open', objections: 1 });
  });
});
