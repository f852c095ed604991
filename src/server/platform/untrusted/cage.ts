// Issue 10 §1: every file a user uploads and the platform parses is parsed in a cage — a worker
// thread with a V8 heap limit (resourceLimits), a deadline, and a temporary directory of its own
// that is removed afterwards whatever happens (result, refusal, exception, out of memory, deadline,
// crash). A parser that fails ends its worker; the server answers the user with problem+json in
// Chinese and goes on serving. Limits: ./limits.ts. Design and the answers: docs/adr/0008.
//
//   result                         → the parser's value
//   refusal 'malformed' (parser)   → 422 UNPROCESSABLE
//   refusal 'too-large' (parser)   → 413 PAYLOAD_TOO_LARGE
//   out of memory (worker ended)   → 413 PAYLOAD_TOO_LARGE
//   deadline (worker terminated)   → 422 UNPROCESSABLE (the file, not the client, was slow: not 408)
//   exception, crash, exit         → 422 UNPROCESSABLE
//   all workers busy, queue full   → 503 UNAVAILABLE at once; a queued job not started in time → 503
//
// Workers are kept between jobs only after a clean answer (a result or a deliberate refusal) with
// nothing left open in the job's directory, and replaced after `jobsPerWorker` jobs; an idle worker
// ends after `idleMs`. Idle workers do not keep the process alive.
//
// The cage knows no parser: it runs the worker entry it is given, a module that calls serveCageJobs
// (./worker.ts) with its parsers — the server's is modules/untrusted-worker.ts, whose shared cage
// modules/untrusted-jobs.ts makes. Where that entry's code is (cageWorkerEntry; as for the document
// workers, taskbooks/documents/pool.ts):
//   - from the TypeScript sources (tsx, vitest): the entry's .ts file, started through ./worker-tsx.mjs;
//   - from the esbuild bundle (`npm start` → dist/server/main.mjs): dist/server/untrusted-worker.mjs,
//     which scripts/start.mjs builds as another entry point; a bundle without it falls back to the
//     sources. UNTRUSTED_WORKER_ENTRY (a path) overrides both.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { cageLimits, parserDeadlineMs, type CageLimits } from './limits.js';
import type { CageJob, CageReply } from './worker.js';

/** Allowance for a new worker to load its modules before its first job starts (tsx on a busy machine). */
const WORKER_START_MS = 30_000;

/** Prefix of every job's temporary directory under os.tmpdir() (tests look for leftovers by it). */
export const CAGE_DIR_PREFIX = 'cj-untrusted-';

export interface WorkerEntry {
  url: URL;
  /** for a TypeScript worker: `url` is worker-tsx.mjs, which registers tsx and imports this */
  source?: URL;
}

/** From a bundle, the repository roots where the sources may be (dist/server/main.mjs, a benchmark's bundle). */
const rootsFrom = (here: URL) => ['../../', '../../../'].map((up) => new URL(up, here));

/** A worker entry in TypeScript, started through ./worker-tsx.mjs (found in the sources from a bundle). */
function fromSource(src: URL): WorkerEntry {
  const here = new URL(import.meta.url);
  const starters = here.pathname.endsWith('.ts') ? [] : rootsFrom(here).map((root) => new URL('src/server/platform/untrusted/worker-tsx.mjs', root));
  const url = starters.find((u) => fs.existsSync(fileURLToPath(u))) ?? new URL('./worker-tsx.mjs', here);
  return { url, source: src };
}

/** A cage's worker entry: its TypeScript source, and the same file's path from the repository root. */
export interface CageWorker {
  /** the owner's `new URL('./x.ts', import.meta.url)` (meaningful when running from the sources) */
  source: URL;
  /** e.g. 'src/server/modules/untrusted-worker.ts', for a bundle without its worker */
  repoPath: string;
}

/** The worker module of `worker` for the way this code is running (see the top of this file). */
export function cageWorkerEntry(worker: CageWorker, override = process.env.UNTRUSTED_WORKER_ENTRY): WorkerEntry {
  if (override) {
    const url = pathToFileURL(path.resolve(override));
    return url.pathname.endsWith('.ts') ? fromSource(url) : { url };
  }
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) return fromSource(worker.source);
  const bundled = new URL('./untrusted-worker.mjs', here);
  if (fs.existsSync(fileURLToPath(bundled))) return { url: bundled };
  // a bundle elsewhere (dist/server/main.mjs without its worker, a benchmark's bundle): the sources
  for (const root of rootsFrom(here)) {
    const src = new URL(worker.repoPath, root);
    if (fs.existsSync(fileURLToPath(src))) return fromSource(src);
  }
  return { url: bundled };
}

export interface CageOptions extends Partial<Omit<CageLimits, 'resourceLimits'>> {
  resourceLimits?: Partial<CageLimits['resourceLimits']>;
  /** the worker module: one that calls serveCageJobs (./worker.ts) with its parsers; see cageWorkerEntry */
  entry: WorkerEntry;
  /** where the jobs' directories are made (default os.tmpdir()) */
  tmpRoot?: string;
}

