// Issue 13, figure — the fund ledger of a programme with 5,000 funded projects and 200,000 expenses:
// p99 under 100 ms (FND-5, FND-7; src/server/modules/funds/).
//
//   npx tsx bench/fund-ledger.ts
//   options: --projects N (default 5000)  --expenses N (default 200000)  --rounds N (default 10)
//            --per-round N (requests per route and round, default 60)  --no-bundle (run under tsx)
//   PostgreSQL: BENCH_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) — a throwaway
//   database cj_bench_<hex> is created there and dropped after.
//
// The platform as `npm start` runs it (the file bundles itself like the server, bundled.ts), in this
// process, listening on a loopback port; the requests go over HTTP with keep-alive, one at a time,
// signed in as jinan.admin (the association that keeps the ledger).
//
// Data: the demo (migrate + seed), then for 济南市科协's preset-003 programme and its fund
// capacity_special_fund: 1,000 societies under the association, one capacity application per funded
// project (N), and the ledger as the write path leaves it — the journal (1 budget, N awards, N
// disbursements, the expenses spread over the projects and over 300 days) with the running sums of
// fund_project_balances and fund_accounts computed from it — written in bulk by SQL, not through
// recordFundEntry (200,000 audited transactions would take the run's time without changing what is
// read). Before measuring, the run checks that the sums equal what the journal adds up to and that
// GET /funds calls the fund balanced.
//
// Measured, in interleaved rounds (the order of the routes reversed every other round, after a
// warm-up): GET /programmes/:id/funds (the balances, with the check over the projects' sums) and the
// first page of GET /programmes/:id/funds/:code/projects as the page asks it (20 rows, count=exact);
// also the first page of the journal (20 rows, count=estimate) and one Excel export of the whole
// ledger. Reported: p50 and p99 over all requests, and the p99 of each round (min–max). Exit code 1
// when the p99 of either of the two routes is 100 ms or more.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/server/db/client.js';
import { migrate } from '../src/server/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { seedDemo } from '../src/cli/demo/demo.js';
import { createFieldCipher } from '../src/server/platform/crypto/field-cipher.js';
import type { ProgrammeParameters } from '../src/domain/programme/programme.types.js';
import { loadAvg, machineInfo, median, nowMs, onCleanup, round, runMain } from './lib.js';
import { isBundledRun, resultFile, runSelfBundled, writeResultTo } from './bundled.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const N_PROJECTS = Number(argOf('projects', '5000'));
const N_EXPENSES = Number(argOf('expenses', '200000'));
const ROUNDS = Number(argOf('rounds', '10'));
const PER_ROUND = Number(argOf('per-round', '60'));
const WARMUP = 30;
const TARGET_P99_MS = 100;
const N_SOCIETIES = 1_000;
const FUND = 'capacity_special_fund';
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function scratchDatabase(): Promise<string> {
  const name = `cj_bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  onCleanup(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<boolean> {
  const machine = machineInfo();
  console.log(`fund ledger: ${N_PROJECTS} projects, ${N_EXPENSES} expenses; load average ${machine.loadAvgAtStart}`);
  const url = await scratchDatabase();
  const database = await openDatabase({ url, poolSize: 10 });
  onCleanup(() => database.close());
  const db = database.db;
  const cipher = createFieldCipher(crypto.randomBytes(32));
  let t = nowMs();
  await migrate(db);
  const { ids } = await seedDemo({ db, cipher });
  console.log(`migrate + demo seed: ${round((nowMs() - t) / 1000, 1)} s`);

  // ------------------------------------------------------------------ the data
  t = nowMs();
  const programmeId = ids.programmes.jinan;
  const q = async <T = Record<string, unknown>>(s: ReturnType<typeof sql>) => ((await db.execute(s)) as unknown as { rows: T[] }).rows;
  const [prog] = await q<{ parameters: ProgrammeParameters; path: string; association_id: string }>(
    sql`SELECT p.parameters, o.path, p.association_id FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${programmeId}`,
  );
  if (!prog.parameters.funds.some((f) => f.code === FUND)) throw new Error(`programme has no fund ${FUND}`);
  const types = prog.parameters.projectTypes.map((x) => x.code);
  const perCall = N_SOCIETIES * types.length;
  const calls = Math.ceil(N_PROJECTS / perCall);
  const userId = ids.users['jinan.admin'];
  await db.transaction(async (tx) => {
    const x = async (s: ReturnType<typeof sql>) => tx.execute(s);
    await x(sql`CREATE TEMP TABLE bench_soc ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, ${N_SOCIETIES}) g`);
    await x(sql`INSERT INTO organisations (id, parent_id, path, type, name, region)
      SELECT id, ${prog.association_id}::uuid, ${prog.path} || id || '/', 'society', '济南市测试学会' || n, '济南市' FROM bench_soc`);
    await x(sql`CREATE TEMP TABLE bench_call ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, ${calls}) g`);
    await x(sql`INSERT INTO capacity_calls (id, programme_id, association_id, association_path, year, title, description, budget_fen, fund_code, opens_on, closes_on, types, status)
      SELECT c.id, ${programmeId}::uuid, ${prog.association_id}::uuid, ${prog.path}, 2100 + c.n, (2100 + c.n) || '年度申报通知', '通知正文', 0, ${FUND}, '2100-04-01', '2100-04-30', '[]'::jsonb, 'closed' FROM bench_call c`);
    // application i: call ⌈i / perCall⌉, society i mod N_SOCIETIES, type by the thousands
    await x(sql`CREATE TEMP TABLE bench_app ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, g AS n, (SELECT id FROM bench_call WHERE n = 1 + (g - 1) / ${perCall}) AS call_id,
             (SELECT id FROM bench_soc WHERE n = 1 + (g - 1) % ${N_SOCIETIES}) AS society_id,
             (${sql.raw(`ARRAY[${types.map((c) => `'${c}'`).join(',')}]`)})[1 + ((g - 1) / ${N_SOCIETIES}) % ${types.length}] AS type_code,
             (100000 * (5 + floor(random() * 46)))::bigint AS award_fen
      FROM generate_series(1, ${N_PROJECTS}) g`);
    await x(sql`INSERT INTO capacity_applications (id, call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status)
      SELECT a.id, a.call_id, ${programmeId}::uuid, ${prog.association_id}::uuid, ${prog.path}, a.society_id, ${prog.path} || a.society_id || '/', a.type_code,
             '学会服务能力提升项目 ' || a.n, '目标', '[]'::jsonb, '[]'::jsonb, a.award_fen, 'passed' FROM bench_app a`);
    const start = '2026-01-05T02:00:00Z';
    await x(sql`INSERT INTO fund_entries (programme_id, fund_code, kind, amount_fen, note, recorded_by, recorded_at)
      SELECT ${programmeId}::uuid, ${FUND}, 'budget', ceil(sum(award_fen) * 1.2)::bigint, '年度专项资金预算', ${userId}::uuid, ${start}::timestamptz FROM bench_app`);
    await x(sql`INSERT INTO fund_entries (programme_id, fund_code, kind, amount_fen, project_kind, project_id, note, recorded_by, recorded_at)
      SELECT ${programmeId}::uuid, ${FUND}, k.kind, a.award_fen, 'capacityApplication', a.id, k.note, ${userId}::uuid, ${start}::timestamptz + k.d + a.n * interval '1 second'
      FROM bench_app a CROSS JOIN (VALUES ('award', '评审结果公示无异议', interval '30 days'), ('disburse', '拨付项目资金', interval '45 days')) AS k(kind, note, d)`);
    // the expenses: spread over the projects, each within a share of its award so that Σ ≤ award
    await x(sql`INSERT INTO fund_entries (programme_id, fund_code, kind, amount_fen, project_kind, project_id, note, recorded_by, recorded_at)
      SELECT ${programmeId}::uuid, ${FUND}, 'expense', greatest(1, floor(a.award_fen / ceil(${N_EXPENSES}::numeric / ${N_PROJECTS}) * (0.2 + 0.8 * random())))::bigint,
             'capacityApplication', a.id, '会议费', ${userId}::uuid, ${start}::timestamptz + interval '46 days' + random() * interval '300 days'
      FROM generate_series(1, ${N_EXPENSES}) g JOIN bench_app a ON a.n = 1 + (g - 1) % ${N_PROJECTS}`);
    await x(sql`INSERT INTO fund_project_balances (programme_id, fund_code, project_kind, project_id, society_id, award_fen, disbursed_fen, spent_fen)
      SELECT ${programmeId}::uuid, ${FUND}, 'capacityApplication', a.id, a.society_id, a.award_fen, a.award_fen,
             (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entries e WHERE e.project_kind = 'capacityApplication' AND e.project_id = a.id AND e.kind = 'expense')
      FROM bench_app a`);
    await x(sql`INSERT INTO fund_accounts (programme_id, fund_code, association_path, budgeted_fen, awarded_fen, committed_fen, disbursed_fen, spent_fen, refunded_fen, recovered_fen, entries, updated_at)
      SELECT ${programmeId}::uuid, ${FUND}, ${prog.path},
             (SELECT sum(amount_fen) FROM fund_entries WHERE programme_id = ${programmeId}::uuid AND kind = 'budget'),
             sum(award_fen), sum(greatest(award_fen - disbursed_fen, 0)), sum(disbursed_fen), sum(spent_fen), 0, 0,
             (SELECT count(*) FROM fund_entries WHERE programme_id = ${programmeId}::uuid), now()
      FROM fund_project_balances WHERE programme_id = ${programmeId}::uuid`);
  });
  await db.execute(sql`ANALYZE`);
  const generateS = round((nowMs() - t) / 1000, 1);
  console.log(`ledger written: ${generateS} s`);

  // the sums are what the journal adds up to
  const [check] = await q<Record<string, number>>(sql`
    SELECT (SELECT count(*) FROM fund_entries WHERE programme_id = ${programmeId}::uuid)::int AS entries,
           (SELECT count(*) FROM fund_entries WHERE programme_id = ${programmeId}::uuid AND kind = 'expense')::int AS expenses,
           (SELECT count(*) FROM fund_project_balances WHERE programme_id = ${programmeId}::uuid)::int AS projects,
           (SELECT count(*) FROM fund_project_balances b WHERE b.programme_id = ${programmeId}::uuid AND b.spent_fen > b.award_fen)::int AS overspent,
           (SELECT (sum(amount_fen) FILTER (WHERE kind = 'expense'))::bigint FROM fund_entries WHERE programme_id = ${programmeId}::uuid) AS journal_spent,
           (SELECT (sum(amount_fen) FILTER (WHERE kind = 'disburse'))::bigint FROM fund_entries WHERE programme_id = ${programmeId}::uuid) AS journal_disbursed,
           (SELECT spent_fen FROM fund_accounts WHERE programme_id = ${programmeId}::uuid) AS account_spent,
           (SELECT disbursed_fen FROM fund_accounts WHERE programme_id = ${programmeId}::uuid) AS account_disbursed`);
  if (check.projects !== N_PROJECTS || check.expenses !== N_EXPENSES || check.overspent !== 0 || Number(check.journal_spent) !== Number(check.account_spent) || Number(check.journal_disbursed) !== Number(check.account_disbursed)) {
    throw new Error(`the generated ledger does not add up: ${JSON.stringify(check)}`);
  }

  // ------------------------------------------------------------------ the platform
  const config = loadConfig({}, { logLevel: 'silent', dataDir: path.join(os.tmpdir(), `cj-bench-${process.pid}`), requireAdminTotp: false, databaseUrl: url });
  const app = await buildApp({ database, config, cipher });
  onCleanup(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  const csrf = await app.inject({ method: 'GET', url: '/api/v1/auth/csrf' });
  const csrfCookie = csrf.cookies.find((c) => c.name === 'cj_csrf')!.value;
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { cookie: `cj_csrf=${csrfCookie}`, 'x-csrf-token': csrfCookie, 'content-type': 'application/json' },
    payload: JSON.stringify({ username: 'jinan.admin', password: 'Chengjie@2026' }),
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const get = async (p: string) => {
    const res = await fetch(base + p, { headers: { cookie } });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    return body;
  };

  const routes = {
    funds: `/api/v1/programmes/${programmeId}/funds`,
    projects: `/api/v1/programmes/${programmeId}/funds/${FUND}/projects?limit=20&count=exact`,
    entries: `/api/v1/programmes/${programmeId}/funds/${FUND}/entries?limit=20&count=estimate`,
  } as const;
  type RouteName = keyof typeof routes;
  const ledger = JSON.parse(Buffer.from(await get(routes.funds)).toString('utf8')) as { items: { balanced: boolean; projects: number; entries: number; availableFen: number }[] };
  const fund = ledger.items[0];
  if (!fund.balanced || fund.projects !== N_PROJECTS || fund.entries !== check.entries) throw new Error(`GET /funds: ${JSON.stringify(fund)}`);
  const firstPage = JSON.parse(Buffer.from(await get(routes.projects)).toString('utf8')) as { items: unknown[]; total: number };
  if (firstPage.items.length !== 20 || firstPage.total !== N_PROJECTS) throw new Error(`projects page: ${firstPage.items.length} rows, total ${firstPage.total}`);

  for (const name of Object.keys(routes) as RouteName[]) for (let i = 0; i < WARMUP; i++) await get(routes[name]);
  const samples: Record<RouteName, number[]> = { funds: [], projects: [], entries: [] };
  const roundP99: Record<RouteName, number[]> = { funds: [], projects: [], entries: [] };
  const order: RouteName[] = ['funds', 'projects', 'entries'];
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of r % 2 ? [...order].reverse() : order) {
      const these: number[] = [];
      for (let i = 0; i < PER_ROUND; i++) {
        const s = nowMs();
        await get(routes[name]);
        these.push(nowMs() - s);
      }
      samples[name].push(...these);
      roundP99[name].push(pct(these, 99));
    }
  }
  t = nowMs();
  const xlsx = await get(`/api/v1/programmes/${programmeId}/funds/export.xlsx`);
  const exportMs = nowMs() - t;

  const summary = Object.fromEntries(
    (Object.keys(routes) as RouteName[]).map((name) => [
      name,
      {
        route: routes[name],
        requests: samples[name].length,
        p50Ms: round(pct(samples[name], 50), 1),
        p90Ms: round(pct(samples[name], 90), 1),
        p99Ms: round(pct(samples[name], 99), 1),
        maxMs: round(Math.max(...samples[name]), 1),
        roundP99Ms: { median: round(median(roundP99[name]), 1), min: round(Math.min(...roundP99[name]), 1), max: round(Math.max(...roundP99[name]), 1) },
      },
    ]),
  ) as Record<RouteName, { route: string; requests: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; roundP99Ms: { median: number; min: number; max: number } }>;
  const ok = summary.funds.p99Ms < TARGET_P99_MS && summary.projects.p99Ms < TARGET_P99_MS;
  console.log('\n| route | requests | p50 ms | p90 ms | p99 ms | max ms | p99 per round (median, min–max) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const name of Object.keys(routes) as RouteName[]) {
    const s = summary[name];
    console.log(`| ${name} | ${s.requests} | ${s.p50Ms} | ${s.p90Ms} | ${s.p99Ms} | ${s.maxMs} | ${s.roundP99Ms.median} (${s.roundP99Ms.min}–${s.roundP99Ms.max}) |`);
  }
  console.log(`\nExcel export of the whole ledger: ${round(exportMs)} ms, ${round(xlsx.byteLength / 1024)} KiB`);
  console.log(`load average at the end: ${loadAvg()}`);
  console.log(ok ? `\nOK: p99 < ${TARGET_P99_MS} ms for GET /funds and the first page of /projects` : `\nFAILED: a p99 is ≥ ${TARGET_P99_MS} ms`);
  const file = writeResultTo(resultFile('fund-ledger'), {
    machine,
    bundled: process.env.CJ_BENCH_BUNDLED === '1',
    loadAvgAtEnd: loadAvg(),
    projects: N_PROJECTS,
    expenses: N_EXPENSES,
    entries: check.entries,
    societies: N_SOCIETIES,
    rounds: ROUNDS,
    perRound: PER_ROUND,
    generateS,
    targetP99Ms: TARGET_P99_MS,
    summary,
    export: { ms: round(exportMs), bytes: xlsx.byteLength },
    ok,
  });
  console.log(`result: ${path.relative(process.cwd(), file)}`);
  return ok;
}

if (isBundledRun()) runMain(main);
else runSelfBundled(import.meta.url, 'fund-ledger');
