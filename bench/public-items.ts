// Issue 3 (a), rebuilt for issue 12 §1 — the public item list, GET /api/v1/public/items (no login),
// on 10,000 societies and 200,000 items (src/cli/generate-data.ts), PostgreSQL: the platform against
// the ideal handler.
//
//   npm run bench -- public-items [--quick] [--rounds N] [--connections N] [--profile] [--societies N --items M]
//
//   A  the platform as `npm start` runs it (its own esbuild bundle, ab.ts), asked as the portal asks
//      (src/web/features/portal/portalShared.tsx usePublicList): the first page with
//      `count=estimate`, the next page by nextCursor — for the unfiltered list and six categories
//      (the four with most visible items, a middle one, the smallest with more than a page);
//   A0 the same pages with no count (what the estimate costs);
//   B  the ideal handler (bench/ideal-items-server.ts): bare Fastify + `pg`, one prepared statement per
//      page on the list's partial index, the list view's columns, no count.
// Every answer of A is checked deep-equal to B's (`total` aside); the platform's SQL for one pass of
// the mix is read back from the PostgreSQL log and EXPLAIN ANALYZEd next to the ideal's; rounds
// interleave A, B, A0 (ab.ts), medians over the rounds with their min–max. Target: A within a
// factor of 2 of B (≥ 50 % of its req/s). Exit 1 when missed or a run is invalid. When missed (or
// with --profile): CPU profiles of A and B under the mix and the zod serializer's cost per page.
//
// Until issue 12 the reference was a bare server replaying the platform's own captured SQL (with
// the count on every first page), 70 % target: 96.9 % on 2026-11-29 (RESULTS.md, issue 3).
import { execFileSync } from 'node:child_process';
import { ROOT, loadAvg, machineInfo, memOf, round, runMain, stopGroup, writeResult } from './lib.js';
import { explain, prepareDataset, type CannonRequest } from './dataset.js';
import {
  buildPlatformBundle,
  capturePlatformSql,
  fmtStat,
  getJson,
  interleave,
  planLine,
  printSummary,
  profileServer,
  routeCosts,
  sameAnswers,
  serialisationCost,
  startIdeal,
} from './ab.js';
import { PUBLIC_SQL } from './ideal-items-sql.js';
import { ZPublicItemPage } from '../src/contract/public.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const PROFILE = argv.includes('--profile');
const argNum = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SOCIETIES = argNum('societies', 10_000);
const ITEMS = argNum('items', 200_000);
const ROUNDS = argNum('rounds', QUICK ? 2 : 4);
const CONNECTIONS = argNum('connections', 16);
const WARMUP_S = QUICK ? 2 : 3;
const MEASURE_S = QUICK ? 5 : 10;
const LIMIT = 20;
const TARGET = 0.5;

interface Page {
  items: unknown[];
  nextCursor: string | null;
  total?: number;
  totalEstimated?: boolean;
}
const listPath = (o: { category?: string; cursor?: string; count?: boolean }) =>
  `/api/v1/public/items?limit=${LIMIT}${o.category ? `&categoryCode=${o.category}` : ''}${o.count ? '&count=estimate' : ''}${o.cursor ? `&cursor=${o.cursor}` : ''}`;

