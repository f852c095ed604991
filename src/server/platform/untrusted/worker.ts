// Issue 10 §1: what runs in the worker threads in which cage.ts runs one parser on one uploaded
// file at a time. The platform knows no parser: a cage's worker entry is a module of the code that
// owns the parsers, which calls serveCageJobs with its table (the server's is
// modules/untrusted-worker.ts; the cage's tests have testing/hostile-parsers.ts). The entry is
// loaded from its TypeScript source (through worker-tsx.mjs) when the server runs from its sources,
// and as dist/server/untrusted-worker.mjs (built by scripts/start.mjs) from the bundle.
// The thread has its own V8 heap limit (resourceLimits), a deadline kept by the server, and a
// temporary directory per job: TMPDIR points into it while the parser runs, so whatever a library
// writes "to the temp dir" lands where the server removes it afterwards.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { UntrustedFileError } from './refusal.js';

/** A parser of an uploaded file: its bytes and the caller's argument (cloned into the worker). */
export type Parser = (bytes: Buffer, args: never) => Promise<unknown>;
/** The parser of that name (loading its module on first use); throws for an unknown name. */
export type ParserLoader = (name: string) => Promise<Parser>;

export interface CageJob {
  id: number;
  parser: string;
  args: unknown;
  bytes: Uint8Array;
  tmpDir: string;
}
export type CageReply =
  | { id: number; started: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; kind: 'malformed' | 'too-large' | 'failed'; message: string };

/** In a cage's worker entry: answers the cage's jobs with the parsers `load` gives. */
export function serveCageJobs(load: ParserLoader): void {
  // Parsing gives way to the server's event loop (on Linux a nice value set from a thread applies to
  // that thread only), as the document workers do.
  try {
    os.setPriority(0, (workerData as { nice?: number } | null)?.nice ?? 19);
  } catch {
    /* not permitted here: parse at normal priority */
  }
  parentPort?.on('message', (job: CageJob) => {
    // the deadline runs from here: a worker's start (module loading) is not the parser's time
    parentPort!.postMessage({ id: job.id, started: true } satisfies CageReply);
    void run(load, job).then((reply) => parentPort!.postMessage(reply));
  });
}

async function run(load: ParserLoader, job: CageJob): Promise<CageReply> {
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = job.tmpDir;
  try {
    const parse = await load(job.parser);
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    return { id: job.id, ok: true, value: await parse(bytes, job.args as never) };
  } catch (e) {
    if (e instanceof UntrustedFileError) return { id: job.id, ok: false, kind: e.kind, message: e.message };
    return { id: job.id, ok: false, kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}
