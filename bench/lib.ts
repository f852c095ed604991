// Shared helpers for the benchmarks: spawning the platform in its own process group, waiting for
// health, finding the real server process under scripts/start.mjs, /proc readings, and a cleanup
// registry that kills everything we started even when a run fails or is interrupted.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const BENCH_DIR = path.join(ROOT, 'bench');
export const CACHE_DIR = path.join(BENCH_DIR, 'out');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
export const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

export function loadAvg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** A port that was free a moment ago (bind to 0 on 127.0.0.1, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

export interface Spawned {
  name: string;
  child: ChildProcess;
  pid: number;
  /** last ~64 KB of stdout+stderr */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  exitInfo(): string;
}

const live = new Set<Spawned>();
const cleanups: (() => Promise<void> | void)[] = [];

/** Spawns a command as the leader of a new process group, so that the whole tree can be killed. */
export function spawnGroup(name: string, cmd: string, args: string[], opts: SpawnOptions = {}): Spawned {
  const child = spawn(cmd, args, { cwd: ROOT, ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!child.pid) throw new Error(`could not spawn ${name}`);
  let buf = '';
  const keep = (d: Buffer) => {
    buf += d.toString('utf8');
    if (buf.length > 65536) buf = buf.slice(-65536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let done = false;
  let how = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      how = `code ${code}, signal ${signal}`;
      resolve({ code, signal });
    }),
  );
  const s: Spawned = { name, child, pid: child.pid, output: () => buf, exited, hasExited: () => done, exitInfo: () => how };
  live.add(s);
  return s;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to the process group, wait until every member is gone; SIGKILL after `graceMs`. */
export async function stopGroup(s: Spawned, graceMs = 15_000): Promise<void> {
  try {
    process.kill(-s.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const until = Date.now() + graceMs;
  while (groupAlive(s.pid) && Date.now() < until) await sleep(25);
  if (groupAlive(s.pid)) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (groupAlive(s.pid)) await sleep(25);
  }
  if (!s.hasExited()) await Promise.race([s.exited, sleep(2000)]);
  live.delete(s);
}

export function onCleanup(fn: () => Promise<void> | void) {
  cleanups.push(fn);
}

let cleaningUp: Promise<void> | null = null;
/** Kills every group still alive, then runs registered cleanups (drop database, remove dirs). */
export function cleanupAll(): Promise<void> {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    for (const s of [...live]) await stopGroup(s, 5_000).catch(() => undefined);
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error('cleanup step failed:', (e as Error).message);
      }
    }
  })();
  return cleaningUp;
}

/** Runs `main`, always cleans up, exits 0 when it returned true, 1 when false or on error. */
export function runMain(main: () => Promise<boolean>) {
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: cleaning up…`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', () => {
    // Last resort (synchronous): no process group of ours survives us.
    for (const s of live) {
      try {
        process.kill(-s.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  main()
    .then(async (ok) => {
      await cleanupAll();
      process.exit(ok ? 0 : 1);
    })
    .catch(async (e: unknown) => {
      console.error('\nBENCHMARK ERROR:', e instanceof Error ? (e.stack ?? e.message) : e);
      await cleanupAll();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

export function httpGet(url: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Polls `url` until it answers 200. Returns the time (nowMs()) of the first 200.
 * Fails when the process exits first or on timeout.
 */
export async function waitHealthy(url: string, proc: Spawned, timeoutMs: number, pollMs = 10): Promise<number> {
  const until = nowMs() + timeoutMs;
  while (nowMs() < until) {
    if (proc.hasExited()) await sleep(200); // let stdout/stderr drain
    if (proc.hasExited()) throw new Error(`${proc.name} exited (${proc.exitInfo()}) before it was healthy:\n${proc.output().slice(-3000)}`);
    try {
      const r = await httpGet(url, 1000);
      if (r.status === 200) return nowMs();
    } catch {
      /* not listening yet */
    }
    await sleep(pollMs);
  }
  throw new Error(`${proc.name} not healthy after ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
}

