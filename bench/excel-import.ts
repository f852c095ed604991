// Issue 3, figure (c) — Excel import of 10,000 rows under 10 s, with the server's memory under 500 MB.
//
//   npx tsx bench/excel-import.ts            (or: npm run bench -- excel-import)
//   options: --rows N (default 10000)  --runs N (default 3)  --driver pglite|postgres|both (default both)
//
// For each driver: the platform started as `npm start` starts it (scripts/start.mjs; PGlite in a fresh
// data directory, or a fresh PostgreSQL database cj_bench_<hex>), migrated and demo-seeded by its
// first start, then stopped and started again (the measured process). As kjt.user (山东省科学技术厅) the bench downloads the programme's own template
// (GET /api/v1/programmes/:id/items/template), fills N rows with varied Chinese titles, descriptions,
// category labels from the template's list, both commissioning modes, budgets and periods, and
// uploads it (POST …/items/import?publish=true: every row checked, then one transaction that writes
// the items, their first revisions and the jieba search vectors). Timed from the first byte sent to
// the 201 answer; the server's peak resident memory (VmHWM of the server process, which for PGlite
// includes the embedded database) is read from /proc after each run. Each run imports a new file into
// the same database, so later runs see a fuller table.
// Exit code 1 when any run takes ≥ 10 s, peaks at ≥ 500 MB, or does not answer 201 with N imported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { findServerPid, freePort, loadAvg, machineInfo, memOf, nowMs, onCleanup, round, runMain, sleep, spawnGroup, stopGroup, waitHealthy, writeResult } from './lib.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ROWS = Number(argOf('rows', '10000'));
const RUNS = Number(argOf('runs', '3'));
const DRIVER = argOf('driver', 'both');
const TIME_TARGET_MS = 10_000;
const MEM_TARGET_MB = 500;
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SUBJECTS = ['新能源汽车', '工业机器人', '物联网', '中医药', '海洋装备', '集成电路', '现代农业', '生物医药', '智能制造', '节能环保', '新材料', '人工智能', '数字经济', '水利工程', '地质勘查'];
const WORKS = ['团体标准研制', '科技成果评价', '学术会议组织', '科普活动承办', '人才评价', '技术咨询服务', '职业技能培训', '决策咨询研究', '专业技术评估', '示范项目评审'];
const PERIODS = ['6个月', '1年', '2年', '2026年12月前', '一个年度'];

// ---------------------------------------------------------------------------------------------
// HTTP as a logged-in user
// ---------------------------------------------------------------------------------------------

