// Benchmark 2 — GET /api/v1/public/programmes?limit=20: the platform vs a bare Fastify + pg baseline.
//
//   npx tsx bench/public-list.ts            (or: npm run bench -- public-list)
//   options: --profile (always profile, also when on target)  --quick (3 s warm-up + 5 s, for trying)
//
// 1. Creates a fresh PostgreSQL database cj_bench_<random> (dropped at the end, also on failure).
// 2. Starts the platform on it (`node scripts/start.mjs`, DATABASE_URL, LOG_LEVEL=warn): migrate +
//    demo seed; then inserts published programmes directly with SQL until the table has 2,000 rows.
// 3. Captures the exact SQL the platform issues for the list (log_statement = 'all' on the bench
//    database for one request, read from the PostgreSQL log), then turns logging off and restarts
//    the platform so that no pooled connection keeps logging.
// 4. Starts the baseline (bench/public-list-baseline.ts: bare Fastify + pg Pool of 20, the captured
//    SQL, same JSON) and checks that both answer the same body.
// 5. autocannon, 64 connections, 10 s warm-up (discarded) + 20 s measured, order baseline,
//    platform, baseline, platform. Reports req/s, p99, platform/baseline ratio (target ≥ 70 %),
//    CPU per request of server and PostgreSQL, and the platform server's VmRSS (target < 300 MB).
// 6. When a target is missed (or with --profile): an ablation (the platform's route alone on a bare
//    Fastify) and CPU profiles of platform and baseline under the same load.
// Exit code 1 when a target is missed or the run is invalid (errors / non-2xx answers).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  CACHE_DIR,
  ROOT,
  cpuByPidMatching,
  cpuDelta,
  cpuMsOf,
  findServerPid,
  freePort,
  httpGet,
  loadAvg,
  machineCpu,
  machineInfo,
  memOf,
  onCleanup,
  round,
  runMain,
  sleep,
  spawnGroup,
  stopGroup,
  waitHealthy,
  writeResult,
} from './lib.js';
import { summarise } from './cpuprofile-summary.js';
import { pgLogFile, readLoggedStatements } from './dataset.js';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_ROWS = 2000;
const PATH = '/api/v1/public/programmes?limit=20';
const CONNECTIONS = 64;
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const WARMUP_S = QUICK ? 3 : 10;
const MEASURE_S = QUICK ? 5 : 20;
const DIAG_WARMUP_S = QUICK ? 2 : 5;
const DIAG_MEASURE_S = QUICK ? 4 : 10;
const RATIO_TARGET = 0.7;
const RSS_TARGET_MB = 300;

interface Captured {
  list: { sql: string; params: (string | null)[] };
  count: { sql: string; params: (string | null)[] };
  source: string;
}

// What src/server/modules/public/routes.ts issues through drizzle (used only if the PostgreSQL log
// cannot be read; the benchmark prints which source it used).
const FALLBACK_SQL: Captured = {
  source: 'route code (fallback: PostgreSQL log not readable)',
  list: {
    sql: 'select "programmes"."id", "programmes"."name", "programmes"."kind", "programmes"."year", "programmes"."status", "programmes"."description", "programmes"."stages", "programmes"."published_at", "organisations"."name" from "programmes" inner join "organisations" on "organisations"."id" = "programmes"."association_id" where "programmes"."status" <> $1 order by "programmes"."published_at" desc, "programmes"."id" desc limit $2',
    params: ['draft', '21'],
  },
  count: { sql: 'select count(*)::int from "programmes" where "programmes"."status" <> $1', params: ['draft'] },
};
const EXPECTED_COLUMNS =
  /^select "programmes"\."id", "programmes"\."name", "programmes"\."kind", "programmes"\."year", "programmes"\."status", "programmes"\."description", "programmes"\."stages", "programmes"\."published_at", "organisations"\."name" from /;

// ---------------------------------------------------------------------------------------------

interface LoadResult {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverCpuMsPerReq: number;
  pgCpuMsPerReq: number;
  machineBusyPct: number;
}

