// Issue 3, figure (b) — full-text search GET /api/v1/public/search?q=<word> on 10,000 societies and
// 200,000 items: p99 under 50 ms at 16 connections.
//
//   npx tsx bench/search.ts            (or: npm run bench -- search)
//   options: --quick (3 s warm-up + 5 s)  --societies N --items M (default 10000 / 200000)
//
// 1. bench/dataset.ts: fresh database cj_bench_<hex>, first platform start (migrate + demo seed),
//    src/cli/generate-data.ts (timed), ANALYZE.
// 2. With log_statement = 'all' on a platform started only for the capture: one search per word;
//    the statements (items, catalogue entries, projects) and their tsquery parameters are read back
//    from the PostgreSQL log. For each word: how many visible items match, and EXPLAIN ANALYZE of
//    the captured item statement (median of 5 executions).
// 3. The measured platform (`node scripts/start.mjs`) runs with TRUST_PROXY=1 and every request in
//    the mix carries its own X-Forwarded-For address, so the load stands for many visitors behind a
//    reverse proxy, not one client (the search route itself has no rate limit today).
// 4. Per-word latency, one connection, 20 requests per word after 3 warm-up requests.
// 5. autocannon, 16 connections, every connection cycling through the same list (20 words × 25
//    addresses), 10 s warm-up (discarded) + 20 s measured. Reports p50/p90/p99/max and req/s.
// Exit code 1 when p99 ≥ 50 ms or the run is invalid (errors / non-2xx answers).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT, httpGet, loadAvg, machineInfo, memOf, round, runMain, sleep, writeResult } from './lib.js';
import { explain, measure, prepareDataset, printLoad, readLoggedStatements, type CannonRequest, type LoggedStatement } from './dataset.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const argNum = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SOCIETIES = argNum('societies', 10_000);
const ITEMS = argNum('items', 200_000);
const CONNECTIONS = 16;
const WARMUP_S = QUICK ? 3 : 10;
const MEASURE_S = QUICK ? 5 : 20;
const P99_TARGET_MS = 50;
const ADDRESSES = 25;

// Common words (in a large share of the items), selective ones, rare ones, and one without a match.
const WORDS = [
  '评估',
  '团体标准',
  '咨询',
  '新能源汽车',
  '职业资格',
  '考务',
  '继续教育',
  '机器人',
  '物联网',
  '中医药',
  '3D打印',
  '重点实验室',
  '乡村振兴',
  '院士',
  '动力电池',
  '区块链',
  '海洋牧场',
  '盐碱地',
  '脑机接口',
  '航天器',
];
const searchPath = (w: string) => `/api/v1/public/search?q=${encodeURIComponent(w)}`;
const xff = (i: number) => ({ 'x-forwarded-for': `10.${20 + Math.floor(i / 250)}.${Math.floor(i / 10) % 25}.${(i % 10) + 1}` });

interface WordInfo {
  word: string;
  tsquery: string | null;
  matchingItems: number;
  answered: number;
  itemExecMs: number | null;
  itemPlanTop: string | null;
  seqMedianMs?: number;
  seqMaxMs?: number;
}

