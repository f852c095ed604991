// Issue 14 §3 (PUB-3), the figure "an open-data feed streams 100,000 records at ≥ 20,000 records/s with
// server memory under 300 MB": the open-data item feed on PostgreSQL, through the real server, against
// the ideal handler.
//
//   npm run bench -- opendata-feed [--quick] [--rounds N] [--items N] [--concurrent N]
//
// Data: a fresh database cj_bench_<hex> on 127.0.0.1:5432 (created and dropped here), migrated and
// demo-seeded by the platform's first start (bench/dataset.ts, its volume step asked for nothing),
// then --items transfer items written by one INSERT … SELECT FROM generate_series (a few seconds;
// src/cli/generate-data.ts takes 40 minutes for 110,000 on a loaded machine, tokenising the text for
// the search column, which no feed reads): the preset-001 programme of the province, its departments
// and category codes, generate-data's status weights (≈ 97 % public: published, relayed, …,
// withdrawn with a reason), titles and 150–400-character descriptions drawn from word lists,
// budgets, periods, publication times over the past year. Default 110,000: the feed holds > 100,000.
//
//   A  the platform as `npm start` runs it (its own esbuild bundle, ab.ts), a child process whose
//      RSS is sampled from /proc every 20 ms and whose CPU is read from /proc;
//   B  the ideal handler (bench/ideal-opendata-server.ts, bundled the same way): bare Fastify + pg, the
//      whole CSV through one server-side cursor, each JSON page one prepared keyset statement and one
//      JSON.stringify, no version query, no schema.
// Three ways of reading the whole feed, each a "run": the CSV download (one request); the JSON pages at
// limit=1000 (walking nextCursor); the JSON pages at the default limit=100. Before measuring, the two
// CSV files are checked byte for byte (SHA-256), the CSV parsed back to the public row count, a JSON
// page compared field for field, and A's 304 checked. Rounds interleave A and B (A B, B A, …): medians
// over the rounds with min–max, records/s, the server's CPU per request and per 1,000 records,
// PostgreSQL's CPU, the server's peak RSS during the run. Then --concurrent CSV downloads at once
// (memory under concurrency). Target: A ≥ 20,000 records/s for the CSV and the 1000-record pages,
// A's peak RSS < 300 MB throughout. Exit 1 when missed. A' is the same bundle with V8's allocation-site
// pretenuring left on (V8_PRETENURING=on; the platform turns it off: src/server/platform/v8-flags.ts),
// measured alongside: RESULTS.md explains why.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { ROOT, cpuByPidMatching, cpuDelta, cpuMsOf, findServerPid, freePort, loadAvg, machineInfo, median, memOf, nowMs, onCleanup, round, runMain, spawnGroup, waitHealthy, writeResult } from './lib.js';
import { prepareDataset } from './dataset.js';
import { buildPlatformBundle } from './ab.js';
import { parseCsv } from '../src/server/modules/opendata/csv.js';
import { flattenCategories } from '../src/domain/transfer/transfer.types.js';
import type { Category } from '../src/domain/programme/programme.types.js';
import type pg from 'pg';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const argNum = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const ITEMS = argNum('items', QUICK ? 30_000 : 110_000);
const ROUNDS = argNum('rounds', QUICK ? 2 : 4);
const CONCURRENT = argNum('concurrent', 4);
const TARGET_RPS = 20_000;
const TARGET_RSS_MB = 300;
const FEED = '/api/v1/public/open-data/items';

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** The ideal handler bundled as the platform is (esbuild, no keepNames): under tsx every named arrow function would pay `__name()`. */
async function buildIdealBundle(): Promise<string> {
  const outdir = path.join(ROOT, 'dist', `bench-${crypto.randomBytes(4).toString('hex')}`);
  onCleanup(() => fs.rmSync(outdir, { recursive: true, force: true }));
  await build({
    entryPoints: { ideal: path.join(ROOT, 'bench/ideal-opendata-server.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return path.join(outdir, 'ideal.mjs');
}

/** The items of the feed, written by SQL (see the header). */
async function generateItems(c: pg.Client, n: number) {
  const prog = (
    await c.query<{ id: string; association_id: string; path: string; categories: Category[] }>(
      `select p.id, p.association_id, o.path, p.categories from programmes p join organisations o on o.id = p.association_id
        where p.preset_code = '001' and p.status = 'published' and p.kind = 'transferPilot' order by p.created_at limit 1`,
    )
  ).rows[0];
  if (!prog) throw new Error('no published preset-001 programme: the demo seed is incomplete');
  const depts = (await c.query<{ id: string }>(`select id from organisations where type = 'department' and is_active and parent_id = $1 order by name`, [prog.association_id])).rows.map((r) => r.id);
  const cats = [...flattenCategories(prog.categories).keys()];
  const places = ['全省', '省级', '重点产业链', '县域', '沿黄地区', '半岛城市群', '重点实验室', '高新区', '创新平台', '中小企业'];
  const topics = ['科技评估', '团体标准研制', '人才评价', '科普服务', '决策咨询', '成果转化评估', '技术培训', '学术交流', '职业资格考务', '质量认证'];
  const kinds = ['服务', '项目', '工作', '专项评估', '调查研究', '能力建设'];
  const phrases = [
    '围绕全省科技创新工作部署，委托具备相应能力的学会承担有关工作，形成评估报告和改进建议',
    '对相关单位的运行情况、科研产出、开放共享和人才培养进行综合评价，提出分类指导意见',
    '按照“政府主导、科协主动、规则公开、严格监督”的要求，明确工作目标、组织方式和保障措施',
    '组织专家开展现场考察、资料审核和问卷调查，形成数据分析、典型案例和政策建议',
    '建立健全工作标准和质量控制机制，确保工作过程公开透明、结果客观公正、可追溯',
    '面向企业、高校和科研院所征集需求，编制年度工作方案并报委托部门审定后实施',
    '开展宣传培训，总结可复制、可推广的经验做法，为深化科技体制改革提供参考',
    '涉及“=公式”、“+1”、“-2”等特殊写法的内容，按原样记录',
  ];
  await c.query(
    `insert into transfer_items (programme_id, department_id, association_id, association_path, title, category_code, description, legal_basis,
        commissioning_mode, budget_fen, expected_period, required_qualifications, status, revision, published_at, withdrawn_at, withdraw_reason,
        declaration_deadline, version, created_at, updated_at)
     select $1, ($2::uuid[])[1 + g % cardinality($2::uuid[])], $3, $4,
            ($6::text[])[1 + (g * 7) % cardinality($6::text[])] || ($7::text[])[1 + (g * 13) % cardinality($7::text[])] || ($8::text[])[1 + (g * 3) % cardinality($8::text[])] || '（第 ' || g || ' 号）',
            ($5::text[])[1 + (g * 11) % cardinality($5::text[])],
            ($9::text[])[1 + g % 8] || '；' || ($9::text[])[1 + (g * 5) % 8] || '。' || case when g % 3 = 0 then ($9::text[])[1 + (g * 7) % 8] || '，' || ($9::text[])[1 + (g * 3) % 8] || '。' else '' end,
            case when g % 4 = 0 then null else '《中共中央办公厅 国务院办公厅关于印发〈科协系统深化改革实施方案〉的通知》（中办发〔2016〕21号）' end,
            case when g % 5 = 0 then 'serviceProcurement' else 'authorisedCommission' end,
            case when g % 6 = 0 then null else (50000 + (g * 7919) % 950000) * 100 end,
            case when g % 7 = 0 then null else (3 + g % 10) || '个月' end,
            case when g % 2 = 0 then '具有相关领域专家库和同类工作经验，近三年无不良记录' else null end,
            st.status, case when st.status = 'draft' then 0 when st.status = 'withdrawn' then 2 else 1 end,
            case when st.status = 'draft' then null else pub end,
            case when st.status = 'withdrawn' then pub + interval '3 days' end,
            case when st.status = 'withdrawn' then '该事项并入其他事项统一实施' end,
            case when st.status in ('relayed', 'countersigning', 'approving', 'selecting', 'assigned') then pub + interval '30 days' end,
            1 + g % 5, pub - interval '1 day', case when st.status = 'withdrawn' then pub + interval '3 days' else pub end
       from generate_series(1, $10::int) g
       cross join lateral (select now() - ((g::bigint * 7919) % 525600) * interval '1 minute' - (g % 1000) * interval '1 millisecond' as pub) p
       cross join lateral (select case when g % 100 < 3 then 'draft' when g % 100 < 36 then 'published' when g % 100 < 66 then 'relayed'
                                       when g % 100 < 70 then 'countersigning' when g % 100 < 73 then 'approving' when g % 100 < 76 then 'selecting'
                                       when g % 100 < 90 then 'assigned' else 'withdrawn' end as status) st`,
    [prog.id, depts, prog.association_id, prog.path, cats, places, topics, kinds, phrases, n],
  );
  await c.query('vacuum analyze transfer_items');
}

/** GET, the body consumed as it arrives: its size, its SHA-256 when asked, its text when asked. */
function get(port: number, path: string, opts: { hash?: boolean; text?: boolean; headers?: Record<string, string> } = {}): Promise<{ status: number; bytes: number; sha256?: string; text?: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: opts.headers }, (res) => {
      const h = opts.hash ? crypto.createHash('sha256') : null;
      const parts: Buffer[] = [];
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
        h?.update(d);
        if (opts.text) parts.push(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, sha256: h?.digest('hex'), text: opts.text ? Buffer.concat(parts).toString('utf8') : undefined, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The cursor at the end of a page (the last key of the answer), without parsing the page. */
const nextCursorOf = (text: string): string | null => text.slice(-400).match(/"nextCursor":(null|"([^"]+)")\}$/)?.[2] ?? null;
const itemsIn = (text: string) => (text.match(/"publishedAt":/g) ?? []).length;

interface Run {
  name: string;
  mode: string;
  wallMs: number;
  records: number;
  requests: number;
  bytes: number;
  recordsPerSec: number;
  serverCpuMs: number;
  serverCpuMsPerRequest: number;
  serverCpuMsPer1000: number;
  pgCpuMsPer1000: number;
  peakRssMb: number;
}

async function measured(name: string, mode: string, pid: number, db: string, work: () => Promise<{ records: number; requests: number; bytes: number }>): Promise<Run> {
  const pgNeedle = `postgres ${db} `;
  let peak = memOf(pid).rssMb;
  const timer = setInterval(() => (peak = Math.max(peak, memOf(pid).rssMb)), 20);
  const c0 = cpuMsOf(pid);
  const p0 = cpuByPidMatching(pgNeedle);
  const t0 = nowMs();
  const w = await work();
  const wallMs = nowMs() - t0;
  clearInterval(timer);
  peak = Math.max(peak, memOf(pid).rssMb);
  const cpu = cpuMsOf(pid) - c0;
  const pgCpu = cpuDelta(p0, cpuByPidMatching(pgNeedle));
  const r: Run = {
    name,
    mode,
    wallMs: round(wallMs),
    ...w,
    recordsPerSec: round((w.records / wallMs) * 1000),
    serverCpuMs: round(cpu),
    serverCpuMsPerRequest: round(cpu / w.requests, 2),
    serverCpuMsPer1000: round((cpu / w.records) * 1000, 2),
    pgCpuMsPer1000: round((pgCpu / w.records) * 1000, 2),
    peakRssMb: peak,
  };
  console.log(
    `  ${name.padEnd(12)} ${mode.padEnd(10)} ${String(r.records).padStart(7)} records in ${String(r.wallMs).padStart(6)} ms = ${String(r.recordsPerSec).padStart(7)} rec/s; ` +
      `${r.requests} req, server CPU ${r.serverCpuMsPerRequest} ms/req (${r.serverCpuMsPer1000} ms/1000 rec), PG CPU ${r.pgCpuMsPer1000} ms/1000 rec, peak RSS ${r.peakRssMb} MB`,
  );
  return r;
}

const csvRun = (port: number) => async () => {
  const r = await get(port, `${FEED}.csv`);
  if (r.status !== 200) throw new Error(`CSV: ${r.status}`);
  return { records: -1, requests: 1, bytes: r.bytes };
};
const jsonWalk = (port: number, limit: number) => async () => {
  let cursor: string | null = null;
  let records = 0;
  let requests = 0;
  let bytes = 0;
  do {
    const r = await get(port, `${FEED}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { text: true });
    if (r.status !== 200) throw new Error(`JSON page: ${r.status} ${r.text?.slice(0, 300)}`);
    requests++;
    bytes += r.bytes;
    records += itemsIn(r.text!);
    cursor = nextCursorOf(r.text!);
  } while (cursor);
  return { records, requests, bytes };
};

const stat = (xs: number[], d = 0) => ({ median: round(median(xs), d), min: round(Math.min(...xs), d), max: round(Math.max(...xs), d) });
const fmt = (s: { median: number; min: number; max: number }) => `${s.median} (${s.min}–${s.max})`;

async function main(): Promise<boolean> {
  const info = machineInfo();
  console.log(`opendata-feed benchmark — ${info.date}, ${info.cpus} CPU (${info.cpuModel}), node ${info.node}, load avg ${info.loadAvgAtStart}`);
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const serverArgs = await buildPlatformBundle();
  const ds = await prepareDataset({ label: 'opendata-feed', societies: 0, items: 0, dataDirPrefix: 'cj-bench-opendata-', serverArgs });
  const c = await ds.client();
  const tg = nowMs();
  await generateItems(c, ITEMS);
  console.log(`  ${ITEMS} items written in ${round((nowMs() - tg) / 1000, 1)} s`);
  const visible = (await c.query<{ n: number }>(`select count(*)::int as n from transfer_items where status <> 'draft'`)).rows[0].n;
  console.log(`  transfer_items: ${visible} public records in the feed`);

  const plat = await ds.startPlatform('platform');
  // the same bundle with V8's allocation-site pretenuring left on (see RESULTS.md: what the memory depends on)
  const platNp = await ds.startPlatform('platform (pretenuring on)', serverArgs, { V8_PRETENURING: 'on' });
  const idealPort = await freePort();
  const idealP = spawnGroup('ideal', process.execPath, [await buildIdealBundle()], { env: { ...ds.env, PORT: String(idealPort) } });
  await waitHealthy(`http://127.0.0.1:${idealPort}/api/v1/health`, idealP, 60_000, 100);
  const ideal = { port: idealPort, pid: await findServerPid(idealP.pid, idealPort) };
  console.log(`platform server pid ${plat.serverPid}, RSS after start ${memOf(plat.serverPid).rssMb} MB; with pretenuring pid ${platNp.serverPid} (${memOf(platNp.serverPid).rssMb} MB); ideal pid ${ideal.pid}`);

  // --- the answers are the same ----------------------------------------------------------------------
  const a = await get(plat.port, `${FEED}.csv`, { hash: true, text: true });
  const b = await get(ideal.port, `${FEED}.csv`, { hash: true });
  const rows = parseCsv(a.text!).length - 1;
  if (rows !== visible) throw new Error(`the platform's CSV has ${rows} records, the feed ${visible}`);
  if (a.sha256 !== b.sha256) throw new Error(`the CSV files differ: platform ${a.sha256} (${a.bytes} B), ideal ${b.sha256} (${b.bytes} B)`);
  const pa = await get(plat.port, `${FEED}?limit=1000`, { text: true });
  const pb = await get(ideal.port, `${FEED}?limit=1000`, { text: true });
  const cursor = nextCursorOf(pa.text!);
  const pa2 = await get(plat.port, `${FEED}?limit=1000&cursor=${cursor}`, { text: true });
  const pb2 = await get(ideal.port, `${FEED}?limit=1000&cursor=${cursor}`, { text: true });
  for (const [x, y] of [
    [pa, pb],
    [pa2, pb2],
  ] as const) {
    if (JSON.stringify(JSON.parse(x.text!)) !== JSON.stringify(JSON.parse(y.text!))) throw new Error('a JSON page differs between the platform and the ideal handler');
  }
  const etag = String(pa.headers.etag);
  const nm = await get(plat.port, `${FEED}?limit=1000`, { headers: { 'if-none-match': etag } });
  if (nm.status !== 304) throw new Error(`If-None-Match: ${nm.status}, not 304`);
  const t304 = nowMs();
  for (let i = 0; i < 200; i++) await get(plat.port, `${FEED}.csv`, { headers: { 'if-none-match': String(a.headers.etag) } });
  const ms304 = round((nowMs() - t304) / 200, 2);
  console.log(`answers: CSV identical (${round(a.bytes / 2 ** 20, 1)} MiB, ${rows} records, sha256 ${a.sha256?.slice(0, 16)}…); JSON pages 1 and 2 identical; 304 on If-None-Match, ${ms304} ms per 304 (the version query)`);

  // --- rounds: A B, B A, … -----------------------------------------------------------------------------
  const runs: Run[] = [];
  const targets = [
    { name: 'A platform', port: plat.port, pid: plat.serverPid },
    { name: "A' pretenuring", port: platNp.port, pid: platNp.serverPid },
    { name: 'B ideal', port: ideal.port, pid: ideal.pid },
  ];
  const modes = [
    { mode: 'csv', work: (p: number) => csvRun(p) },
    { mode: 'json-1000', work: (p: number) => jsonWalk(p, 1000) },
    { mode: 'json-100', work: (p: number) => jsonWalk(p, 100) },
  ];
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    console.log(`round ${round_ + 1}/${ROUNDS} (load ${loadAvg()})`);
    const order = round_ % 2 ? [...targets].reverse() : targets; // A A' B, B A' A, …
    for (const m of modes) {
      for (const t of order) {
        const r = await measured(t.name, m.mode, t.pid, ds.db, async () => {
          const w = await m.work(t.port)();
          return { ...w, records: w.records < 0 ? visible : w.records };
        });
        if (r.records !== visible) throw new Error(`${t.name} ${m.mode}: ${r.records} records, the feed holds ${visible}`);
        runs.push(r);
      }
    }
  }

  // --- concurrent CSV downloads: memory under load ------------------------------------------------------
  const concurrent: Run[] = [];
  for (const t of targets) {
    concurrent.push(
      await measured(t.name, `csv ×${CONCURRENT}`, t.pid, ds.db, async () => {
        const all = await Promise.all(Array.from({ length: CONCURRENT }, () => get(t.port, `${FEED}.csv`)));
        return { records: visible * CONCURRENT, requests: CONCURRENT, bytes: all.reduce((s, r) => s + r.bytes, 0) };
      }),
    );
  }

  const summary = targets.flatMap((t) =>
    modes.map((m) => {
      const rs = runs.filter((r) => r.name === t.name && r.mode === m.mode);
      return {
        name: t.name,
        mode: m.mode,
        rounds: rs.length,
        recordsPerSec: stat(rs.map((r) => r.recordsPerSec)),
        wallMs: stat(rs.map((r) => r.wallMs)),
        serverCpuMsPerRequest: stat(rs.map((r) => r.serverCpuMsPerRequest), 2),
        serverCpuMsPer1000: stat(rs.map((r) => r.serverCpuMsPer1000), 2),
        pgCpuMsPer1000: stat(rs.map((r) => r.pgCpuMsPer1000), 2),
        peakRssMb: stat(rs.map((r) => r.peakRssMb), 1),
      };
    }),
  );
  const of = (name: string, mode: string) => summary.find((s) => s.name === name && s.mode === mode)!;
  const peakA = Math.max(...runs.filter((r) => r.name === 'A platform').map((r) => r.peakRssMb), concurrent[0].peakRssMb, memOf(plat.serverPid).hwmMb);
  const pass = of('A platform', 'csv').recordsPerSec.median >= TARGET_RPS && of('A platform', 'json-1000').recordsPerSec.median >= TARGET_RPS && peakA < TARGET_RSS_MB;

  console.log('\n==================== opendata-feed summary ====================');
  console.log(`PostgreSQL ${ds.pgVersion}; ${visible} public records of ${ITEMS} items; ${ROUNDS} rounds; load average ${info.loadAvgAtStart} → ${loadAvg()}`);
  for (const s of summary)
    console.log(
      `${s.name.padEnd(11)} ${s.mode.padEnd(9)} ${fmt(s.recordsPerSec)} rec/s; server CPU ${fmt(s.serverCpuMsPerRequest)} ms/req, ${fmt(s.serverCpuMsPer1000)} ms/1000 rec; PG ${fmt(s.pgCpuMsPer1000)} ms/1000 rec; peak RSS ${fmt(s.peakRssMb)} MB`,
    );
  for (const r of concurrent) console.log(`${r.name.padEnd(11)} ${r.mode} ${r.recordsPerSec} rec/s in total, peak RSS ${r.peakRssMb} MB`);
  for (const m of modes) console.log(`A / B ${m.mode}: ${round((100 * of('A platform', m.mode).recordsPerSec.median) / of('B ideal', m.mode).recordsPerSec.median, 1)} %; A' / B ${round((100 * of("A' pretenuring", m.mode).recordsPerSec.median) / of('B ideal', m.mode).recordsPerSec.median, 1)} %`);
  console.log(`peak RSS over the whole run (VmHWM): platform ${memOf(plat.serverPid).hwmMb} MB, with pretenuring ${memOf(platNp.serverPid).hwmMb} MB; target ≥ ${TARGET_RPS} rec/s (CSV, JSON 1000) and RSS < ${TARGET_RSS_MB} MB: ${pass ? 'PASS' : 'MISS'}`);

  const file = writeResult('opendata-feed', {
    machine: info,
    postgres: ds.pgVersion,
    database: ds.db,
    source: { head },
    generation: ds.generation,
    visible,
    csv: { bytes: a.bytes, sha256: a.sha256 },
    ms304,
    settings: { rounds: ROUNDS, concurrent: CONCURRENT, targetRps: TARGET_RPS, targetRssMb: TARGET_RSS_MB },
    runs,
    concurrent,
    summary,
    platformHwmMb: memOf(plat.serverPid).hwmMb,
    platformPretenuringHwmMb: memOf(platNp.serverPid).hwmMb,
    pass,
    loadAvgAtEnd: loadAvg(),
  });
  console.log(`written to ${file}`);
  return pass;
}

runMain(main);