// ---------------------------------------------------------------------------------------------
// /proc
// ---------------------------------------------------------------------------------------------

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export function cmdlineOf(pid: number): string {
  return (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
}

function statFields(pid: number): string[] | null {
  const s = readProc(pid, 'stat');
  if (!s) return null;
  // comm may contain spaces: fields after the closing paren
  return s.slice(s.lastIndexOf(')') + 2).split(' ');
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = statFields(Number(d));
    if (f && Number(f[1]) === pid) out.push(Number(d));
  }
  return out;
}

function listeningInodes(port: number): Set<string> {
  const out = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length < 10) continue;
      const localPort = parseInt(c[1].split(':')[1], 16);
      if (localPort === port && c[3] === '0A') out.add(c[9]); // 0A = LISTEN
    }
  }
  return out;
}

/**
 * The real server process: the process in `rootPid`'s tree that holds the socket listening on
 * `port` (whatever scripts/start.mjs runs — tsx, a bundle, …; never the wrapper itself).
 */
export async function findServerPid(rootPid: number, port: number, timeoutMs = 10_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const inodes = listeningInodes(port);
    for (const pid of treeOf(rootPid)) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const m = fs.readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
          if (m && inodes.has(m[1])) return pid;
        } catch {
          /* fd closed meanwhile */
        }
      }
    }
    await sleep(50);
  }
  throw new Error(`no process under pid ${rootPid} listens on port ${port}`);
}

/** VmRSS / VmHWM in MB from /proc/<pid>/status. */
export function memOf(pid: number): { rssMb: number; hwmMb: number } {
  const s = readProc(pid, 'status') ?? '';
  const kb = (k: string) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return { rssMb: round(kb('VmRSS') / 1024, 1), hwmMb: round(kb('VmHWM') / 1024, 1) };
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
/** user+system CPU time of a process in ms. */
export function cpuMsOf(pid: number): number {
  const f = statFields(pid);
  if (!f) return NaN;
  // after ")": state(0) ppid(1) ... utime(11) stime(12)
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** pid and all its descendants. */
export function treeOf(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i]));
  return out;
}

/** CPU ms used so far by a process and its live descendants. */
export function treeCpuMs(pid: number): number {
  return treeOf(pid)
    .map(cpuMsOf)
    .filter(Number.isFinite)
    .reduce((a, b) => a + b, 0);
}

/** CPU ms per pid for all processes whose command line contains `needle`. */
export function cpuByPidMatching(needle: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    if (cmdlineOf(Number(d)).includes(needle)) {
      const c = cpuMsOf(Number(d));
      if (Number.isFinite(c)) out.set(Number(d), c);
    }
  }
  return out;
}

/** CPU used between two snapshots by the processes alive at the second (new ones count from 0). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += Math.max(0, ms - (before.get(pid) ?? 0));
  return sum;
}

/** Sum of CPU ms over all processes whose command line contains `needle`. */
export function cpuMsOfMatching(needle: string): number {
  let sum = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    if (cmdlineOf(Number(d)).includes(needle)) {
      const c = cpuMsOf(Number(d));
      if (Number.isFinite(c)) sum += c;
    }
  }
  return sum;
}

/** Whole-machine busy / total jiffies from /proc/stat (for "how busy were the 2 cores"). */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

// ---------------------------------------------------------------------------------------------
// Web bundle (same rule as scripts/start.mjs)
// ---------------------------------------------------------------------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function webBundleState(): 'fresh' | 'stale' | 'missing' {
  const index = path.join(ROOT, 'dist/web/index.html');
  if (!fs.existsSync(index)) return 'missing';
  const webSrc = path.join(ROOT, 'src/web');
  return fs.existsSync(webSrc) && newestMtime(webSrc) > fs.statSync(index).mtimeMs ? 'stale' : 'fresh';
}

export function writeResult(name: string, data: unknown) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}-latest.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    date: new Date().toISOString(),
    loadAvgAtStart: loadAvg(),
  };
}
