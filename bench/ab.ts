// Shared parts of the A/B list benchmarks (association-items.ts, public-items.ts; issue 12 §1):
// the platform from a bundle of its own, the ideal handler (ideal-items-server.ts), a logged-in
// session, interleaved rounds and their medians with the spread over rounds.
//
// Interleaving: every round runs each configuration once (warm-up discarded, then measured), the
// order reversed every other round (A B C, C B A, A B C …), so that a drift in the machine's load
// falls on all of them alike. Reported per configuration: the median over the rounds of req/s,
// p50 and p99 latency, server CPU per request (the server process's user+system time from /proc,
// divided by the requests answered) and PostgreSQL CPU per request (the bench database's backends),
// each with its min–max over the rounds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CACHE_DIR, ROOT, findServerPid, freePort, median, onCleanup, round, spawnGroup, stopGroup, waitHealthy, type Spawned } from './lib.js';
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { cannon, explain, measure, printLoad, type CannonRequest, type Dataset, type LoadResult, type LoggedStatement } from './dataset.js';
import { summarise as summariseProfile } from './cpuprofile-summary.js';

/**
 * The server bundled as scripts/start.mjs bundles it (same esbuild options), into a directory of
 * its own, dist/bench-<hex>/ (removed after), rather than dist/server, which other sessions'
 * `npm start` may be writing; at the same depth, because the bundle finds the migrations at
 * ../../src/server/db/migrations/. Returns the node arguments.
 */
