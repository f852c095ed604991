// Issue 4 — task book documents (TB-5): how long one Word file and one PDF take to make, and what
// making them does to the event loop.
//
//   npx tsx bench/taskbook-documents.ts        (or: npm run bench -- taskbook-documents)
//   options: --runs N (default 50)  --warmup N (default 5)  --concurrent N (default 20)
//
// The demo task book (src/server/modules/taskbooks/documents/testing/demo-model.ts: a signed first version,
// six indicators, four schedule nodes, five members, three signatures) rendered N times one after
// the other, each timed from the call to the finished file:
//   direct — renderTaskBookDocx / renderTaskBookPdf on this thread;
//   pool   — renderDocument(), in the worker pool the server uses (documents/pool.ts), size from
//            DOCUMENT_WORKERS or the CPUs (1 on this 2-core machine), the worker warmed first.
// Then the event loop's delay (how late a 5 ms interval timer fires) while
// --concurrent PDFs are made at once, through the pool and on this thread, next to the same
// window idle. Targets: Word median < 150 ms, PDF median < 1 s (p95 printed alongside);
// exit code 1 when a median misses. Output: bench/results/taskbook-documents-latest.json.
import { demoTaskBookModel } from '../src/server/modules/taskbooks/documents/testing/demo-model.js';
import { renderTaskBookDocx } from '../src/server/modules/taskbooks/documents/docx.js';
import { renderTaskBookPdf } from '../src/server/modules/taskbooks/documents/pdf.js';
import { closeDocumentPool, defaultPoolSize, renderDocument } from '../src/server/modules/taskbooks/documents/pool.js';
import { loadAvg, machineInfo, median, nowMs, onCleanup, round, runMain, sleep, writeResult } from './lib.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(argOf('runs', '50'));
const WARMUP = Number(argOf('warmup', '5'));
const CONCURRENT = Number(argOf('concurrent', '20'));
const TARGET_MS = { docx: 150, pdf: 1000 };

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

async function series(name: string, fn: () => Promise<Buffer>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = nowMs();
    bytes = (await fn()).length;
    ms.push(nowMs() - t0);
  }
  const r = { name, runs: RUNS, medianMs: round(median(ms), 1), p95Ms: round(p95(ms), 1), minMs: round(Math.min(...ms), 1), maxMs: round(Math.max(...ms), 1), bytes };
  console.log(`  ${name.padEnd(12)} median ${String(r.medianMs).padStart(6)} ms   p95 ${String(r.p95Ms).padStart(6)} ms   min ${r.minMs} / max ${r.maxMs} ms   ${Math.round(bytes / 1024)} KB`);
  return r;
}

/**
 * Event-loop delay while `work` runs: a 5 ms interval timer's lateness (gap − 5 ms), recorded
 * until a little after the work ends (so that a loop blocked to the end is seen too).
 */
async function loopDelay(work: () => Promise<unknown>) {
  const late: number[] = [];
  let last = nowMs();
  const timer = setInterval(() => {
    const now = nowMs();
    late.push(Math.max(0, now - last - 5));
    last = now;
  }, 5);
  const t0 = nowMs();
  await work();
  const ms = nowMs() - t0;
  await sleep(30);
  clearInterval(timer);
  const s = [...late].sort((a, b) => a - b);
  const pct = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { wallMs: round(ms), ticks: late.length, p50Ms: round(pct(0.5), 1), p99Ms: round(pct(0.99), 1), maxMs: round(s.at(-1) ?? 0, 1) };
}

runMain(async () => {
  const started = { ...machineInfo(), loadAvgAtStart: loadAvg() };
  onCleanup(() => closeDocumentPool());
  const model = demoTaskBookModel();
  const poolSize = defaultPoolSize();
  console.log(`\n== Task book documents: ${RUNS} runs each after ${WARMUP} warm-up runs; worker pool of ${poolSize}`);
  const t0 = nowMs();
  await renderDocument('pdf', model);
  const firstPoolMs = round(nowMs() - t0);
  console.log(`  first job through the pool (starts the worker): ${firstPoolMs} ms`);

  const docxDirect = await series('Word direct', () => renderTaskBookDocx(model));
  const docxPool = await series('Word pool', () => renderDocument('docx', model));
  const pdfDirect = await series('PDF direct', () => renderTaskBookPdf(model));
  const pdfPool = await series('PDF pool', () => renderDocument('pdf', model));

  console.log(`\n== Event-loop delay while ${CONCURRENT} PDFs are made at once (lateness of a 5 ms timer)`);
  const idle = await loopDelay(() => sleep(3000));
  const pool = await loopDelay(() => Promise.all(Array.from({ length: CONCURRENT }, () => renderDocument('pdf', model))));
  const direct = await loopDelay(() => Promise.all(Array.from({ length: CONCURRENT }, () => renderTaskBookPdf(model))));
  for (const [name, d] of [
    ['idle', idle],
    ['pool', pool],
    ['direct', direct],
  ] as const)
    console.log(`  ${name.padEnd(7)} p50 ${d.p50Ms} ms   p99 ${d.p99Ms} ms   max ${d.maxMs} ms   (${d.ticks} ticks in ${d.wallMs} ms)`);

  const ok = docxDirect.medianMs < TARGET_MS.docx && docxPool.medianMs < TARGET_MS.docx && pdfDirect.medianMs < TARGET_MS.pdf && pdfPool.medianMs < TARGET_MS.pdf;
  console.log(`\n  Word median < ${TARGET_MS.docx} ms, PDF median < ${TARGET_MS.pdf} ms — ${ok ? 'PASS' : 'MISS'}`);
  writeResult('taskbook-documents', {
    machine: started,
    loadAvgAtEnd: loadAvg(),
    runs: RUNS,
    warmup: WARMUP,
    poolSize,
    firstPoolJobMs: firstPoolMs,
    targetsMs: TARGET_MS,
    series: [docxDirect, docxPool, pdfDirect, pdfPool],
    eventLoopDelay: { concurrentPdfs: CONCURRENT, idle, pool, direct },
    ok,
  });
  return ok;
});
