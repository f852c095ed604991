// Issue 10 §1: every limit on parsing an uploaded file, in one place. Each number can be changed by
// an operator through the environment variable named beside it (read once, at first use); the
// defaults are sized for a 2-core, few-GB server where a parse must never take the web server's
// memory or event loop with it.
import os from 'node:os';

const envInt = (name: string, dflt: number, min = 1): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= min ? v : dflt;
};
const cpus = () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
const MiB = 1024 * 1024;

/** The worker threads that parse untrusted files (platform/untrusted/cage.ts). */
export function cageLimits() {
  return {
    /** UNTRUSTED_WORKERS: parses at once. Two on a 2-core machine: the workers run at nice 19, so the event loop keeps its share. */
    workers: envInt('UNTRUSTED_WORKERS', Math.max(1, Math.min(4, cpus()))),
    /** UNTRUSTED_QUEUE: uploads that may wait for a worker; one more is answered 503 at once. */
    queue: envInt('UNTRUSTED_QUEUE', 64, 0),
    /** UNTRUSTED_QUEUE_MB: bytes of the waiting uploads together (each upload is held in memory while it waits). */
    queuedBytes: envInt('UNTRUSTED_QUEUE_MB', 256) * MiB,
    /** UNTRUSTED_QUEUE_WAIT_MS: an upload not started within this is answered 503 (the client is still waiting). */
    queueWaitMs: envInt('UNTRUSTED_QUEUE_WAIT_MS', 30_000),
    /**
     * Worker resourceLimits (V8 heap of the thread; Buffers outside the heap are bounded by the
     * parsers' own byte caps). UNTRUSTED_WORKER_HEAP_MB: old generation. A parse that needs more
     * ends its worker with ERR_WORKER_OUT_OF_MEMORY and is answered 413.
     */
    resourceLimits: {
      maxOldGenerationSizeMb: envInt('UNTRUSTED_WORKER_HEAP_MB', 384),
      maxYoungGenerationSizeMb: 32,
      codeRangeSizeMb: 64,
      stackSizeMb: 4,
    },
    /**
     * UNTRUSTED_WORKER_NICE: the workers' nice value (Linux, per thread). 19 keeps the event loop
     * first; on a machine whose cores are busy with other processes, parses then crawl and the
     * queue answers 503 — lower it there.
     */
    nice: envInt('UNTRUSTED_WORKER_NICE', 19, 0),
    /** an idle worker is ended after this (its memory goes back to the system) */
    idleMs: envInt('UNTRUSTED_WORKER_IDLE_MS', 10_000),
    /** a worker is replaced after this many parses, so nothing a file left behind accumulates */
    jobsPerWorker: envInt('UNTRUSTED_WORKER_JOBS', 50),
  };
}
export type CageLimits = ReturnType<typeof cageLimits>;

/** Per parser: how long one parse may run (UNTRUSTED_DEADLINE_MS overrides all; tests shorten it). */
export function parserDeadlineMs(parser: string): number {
  const all = envInt('UNTRUSTED_DEADLINE_MS', 0, 0);
  if (all) return all;
  // FUN-5: 20,000 rows are read in well under 20 s on this machine; a minute is a generous bound.
  if (parser === 'item-workbook') return 60_000;
  // PUB-2: a task book file is a few hundred KB; the code is read in milliseconds.
  if (parser === 'verification-code') return 10_000;
  return 30_000;
}

/** What an uploaded .xlsx may inflate to (modules/transfer/item-spreadsheet.ts, zip.ts InflateBudget). */
export function xlsxLimits() {
  return {
    /**
     * XLSX_MAX_INFLATED_MB: bytes actually inflated from the parts that are read, together — counted
     * while inflating, never taken from the zip's directory. 20,000 rows of ordinary items are a few
     * tens of MB; a file over this is answered 413.
     */
    maxInflatedBytes: envInt('XLSX_MAX_INFLATED_MB', 256) * MiB,
    /** entries in the zip directory (a workbook has a few dozen) */
    maxEntries: 10_000,
    /**
     * One cell's text: Excel itself holds at most 32,767 characters in a cell. A longer text in a
     * sheet or in the shared strings is cut there and its cell refused with its row and column.
     */
    maxCellChars: 32_767,
    /** one XML tag with its attributes (Excel writes a few hundred bytes at most) */
    maxTagChars: 64 * 1024,
    /** distinct texts in the shared strings (20,000 rows × 8 columns is 160,000 at most) */
    maxSharedStrings: 1_000_000,
  };
}
