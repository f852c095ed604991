// TB-5: task book documents are rendered in worker threads, never on the event loop (rendering a
// PDF takes ~0.1–0.5 s of CPU; 20 at once must not hold up the public pages). A small pool:
// workers are started when a job needs one and then kept (idle workers do not keep the process
// alive), jobs wait in a queue, a worker that dies fails its job with an Error and is replaced by
// the next job that needs one.
//
// Where the worker's code is:
//   - running from the TypeScript sources (tsx, vitest, `npm run seed`, the benchmarks): this file
//     is pool.ts, and the worker is ./worker.ts, started through ./worker-tsx.mjs (which
//     registers tsx in the worker thread, then imports it);
//   - running from the esbuild bundle (`npm start` → dist/server/main.mjs): this code is inside
//     main.mjs, and the worker is dist/server/document-worker.mjs, which scripts/start.mjs builds
//     as a second entry point; a bundle without one next to it falls back to the sources (tsx).
//   DOCUMENT_WORKER_ENTRY (a path) overrides both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentFormat, TaskBookDocumentModel } from './model.js';
import type { DocumentJob, RenderJob, RenderReply } from './worker.js';

export interface DocumentPoolOptions {
  /** number of worker threads; default DOCUMENT_WORKERS, else 1 on ≤ 2 CPUs, else min(4, CPUs − 1) */
  size?: number;
  /** the worker module; default as described above */
  entry?: URL;
  /** a job still running after this long fails and its worker is replaced (default 60 s) */
  jobTimeoutMs?: number;
  /**
   * The share of time a worker may render while jobs are queued (0 < duty ≤ 1; default
   * DOCUMENT_WORKER_DUTY, else 0.3): after a job that took t ms the worker rests t·(1/duty − 1) ms
   * before the next queued one. On a small machine the cores a busy worker uses are the ones the
   * event loop and the database need (two vCPUs are often one core's two hyperthreads, where a
   * thread's nice value does not help); a lone request is never delayed.
   */
  duty?: number;
}

export function defaultDuty(): number {
  const env = Number(process.env.DOCUMENT_WORKER_DUTY);
  return Number.isFinite(env) && env > 0 && env <= 1 ? env : 0.3;
}

export function defaultPoolSize(): number {
  const env = Number(process.env.DOCUMENT_WORKERS);
  if (Number.isInteger(env) && env > 0) return env;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cpus <= 2 ? 1 : Math.min(4, cpus - 1);
}

/** How to start a worker: its module, and the module it loads when that is TypeScript. */
export interface WorkerEntry {
  url: URL;
  /** for a TypeScript worker: `url` is worker-tsx.mjs, which registers tsx and imports this */
  source?: URL;
}

/** A worker module as a Worker can start it: TypeScript goes through worker-tsx.mjs. */
export function entryFor(url: URL): WorkerEntry {
  if (!url.pathname.endsWith('.ts')) return { url };
  // the starter beside this file (sources), else the one beside the source worker (bundle fallback)
  const here = new URL(import.meta.url);
  return { url: new URL('./worker-tsx.mjs', here.pathname.endsWith('.ts') ? here : url), source: url };
}

/** The worker module for the way this code is running (see the top of this file). */
export function workerEntry(override = process.env.DOCUMENT_WORKER_ENTRY): WorkerEntry {
  if (override) return entryFor(pathToFileURL(path.resolve(override)));
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) return entryFor(new URL('./worker.ts', here));
  const bundled = new URL('./document-worker.mjs', here);
  if (fs.existsSync(fileURLToPath(bundled))) return { url: bundled };
  // a bundle elsewhere (dist/server/main.mjs without its worker, a benchmark's bundle): the sources
  for (const rel of ['../../src/server/modules/taskbooks/documents/worker.ts', '../../../src/server/modules/taskbooks/documents/worker.ts']) {
    const src = new URL(rel, here);
    if (fs.existsSync(fileURLToPath(src))) return entryFor(src);
  }
  return { url: bundled };
}

interface Job {
  id: number;
  format: DocumentFormat;
  what: DocumentJob;
  resolve(b: Buffer): void;
  reject(e: Error): void;
}
interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** when the running job was handed over (for the rest after it) */
  startedAt: number;
}

export class DocumentPool {
  readonly size: number;
  readonly entry: WorkerEntry;
  private readonly jobTimeoutMs: number;
  private readonly duty: number;
  private readonly slots = new Set<Slot>();
  private idle: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** workers started so far (replacements included), for tests and diagnostics */
  started = 0;

