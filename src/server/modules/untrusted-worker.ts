// Issue 10 §1: the worker entry of the server's cage (untrusted-jobs.ts makes the cage): one parser
// on one uploaded file at a time, from loadParser's table. Loaded from this TypeScript source
// (through platform/untrusted/worker-tsx.mjs) when the server runs from its sources, and as
// dist/server/untrusted-worker.mjs (built by scripts/start.mjs) from the bundle.
import { serveCageJobs } from '../platform/untrusted/worker.js';
import { loadParser } from './untrusted-jobs.js';

serveCageJobs(loadParser);
