// Shared setup of the issue-3 benchmarks (public-items.ts, search.ts): a fresh PostgreSQL database
// cj_bench_<hex> with the demo data plus the volume data of src/cli/generate-data.ts, the platform
// started on it with `node scripts/start.mjs`, and the exact SQL it issues captured from the
// PostgreSQL log. Everything it creates is removed by lib.ts's cleanup (also on failure or signal).
//
//   1. CREATE DATABASE; first platform start (migrate + demo seed); platform stopped.
//   2. `tsx src/cli/generate-data.ts --societies N --items M` against the database (timed).
//   3. captureSql(): ALTER DATABASE … SET log_statement = 'all', a platform started only for the
//      capture (so every pooled connection logs), the requests, RESET, that platform stopped.
//   4. startPlatform(): the platform as measured, on connections that do not log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  cpuByPidMatching,
  cpuDelta,
  cpuMsOf,
  findServerPid,
  freePort,
  machineCpu,
  nowMs,
  onCleanup,
  round,
  sleep,
  spawnGroup,
  stopGroup,
  waitHealthy,
  type Spawned,
} from './lib.js';

export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface LoggedStatement {
  /** the prepared statement's name ("" for an unnamed statement or a simple query) */
  name: string;
  sql: string;
  params: (string | null)[];
}

export interface RunningPlatform {
  p: Spawned;
  port: number;
  serverPid: number;
}

export interface Dataset {
  db: string;
  dbUrl: string;
  admin: pg.Client;
  pgVersion: string;
  logFile: string | null;
  env: NodeJS.ProcessEnv;
  generation: { societies: number; items: number; wallMs: number; summary: string };
  startPlatform(label: string, args?: string[], extraEnv?: NodeJS.ProcessEnv): Promise<RunningPlatform>;
  /** Runs `fn` against a platform whose connections log every statement; returns what it logged. */
  captureSql(fn: (port: number) => Promise<void>): Promise<{ source: string; statements: LoggedStatement[] }>;
  /** A client on the bench database (closed at cleanup). */
  client(): Promise<pg.Client>;
}

export async function pgLogFile(admin: pg.Client): Promise<string | null> {
  try {
    const r = await admin.query<{ f: string | null }>('select pg_current_logfile() as f');
    const dd = await admin.query<{ d: string }>(`select current_setting('data_directory') as d`);
    if (r.rows[0].f) {
      const f = path.isAbsolute(r.rows[0].f) ? r.rows[0].f : path.join(dd.rows[0].d, r.rows[0].f);
      fs.accessSync(f, fs.constants.R_OK);
      return f;
    }
  } catch {
    /* fall through */
  }
  const v = await admin.query<{ v: string }>(`select current_setting('server_version_num') as v`);
  const major = Math.floor(Number(v.rows[0].v) / 10000);
  for (const f of [`/var/log/postgresql/postgresql-${major}-main.log`]) {
    try {
      fs.accessSync(f, fs.constants.R_OK);
      return f;
    } catch {
      /* next */
    }
  }
  return null;
}

function parseParams(detail: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const m of detail.matchAll(/\$(\d+) = (NULL|'((?:[^']|'')*)')/g)) out[Number(m[1]) - 1] = m[2] === 'NULL' ? null : m[3].replace(/''/g, "'");
  return out;
}

/** Statements logged for database `db` after byte `offset` of the PostgreSQL log. */
export function readLoggedStatements(file: string, offset: number, db: string): LoggedStatement[] {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(Math.max(0, size - offset));
  fs.readSync(fd, buf, 0, buf.length, offset);
  fs.closeSync(fd);
  const lines = buf.toString('utf8').split('\n');
  const out: LoggedStatement[] = [];
  const head = new RegExp(`\\[(\\d+)\\] \\S*@${db} (LOG|DETAIL):\\s+(.*)$`);
  let cur: (LoggedStatement & { pid: string }) | null = null;
  for (const line of lines) {
    const m = line.match(head);
    if (!m) {
      // continuation of a multi-line statement (no log prefix)
      if (cur && line.length && !/^\d{4}-\d\d-\d\d /.test(line)) cur.sql += '\n' + line.replace(/^\t/, '');
      continue;
    }
    const [, pid, kind, rest] = m;
    if (kind === 'LOG') {
      const st = rest.match(/^(?:execute ([^:]*)|statement): (.*)$/);
      if (st) {
        const name = st[1] === undefined || st[1] === '<unnamed>' ? '' : st[1];
        cur = { pid, name, sql: st[2], params: [] };
        out.push(cur);
      } else cur = null;
    } else if (kind === 'DETAIL' && cur && cur.pid === pid && rest.startsWith('parameters:')) {
      cur.params = parseParams(rest);
    }
  }
  return out.map(({ name, sql, params }) => ({ name, sql, params }));
}