class Session {
  private cookies = new Map<string, string>();
  constructor(private base: string) {}
  private absorb(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  private headers(extra: Record<string, string> = {}) {
    return {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': this.cookies.get('cj_csrf') ?? '',
      ...extra,
    };
  }
  async login(username: string, password: string) {
    await this.get('/api/v1/auth/csrf'); // the double-submit cookie the login form sends back
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.absorb(res);
  }
  async get(p: string) {
    const res = await fetch(`${this.base}${p}`, { headers: this.headers() });
    this.absorb(res);
    return res;
  }
  async post(p: string, body: Buffer, contentType: string) {
    const res = await fetch(`${this.base}${p}`, { method: 'POST', headers: this.headers({ 'content-type': contentType }), body: new Uint8Array(body) });
    this.absorb(res);
    return res;
  }
}

// ---------------------------------------------------------------------------------------------
// The file: the programme's template with N rows
// ---------------------------------------------------------------------------------------------

async function fillTemplate(template: ArrayBuffer, rows: number, run: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template);
  const ws = wb.getWorksheet('可转移职能事项');
  const lists = wb.getWorksheet('下拉选项');
  if (!ws || !lists) throw new Error('the template lacks its item sheet or its list sheet');
  // the hidden list sheet: column A the category labels, column B the commissioning modes (from row 1)
  const column = (c: number) => {
    const out: string[] = [];
    lists.getColumn(c).eachCell((cell) => {
      if (cell.text) out.push(cell.text);
    });
    return out;
  };
  const categories = column(1);
  const modes = column(2);
  if (!categories.length || !modes.length) throw new Error(`template lists are empty (categories ${categories.length}, modes ${modes.length})`);
  for (let i = 0; i < rows; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length];
    const work = WORKS[(i * 7 + run) % WORKS.length];
    ws.getRow(i + 2).values = [
      `${subject}领域${work}（批量 ${run}-${i + 1}）`,
      categories[i % categories.length],
      `委托学会承担${subject}领域的${work}工作，按照有关规定组织专家开展工作，形成成果报告并接受监督评估。第 ${i + 1} 项。`,
      i % 3 === 0 ? '中办发〔2016〕21号' : null,
      modes[i % modes.length],
      i % 4 === 0 ? null : ((i % 50) + 1) * 10_000 + 0.5,
      PERIODS[i % PERIODS.length],
      i % 5 === 0 ? '具有相关领域专业技术人员和同类工作经验' : null,
    ];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------

interface RunResult {
  run: number;
  fileBytes: number;
  status: number;
  imported: number | null;
  ms: number;
  serverRssMbAfter: number;
  serverPeakMb: number;
}

async function benchDriver(driver: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-bench-excel-'));
  onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1' };
  delete env.NODE_OPTIONS;
  if (driver === 'postgres') {
    const db = `cj_bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    onCleanup(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    });
    env.DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);
  }
  // The first start migrates and seeds; the measured server is a second start on that data, as a
  // platform that has been running for a while would be (seeding grows the embedded database's heap).
  console.log(`\n[${driver}] first start: migrate + demo seed…`);
  const firstPort = await freePort();
  const first = spawnGroup(`platform (${driver}, first start)`, process.execPath, ['scripts/start.mjs'], { env: { ...env, PORT: String(firstPort) } });
  onCleanup(() => stopGroup(first));
  await waitHealthy(`http://127.0.0.1:${firstPort}/api/v1/health`, first, 240_000, 100);
  await stopGroup(first);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const p = spawnGroup(`platform (${driver})`, process.execPath, ['scripts/start.mjs'], { env: { ...env, PORT: String(port) } });
  onCleanup(() => stopGroup(p));
  await waitHealthy(`${base}/api/v1/health`, p, 240_000, 100);
  const serverPid = await findServerPid(p.pid, port);
  await sleep(1000);
  const idle = memOf(serverPid);
  console.log(`[${driver}] server pid ${serverPid}, RSS at idle ${round(idle.rssMb, 1)} MB (peak so far ${round(idle.hwmMb, 1)} MB)`);

  const s = new Session(base);
  await s.login('kjt.user', 'Chengjie@2026');
  const progs = (await (await s.get('/api/v1/public/programmes?limit=50')).json()) as { items: { id: string; name: string }[] };
  const programme = progs.items.find((x) => x.name.includes('山东'));
  if (!programme) throw new Error('no published Shandong programme in the demo data');
  const template = await (await s.get(`/api/v1/programmes/${programme.id}/items/template`)).arrayBuffer();

  const runs: RunResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const file = await fillTemplate(template, ROWS, run);
    const t0 = nowMs();
    const res = await s.post(`/api/v1/programmes/${programme.id}/items/import?publish=true`, file, XLSX);
    const body = (await res.json()) as { imported?: number; title?: string };
    const ms = round(nowMs() - t0);
    const mem = memOf(serverPid);
    const r: RunResult = { run, fileBytes: file.length, status: res.status, imported: body.imported ?? null, ms, serverRssMbAfter: round(mem.rssMb, 1), serverPeakMb: round(mem.hwmMb, 1) };
    runs.push(r);
    console.log(`[${driver}] run ${run}: ${res.status} ${body.imported ?? body.title} rows in ${ms} ms; file ${round(file.length / 1024)} KB; server RSS ${r.serverRssMbAfter} MB, peak ${r.serverPeakMb} MB`);
    await sleep(500);
  }
  await stopGroup(p);
  const ok = runs.every((r) => r.status === 201 && r.imported === ROWS && r.ms < TIME_TARGET_MS && r.serverPeakMb < MEM_TARGET_MB);
  return { driver, idleRssMb: round(idle.rssMb, 1), peakAtIdleMb: round(idle.hwmMb, 1), runs, maxMs: Math.max(...runs.map((r) => r.ms)), peakMb: Math.max(...runs.map((r) => r.serverPeakMb)), ok };
}

runMain(async () => {
  const started = { ...machineInfo(), loadAvgAtStart: loadAvg() };
  const drivers: ('pglite' | 'postgres')[] = DRIVER === 'both' ? ['pglite', 'postgres'] : [DRIVER as 'pglite' | 'postgres'];
  const results = [];
  for (const d of drivers) results.push(await benchDriver(d));
  console.log('\n== Excel import: %d rows, %d runs per driver (targets: < %d ms, peak < %d MB)', ROWS, RUNS, TIME_TARGET_MS, MEM_TARGET_MB);
  for (const r of results) console.log(`  ${r.driver.padEnd(8)} max ${r.maxMs} ms, server peak ${r.peakMb} MB — ${r.ok ? 'PASS' : 'MISS'}`);
  writeResult('excel-import', { machine: started, loadAvgAtEnd: loadAvg(), rows: ROWS, runsPerDriver: RUNS, results });
  return results.every((r) => r.ok);
});
