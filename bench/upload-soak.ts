// Issue 10 §1 — the upload soak: N good and crafted uploads at once (Excel imports and task book
// verification files; the mix in src/server/testing/upload-soak.ts), against the
// platform as `npm start` runs it (scripts/start.mjs: the esbuild bundle, whose cage workers are
// dist/server/untrusted-worker.mjs).
//
//   npx tsx bench/upload-soak.ts            (or: npm run bench -- upload-soak)
//   options: --n N (default 200)  --driver pglite|postgres|both (default both)
//
// Per driver: a fresh database (PGlite data directory or PostgreSQL database cj_bench_<hex>), first
// start migrates and seeds, the measured server is a second start. Warm-up (one upload of each
// kind), baseline, then the N uploads at once. Figures: answers by status, wall time, the server's
// peak RSS and worst health latency during the load, health latency right after, RSS and
// descriptors after the idle workers ended, files left in the server's temporary directory.
// Targets (exit 1 when missed): no 500 and no unexpected answer; health right after < 100 ms;
// RSS after < 300 MB on PostgreSQL, within 150 MB of the baseline on PGlite (the embedded database
// lives in the server process); nothing left in the temporary directory; no more file descriptors.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SoakSession, healthMs, procOf, runSoak, soakUploads } from '../src/server/testing/upload-soak.js';
import { findServerPid, freePort, loadAvg, machineInfo, onCleanup, round, runMain, sleep, spawnGroup, stopGroup, waitHealthy, writeResult } from './lib.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const N = Number(argOf('n', '200'));
const DRIVER = argOf('driver', 'both');
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function benchDriver(driver: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-bench-soak-'));
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-bench-soak-tmp-'));
  onCleanup(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', TRUST_PROXY: 'true', JOB_INTERVAL_SECONDS: '0' };
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
  console.log(`\n[${driver}] first start: build if stale, migrate + demo seed…`);
  const firstPort = await freePort();
  const first = spawnGroup(`platform (${driver}, first start)`, process.execPath, ['scripts/start.mjs'], { env: { ...env, PORT: String(firstPort) } });
  onCleanup(() => stopGroup(first));
  await waitHealthy(`http://127.0.0.1:${firstPort}/api/v1/health`, first, 240_000, 100);
  await stopGroup(first);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // the server's own temporary directory, to see what the uploads leave; idle cage workers end after 2 s
  const p = spawnGroup(`platform (${driver})`, process.execPath, ['scripts/start.mjs'], { env: { ...env, PORT: String(port), TMPDIR: tmpDir, UNTRUSTED_WORKER_IDLE_MS: '2000' } });
  onCleanup(() => stopGroup(p));
  await waitHealthy(`${base}/api/v1/health`, p, 240_000, 100);
  const pid = await findServerPid(p.pid, port);
  const session = new SoakSession(base);
  await session.login('kjt.user', 'Chengjie@2026');
  const progs = (await (await session.get('/api/v1/public/programmes?limit=50')).json()) as { items: { id: string; name: string }[] };
  const programme = progs.items.find((x) => x.name.includes('山东'));
  if (!programme) throw new Error('programme 山东 not found');
  const uploads = soakUploads(programme.id, N);
  const warm = await runSoak(session, uploads.slice(0, 10), pid);
  await sleep(3000);
  const before = procOf(pid);
  console.log(`[${driver}] server pid ${pid}; after warm-up (${JSON.stringify(warm.byStatus)}): RSS ${round(before.rssMb)} MB, ${before.fds} fds; load ${loadAvg()}`);

  const r = await runSoak(session, uploads, pid);
  const health = await healthMs(base, 3);
  let after = procOf(pid);
  const rssOk = () => (driver === 'postgres' ? after.rssMb < 300 : after.rssMb - before.rssMb < 150);
  for (let i = 0; i < 40 && (!rssOk() || after.threads > before.threads); i++) {
    await sleep(250);
    after = procOf(pid);
  }
  const left = fs.readdirSync(tmpDir);
  const result = {
    driver,
    n: N,
    wallMs: Math.round(r.wallMs),
    byStatus: r.byStatus,
    byKind: r.byKind,
    unexpected: r.unexpected,
    notProblemJson: r.notProblemJson,
    peakRssMb: round(r.peakRssMb),
    worstHealthDuringMs: round(r.worstHealthDuringMs),
    healthAfterMs: health.map((x) => round(x, 1)),
    rssBeforeMb: round(before.rssMb),
    rssAfterMb: round(after.rssMb),
    fds: { before: before.fds, after: after.fds, nonSocketBefore: before.nonSocketFds, nonSocketAfter: after.nonSocketFds, filesBefore: before.fileFds.length, filesAfter: after.fileFds.length },
    tmpLeft: left,
    load: loadAvg(),
  };
  console.log(`[${driver}] ${JSON.stringify(result, null, 1)}`);
  const ok = r.unexpected.length === 0 && !r.byStatus['500'] && r.notProblemJson === 0 && health[0] < 100 && rssOk() && left.length === 0 && after.fileFds.length <= before.fileFds.length && after.nonSocketFds <= before.nonSocketFds;
  if (!ok) console.log(`[${driver}] TARGET MISSED`);
  await stopGroup(p);
  return { result, ok };
}

runMain(async () => {
  const drivers = DRIVER === 'both' ? (['pglite', 'postgres'] as const) : [DRIVER as 'pglite' | 'postgres'];
  const results = [];
  let ok = true;
  for (const d of drivers) {
    const r = await benchDriver(d);
    results.push(r.result);
    ok &&= r.ok;
  }
  writeResult('upload-soak', { machine: machineInfo(), results });
  return ok;
});