  constructor(opts: DocumentPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.entry = opts.entry ? entryFor(opts.entry) : workerEntry();
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
    this.duty = Math.min(1, Math.max(0.05, opts.duty ?? defaultDuty()));
  }

  /** Renders a task book in a worker; waits in the queue while all workers are busy. */
  run(format: DocumentFormat, model: TaskBookDocumentModel): Promise<Buffer> {
    return this.runJob(format, { model });
  }

  /** Renders a document of any kind the worker knows (worker.ts DocumentJob). */
  runJob(format: DocumentFormat, what: DocumentJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('文档生成线程池已关闭'));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, format, what, resolve, reject });
      this.pump();
    });
  }

  /** jobs waiting for a worker, jobs running, workers alive */
  stats() {
    return { queued: this.queue.length, running: [...this.slots].filter((s) => s.job).length, workers: this.slots.size, started: this.started };
  }

  /** Fails the waiting jobs and stops the workers (their running jobs fail too). */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('文档生成线程池已关闭'));
    const slots = [...this.slots];
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private pump() {
    while (this.queue.length && !this.closed) {
      let slot = this.idle.pop();
      if (!slot) {
        if (this.slots.size >= this.size) return;
        slot = this.spawn();
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const { url, source } = this.entry;
    const worker = new Worker(url, { workerData: source ? { entry: source.href } : undefined, stdout: false, stderr: false });
    const slot: Slot = { worker, job: null, timer: null, startedAt: 0 };
    this.slots.add(slot);
    this.started++;
    worker.on('message', (msg: RenderReply) => {
      const job = slot.job;
      if (!job || msg.id !== job.id) return;
      this.release(slot);
      if (msg.ok) job.resolve(Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength));
      else job.reject(Object.assign(new Error(msg.message), msg.stack ? { stack: msg.stack } : {}));
      const rest = this.duty < 1 && this.queue.length ? (performance.now() - slot.startedAt) * (1 / this.duty - 1) : 0;
      if (rest < 1) {
        this.idle.push(slot);
        this.pump();
      } else {
        // not unref'd: a queued job keeps the process alive, as a running one does
        setTimeout(() => {
          if (!this.slots.has(slot)) return; // the worker failed meanwhile
          this.idle.push(slot);
          this.pump();
        }, rest);
      }
    });
    worker.on('error', (e) => this.fail(slot, `工作线程出错：${e.message}`));
    worker.on('exit', (code) => this.fail(slot, `工作线程意外退出（退出码 ${code}）`));
    return slot;
  }

  private assign(slot: Slot, job: Job) {
    slot.job = job;
    slot.startedAt = performance.now();
    slot.worker.ref(); // a running job keeps the process alive, an idle worker does not
    slot.timer = setTimeout(() => {
      this.fail(slot, `生成${jobName(job)}文件超时（${this.jobTimeoutMs} 毫秒）`);
      void slot.worker.terminate();
    }, this.jobTimeoutMs);
    slot.timer.unref();
    const msg: RenderJob = { id: job.id, format: job.format, ...job.what };
    try {
      slot.worker.postMessage(msg);
    } catch (e) {
      this.fail(slot, `无法把任务交给工作线程：${(e as Error).message}`);
    }
  }

  private release(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
  }

  /** A worker died (or hung): its job fails, the worker is dropped, a new one starts when needed. */
  private fail(slot: Slot, why: string) {
    if (!this.slots.has(slot)) return;
    const job = slot.job;
    this.release(slot);
    this.slots.delete(slot);
    this.idle = this.idle.filter((s) => s !== slot);
    if (!this.closed) void slot.worker.terminate().catch(() => undefined);
    job?.reject(new Error(`生成${job ? jobName(job) : ''}文件失败：${why}`));
    this.pump();
  }
}

const jobName = (job: Job) => (job.what.kind === 'capacityApplication' ? '申报书' : job.what.kind === 'capacityLetter' ? '责任书' : job.what.kind === 'report' ? job.what.model.name : '任务书');

let shared: DocumentPool | null = null;

/** Renders a task book as Word or PDF in the shared worker pool (created on first use). */
export function renderDocument(format: DocumentFormat, model: TaskBookDocumentModel): Promise<Buffer> {
  return renderDocumentJob(format, { model });
}

/** Renders any kind of document the worker knows in the shared worker pool. */
export function renderDocumentJob(format: DocumentFormat, what: DocumentJob): Promise<Buffer> {
  shared ??= new DocumentPool();
  return shared.runJob(format, what);
}

/** Stops the shared pool (server shutdown, tests); the next renderDocument starts a new one. */
export async function closeDocumentPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