/** EXPLAIN ANALYZE of one statement: the plan once, and the median execution time of `runs`. */
export async function explain(c: pg.Client, sqlText: string, params: unknown[], runs = 11) {
  const q = (opts: string) => c.query<{ 'QUERY PLAN': string }>(`explain (${opts}) ${sqlText}`, params);
  const first = await q('analyze, buffers, costs on, timing on, summary on');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const e = await q('analyze, costs off, timing off, summary on');
    times.push(Number(e.rows.map((x) => x['QUERY PLAN']).find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/)?.[1]));
  }
  times.sort((x, y) => x - y);
  return { plan: first.rows.map((x) => x['QUERY PLAN']), medianExecMs: times[times.length >> 1] };
}

export async function prepareDataset(opts: {
  label: string;
  societies: number;
  items: number;
  dataDirPrefix: string;
  /** how the platform is started (default `scripts/start.mjs`, which may rebuild dist/); e.g. a bench's own bundle (ab.ts) */
  serverArgs?: string[];
  /** runs after the first start (migrate + demo seed) and before generate-data, on its own connection
   * (e.g. more associations for generate-data to spread the societies over: bench/indicators.ts) */
  beforeGenerate?: (c: pg.Client) => Promise<void>;
  /** keep the database at the end (its name is printed) rather than dropping it */
  keep?: boolean;
  /** an existing database (a kept one) to run on as it is: not created, seeded, generated or dropped */
  reuse?: string;
}): Promise<Dataset> {
  if (opts.reuse !== undefined && !/^cj_bench_\w+$/.test(opts.reuse)) throw new Error(`--reuse-db takes a kept cj_bench_… database, not "${opts.reuse}"`);
  const db = opts.reuse ?? `cj_bench_${crypto.randomBytes(4).toString('hex')}`;
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const clients: pg.Client[] = [];
  onCleanup(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    try {
      if (opts.keep || opts.reuse) console.log(`kept database ${db}`);
      else {
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        console.log(`dropped database ${db}`);
      }
    } finally {
      await admin.end().catch(() => undefined);
    }
  });
  if (!opts.reuse) {
    await admin.query(`CREATE DATABASE ${db}`);
    console.log(`created database ${db}`);
  } else console.log(`reusing database ${db} as it is`);
  const pgVersion = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  const logFile = await pgLogFile(admin);

  // only the field-key file lives here; a kept database keeps it too (its encrypted fields need that key)
  const keptDir = path.join(os.tmpdir(), `${db}-data`);
  const dataDir = opts.keep || opts.reuse ? keptDir : fs.mkdtempSync(path.join(os.tmpdir(), opts.dataDirPrefix));
  if (opts.reuse && !fs.existsSync(keptDir)) throw new Error(`${keptDir} (the kept database's data directory) is missing`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!opts.keep && !opts.reuse) onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // the API paths under test do not depend on the web bundle; never (re)build it here
    SKIP_WEB_BUILD: '1',
  };
  delete env.NODE_OPTIONS;

  const startPlatform = async (label: string, args = opts.serverArgs ?? ['scripts/start.mjs'], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningPlatform> => {
    const port = await freePort();
    const p = spawnGroup(label, process.execPath, args, { env: { ...env, ...extraEnv, PORT: String(port) } });
    await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, p, 240_000, 100);
    let serverPid: number;
    try {
      serverPid = await findServerPid(p.pid, port);
    } catch (e) {
      await sleep(200);
      throw new Error(`${(e as Error).message}; ${label} ${p.hasExited() ? `exited (${p.exitInfo()})` : 'still running'}; output:\n${p.output().slice(-3000)}`, { cause: e });
    }
    return { p, port, serverPid };
  };

  const client = async () => {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    clients.push(c);
    return c;
  };
  const captureSql = async (fn: (port: number) => Promise<void>) => {
    if (!logFile) return { source: 'none (PostgreSQL log not readable)', statements: [] };
    await admin.query(`ALTER DATABASE ${db} SET log_statement = 'all'`);
    try {
      const cap = await startPlatform('platform (SQL capture)');
      const offset = fs.statSync(logFile).size;
      await fn(cap.port);
      await sleep(500);
      const statements = readLoggedStatements(logFile, offset, db);
      await stopGroup(cap.p);
      return { source: `PostgreSQL log (${logFile}, log_statement = 'all' on the bench database during the capture)`, statements };
    } finally {
      await admin.query(`ALTER DATABASE ${db} RESET log_statement`);
    }
  };
  if (opts.reuse) {
    const generation = { societies: opts.societies, items: opts.items, wallMs: 0, summary: `(database ${db} reused as it was)` };
    return { db, dbUrl, admin, pgVersion, logFile, env, generation, startPlatform, captureSql, client };
  }

  // --- first start: migrate + demo seed ---------------------------------------------------------------
  console.log('starting the platform on the empty database (migrate + demo seed)…');
  const first = await startPlatform('platform (first start)');
  await stopGroup(first.p);
  if (opts.beforeGenerate) {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    try {
      await opts.beforeGenerate(c);
    } finally {
      await c.end();
    }
  }

  // --- volume data ------------------------------------------------------------------------------------------
  console.log(`generating ${opts.societies} societies and ${opts.items} items (src/cli/generate-data.ts)…`);
  const t0 = nowMs();
  const gen = spawnGroup('generate-data', process.execPath, ['--import', 'tsx', 'src/cli/generate-data.ts', '--societies', String(opts.societies), '--items', String(opts.items)], { env });
  const { code } = await gen.exited;
  const wallMs = round(nowMs() - t0);
  await sleep(100);
  const out = gen.output();
  if (code !== 0) throw new Error(`generate-data exited with ${gen.exitInfo()}:\n${out.slice(-3000)}`);
  const summary = out.trim().split('\n').slice(-1)[0];
  console.log(`  ${summary}\n  wall time including tsx start-up: ${round(wallMs / 1000, 1)} s`);

  return { db, dbUrl, admin, pgVersion, logFile, env, generation: { societies: opts.societies, items: opts.items, wallMs, summary }, startPlatform, captureSql, client };
}

