// Diagnostics of association-items.ts / public-items.ts (issue 12 §1): where the platform's CPU per
// request goes, measured in one process with no socket and no concurrency — CPU time
// (process.cpuUsage, user + system) per call over N sequential calls, so the figures hold on a
// loaded machine better than wall-clock ones; every probe runs in 3 interleaved rounds (order
// reversed every other round) and the median is kept, so a change in the machine's load does not
// fall on one probe. Spawned by the benches with the bench database's env:
//   DATABASE_URL=… DATA_DIR=… BENCH_COSTS='{"mixes":{"name":["/api/v1/…"]},"cookie":"cj_sid=…"}' node --import tsx bench/items-route-costs.ts
// Prints one JSON line: µs of CPU per call of
//   - app.inject() of each mix (the whole request through buildApp, hooks, route, serializer);
//   - resolveSession() (what the session hook runs per request) and the ideal's one statement;
//   - programmesOf() for one page's programmes, and categoryLabel() on that answer's category trees
//     (fresh objects each request, as the route gets them);
//   - the response serializer (zod encode + JSON.stringify) against JSON.stringify alone;
//   - drizzle building the list's SQL (toSQL(), no execution) for a select of the list's shape, and
//     that select run through drizzle against the ideal's statement run through pg (same page);
//   - app.inject() of /api/v1/health: the floor (hooks and inject, no route work);
//   - `select 1` through pg: what one round trip costs the client here.
import pg from 'pg';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { loadConfig } from '../src/server/config.js';
import { openPlatform } from '../src/server/platform/bootstrap.js';
import { buildApp } from '../src/server/app.js';
import { resolveSession } from '../src/server/platform/auth/session.js';
import { sm3Hex } from '../src/server/platform/crypto/sm3.js';
import { programmesOf } from '../src/server/modules/transfer/transfer.repo.js';
import { categoryLabel } from '../src/server/modules/transfer/transfer-views.js';
import { organisations, transferItems } from '../src/server/db/schema.js';
import { beforeTimeKey, timeKeyOf } from '../src/server/http/paging.js';
import { ZTransferItemPage } from '../src/contract/transfer.js';
import { ZPublicItemPage } from '../src/contract/public.js';
import { ITEMS_SQL, SESSION_SQL } from './ideal-items-sql.js';

const input = JSON.parse(process.env.BENCH_COSTS ?? '{}') as { mixes: Record<string, string[]>; cookie?: string };
const N = Number(process.env.BENCH_COSTS_N ?? 400);
const ROUNDS = 3;
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const probes: { name: string; fn: () => unknown; n: number }[] = [];
const probe = (name: string, fn: () => unknown, n = N) => probes.push({ name, fn, n });

const config = loadConfig();
const platform = await openPlatform(config);
const app = await buildApp({ database: platform.database, config, cipher: platform.cipher, files: platform.files, auditKey: platform.auditKey });
await app.ready();
const db = platform.database.db;
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
const headers = input.cookie ? { cookie: input.cookie } : {};

