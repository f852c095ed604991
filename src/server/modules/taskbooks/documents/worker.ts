// TB-5: the worker thread that renders task book documents for pool.ts, one job at a time (and,
// with the same building blocks, the capacity plan's application form, CAP-2, its responsibility
// letter, CAP-5, and reports made of blocks, report.ts).
// Loaded from this TypeScript source (through tsx) when the server runs from its sources, and as
// dist/server/document-worker.mjs (built by scripts/start.mjs) when it runs from the bundle.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { renderTaskBookDocx } from './docx.js';
import type { DocumentFormat, TaskBookDocumentModel } from './model.js';
import { renderTaskBookPdf } from './pdf.js';
import type { ApplicationDocumentModel } from '../../capacity/documents/model.js';
import { renderApplicationDocx } from '../../capacity/documents/docx.js';
import { renderApplicationPdf } from '../../capacity/documents/pdf.js';
import type { LetterDocumentModel } from '../../capacity/documents/letter-model.js';
import { renderLetterDocx } from '../../capacity/documents/letter-docx.js';
import { renderLetterPdf } from '../../capacity/documents/letter-pdf.js';
import type { ReportDocument } from './report.js';
import { renderReportDocx } from './report-docx.js';
import { renderReportPdf } from './report-pdf.js';

/**
 * What a job renders: a task book (no kind, as before), a capacity plan application (申报书) or its
 * responsibility letter (责任书), or a report made of blocks (report.ts: the performance reports, …).
 */
export type DocumentJob =
  | { kind?: 'taskBook'; model: TaskBookDocumentModel }
  | { kind: 'capacityApplication'; model: ApplicationDocumentModel }
  | { kind: 'capacityLetter'; model: LetterDocumentModel }
  | { kind: 'report'; model: ReportDocument };
export type RenderJob = { id: number; format: DocumentFormat } & DocumentJob;
export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string; stack?: string };

export async function renderJob(format: DocumentFormat, job: DocumentJob): Promise<Buffer> {
  if (format !== 'pdf' && format !== 'docx') throw new Error(`未知的文件格式：${String(format)}`);
  if (job.kind === 'capacityApplication') return format === 'pdf' ? renderApplicationPdf(job.model) : renderApplicationDocx(job.model);
  if (job.kind === 'capacityLetter') return format === 'pdf' ? renderLetterPdf(job.model) : renderLetterDocx(job.model);
  if (job.kind === 'report') return format === 'pdf' ? renderReportPdf(job.model) : renderReportDocx(job.model);
  return format === 'pdf' ? renderTaskBookPdf(job.model) : renderTaskBookDocx(job.model);
}

// Rendering gives way to the server's event loop: on Linux a nice value set from a thread applies
// to that thread only. (On two vCPUs that are one core's hyperthreads this alone is not enough:
// the pool also rests the worker between queued jobs, pool.ts `duty`; bench/RESULTS.md.)
if (parentPort) {
  try {
    os.setPriority(0, 19);
  } catch {
    /* not permitted here: render at normal priority */
  }
}

parentPort?.on('message', (job: RenderJob) => {
  renderJob(job.format, job).then(
    (buf) => {
      // hand the bytes over without a copy: a buffer of its own, transferred
      const bytes = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? new Uint8Array(buf.buffer, 0, buf.byteLength) : new Uint8Array(buf);
      parentPort!.postMessage({ id: job.id, ok: true, bytes } satisfies RenderReply, [bytes.buffer as ArrayBuffer]);
    },
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ id: job.id, ok: false, message: err.message, stack: err.stack } satisfies RenderReply);
    },
  );
});