export interface RunOptions {
  /** default: parserDeadlineMs(parser) */
  deadlineMs?: number;
}

interface Job {
  id: number;
  parser: string;
  args: unknown;
  bytes: Uint8Array;
  deadlineMs: number;
  resolve(v: unknown): void;
  reject(e: Error): void;
  waitTimer: NodeJS.Timeout | null;
}
interface Slot {
  worker: Worker;
  job: Job | null;
  jobs: number;
  dir: string | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  alive: boolean;
}
type Outcome = { reply: Exclude<CageReply, { started: true }> } | { error: Error } | { exit: number } | { deadline: true };

export class Cage {
  readonly limits: CageLimits;
  readonly entry: WorkerEntry;
  private readonly tmpRoot: string;
  private readonly slots = new Set<Slot>();
  private idle: Slot[] = [];
  private queue: Job[] = [];
  private queuedBytes = 0;
  private nextId = 1;
  private closed = false;
  /** workers started so far, for tests and diagnostics */
  started = 0;

  constructor(opts: CageOptions) {
    const dflt = cageLimits();
    this.limits = { ...dflt, ...stripUndefined(opts), resourceLimits: { ...dflt.resourceLimits, ...opts.resourceLimits } } as CageLimits;
    this.entry = opts.entry;
    this.tmpRoot = opts.tmpRoot ?? os.tmpdir();
  }