export async function buildPlatformBundle(): Promise<string[]> {
  const outdir = path.join(ROOT, 'dist', `bench-${crypto.randomBytes(4).toString('hex')}`);
  onCleanup(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const rel = (p: string) => path.join(ROOT, p);
  await build({
    entryPoints: {
      main: rel('src/server/main.ts'),
      'document-worker': rel('src/server/modules/taskbooks/documents/worker.ts'),
      'untrusted-worker': rel('src/server/platform/untrusted/worker.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return [path.join(outdir, 'main.mjs')];
}

export async function startIdeal(env: NodeJS.ProcessEnv): Promise<{ p: Spawned; port: number; pid: number }> {
  const port = await freePort();
  const p = spawnGroup('ideal', process.execPath, ['--import', 'tsx', 'bench/ideal-items-server.ts'], { env: { ...env, PORT: String(port) } });
  await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, p, 60_000, 100);
  return { p, port, pid: await findServerPid(p.pid, port) };
}

/** Logs in through the platform's API (CSRF cookie, then POST /auth/login); returns the Cookie header. */
export async function login(port: number, username: string, password: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const jar = new Map<string, string>();
  const absorb = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  absorb(await fetch(`${base}/api/v1/auth/csrf`));
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookie(), 'x-csrf-token': jar.get('cj_csrf') ?? '' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  absorb(res);
  if (!jar.get('cj_sid')) throw new Error(`login ${username}: no session cookie`);
  return `cj_sid=${jar.get('cj_sid')}`;
}

export async function getJson(port: number, p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers });
  const body = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, json };
}

export interface Config {
  name: string;
  port: number;
  pid: number;
  requests: CannonRequest[];
}

export interface Stat {
  median: number;
  min: number;
  max: number;
}
const stat = (xs: number[], d = 1): Stat => ({ median: round(median(xs), d), min: round(Math.min(...xs), d), max: round(Math.max(...xs), d) });
export const fmtStat = (s: Stat, unit = '') => `${s.median}${unit} (${s.min}–${s.max})`;

export interface Summary {
  name: string;
  rounds: number;
  reqPerSec: Stat;
  p50Ms: Stat;
  p99Ms: Stat;
  serverCpuMsPerReq: Stat;
  pgCpuMsPerReq: Stat;
  machineBusyPct: Stat;
  invalid: number;
}

/** `rounds` interleaved rounds over `configs`; every run printed as it ends. */
export async function interleave(
  label: string,
  db: string,
  configs: Config[],
  o: { rounds: number; connections: number; warmupS: number; measureS: number },
): Promise<{ runs: (LoadResult & { round: number })[]; summary: Summary[] }> {
  console.log(`\n${label}: ${o.rounds} rounds of ${configs.map((c) => c.name).join(' / ')} (order reversed every other round), autocannon ${o.connections} connections, ${o.warmupS} s warm-up + ${o.measureS} s measured each`);
  const runs: (LoadResult & { round: number })[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 ? [...configs].reverse() : configs;
    for (const c of order) {
      const res = await measure(c.name, { port: c.port, pid: c.pid }, db, c.requests, o);
      runs.push({ ...res, round: r + 1 });
      printLoad(res);
    }
  }
  const summary = configs.map((c): Summary => {
    const mine = runs.filter((x) => x.name === c.name);
    return {
      name: c.name,
      rounds: mine.length,
      reqPerSec: stat(mine.map((x) => x.reqPerSec)),
      p50Ms: stat(mine.map((x) => x.p50Ms)),
      p99Ms: stat(mine.map((x) => x.p99Ms)),
      serverCpuMsPerReq: stat(mine.map((x) => x.serverCpuMsPerReq), 3),
      pgCpuMsPerReq: stat(mine.map((x) => x.pgCpuMsPerReq), 3),
      machineBusyPct: stat(mine.map((x) => x.machineBusyPct)),
      invalid: mine.filter((x) => x.non2xx || x.errors || x.timeouts || !x.requests).length,
    };
  });
  return { runs, summary };
}

export function printSummary(title: string, summary: Summary[], reference: string) {
  const ref = summary.find((s) => s.name === reference);
  console.log(`\n${title} — medians over the rounds (min–max)`);
  console.log(`  ${'configuration'.padEnd(28)} ${'req/s'.padEnd(24)} ${'p50 ms'.padEnd(18)} ${'p99 ms'.padEnd(20)} ${'server CPU ms/req'.padEnd(24)} ${'PostgreSQL CPU ms/req'.padEnd(24)} vs ${reference}`);
  for (const s of summary) {
    const vs = ref && s !== ref ? `${round((100 * s.reqPerSec.median) / ref.reqPerSec.median, 1)} % of req/s` : '';
    console.log(
      `  ${s.name.padEnd(28)} ${fmtStat(s.reqPerSec).padEnd(24)} ${fmtStat(s.p50Ms).padEnd(18)} ${fmtStat(s.p99Ms).padEnd(20)} ${fmtStat(s.serverCpuMsPerReq).padEnd(24)} ${fmtStat(s.pgCpuMsPerReq).padEnd(24)} ${vs}${s.invalid ? `  !! ${s.invalid} invalid runs` : ''}`,
    );
  }
}

/** The answer without what only the platform adds on request (`total`, `totalEstimated`). */
export function withoutTotal(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const { total: _t, totalEstimated: _e, ...rest } = v as Record<string, unknown>;
  void _t;
  void _e;
  return rest;
}

export const sqlOneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every path answered 200 by both, and A's answer deep-equal to B's once `total` is set aside. */
export async function sameAnswers(aPort: number, bPort: number, paths: string[], headers: Record<string, string> = {}) {
  const bytes: { path: string; a: number; b: number; items: number }[] = [];
  for (const p of paths) {
    const a = await getJson(aPort, p, headers);
    const b = await getJson(bPort, p, headers);
    if (a.status !== 200 || b.status !== 200) throw new Error(`${p}: platform ${a.status}, ideal ${b.status}: ${a.body.slice(0, 200)} / ${b.body.slice(0, 200)}`);
    if (!isDeepStrictEqual(withoutTotal(a.json), b.json)) {
      throw new Error(`the ideal handler's answer differs from the platform's for ${p}:\nplatform ${a.body.slice(0, 900)}\nideal    ${b.body.slice(0, 900)}`);
    }
    bytes.push({ path: p, a: a.body.length, b: b.body.length, items: ((a.json as { items?: unknown[] }).items ?? []).length });
  }
  return bytes;
}

/**
 * The statements the platform runs for `paths` (PostgreSQL log, a platform started for it), how many
 * per request, and EXPLAIN ANALYZE of each distinct one on transfer_items with its logged parameters.
 */
export async function capturePlatformSql(ds: Dataset, c: pg.Client, paths: string[], headers: Record<string, string> = {}) {
  const cap = await ds.captureSql(async (port) => {
    for (const p of paths) {
      const r = await getJson(port, p, headers);
      if (r.status !== 200) throw new Error(`capture ${p}: ${r.status}`);
    }
  });
  const statements = cap.statements;
  const perRequest = round(statements.length / paths.length, 1);
  const onItems = statements.filter((s) => /transfer_items/.test(s.sql));
  const distinct = new Map<string, LoggedStatement>();
  for (const s of onItems) {
    const shape = sqlOneLine(s.sql);
    if (!distinct.has(shape)) distinct.set(shape, s);
  }
  const plans: { sql: string; params: (string | null)[]; medianExecMs: number | null; plan: string[] }[] = [];
  for (const s of distinct.values()) {
    if (/^explain/i.test(s.sql.trim())) {
      plans.push({ sql: sqlOneLine(s.sql), params: s.params, medianExecMs: null, plan: ['(the planner estimate of count=estimate: planned, not executed)'] });
      continue;
    }
    const e = await explain(c, s.sql, s.params);
    plans.push({ sql: sqlOneLine(s.sql), params: s.params, medianExecMs: e.medianExecMs, plan: e.plan });
  }
  return { source: cap.source, statements: statements.map((s) => ({ name: s.name, sql: sqlOneLine(s.sql).slice(0, 400), params: s.params })), perRequest, plans };
}

export const planLine = (plan: string[]) =>
  plan
    .filter((l) => !/^(Planning|Execution) Time|Buffers:|Planning:/.test(l.trim()))
    .map((l) => l.trim())
    .join(' | ');

/**
 * A CPU profile of a server under one mix (`node --cpu-prof`, main thread): started with `args`,
 * warmed up, profiled over `measureS`, stopped. µs per request by owner (innermost package or
 * source area on the stack, cpuprofile-summary.ts) and the top functions.
 */
export async function profileServer(label: string, args: string[], env: NodeJS.ProcessEnv, requests: CannonRequest[], o: { connections: number; warmupS: number; measureS: number }) {
  const dir = path.join(CACHE_DIR, `prof-${crypto.randomBytes(4).toString('hex')}`, label.replace(/\W+/g, '-'));
  onCleanup(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));
  fs.mkdirSync(dir, { recursive: true }); // node --cpu-prof-dir creates one missing level, not bench/out/prof-…/…
  const port = await freePort();
  const p = spawnGroup(`${label} (profiled)`, process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...args], { env: { ...env, PORT: String(port) } });
  await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, p, 120_000, 100);
  const pid = await findServerPid(p.pid, port);
  await cannon(port, requests, o.connections, o.warmupS);
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const r = await cannon(port, requests, o.connections, o.measureS);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  await stopGroup(p, 30_000);
  const file = fs
    .readdirSync(dir)
    .filter((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))[0];
  if (!file) throw new Error(`no main-thread profile for ${label} in ${dir}`);
  const s = summariseProfile(file, { fromUs, toUs, top: 25 });
  const n = r.requests.total || 1;
  const us = (ms: number) => round((1000 * ms) / n, 1);
  const out = {
    label,
    requests: r.requests.total,
    reqPerSec: round(r.requests.average, 1),
    perReqUs: us(s.totalMs),
    attributedUsPerReq: s.attributed.slice(0, 20).map((x) => ({ area: x.area, us: us(x.ms) })),
    topFunctionsUsPerReq: s.topFunctions.slice(0, 15).map((f) => ({ fn: f.fn, where: f.where, us: us(f.ms) })),
  };
  console.log(`\n  CPU profile — ${label}: ${out.requests} requests, ${out.reqPerSec} req/s under the profiler; main thread ${out.perReqUs} µs/request`);
  console.log(`    by owner (µs/request): ${out.attributedUsPerReq.map((x) => `${x.area} ${x.us}`).join(', ')}`);
  console.log(`    top functions (self, µs/request): ${out.topFunctionsUsPerReq.slice(0, 10).map((f) => `${f.fn} (${f.where}) ${f.us}`).join('; ')}`);
  return out;
}

