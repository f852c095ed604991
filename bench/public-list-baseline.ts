// Bare baseline for bench/public-list.ts: a minimal Fastify app + `pg` Pool (same pool settings as
// the platform's src/server/db/client.ts: max 20) answering GET /api/v1/public/programmes with the
// SAME SQL the platform issues (captured from the PostgreSQL log by the benchmark and passed in
// BASELINE_SQL_FILE) and the same JSON shape. No hooks, no plugins, no logger, no ORM.
//   DATABASE_URL=… PORT=… BASELINE_SQL_FILE=… node --import tsx bench/public-list-baseline.ts
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

interface Captured {
  list: { sql: string; params: (string | null)[] };
  count: { sql: string; params: (string | null)[] };
}
const captured = JSON.parse(fs.readFileSync(process.env.BASELINE_SQL_FILE!, 'utf8')) as Captured;

pg.types.setTypeParser(20, (v) => Number(v)); // as the platform does
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
pool.on('error', () => undefined);

const kindLabels: Record<string, string> = { transferPilot: '承接政府转移职能试点', capacityPlan: '学会服务能力提升计划' };
const app = Fastify({ logger: false });

// Column order of the captured select (checked by the benchmark before it starts us):
// id, name, kind, year, status, description, stages, published_at, organisations.name
app.get('/api/v1/public/programmes', async (req, reply) => {
  const q = req.query as { limit?: string; cursor?: string };
  const limit = q.limit === undefined ? 20 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || q.cursor !== undefined) {
    return reply.status(400).send({ error: 'baseline supports the first page only, limit 1–100' });
  }
  const listParams = [...captured.list.params];
  listParams[listParams.length - 1] = String(limit + 1); // the last parameter is the LIMIT (limit + 1)
  const { rows } = await pool.query({ text: captured.list.sql, values: listParams, rowMode: 'array' });
  const { rows: countRows } = await pool.query({ text: captured.count.sql, values: captured.count.params, rowMode: 'array' });
  const total = Number(countRows[0][0]);
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const items = kept.map((r: unknown[]) => {
    const publishedAt = r[7] as Date | null;
    return {
      id: r[0],
      name: r[1],
      kind: r[2],
      year: r[3],
      status: r[4],
      description: r[5],
      stages: r[6],
      publishedAt: publishedAt ? publishedAt.toISOString() : null,
      associationName: r[8],
      kindLabel: kindLabels[r[2] as string] ?? r[2],
      statusLabel: r[4] === 'closed' ? '已结束' : '进行中',
    };
  });
  const last = kept[kept.length - 1] as unknown[] | undefined;
  const nextCursor = hasMore && last ? Buffer.from(JSON.stringify([(last[7] as Date).toISOString(), last[0]])).toString('base64url') : null;
  return { items, total, nextCursor };
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