function cannon(url: string, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, timeout: 10 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function load(
  name: string,
  port: number,
  serverPid: number,
  db: string,
  warmupS = WARMUP_S,
  measureS = MEASURE_S,
  urlPath = PATH,
): Promise<LoadResult> {
  const url = `http://127.0.0.1:${port}${urlPath}`;
  await cannon(url, warmupS); // discarded
  const pgNeedle = `postgres ${db} `; // backend titles: "postgres: 15/main: postgres <db> 127.0.0.1(port) idle"
  const c0 = cpuMsOf(serverPid);
  const p0 = cpuByPidMatching(pgNeedle);
  const m0 = machineCpu();
  const r = await cannon(url, measureS);
  const c1 = cpuMsOf(serverPid);
  const p1 = cpuByPidMatching(pgNeedle);
  const m1 = machineCpu();
  const n = r.requests.total || 1;
  return {
    name,
    reqPerSec: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    meanMs: round(r.latency.average, 2),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    serverCpuMsPerReq: round((c1 - c0) / n, 3),
    pgCpuMsPerReq: round(cpuDelta(p0, p1) / n, 3),
    machineBusyPct: round((100 * (m1.busy - m0.busy)) / (m1.total - m0.total || 1), 1),
  };
}

function printLoad(r: LoadResult) {
  console.log(
    `  ${r.name.padEnd(18)} ${String(r.reqPerSec).padStart(8)} req/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   ` +
      `server CPU ${r.serverCpuMsPerReq} ms/req   PostgreSQL CPU ${r.pgCpuMsPerReq} ms/req   machine busy ${r.machineBusyPct} %` +
      (r.non2xx || r.errors || r.timeouts ? `   !! non2xx ${r.non2xx} errors ${r.errors} timeouts ${r.timeouts}` : ''),
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const info = machineInfo();
  console.log(`public-list benchmark — ${info.date}, ${info.cpus} CPU (${info.cpuModel}), node ${info.node}, load avg ${info.loadAvgAtStart}`);
  const db = `cj_bench_${crypto.randomBytes(4).toString('hex')}`;
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);

  // --- database -------------------------------------------------------------------------------
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  onCleanup(async () => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      console.log(`dropped database ${db}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  });
  await admin.query(`CREATE DATABASE ${db}`);
  console.log(`created database ${db}`);
  const pgVersion = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  const logFile = await pgLogFile(admin);
  if (logFile) await admin.query(`ALTER DATABASE ${db} SET log_statement = 'all'`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-bench-list-')); // only the field-key file lives here
  onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // the API path under test does not depend on the web bundle; never (re)build it here
    SKIP_WEB_BUILD: '1',
  };
  delete env.NODE_OPTIONS;

  const startPlatform = async (label: string, args = ['scripts/start.mjs']) => {
    const port = await freePort();
    const p = spawnGroup(label, process.execPath, args, { env: { ...env, PORT: String(port) } });
    await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, p, 180_000, 100);
    let serverPid: number;
    try {
      serverPid = await findServerPid(p.pid, port);
    } catch (e) {
      await sleep(200);
      throw new Error(
        `${(e as Error).message}; ${label} ${p.hasExited() ? `exited (${p.exitInfo()})` : 'still running'}; output:\n${p.output().slice(-3000)}`,
        { cause: e },
      );
    }
    return { p, port, serverPid };
  };

  // --- first start: migrate + demo seed --------------------------------------------------------
  console.log('starting the platform on the empty database (migrate + demo seed)…');
  let plat = await startPlatform('platform (first start)');

  // --- extra published programmes ---------------------------------------------------------------
  const bench = new pg.Client({ connectionString: dbUrl });
  await bench.connect();
  const existing = Number((await bench.query<{ n: string }>('select count(*) as n from programmes')).rows[0].n);
  const assoc = (await bench.query<{ id: string }>(`select id from organisations where type = 'association' order by path`)).rows.map((r) => r.id);
  if (!assoc.length) throw new Error('no association in the seeded database');
  const toInsert = Math.max(0, TARGET_ROWS - existing);
  await bench.query(
    `insert into programmes (association_id, name, kind, preset_code, year, status, description, stages, categories, parameters, published_at)
     select ($1::uuid[])[1 + g % cardinality($1::uuid[])],
            '基准测试方案 ' || g,
            (array['transferPilot', 'capacityPlan'])[1 + g % 2],
            '000',
            2020 + g % 7,
            'published',
            '性能基准数据：第 ' || g || ' 号方案的简要说明。',
            jsonb_build_array(
              jsonb_build_object('code', 's1', 'name', '申报', 'startsOn', (2020 + g % 7) || '-01-01', 'endsOn', (2020 + g % 7) || '-03-31'),
              jsonb_build_object('code', 's2', 'name', '评审', 'startsOn', (2020 + g % 7) || '-04-01', 'endsOn', (2020 + g % 7) || '-06-30')),
            '[{"code": "c1", "name": "学术交流"}]'::jsonb,
            '{}'::jsonb,
            now() - g * interval '7 hours' - (g * 7919 % 3600) * interval '1 second'
       from generate_series(1, $2::int) g`,
    [assoc, toInsert],
  );
  await bench.query('analyze programmes; analyze organisations');
  const counts = (
    await bench.query<{ total: number; visible: number }>(`select count(*)::int as total, count(*) filter (where status <> 'draft')::int as visible from programmes`)
  ).rows[0];
  // How expensive are the two statements in PostgreSQL itself? (plans and execution times)
  const explain = async (sqlText: string, params: unknown[]) => {
    const r = await bench.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary on) ${sqlText}`, params);
    const lines = r.rows.map((x) => x['QUERY PLAN']);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const e = await bench.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary on) ${sqlText}`, params);
      times.push(Number(e.rows.map((x) => x['QUERY PLAN']).find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/)?.[1]));
    }
    times.sort((x, y) => x - y);
    return { plan: lines.filter((l) => !/^(Planning|Execution) Time/.test(l)), medianExecMs: times[10] };
  };
  const plans = {
    list: await explain(FALLBACK_SQL.list.sql, ['draft', 21]),
    count: await explain(FALLBACK_SQL.count.sql, ['draft']),
  };
  console.log(`  PostgreSQL execution time (median of 20): list ${plans.list.medianExecMs} ms, count ${plans.count.medianExecMs} ms`);
  console.log(`    list plan: ${plans.list.plan.map((l) => l.trim()).join(' | ')}`);
  await bench.end();
  console.log(`  programmes: ${existing} seeded by the platform + ${toInsert} inserted = ${counts.total} rows (${counts.visible} not draft), ${assoc.length} associations`);

  // --- capture the SQL ---------------------------------------------------------------------------
  let captured: Captured = FALLBACK_SQL;
  if (logFile) {
    const offset = fs.statSync(logFile).size;
    const r = await httpGet(`http://127.0.0.1:${plat.port}${PATH}`, 10_000);
    if (r.status !== 200) throw new Error(`platform answered ${r.status}: ${r.body.slice(0, 300)}`);
    await sleep(500);
    const stmts = readLoggedStatements(logFile, offset, db).filter((s) => s.sql.includes('"programmes"'));
    const list = stmts.find((s) => /^select .* from "programmes" inner join "organisations"/i.test(s.sql));
    const count = stmts.find((s) => /^select count\(\*\)/i.test(s.sql));
    if (list && count && stmts.length === 2) {
      captured = { source: `PostgreSQL log (${logFile}, log_statement = 'all' for one request)`, list, count };
    } else {
      console.log(`  !! could not isolate the two statements in the log (found ${stmts.length}); using the route-code SQL`);
    }
    await admin.query(`ALTER DATABASE ${db} RESET log_statement`);
  }
  console.log(`SQL source: ${captured.source}`);
  console.log(`  list : ${captured.list.sql}   params ${JSON.stringify(captured.list.params)}`);
  console.log(`  count: ${captured.count.sql}   params ${JSON.stringify(captured.count.params)}`);
  if (!EXPECTED_COLUMNS.test(captured.list.sql)) throw new Error('the captured select list changed; update bench/public-list-baseline.ts column mapping');
  const sameAsFallback = captured.list.sql === FALLBACK_SQL.list.sql && captured.count.sql === FALLBACK_SQL.count.sql;
  const sqlFile = path.join(CACHE_DIR, `public-list-sql-${db}.json`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(sqlFile, JSON.stringify(captured, null, 2));
  onCleanup(() => fs.rmSync(sqlFile, { force: true }));

  // --- restart the platform (no logging connection left), start the baseline -------------------
  await stopGroup(plat.p);
  plat = await startPlatform('platform');
  const basePort = await freePort();
  const base = spawnGroup('baseline', process.execPath, ['--import', 'tsx', 'bench/public-list-baseline.ts'], {
    env: { ...env, PORT: String(basePort), BASELINE_SQL_FILE: sqlFile },
  });
  await waitHealthy(`http://127.0.0.1:${basePort}/api/v1/health`, base, 60_000, 100);
  const basePid = await findServerPid(base.pid, basePort);
  // what start.mjs actually runs as the server (argv without the node binary)
  const platformArgv = fs.readFileSync(`/proc/${plat.serverPid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  console.log(`platform server pid ${plat.serverPid} (under start.mjs pid ${plat.p.pid}): node ${platformArgv.join(' ')}; baseline pid ${basePid}`);

  // --- same answer? -------------------------------------------------------------------------------
  const a = await httpGet(`http://127.0.0.1:${plat.port}${PATH}`, 10_000);
  const b = await httpGet(`http://127.0.0.1:${basePort}${PATH}`, 10_000);
  if (a.status !== 200 || b.status !== 200) throw new Error(`status platform ${a.status}, baseline ${b.status}`);
  const ja = JSON.parse(a.body) as { items: unknown[]; total: number };
  const jb = JSON.parse(b.body) as unknown;
  const sameJson = isDeepStrictEqual(ja, jb);
  const sameBytes = a.body === b.body;
  console.log(`responses: ${ja.items.length} items, total ${ja.total}, ${a.body.length} bytes; same JSON: ${sameJson}, byte-identical: ${sameBytes}`);
  if (!sameJson) throw new Error(`baseline answer differs from the platform's:\nplatform ${a.body.slice(0, 400)}\nbaseline ${b.body.slice(0, 400)}`);

  // --- load ------------------------------------------------------------------------------------
  console.log(`\nload: autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (discarded) + ${MEASURE_S} s measured, GET ${PATH}`);
  const runs: LoadResult[] = [];
  for (const which of ['baseline', 'platform', 'baseline', 'platform'] as const) {
    const r = which === 'baseline' ? await load('baseline', basePort, basePid, db) : await load('platform', plat.port, plat.serverPid, db);
    runs.push(r);
    printLoad(r);
  }
  const mem = memOf(plat.serverPid);
  const baseMem = memOf(basePid);
  console.log(`platform server (pid ${plat.serverPid}) after the runs: VmRSS ${mem.rssMb} MB (peak VmHWM ${mem.hwmMb} MB); baseline VmRSS ${baseMem.rssMb} MB`);

  const avg = (name: string, k: keyof LoadResult) => {
    const xs = runs.filter((r) => r.name === name).map((r) => r[k] as number);
    return xs.reduce((x, y) => x + y, 0) / xs.length;
  };
  const baseRps = avg('baseline', 'reqPerSec');
  const platRps = avg('platform', 'reqPerSec');
  const ratio = platRps / baseRps;
  const pairRatios = [runs[1].reqPerSec / runs[0].reqPerSec, runs[3].reqPerSec / runs[2].reqPerSec].map((x) => round(100 * x, 1));
  const valid = runs.every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.requests > 0);
  const ratioOk = ratio >= RATIO_TARGET;
  const rssOk = mem.rssMb < RSS_TARGET_MB;

  const result: Record<string, unknown> = {
    machine: info,
    postgres: pgVersion,
    database: db,
    rows: counts,
    plans,
    sql: captured,
    platformServerArgv: platformArgv,
    sqlSameAsRouteCode: sameAsFallback,
    sameJson,
    sameBytes,
    responseBytes: a.body.length,
    settings: { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S, path: PATH, order: 'baseline, platform, baseline, platform' },
    runs,
    baselineReqPerSec: round(baseRps, 1),
    platformReqPerSec: round(platRps, 1),
    baselineP99Ms: round(avg('baseline', 'p99Ms'), 1),
    platformP99Ms: round(avg('platform', 'p99Ms'), 1),
    ratioPct: round(100 * ratio, 1),
    pairRatiosPct: pairRatios,
    platformRss: mem,
    baselineRss: baseMem,
    valid,
    pass: valid && ratioOk && rssOk,
  };

  // --- diagnostics ---------------------------------------------------------------------------------
  if (!ratioOk || !rssOk || argv.includes('--profile')) {
    console.log(`\ndiagnostics (${!ratioOk ? 'ratio below target' : !rssOk ? 'RSS above target' : 'requested with --profile'})…`);
    await stopGroup(plat.p); // the baseline keeps running

    // Ablation and the proposed fix, interleaved round by round (5 s warm-up + 10 s measured each):
    //   route-only          the platform's route alone on a bare Fastify (no app-wide plugins/hooks)
    //   platform (full app) buildApp as in main.ts, current route            (bench/public-list-variant.ts)
    //   platform+prepared   same process, the route with prepared drizzle queries and explicit mapping
    const ro = await startPlatform('route-only', ['--import', 'tsx', 'bench/public-list-route-only.ts']);
    const va = await startPlatform('variant', ['--import', 'tsx', 'bench/public-list-variant.ts']);
    const PREPARED = PATH.replace('/programmes?', '/programmes-prepared?');
    const pv = await httpGet(`http://127.0.0.1:${va.port}${PREPARED}`, 10_000);
    const preparedSame = pv.status === 200 && pv.body === a.body;
    console.log(`  prepared variant answers the same bytes as the platform: ${preparedSame}`);
    if (!preparedSame) throw new Error(`prepared variant differs: ${pv.status} ${pv.body.slice(0, 300)}`);
    const targets = [
      { name: 'baseline', port: basePort, pid: basePid, path: PATH },
      { name: 'route-only', port: ro.port, pid: ro.serverPid, path: PATH },
      { name: 'platform (full app)', port: va.port, pid: va.serverPid, path: PATH },
      { name: 'platform+prepared', port: va.port, pid: va.serverPid, path: PREPARED },
    ];
    const rounds = async (list: typeof targets, n: number) => {
      const out: LoadResult[] = [];
      for (let i = 0; i < n; i++) {
        for (const t of list) {
          const r = await load(t.name, t.port, t.pid, db, DIAG_WARMUP_S, DIAG_MEASURE_S, t.path);
          out.push(r);
          printLoad(r);
        }
      }
      return out;
    };
    const table = (rs: LoadResult[]) => {
      const names = [...new Set(rs.map((r) => r.name))];
      const mean = (name: string, k: keyof LoadResult) => {
        const xs = rs.filter((r) => r.name === name).map((r) => r[k] as number);
        return xs.reduce((x, y) => x + y, 0) / xs.length;
      };
      const baseR = mean('baseline', 'reqPerSec');
      return names.map((name) => ({
        name,
        reqPerSec: round(mean(name, 'reqPerSec'), 1),
        ratioPct: round((100 * mean(name, 'reqPerSec')) / baseR, 1),
        p99Ms: round(mean(name, 'p99Ms'), 1),
        serverCpuMsPerReq: round(mean(name, 'serverCpuMsPerReq'), 3),
        pgCpuMsPerReq: round(mean(name, 'pgCpuMsPerReq'), 3),
      }));
    };
    const printTable = (title: string, rows: ReturnType<typeof table>) => {
      console.log(`  ${title}`);
      for (const r of rows)
        console.log(
          `    ${r.name.padEnd(20)} ${String(r.reqPerSec).padStart(7)} req/s  ${String(r.ratioPct).padStart(5)} % of baseline  p99 ${r.p99Ms} ms  server CPU ${r.serverCpuMsPerReq} ms/req  PostgreSQL CPU ${r.pgCpuMsPerReq} ms/req`,
        );
    };
    const ablationRuns = await rounds(targets, 2);
    const ablation = table(ablationRuns);
    printTable('mean of 2 rounds:', ablation);

    // CPU profiles under the same load (5 s warm-up, 10 s profiled window), main thread only.
    const profDir = path.join(CACHE_DIR, 'public-list-prof');
    fs.rmSync(profDir, { recursive: true, force: true });
    const profile = async (label: string, args: string[], urlPath = PATH, extraEnv: NodeJS.ProcessEnv = {}) => {
      const dir = path.join(profDir, label);
      const port = await freePort();
      const p = spawnGroup(label, process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], { env: { ...env, ...extraEnv, PORT: String(port) } });
      await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, p, 120_000, 100);
      const pid = await findServerPid(p.pid, port);
      await cannon(`http://127.0.0.1:${port}${urlPath}`, DIAG_WARMUP_S);
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const r = await cannon(`http://127.0.0.1:${port}${urlPath}`, DIAG_MEASURE_S);
      const toUs = Number(process.hrtime.bigint() / 1000n);
      await stopGroup(p, 30_000);
      const file = fs
        .readdirSync(dir)
        .filter((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'))
        .map((f) => path.join(dir, f))[0];
      if (!file) throw new Error(`no main-thread profile for ${label} in ${dir}`);
      const s = summarise(file, { fromUs, toUs, top: 25 });
      const n = r.requests.total || 1;
      const us = (ms: number) => round((1000 * ms) / n, 1);
      console.log(`\n  CPU profile — ${label}: ${r.requests.total} requests in the window; main thread on-CPU-or-runnable ${s.totalMs} ms = ${us(s.totalMs)} µs/request`);
      console.log(`    µs/request by owner (innermost package or source area on the stack):`);
      console.log(`      ${s.attributed.slice(0, 16).map((x) => `${x.area} ${us(x.ms)}`).join(', ')}`);
      console.log(`    top functions (self): ${s.topFunctions.slice(0, 10).map((f) => `${f.fn} (${f.where}) ${us(f.ms)}`).join('; ')}`);
      return {
        requests: r.requests.total,
        reqPerSec: round(r.requests.average, 1),
        perReqUs: us(s.totalMs),
        attributedUsPerReq: s.attributed.slice(0, 30).map((x) => ({ area: x.area, us: us(x.ms), pct: x.pct })),
        topFunctions: s.topFunctions.slice(0, 25).map((f) => ({ ...f, us: us(f.ms) })),
        inclusiveByArea: s.inclusiveByArea.slice(0, 25),
        file: path.relative(ROOT, file),
      };
    };
    await stopGroup(ro.p);
    await stopGroup(va.p);
    const profiles = {
      // the platform server exactly as start.mjs ran it (its argv, read from /proc), plus the profiler
      platform: await profile('platform', platformArgv),
      baseline: await profile('baseline', ['--import', 'tsx', 'bench/public-list-baseline.ts'], PATH, { BASELINE_SQL_FILE: sqlFile }),
      'platform+prepared': await profile('platform+prepared', ['--import', 'tsx', 'bench/public-list-variant.ts'], PREPARED),
    };

    // What if the list query were cheap? A partial index that serves ORDER BY published_at DESC,
    // id DESC for status <> 'draft' directly (created in the bench database only).
    const idx = new pg.Client({ connectionString: dbUrl });
    await idx.connect();
    await idx.query(`create index bench_programmes_public_list_idx on programmes (published_at desc, id desc) where status <> 'draft'`);
    await idx.query('analyze programmes');
    const plan = await idx.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary on) ${captured.list.sql}`, ['draft', 21]);
    const planLines = plan.rows.map((x) => x['QUERY PLAN'].trim());
    await idx.end();
    console.log(`\n  what-if: partial index (published_at desc, id desc) where status <> 'draft' — list plan: ${planLines.join(' | ')}`);
    const va2 = await startPlatform('variant', ['--import', 'tsx', 'bench/public-list-variant.ts']);
    const whatIfRuns = await rounds(
      targets.filter((t) => t.name !== 'route-only').map((t) => (t.name === 'baseline' ? t : { ...t, port: va2.port, pid: va2.serverPid })),
      1,
    );
    const whatIf = table(whatIfRuns);
    printTable('with the partial index:', whatIf);
    await stopGroup(va2.p);

    result.diagnostics = { preparedSame, ablation, ablationRuns, profiles, whatIfIndex: { plan: planLines, table: whatIf, runs: whatIfRuns } };
  }

  result.loadAvgAtEnd = loadAvg();
  const file = writeResult('public-list', result);

  console.log('\n==================== public-list summary ====================');
  console.log(`PostgreSQL ${pgVersion}, database ${db}, ${counts.total} programmes (${counts.visible} visible); SQL from ${captured.source}`);
  console.log(`baseline (bare Fastify + pg): ${round(baseRps, 1)} req/s, p99 ${result.baselineP99Ms} ms   [runs: ${runs.filter((r) => r.name === 'baseline').map((r) => `${r.reqPerSec} req/s p99 ${r.p99Ms} ms`).join('; ')}]`);
  console.log(`platform:                     ${round(platRps, 1)} req/s, p99 ${result.platformP99Ms} ms   [runs: ${runs.filter((r) => r.name === 'platform').map((r) => `${r.reqPerSec} req/s p99 ${r.p99Ms} ms`).join('; ')}]`);
  console.log(`platform / baseline: ${round(100 * ratio, 1)} % (pairs: ${pairRatios.join(' %, ')} %)  → target ≥ ${RATIO_TARGET * 100} %: ${ratioOk ? 'PASS' : 'MISS'}`);
  console.log(`platform server VmRSS after the runs: ${mem.rssMb} MB (peak ${mem.hwmMb} MB)  → target < ${RSS_TARGET_MB} MB: ${rssOk ? 'PASS' : 'MISS'}`);
  if (!valid) console.log('INVALID RUN: some requests failed (non-2xx, errors or timeouts) — see above');
  console.log(`load average at start / end: ${info.loadAvgAtStart} / ${result.loadAvgAtEnd}`);
  console.log(`details: ${path.relative(ROOT, file)}`);
  return Boolean(result.pass);
}

runMain(main);