/**
 * What serialising one answer costs in the platform: fastify-type-provider-zod's serializer (the
 * response schema's encode, then JSON.stringify) against JSON.stringify alone, µs per answer.
 */
export async function serialisationCost(schema: unknown, answer: unknown, iterations = 3000) {
  const { serializerCompiler } = await import('fastify-type-provider-zod');
  const ser = (serializerCompiler as unknown as (o: { schema: unknown; method: string; url: string; httpStatus: string }) => (d: unknown) => string)({ schema, method: 'GET', url: '/bench', httpStatus: '200' });
  const time = (fn: () => void) => {
    for (let i = 0; i < 300; i++) fn();
    const xs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) fn();
      xs.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations);
    }
    return round(median(xs), 1);
  };
  const zodUs = time(() => ser(answer));
  const jsonUs = time(() => JSON.stringify(answer));
  return { zodSerializerUs: zodUs, jsonStringifyUs: jsonUs };
}

/** bench/items-route-costs.ts in its own process on the bench database: CPU µs per call of the route's parts. */
export async function routeCosts(env: NodeJS.ProcessEnv, mixes: Record<string, string[]>, cookie?: string): Promise<{ n: number; rounds: number; usPerCall: Record<string, number> }> {
  const p = spawnGroup('route costs', process.execPath, ['--import', 'tsx', 'bench/items-route-costs.ts'], { env: { ...env, BENCH_COSTS: JSON.stringify({ mixes, cookie }) } });
  const { code } = await p.exited;
  const lines = p.output().trim().split('\n');
  const last = lines[lines.length - 1];
  if (code !== 0 || !last.startsWith('{')) throw new Error(`items-route-costs.ts exited ${p.exitInfo()}:\n${p.output().slice(-2000)}`);
  const out = JSON.parse(last) as { n: number; rounds: number; usPerCall: Record<string, number> };
  console.log(`  in-process CPU per call (µs; ${out.n} sequential calls, median of ${out.rounds} interleaved rounds, no socket):`);
  for (const [k, v] of Object.entries(out.usPerCall)) console.log(`    ${String(v).padStart(8)}  ${k}`);
  return out;
}