// the whole request, in process
for (const [name, paths] of Object.entries(input.mixes)) {
  let i = 0;
  probe(`inject ${name}`, async () => {
    const r = await app.inject({ method: 'GET', url: paths[i++ % paths.length], headers });
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body.slice(0, 200)}`);
  });
}
// the floor: a route that does nothing, through the same hooks and inject
probe('inject /health', () => app.inject({ method: 'GET', url: '/api/v1/health', headers }));
if (input.cookie) probe('inject /health, no cookie', () => app.inject({ method: 'GET', url: '/api/v1/health' }));
probe('pg select 1', () => pool.query('select 1'));

// the session
if (input.cookie) {
  const token = input.cookie.replace(/^cj_sid=/, '');
  probe('resolveSession', () => resolveSession(db, token));
  probe('ideal session statement', () => pool.query({ name: 'costs_session', text: SESSION_SQL, values: [sm3Hex(token)] }));
}

// one page's programmes and its category labels
const firstMix = Object.values(input.mixes)[0];
const samplePath = firstMix[1] ?? firstMix[0];
const page = JSON.parse((await app.inject({ method: 'GET', url: samplePath, headers })).body) as { items: { programmeId: string; categoryCode: string }[] };
const ids = page.items.map((x) => x.programmeId);
probe('programmesOf', () => programmesOf(db, ids));
const progs = await programmesOf(db, ids);
const trees = [...progs.values()].map((p) => JSON.stringify(p.categories));
probe('categoryLabel ×20, fresh trees', () => {
  const fresh = new Map([...progs.keys()].map((k, j) => [k, JSON.parse(trees[j]) as unknown]));
  for (const it of page.items) categoryLabel(fresh.get(it.programmeId), it.categoryCode);
});

// the serializer
const isPublic = firstMix[0].startsWith('/api/v1/public/');
const answer = JSON.parse((await app.inject({ method: 'GET', url: samplePath, headers })).body) as unknown;
const ser = (serializerCompiler as unknown as (o: { schema: unknown; method: string; url: string; httpStatus: string }) => (d: unknown) => string)({
  schema: isPublic ? ZPublicItemPage : ZTransferItemPage,
  method: 'GET',
  url: '/costs',
  httpStatus: '200',
});
probe('zod serializer (one page)', () => ser(answer), 3 * N);
probe('JSON.stringify (one page)', () => JSON.stringify(answer), 3 * N);

// drizzle: the association list's shape built (toSQL) and run, against the ideal's statement through
// pg (same page; both unnamed, planned per run; the ideal's also counts declarations and joins the programme)
const rootPath = (await pool.query<{ path: string }>(`select path from organisations where type = 'association' and parent_id is null order by created_at limit 1`)).rows[0].path;
const dept = alias(organisations, 'dept');
const listQuery = () =>
  db
    .select({
      id: transferItems.id,
      programmeId: transferItems.programmeId,
      departmentId: transferItems.departmentId,
      title: transferItems.title,
      categoryCode: transferItems.categoryCode,
      commissioningMode: transferItems.commissioningMode,
      budgetFen: transferItems.budgetFen,
      status: transferItems.status,
      revision: transferItems.revision,
      declarationDeadline: transferItems.declarationDeadline,
      publishedAt: transferItems.publishedAt,
      createdAt: transferItems.createdAt,
      key: timeKeyOf(transferItems.createdAt),
      departmentName: dept.name,
    })
    .from(transferItems)
    .innerJoin(dept, eq(dept.id, transferItems.departmentId))
    .where(and(sql`${transferItems.associationPath} LIKE ${rootPath + '%'}`, sql`${transferItems.status} <> 'draft'`, beforeTimeKey(transferItems.createdAt, transferItems.id, null)))
    .orderBy(desc(transferItems.createdAt), desc(transferItems.id))
    .limit(21);
probe('drizzle list query, built only (toSQL)', () => listQuery().toSQL(), 3 * N);
probe('drizzle list query, built and run', () => listQuery());
probe('pg ideal list statement', () => pool.query(ITEMS_SQL(false), [rootPath + '%', 21]));

const results = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const p of r % 2 ? [...probes].reverse() : probes) {
    for (let i = 0; i < Math.min(100, p.n); i++) await p.fn();
    const t0 = cpuUs();
    for (let i = 0; i < p.n; i++) await p.fn();
    results.set(p.name, [...(results.get(p.name) ?? []), (cpuUs() - t0) / p.n]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const out: Record<string, number> = {};
for (const [k, xs] of results) out[k] = Math.round(10 * median(xs)) / 10;
console.log(JSON.stringify({ n: N, rounds: ROUNDS, usPerCall: out }));
await app.close();
await pool.end();
await platform.database.close();
process.exit(0);