  /**
   * Parses `bytes` with the named parser in a worker. The bytes are copied once into a buffer of
   * their own, which is transferred (the caller's buffer stays usable). Rejects with an AppError.
   */
  run(parser: string, bytes: Uint8Array, args: unknown, opts: RunOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', '文件解析服务已停止'));
    const busy = this.idle.length === 0 && this.slots.size >= this.limits.workers;
    if (busy && (this.queue.length >= this.limits.queue || this.queuedBytes + bytes.byteLength > this.limits.queuedBytes)) {
      return Promise.reject(new AppError('UNAVAILABLE', '同时上传待解析的文件过多，服务器正忙，请稍后重试'));
    }
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, parser, args, bytes: own, deadlineMs: opts.deadlineMs ?? parserDeadlineMs(parser), resolve, reject, waitTimer: null };
      this.queue.push(job);
      this.queuedBytes += own.byteLength;
      job.waitTimer = setTimeout(() => {
        if (!this.unqueue(job)) return;
        reject(new AppError('UNAVAILABLE', `文件在 ${Math.round(this.limits.queueWaitMs / 1000)} 秒内未能开始解析，服务器正忙，请稍后重试`));
      }, this.limits.queueWaitMs);
      job.waitTimer.unref();
      this.pump();
    });
  }

  /** jobs waiting, jobs running, workers alive, workers started */
  stats() {
    return { queued: this.queue.length, running: [...this.slots].filter((s) => s.job).length, workers: this.slots.size, started: this.started };
  }

  /** Fails the waiting jobs and ends the workers (their running jobs fail and are cleaned up). */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of [...this.queue]) {
      this.unqueue(j);
      j.reject(new AppError('UNAVAILABLE', '文件解析服务已停止'));
    }
    await Promise.all([...this.slots].map((s) => (s.job ? this.finish(s, { exit: -1 }) : this.retire(s))));
  }

  private unqueue(job: Job): boolean {
    const i = this.queue.indexOf(job);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    this.queuedBytes -= job.bytes.byteLength;
    if (job.waitTimer) clearTimeout(job.waitTimer);
    return true;
  }

  private pump() {
    while (this.queue.length && !this.closed) {
      let slot = this.idle.pop();
      if (!slot) {
        if (this.slots.size >= this.limits.workers) return;
        slot = this.spawn();
      }
      const job = this.queue[0];
      this.unqueue(job);
      void this.assign(slot, job);
    }
  }

  private spawn(): Slot {
    const { url, source } = this.entry;
    const worker = new Worker(url, {
      workerData: { entry: source?.href, nice: this.limits.nice },
      resourceLimits: this.limits.resourceLimits,
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, job: null, jobs: 0, dir: null, timer: null, idleTimer: null, alive: true };
    this.slots.add(slot);
    this.started++;
    worker.on('message', (reply: CageReply) => {
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      if ('started' in reply) {
        // the parser starts now: its deadline replaces the start-up allowance
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = setTimeout(() => void this.finish(slot, { deadline: true }), job.deadlineMs);
        return;
      }
      void this.finish(slot, { reply });
    });
    worker.on('error', (error) => void this.finish(slot, { error }));
    worker.on('exit', (code) => {
      slot.alive = false;
      if (slot.job) void this.finish(slot, { exit: code });
      else this.forget(slot);
    });
    worker.unref();
    return slot;
  }

  private async assign(slot: Slot, job: Job) {
    slot.job = job;
    slot.jobs++;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    try {
      slot.dir = await fsp.mkdtemp(path.join(this.tmpRoot, CAGE_DIR_PREFIX));
    } catch (e) {
      slot.job = null;
      this.idle.push(slot);
      job.reject(new AppError('INTERNAL', `无法创建临时目录：${(e as Error).message}`));
      this.pump();
      return;
    }
    if (slot.job !== job) return; // the worker failed while the directory was being made
    slot.worker.ref(); // a running job keeps the process alive, an idle worker does not
    // until the worker says it has started the job (a new worker loads its modules first)
    slot.timer = setTimeout(() => void this.finish(slot, { deadline: true }), job.deadlineMs + WORKER_START_MS);
    const msg: CageJob = { id: job.id, parser: job.parser, args: job.args, bytes: job.bytes, tmpDir: slot.dir };
    try {
      slot.worker.postMessage(msg, [job.bytes.buffer as ArrayBuffer]);
    } catch (e) {
      void this.finish(slot, { error: e as Error });
    }
  }

  /** The one way a job ends: settle it, clean its directory, keep or end its worker. */
  private async finish(slot: Slot, outcome: Outcome): Promise<void> {
    const job = slot.job;
    if (!job) return;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const dir = slot.dir;
    slot.dir = null;
    const clean = 'reply' in outcome && (outcome.reply.ok || outcome.reply.kind !== 'failed');
    let keep = clean && slot.alive && !this.closed && slot.jobs < this.limits.jobsPerWorker;
    // A worker to be kept is still running: a descriptor it holds in `dir` is only counted, never
    // closed under it (the number could be reused by another thread before the worker closes it).
    if (keep && dir && (await openFdsUnder(dir)) > 0) keep = false; // something the parser started still has a file open there
    if (!keep) await this.retire(slot); // waits until the thread has stopped: nothing writes to `dir` any more
    if (dir) await removeJobDir(dir);
    if (keep) {
      slot.worker.unref();
      this.idle.push(slot);
      slot.idleTimer = setTimeout(() => void this.retire(slot), this.limits.idleMs);
      slot.idleTimer.unref();
    }
    const err = this.errorOf(outcome, job);
    if (err) job.reject(err);
    else job.resolve((outcome as { reply: { value: unknown } }).reply.value);
    this.pump();
  }

  private errorOf(outcome: Outcome, job: Job): AppError | null {
    if ('reply' in outcome) {
      const r = outcome.reply;
      if (r.ok) return null;
      if (r.kind === 'too-large') return new AppError('PAYLOAD_TOO_LARGE', r.message);
      if (r.kind === 'malformed') return new AppError('UNPROCESSABLE', r.message);
      return new AppError('UNPROCESSABLE', '文件无法解析（解析时出错），未处理。请检查文件是否完整、格式是否正确');
    }
    if ('deadline' in outcome) {
      return new AppError('UNPROCESSABLE', `解析文件超过时限（${Math.round(job.deadlineMs / 1000)} 秒），未处理。请检查文件是否完整、格式是否正确`);
    }
    if ('error' in outcome && (outcome.error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new AppError('PAYLOAD_TOO_LARGE', `解析该文件所需的内存超过上限（${this.limits.resourceLimits.maxOldGenerationSizeMb} MB），未处理。请减小文件或分批上传`);
    }
    if (this.closed) return new AppError('UNAVAILABLE', '文件解析服务已停止');
    return new AppError('UNPROCESSABLE', '文件无法解析（解析程序异常结束），未处理。请检查文件是否完整、格式是否正确');
  }

  /** Ends a worker and waits until its thread has stopped. */
  private async retire(slot: Slot): Promise<void> {
    this.forget(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    if (slot.alive) await slot.worker.terminate().catch(() => undefined);
    slot.alive = false;
  }

  private forget(slot: Slot) {
    this.slots.delete(slot);
    this.idle = this.idle.filter((s) => s !== slot);
    if (!this.closed) setImmediate(() => this.pump());
  }
}

/** How many descriptors of this process point into `dir` (Linux; 0 where there is no /proc). */
export async function openFdsUnder(dir: string): Promise<number> {
  return (await fdsUnder(dir)).length;
}

async function fdsUnder(dir: string): Promise<number[]> {
  const out: number[] = [];
  try {
    const prefix = dir + path.sep;
    for (const fd of await fsp.readdir('/proc/self/fd')) {
      try {
        const target = await fsp.readlink(`/proc/self/fd/${fd}`);
        if (target === dir || target.startsWith(prefix)) out.push(Number(fd));
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    /* no /proc (not Linux) */
  }
  return out;
}

/**
 * Removes a job's directory. Call only once the job's worker has stopped or is known to hold
 * nothing in it: on Linux, a descriptor this process still holds on a file in it (a stream a
 * library left open) is closed first — after its worker has stopped, nothing else can own it.
 * Returns how many were found; never throws.
 */
export async function removeJobDir(dir: string): Promise<number> {
  const fds = await fdsUnder(dir);
  for (const fd of fds) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }
  await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  return fds.length;
}

const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