async function main(): Promise<boolean> {
  const info = machineInfo();
  console.log(`public-items benchmark — ${info.date}, ${info.cpus} CPU (${info.cpuModel}), node ${info.node}, load avg ${info.loadAvgAtStart}`);
  const srcState = execFileSync('git', ['status', '--short', '--', 'src/server', 'src/domain', 'src/contract'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  console.log(`source: HEAD ${head}${srcState ? `, ${srcState.split('\n').length} uncommitted changes under src/ (other sessions' work in progress)` : ', no uncommitted change under src/'}`);
  const serverArgs = await buildPlatformBundle();
  const ds = await prepareDataset({ label: 'public-items', societies: SOCIETIES, items: ITEMS, dataDirPrefix: 'cj-bench-items-', serverArgs });
  const c = await ds.client();

  // --- categories -------------------------------------------------------------------------------------
  const byCat = (await c.query<{ code: string; n: number }>(`select category_code as code, count(*)::int as n from transfer_items where status <> 'draft' group by 1 order by 2 desc, 1`)).rows;
  const rows = (await c.query<{ total: number; visible: number }>(`select count(*)::int as total, count(*) filter (where status <> 'draft')::int as visible from transfer_items`)).rows[0];
  const picks = [...new Set([0, 1, 2, 3, byCat.length >> 1, byCat.length - 1].filter((i) => i >= 0 && i < byCat.length))].map((i) => byCat[i]).filter((x) => x.n > LIMIT);
  if (!picks.length) throw new Error('no category with more than one page of visible items');
  console.log(`  transfer_items: ${rows.total} rows, ${rows.visible} visible; categories measured: ${picks.map((p) => `${p.code} (${p.n})`).join(', ')}`);

  const plat = await ds.startPlatform('platform');
  const ideal = await startIdeal(ds.env);
  console.log(`platform server pid ${plat.serverPid} (${serverArgs[0]}); ideal pid ${ideal.pid}`);

  // --- the mix: first page (count=estimate), second page; unfiltered and per category --------------------
  const web: string[] = [];
  const noCount: string[] = [];
  const firstPages: { category: string | null; total?: number; totalEstimated: boolean }[] = [];
  for (const category of [undefined, ...picks.map((p) => p.code)]) {
    const first = await getJson(plat.port, listPath({ category, count: true }));
    if (first.status !== 200) throw new Error(`GET ${listPath({ category, count: true })}: ${first.status} ${first.body.slice(0, 300)}`);
    const p1 = first.json as Page;
    if (!p1.nextCursor) throw new Error(`no second page for ${category ?? 'the unfiltered list'}`);
    firstPages.push({ category: category ?? null, total: p1.total, totalEstimated: p1.totalEstimated ?? false });
    web.push(listPath({ category, count: true }), listPath({ category, cursor: p1.nextCursor }));
    noCount.push(listPath({ category }), listPath({ category, cursor: p1.nextCursor }));
  }
  const answers = await sameAnswers(plat.port, ideal.port, [...new Set([...web, ...noCount])]);
  console.log(`first pages' totals (count=estimate): ${firstPages.map((f) => `${f.category ?? 'all'} ${f.total}${f.totalEstimated ? ' (estimated)' : ' (exact)'}`).join(', ')}`);
  console.log(`answers: ${answers.length} URLs, all deep-equal to the ideal's (total aside); ${answers.map((a) => `${a.a} B`).join(', ')}`);

  // --- SQL ---------------------------------------------------------------------------------------------------
  const sqlA = await capturePlatformSql(ds, c, web);
  console.log(`platform: ${sqlA.perRequest} statements per request over the web mix (ideal: 1 — the page)`);
  for (const p of sqlA.plans) console.log(`  platform SQL ${p.medianExecMs ?? '–'} ms: ${p.sql.slice(0, 160)}…\n      ${planLine(p.plan).slice(0, 500)}`);
  const top = picks[0].code;
  const small = picks[picks.length - 1].code;
  const idealPlans = {
    first: await explain(c, PUBLIC_SQL(false, false), [LIMIT + 1]),
    catFirstTop: await explain(c, PUBLIC_SQL(true, false), [LIMIT + 1, top]),
    catFirstSmall: await explain(c, PUBLIC_SQL(true, false), [LIMIT + 1, small]),
  };
  for (const [k, p] of Object.entries(idealPlans)) console.log(`  ideal ${k} ${p.medianExecMs} ms: ${planLine(p.plan).slice(0, 500)}`);

  // --- load --------------------------------------------------------------------------------------------------
  const req = (paths: string[]): CannonRequest[] => paths.map((p) => ({ path: p }));
  const o = { rounds: ROUNDS, connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S };
  const { runs, summary } = await interleave('public item list', ds.db, [
    { name: 'A platform (web mix)', port: plat.port, pid: plat.serverPid, requests: req(web) },
    { name: 'B ideal', port: ideal.port, pid: ideal.pid, requests: req(web) },
    { name: 'A0 platform (no count)', port: plat.port, pid: plat.serverPid, requests: req(noCount) },
  ], o);
  printSummary('public item list', summary, 'B ideal');
  const [a, b, a0] = summary;
  const ratio = a.reqPerSec.median / b.reqPerSec.median;
  const valid = summary.every((s) => !s.invalid);
  const pass = valid && ratio >= TARGET;
  const mem = memOf(plat.serverPid);

  let diagnostics: Record<string, unknown> | null = null;
  if (PROFILE || !pass) {
    console.log('\ndiagnostics: the web mix under a CPU profiler (main thread), one server at a time');
    const page = (await getJson(plat.port, web[1])).json;
    const serialisation = await serialisationCost(ZPublicItemPage, page);
    console.log(`  one page of ${LIMIT} items: zod response serializer ${serialisation.zodSerializerUs} µs, JSON.stringify alone ${serialisation.jsonStringifyUs} µs`);
    await stopGroup(plat.p);
    await stopGroup(ideal.p);
    const po = { connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S };
    const costs = await routeCosts(ds.env, { web, noCount });
    diagnostics = {
      serialisation,
      costs,
      platform: await profileServer('platform (web mix)', serverArgs, ds.env, req(web), po),
      platformNoCount: await profileServer('platform (no count)', serverArgs, ds.env, req(noCount), po),
      ideal: await profileServer('ideal', ['--import', 'tsx', 'bench/ideal-items-server.ts'], ds.env, req(web), po),
    };
  }

  const result = {
    machine: info,
    postgres: ds.pgVersion,
    database: ds.db,
    source: { head, uncommittedUnderSrc: srcState },
    generation: ds.generation,
    rows,
    categories: byCat,
    measuredCategories: picks,
    settings: { rounds: ROUNDS, connections: CONNECTIONS, warmupS: WARMUP_S, measureS: MEASURE_S, limit: LIMIT, targetPct: 100 * TARGET, mix: { web, noCount } },
    firstPages,
    answers,
    platformSql: sqlA,
    idealPlans,
    runs,
    summary,
    ratioPct: round(100 * ratio, 1),
    platformRss: mem,
    diagnostics,
    valid,
    pass,
    loadAvgAtEnd: loadAvg(),
  };
  const file = writeResult('public-items', result);
  console.log('\n==================== public-items summary ====================');
  console.log(`PostgreSQL ${ds.pgVersion}; ${ds.generation.summary}`);
  console.log(`A platform (web mix) ${fmtStat(a.reqPerSec)} req/s, p50 ${fmtStat(a.p50Ms)} ms, p99 ${fmtStat(a.p99Ms)} ms, CPU ${a.serverCpuMsPerReq.median} + PG ${a.pgCpuMsPerReq.median} ms/req`);
  console.log(`B ideal              ${fmtStat(b.reqPerSec)} req/s, p50 ${fmtStat(b.p50Ms)} ms, p99 ${fmtStat(b.p99Ms)} ms, CPU ${b.serverCpuMsPerReq.median} + PG ${b.pgCpuMsPerReq.median} ms/req`);
  console.log(`A0 platform (no count) ${fmtStat(a0.reqPerSec)} req/s, p99 ${fmtStat(a0.p99Ms)} ms, CPU ${a0.serverCpuMsPerReq.median} + PG ${a0.pgCpuMsPerReq.median} ms/req`);
  console.log(`A / B = ${round(100 * ratio, 1)} % (target ≥ ${100 * TARGET} %): ${pass ? 'PASS' : 'MISS'}${valid ? '' : ' (invalid runs)'}`);
  console.log(`platform RSS after the runs ${mem.rssMb} MB (peak ${mem.hwmMb} MB); load average at start / end ${info.loadAvgAtStart} / ${loadAvg()}`);
  console.log(`written to ${file}`);
  return pass;
}

runMain(main);
