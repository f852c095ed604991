// Test fixture for pool.ts: a worker that speaks the document worker's protocol (worker.ts)
// without rendering anything — it answers with the format's name as the bytes — and fails in
// the two ways the pool must survive: a model named 崩溃 ends the thread at once
// (process.exit), one named 抛错 throws out of the message handler (an uncaught exception kills
// the worker); an unknown format is an ordinary failed job.
import { parentPort } from 'node:worker_threads';
import type { RenderJob, RenderReply } from '../worker.js';

parentPort?.on('message', (job: RenderJob) => {
  const name = 'projectName' in job.model ? job.model.projectName : job.model.name;
  if (name === '崩溃') process.exit(3);
  if (name === '抛错') throw new Error('工作线程内未捕获的异常');
  const reply: RenderReply =
    job.format === 'pdf' || job.format === 'docx' ? { id: job.id, ok: true, bytes: new TextEncoder().encode(job.format) } : { id: job.id, ok: false, message: `未知的文件格式：${String(job.format)}` };
  parentPort!.postMessage(reply);
});
