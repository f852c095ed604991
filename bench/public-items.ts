// Issue 3, figure (a) — GET /api/v1/public/items?categoryCode=…&limit=20 (key-based paging) on
// 10,000 societies and 200,000 items: the platform vs a bare Fastify + pg baseline running the same
// SQL, same run, 64 connections. Target: platform ≥ 70 % of the baseline's req/s.
//
//   npx tsx bench/public-items.ts            (or: npm run bench -- public-items)
//   options: --quick (3 s warm-up + 5 s per run)  --societies N --items M (default 10000 / 200000)
//
// 1. bench/dataset.ts: fresh database cj_bench_<hex>, first platform start (migrate + demo seed),
//    src/cli/generate-data.ts (timed), ANALYZE.
// 2. Picks six categories by number of visible items (the four most common, a middle one, a small
//    one). With log_statement = 'all' on a platform started only for the capture, requests the
//    first page of each, then the second page with the first answer's nextCursor; the statements
//    (first page, count, next page) are read back from the PostgreSQL log with their
//    prepared-statement names and parameters.
// 3. Starts the measured platform (`node scripts/start.mjs`, connections that do not log) and the
//    baseline (bench/public-items-baseline.ts: bare Fastify + pg Pool of 20, the captured SQL and
//    statement names, the same JSON) and checks that all twelve answers are deep-equal.
// 4. autocannon, 64 connections, every connection cycling through the same 12 URLs (first page and
//    second page of each category, interleaved), 10 s warm-up (discarded) + 20 s measured, order
//    baseline, platform, baseline, platform. Reports req/s, p50/p99, the ratio, CPU per request and
//    the platform server's VmRSS. EXPLAIN ANALYZE of the three statements for context.
// Exit code 1 when the target is missed or the run is invalid (errors / non-2xx answers).
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CACHE_DIR, ROOT, findServerPid, freePort, httpGet, loadAvg, machineInfo, memOf, onCleanup, round, runMain, spawnGroup, waitHealthy, writeResult } from './lib.js';
import { explain, measure, prepareDataset, printLoad, type CannonRequest, type LoadResult, type LoggedStatement } from './dataset.js';
import type { CapturedStatement, ItemsSql, ParamSlot } from './public-items-baseline.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const argNum = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SOCIETIES = argNum('societies', 10_000);
const ITEMS = argNum('items', 200_000);
const CONNECTIONS = 64;
const WARMUP_S = QUICK ? 3 : 10;
const MEASURE_S = QUICK ? 5 : 20;
const RATIO_TARGET = 0.7;
const LIMIT = 20;
const listPath = (code: string, cursor?: string) => `/api/v1/public/items?categoryCode=${code}&limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;

// The select list the baseline maps by position (public-items-baseline.ts).
const EXPECTED_COLUMNS =
  /^select "transfer_items"\."id", "transfer_items"\."title", "transfer_items"\."category_code", left\("transfer_items"\."description", 200\), "transfer_items"\."commissioning_mode", "transfer_items"\."budget_fen", "transfer_items"\."status", "transfer_items"\."revision", "transfer_items"\."published_at", "transfer_items"\."withdrawn_at", "transfer_items"\."programme_id", "programmes"\."name", "programmes"\."categories", "dept"\."name" from /;

interface Page {
  items: unknown[];
  nextCursor: string | null;
  total: number | null;
}

async function main(): Promise<boolean> {
  const info = machineInfo();
  console.log(`public-items benchmark — ${info.date}, ${info.cpus} CPU (${info.cpuModel}), node ${info.node}, load avg ${info.loadAvgAtStart}`);
  const ds = await prepareDataset({ label: 'public-items', societies: SOCIETIES, items: ITEMS, dataDirPrefix: 'cj-bench-items-' });
  const c = await ds.client();

  // --- categories -------------------------------------------------------------------------------------
  const byCat = (await c.query<{ code: string; n: number }>(`select category_code as code, count(*)::int as n from transfer_items where status <> 'draft' group by 1 order by 2 desc, 1`)).rows;
  const rows = (await c.query<{ total: number; visible: number }>(`select count(*)::int as total, count(*) filter (where status <> 'draft')::int as visible from transfer_items`)).rows[0];
  const picks = [...new Set([0, 1, 2, 3, byCat.length >> 1, byCat.length - 1].filter((i) => i >= 0 && i < byCat.length))].map((i) => byCat[i]).filter((x) => x.n > LIMIT);
  if (!picks.length) throw new Error('no category with more than one page of visible items');
  console.log(`  transfer_items: ${rows.total} rows, ${rows.visible} visible; categories measured: ${picks.map((p) => `${p.code} (${p.n})`).join(', ')}`);

  // --- capture the SQL ---------------------------------------------------------------------------------
  const cursors = new Map<string, string>();
  const cap = await ds.captureSql(async (port) => {
    for (const p of picks) {
      const r = await httpGet(`http://127.0.0.1:${port}${listPath(p.code)}`, 30_000);
      if (r.status !== 200) throw new Error(`platform answered ${r.status} for ${listPath(p.code)}: ${r.body.slice(0, 300)}`);
      const page = JSON.parse(r.body) as Page;
      if (!page.nextCursor) throw new Error(`no nextCursor for ${p.code}`);
      cursors.set(p.code, page.nextCursor);
      const r2 = await httpGet(`http://127.0.0.1:${port}${listPath(p.code, page.nextCursor)}`, 30_000);
      if (r2.status !== 200) throw new Error(`platform answered ${r2.status} for the second page of ${p.code}: ${r2.body.slice(0, 300)}`);
    }
  });
  if (!cap.statements.length) throw new Error(`could not capture the SQL: ${cap.source}`);
  const onItems = cap.statements.filter((s) => s.sql.includes('"transfer_items"'));
  const isCount = (s: LoggedStatement) => /^select count\(\*\)/i.test(s.sql);
  const isNext = (s: LoggedStatement) => !isCount(s) && /\) < \(/.test(s.sql);
  const kinds = { first: onItems.filter((s) => !isCount(s) && !isNext(s)), next: onItems.filter(isNext), count: onItems.filter(isCount) };
  const cursorKeys = [...cursors.values()].map((x) => JSON.parse(Buffer.from(x, 'base64url').toString('utf8')) as [string, string]);
  // The log shows a timestamp parameter as PostgreSQL received it ("2026-11-19 15:17:44.137+00").
  const sameInstant = (iso: string, v: string) => {
    if (!/^\d{4}-\d\d-\d\d[ T]\d/.test(v)) return false;
    const t = Date.parse(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    return Number.isFinite(t) && t === Date.parse(iso);
  };
  const slotsOf = (s: LoggedStatement): ParamSlot[] =>
    s.params.map((v): ParamSlot => {
      if (v !== null && picks.some((p) => p.code === v)) return { role: 'category' };
      if (v === String(LIMIT + 1)) return { role: 'limit' };
      if (v !== null && cursorKeys.some((k) => sameInstant(k[0], v))) return { role: 'afterAt' };
      if (v !== null && cursorKeys.some((k) => k[1] === v)) return { role: 'afterId' };
      return { role: 'const', value: v };
    });
  const one = (kind: keyof typeof kinds): CapturedStatement => {
    const list = kinds[kind];
    if (list.length !== picks.length) throw new Error(`expected ${picks.length} "${kind}" statements in the log, found ${list.length}:\n${onItems.map((s) => s.sql).join('\n')}`);
    const distinct = new Set(list.map((s) => `${s.name}\u0000${s.sql}\u0000${JSON.stringify(slotsOf(s))}`));
    if (distinct.size !== 1) throw new Error(`the "${kind}" statement differs between requests:\n${list.map((s) => `[${s.name}] ${s.sql} ${JSON.stringify(s.params)}`).join('\n')}`);
    return { name: list[0].name, sql: list[0].sql, slots: slotsOf(list[0]) };
  };
  const captured: ItemsSql = { source: cap.source, first: one('first'), next: one('next'), count: one('count') };
  const others = cap.statements.filter((s) => !onItems.includes(s));
  console.log(`SQL source: ${captured.source}`);
  for (const k of ['first', 'next', 'count'] as const) {
    const s = captured[k];
    console.log(`  ${k.padEnd(5)} [${s.name || 'unnamed'}] ${s.sql}\n        parameters: ${JSON.stringify(s.slots.map((x) => (x.role === 'const' ? x.value : x.role)))}`);
  }
  if (others.length) console.log(`  other statements during the capture: ${others.map((s) => s.sql.slice(0, 80)).join(' | ')}`);
  for (const k of ['first', 'next'] as const) {
    if (!EXPECTED_COLUMNS.test(captured[k].sql)) throw new Error(`the captured select list of "${k}" changed; update bench/public-items-baseline.ts (column mapping) and EXPECTED_COLUMNS`);
  }
  const roles = (s: CapturedStatement) => s.slots.map((x) => x.role).sort().join(',');
  if (roles(captured.first) !== 'category,limit' || roles(captured.next) !== 'afterAt,afterId,category,limit' || roles(captured.count) !== 'category') {
    throw new Error(`unexpected parameters: first ${roles(captured.first)}, next ${roles(captured.next)}, count ${roles(captured.count)}`);
  }
  const sqlFile = path.join(CACHE_DIR, `public-items-sql-${ds.db}.json`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(sqlFile, JSON.stringify(captured, null, 2));
  onCleanup(() => fs.rmSync(sqlFile, { force: true }));

  // --- what the statements cost in PostgreSQL ---------------------------------------------------------------
  const top = picks[0];
  const [topAt, topId] = cursorKeys[0];
  const args = (s: CapturedStatement) => s.slots.map((x) => (x.role === 'const' ? x.value : x.role === 'category' ? top.code : x.role === 'limit' ? LIMIT + 1 : x.role === 'afterAt' ? topAt : topId));
  const plans = {
    first: await explain(c, captured.first.sql, args(captured.first)),
    next: await explain(c, captured.next.sql, args(captured.next)),
    count: await explain(c, captured.count.sql, args(captured.count)),
  };
  for (const [k, p] of Object.entries(plans)) {
    console.log(`  PostgreSQL execution (${top.code}, median of 11): ${k} ${p.medianExecMs} ms`);
    console.log(`    ${p.plan.filter((l) => !/^(Planning|Execution) Time|Buffers:|Planning:/.test(l.trim())).map((l) => l.trim()).join(' | ')}`);
  }

  // --- servers -------------------------------------------------------------------------------------------------
  const plat = await ds.startPlatform('platform');
  const basePort = await freePort();
  const base = spawnGroup('baseline', process.execPath, ['--import', 'tsx', 'bench/public-items-baseline.ts'], {
    env: { ...ds.env, PORT: String(basePort), BASELINE_SQL_FILE: sqlFile },
  });
  await waitHealthy(`http://127.0.0.1:${basePort}/api/v1/health`, base, 60_000, 100);
  const basePid = await findServerPid(base.pid, basePort);
  const platformArgv = fs.readFileSync(`/proc/${plat.serverPid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  console.log(`platform server pid ${plat.serverPid} (under start.mjs pid ${plat.p.pid}): node ${platformArgv.join(' ')}; baseline pid ${basePid}`);

  // --- same answers? ------------------------------------------------------------------------------------------------
  const requests: CannonRequest[] = picks.flatMap((p) => [{ path: listPath(p.code) }, { path: listPath(p.code, cursors.get(p.code)) }]);
  let sameBytes = true;
  const answers: { path: string; items: number; total: number | null; bytes: number }[] = [];
  for (const r of requests) {
    const a = await httpGet(`http://127.0.0.1:${plat.port}${r.path}`, 30_000);
    const b = await httpGet(`http://127.0.0.1:${basePort}${r.path}`, 30_000);
    if (a.status !== 200 || b.status !== 200) throw new Error(`${r.path}: status platform ${a.status}, baseline ${b.status}: ${a.body.slice(0, 200)} / ${b.body.slice(0, 200)}`);
    const ja = JSON.parse(a.body) as Page;
    if (!isDeepStrictEqual(ja, JSON.parse(b.body))) throw new Error(`baseline answer differs from the platform's for ${r.path}:\nplatform ${a.body.slice(0, 600)}\nbaseline ${b.body.slice(0, 600)}`);
    if (ja.items.length !== LIMIT) throw new Error(`${r.path}: ${ja.items.length} items`);
    sameBytes &&= a.body === b.body;
    answers.push({ path: r.path, items: ja.items.length, total: ja.total, bytes: a.body.length });
  }
  console.log(`responses: ${answers.length} URLs, all deep-equal between platform and baseline (byte-identical: ${sameBytes}); ${answers.map((x) => `${x.bytes} B`).join(', ')}`);

  // --- load --------------------------------------------------------------------------------------------------------------
  console.log(`\nload: autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (discarded) + ${MEASURE_S} s measured, each connection cycling through ${requests.length} URLs`);
  const runs: LoadResult[] = [];
  const o = { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S };
  for (const which of ['baseline', 'platform', 'baseline', 'platform'] as const) {
    const r = which === 'baseline' ? await measure('baseline', { port: basePort, pid: basePid }, ds.db, requests, o) : await measure('platform', { port: plat.port, pid: plat.serverPid }, ds.db, requests, o);
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

  const result = {
    machine: info,
    postgres: ds.pgVersion,
    database: ds.db,
    generation: ds.generation,
    rows,
    categories: byCat,
    measuredCategories: picks,
    sql: captured,
    plans,
    platformServerArgv: platformArgv,
    sameBytes,
    answers,
    settings: { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S, urls: requests.map((r) => r.path), order: 'baseline, platform, baseline, platform' },
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
    pass: valid && ratioOk,
    loadAvgAtEnd: loadAvg(),
  };
  const file = writeResult('public-items', result);

  console.log('\n==================== public-items summary ====================');
  console.log(`PostgreSQL ${ds.pgVersion}, database ${ds.db}; ${ds.generation.summary}`);
  console.log(`transfer_items ${rows.total} rows (${rows.visible} visible); URLs: first and second pages of ${picks.map((p) => p.code).join(', ')}`);
  console.log(`baseline (bare Fastify + pg): ${round(baseRps, 1)} req/s, p99 ${result.baselineP99Ms} ms   [runs: ${runs.filter((r) => r.name === 'baseline').map((r) => `${r.reqPerSec} req/s p99 ${r.p99Ms} ms`).join('; ')}]`);
  console.log(`platform:                     ${round(platRps, 1)} req/s, p99 ${result.platformP99Ms} ms   [runs: ${runs.filter((r) => r.name === 'platform').map((r) => `${r.reqPerSec} req/s p99 ${r.p99Ms} ms`).join('; ')}]`);
  console.log(`platform / baseline: ${round(100 * ratio, 1)} % (pairs: ${pairRatios.join(' %, ')} %)  → target ≥ ${RATIO_TARGET * 100} %: ${ratioOk ? 'PASS' : 'MISS'}`);
  console.log(`platform server VmRSS after the runs: ${mem.rssMb} MB (peak ${mem.hwmMb} MB)`);
  if (!valid) console.log('INVALID RUN: some requests failed (non-2xx, errors or timeouts) — see above');
  console.log(`load average at start / end: ${info.loadAvgAtStart} / ${result.loadAvgAtEnd}`);
  console.log(`details: ${path.relative(ROOT, file)}`);
  return result.pass;
}

runMain(main);