async function main(): Promise<boolean> {
  const info = machineInfo();
  console.log(`search benchmark — ${info.date}, ${info.cpus} CPU (${info.cpuModel}), node ${info.node}, load avg ${info.loadAvgAtStart}`);
  const ds = await prepareDataset({ label: 'search', societies: SOCIETIES, items: ITEMS, dataDirPrefix: 'cj-bench-search-' });
  const c = await ds.client();

  // --- capture the SQL ---------------------------------------------------------------------------------
  const answered = new Map<string, number>();
  const perWord = new Map<string, LoggedStatement[]>();
  const cap = await ds.captureSql(async (port) => {
    for (const w of WORDS) {
      const { logFile } = ds;
      const offset = logFile ? fs.statSync(logFile).size : 0;
      const r = await httpGet(`http://127.0.0.1:${port}${searchPath(w)}`, 30_000);
      if (r.status !== 200) throw new Error(`platform answered ${r.status} for ${w}: ${r.body.slice(0, 300)}`);
      answered.set(w, (JSON.parse(r.body) as { items: unknown[] }).items.length);
      if (logFile) {
        await sleep(300);
        perWord.set(w, readLoggedStatements(logFile, offset, ds.db));
      }
    }
  });
  if (!cap.statements.length) throw new Error(`could not capture the SQL: ${cap.source}`);
  const itemStmt = (w: string) => perWord.get(w)?.find((s) => /from "transfer_items"/.test(s.sql) && s.sql.includes('@@'));
  const sample = itemStmt('机器人') ?? itemStmt(WORDS[0]);
  if (!sample) throw new Error(`no item search statement in the log:\n${cap.statements.map((s) => s.sql).join('\n')}`);
  console.log(`SQL source: ${cap.source}`);
  for (const s of perWord.get('机器人') ?? []) console.log(`  [${s.name || 'unnamed'}] ${s.sql}\n      parameters: ${JSON.stringify(s.params)}`);

  // --- per word: selectivity and the item statement in PostgreSQL ---------------------------------------------
  const tsParamIndex = sample.params.findIndex((p) => p !== null && /'/.test(p));
  const words: WordInfo[] = [];
  for (const w of WORDS) {
    const st = itemStmt(w);
    const tsquery = st && tsParamIndex >= 0 ? st.params[tsParamIndex] : null;
    const matching = tsquery
      ? (await c.query<{ n: number }>(`select count(*)::int as n from transfer_items where status <> 'draft' and search @@ to_tsquery('simple', $1)`, [tsquery])).rows[0].n
      : 0;
    const ex = st ? await explain(c, st.sql, st.params, 5) : null;
    words.push({
      word: w,
      tsquery,
      matchingItems: matching,
      answered: answered.get(w) ?? 0,
      itemExecMs: ex?.medianExecMs ?? null,
      itemPlanTop: ex ? ex.plan.filter((l) => /->|^\S/.test(l) && !/^(Planning|Execution)/.test(l)).slice(0, 4).map((l) => l.trim().replace(/\s+\(cost=.*$/, '')).join(' / ') : null,
    });
    if (ex) (words[words.length - 1] as WordInfo & { plan?: string[] }).plan = ex.plan;
  }
  console.log('  word              tsquery                               matching items   item SQL exec (median)   plan');
  for (const x of words) console.log(`  ${x.word.padEnd(14)} ${String(x.tsquery).padEnd(38)} ${String(x.matchingItems).padStart(8)}   ${String(x.itemExecMs).padStart(8)} ms   ${x.itemPlanTop}`);
  const slowest = [...words].sort((a, b) => (b.itemExecMs ?? 0) - (a.itemExecMs ?? 0)).slice(0, 2);
  for (const x of slowest) console.log(`\n  plan for "${x.word}" (${x.itemExecMs} ms):\n    ${((x as WordInfo & { plan?: string[] }).plan ?? []).join('\n    ')}`);

  // --- the measured platform ------------------------------------------------------------------------------
  const plat = await ds.startPlatform('platform', undefined, { TRUST_PROXY: '1' });
  // per-word latency, one connection at a time
  let k = 0;
  for (const x of words) {
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t = performance.now();
      const r = await new Promise<{ status: number }>((resolve, reject) => {
        const req = http.get(`http://127.0.0.1:${plat.port}${searchPath(x.word)}`, { headers: xff(k++) }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        });
        req.on('error', reject);
      });
      if (r.status !== 200) throw new Error(`search "${x.word}" answered ${r.status}`);
      if (i >= 3) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    x.seqMedianMs = round(times[times.length >> 1], 1);
    x.seqMaxMs = round(times[times.length - 1], 1);
  }
  console.log(`\nper-word latency, one connection (median / max of 20): ${words.map((x) => `${x.word} ${x.seqMedianMs}/${x.seqMaxMs}`).join(', ')} ms`);

  // --- load -------------------------------------------------------------------------------------------------------
  const requests: CannonRequest[] = [];
  for (let i = 0; i < WORDS.length * ADDRESSES; i++) requests.push({ path: searchPath(WORDS[i % WORDS.length]), headers: xff(i) });
  console.log(`\nload: autocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (discarded) + ${MEASURE_S} s measured, ${WORDS.length} words × ${ADDRESSES} X-Forwarded-For addresses`);
  const run = await measure('platform', { port: plat.port, pid: plat.serverPid }, ds.db, requests, { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S });
  printLoad(run);
  const mem = memOf(plat.serverPid);
  const valid = run.non2xx === 0 && run.errors === 0 && run.timeouts === 0 && run.requests > 0;
  const ok = run.p99Ms < P99_TARGET_MS;

  const result = {
    machine: info,
    postgres: ds.pgVersion,
    database: ds.db,
    generation: ds.generation,
    sqlSource: cap.source,
    statements: perWord.get('机器人') ?? [],
    words,
    settings: { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S, words: WORDS, addresses: ADDRESSES, trustProxy: true },
    run,
    platformRss: mem,
    valid,
    pass: valid && ok,
    loadAvgAtEnd: loadAvg(),
  };
  const file = writeResult('search', result);
  console.log('\n==================== search summary ====================');
  console.log(`PostgreSQL ${ds.pgVersion}, database ${ds.db}; ${ds.generation.summary}`);
  console.log(`GET /api/v1/public/search?q=<one of ${WORDS.length} words>, ${CONNECTIONS} connections, ${MEASURE_S} s: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p90 ${run.p90Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms`);
  console.log(`p99 → target < ${P99_TARGET_MS} ms: ${ok ? 'PASS' : 'MISS'}; platform server VmRSS ${mem.rssMb} MB (peak ${mem.hwmMb} MB)`);
  if (!valid) console.log('INVALID RUN: some requests failed (non-2xx, errors or timeouts) — see above');
  console.log(`load average at start / end: ${info.loadAvgAtStart} / ${result.loadAvgAtEnd}`);
  console.log(`details: ${path.relative(ROOT, file)}`);
  return result.pass;
}

runMain(main);