// ---------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------

export interface CannonRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverCpuMsPerReq: number;
  pgCpuMsPerReq: number;
  machineBusyPct: number;
}

/**
 * autocannon in this process: every connection goes through `requests` in order, round and round,
 * so both servers get exactly the same mix.
 */
export function cannon(port: number, requests: CannonRequest[], connections: number, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        timeout: 10,
        requests: requests.map((r) => ({ method: 'GET', path: r.path, ...(r.headers ? { headers: r.headers } : {}) })),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/** Warm-up (discarded), then the measured run with CPU readings of the server and of PostgreSQL. */
export async function measure(
  name: string,
  target: { port: number; pid: number },
  db: string,
  requests: CannonRequest[],
  o: { connections: number; warmupS: number; measureS: number },
): Promise<LoadResult> {
  if (o.warmupS > 0) await cannon(target.port, requests, o.connections, o.warmupS);
  const pgNeedle = `postgres ${db} `; // backend titles: "postgres: 15/main: postgres <db> 127.0.0.1(port) idle"
  const c0 = cpuMsOf(target.pid);
  const p0 = cpuByPidMatching(pgNeedle);
  const m0 = machineCpu();
  const r = await cannon(target.port, requests, o.connections, o.measureS);
  const c1 = cpuMsOf(target.pid);
  const p1 = cpuByPidMatching(pgNeedle);
  const m1 = machineCpu();
  const n = r.requests.total || 1;
  return {
    name,
    reqPerSec: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
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

export function printLoad(r: LoadResult) {
  console.log(
    `  ${r.name.padEnd(18)} ${String(r.reqPerSec).padStart(8)} req/s   p50 ${r.p50Ms} ms   p90 ${r.p90Ms} ms   p99 ${r.p99Ms} ms   max ${r.maxMs} ms   ` +
      `server CPU ${r.serverCpuMsPerReq} ms/req   PostgreSQL CPU ${r.pgCpuMsPerReq} ms/req   machine busy ${r.machineBusyPct} %` +
      (r.non2xx || r.errors || r.timeouts ? `   !! non2xx ${r.non2xx} errors ${r.errors} timeouts ${r.timeouts}` : ''),
  );
}
