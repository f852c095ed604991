// Starts the untrusted-file worker from its TypeScript source (cage.ts, when the server runs from the
// sources): registers tsx in this thread, then loads the worker module named in workerData.
// (`execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
