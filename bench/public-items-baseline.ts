// Bare baseline for bench/public-items.ts: a minimal Fastify app + `pg` Pool (same pool settings as
// the platform's src/server/db/client.ts: max 20, same timeouts) answering
// GET /api/v1/public/items?categoryCode=…&limit=…[&cursor=…] with the SAME SQL the platform issues
// (captured from the PostgreSQL log by the benchmark and passed in BASELINE_SQL_FILE, including
// the prepared-statement names when the platform used named statements) and the same JSON.
// No hooks, no plugins, no logger, no ORM, no schema compiler. The label dictionaries come from
// src/domain (plain data), so that a label change cannot make the two answers differ.
//   DATABASE_URL=… PORT=… BASELINE_SQL_FILE=… node --import tsx bench/public-items-baseline.ts
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { commissioningModeLabels, type Category } from '../src/domain/programme/programme.types.js';
import { transferItemLifecycle } from '../src/domain/transfer/transfer-item.lifecycle.js';
import { flattenCategories } from '../src/domain/transfer/transfer.types.js';

/** How to fill parameter i: a role taken from the request, or the constant the platform sent. */
export type ParamSlot = { role: 'category' | 'limit' | 'afterAt' | 'afterId' } | { role: 'const'; value: string | null };
export interface CapturedStatement {
  name: string;
  sql: string;
  slots: ParamSlot[];
}
export interface ItemsSql {
  source: string;
  first: CapturedStatement;
  next: CapturedStatement;
  count: CapturedStatement;
}

const captured = JSON.parse(fs.readFileSync(process.env.BASELINE_SQL_FILE!, 'utf8')) as ItemsSql;

pg.types.setTypeParser(20, (v) => Number(v)); // as the platform does
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
pool.on('error', () => undefined);

type Args = { category: string; limit: number; afterAt?: string; afterId?: string };
function run(st: CapturedStatement, a: Args) {
  const values = st.slots.map((s) => (s.role === 'const' ? s.value : s.role === 'limit' ? String(a.limit) : (a[s.role] ?? null)));
  return pool.query({ ...(st.name ? { name: st.name } : {}), text: st.sql, values, rowMode: 'array' });
}

const labelsByProgramme = new Map<string, Map<string, string>>();
function categoryLabel(programmeId: string, categories: unknown, code: string): string {
  let m = labelsByProgramme.get(programmeId);
  if (!m) labelsByProgramme.set(programmeId, (m = flattenCategories((categories ?? []) as Category[])));
  return m.get(code) ?? code;
}
const statusLabels = transferItemLifecycle.states as Record<string, string>;
const modeLabels = commissioningModeLabels as Record<string, string>;

const app = Fastify({ logger: false });

// Column order of the captured select (checked by the benchmark before it starts us):
// 0 id, 1 title, 2 category_code, 3 left(description, 200), 4 commissioning_mode, 5 budget_fen, 6 status,
// 7 revision, 8 published_at, 9 withdrawn_at, 10 programme_id, 11 programmes.name, 12 programmes.categories,
// 13 dept.name
app.get('/api/v1/public/items', async (req, reply) => {
  const q = req.query as Record<string, string | undefined>;
  const limit = q.limit === undefined ? 20 : Number(q.limit);
  const category = q.categoryCode;
  const bad = (m: string) => reply.status(400).send({ error: m });
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return bad('limit 1–100');
  if (!category || category.length > 40 || !/^[a-z0-9_]+$/.test(category)) return bad('the baseline serves the category filter only');
  if (Object.keys(q).some((k) => !['limit', 'categoryCode', 'cursor'].includes(k))) return bad('unsupported parameter');
  let after: [string, string] | null = null;
  if (q.cursor) {
    try {
      const v = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as unknown;
      if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') after = [v[0], v[1]];
    } catch {
      /* below */
    }
    if (!after) return bad('bad cursor');
  }
  let rows: unknown[][];
  let total: number | null = null;
  if (after) {
    rows = (await run(captured.next, { category, limit: limit + 1, afterAt: after[0], afterId: after[1] })).rows;
  } else {
    rows = (await run(captured.first, { category, limit: limit + 1 })).rows;
    total = Number((await run(captured.count, { category, limit })).rows[0][0]);
  }
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const items = kept.map((r) => ({
    id: r[0],
    title: r[1],
    categoryCode: r[2],
    categoryLabel: categoryLabel(r[10] as string, r[12], r[2] as string),
    summary: r[3],
    commissioningModeLabel: modeLabels[r[4] as string] ?? r[4],
    budgetFen: r[5],
    status: r[6],
    statusLabel: statusLabels[r[6] as string] ?? r[6],
    revision: r[7],
    publishedAt: r[8] ? (r[8] as Date).toISOString() : null,
    withdrawnAt: r[9] ? (r[9] as Date).toISOString() : null,
    programmeId: r[10],
    programmeName: r[11],
    departmentName: r[13],
  }));
  const last = kept[kept.length - 1];
  const nextCursor = hasMore && last ? Buffer.from(JSON.stringify([(last[8] as Date).toISOString(), last[0]])).toString('base64url') : null;
  return { items, nextCursor, total };
});
app.get('/api/v1/health', async () => ({ status: 'ok' }));

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log(`baseline listening on ${process.env.PORT}`);
