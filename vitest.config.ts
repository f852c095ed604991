import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// With TEST_DATABASE_URL the suite runs again on PostgreSQL: only the integration tests
// (*.int.test.ts), the ones that open a database. A unit test (*.test.ts) opens none — it reads no
// driver and would repeat the embedded run's result to the byte.
const onPostgres = !!process.env.TEST_DATABASE_URL;
const pattern = onPostgres ? /\.int\.test\.ts$/ : /\.test\.ts$/;

// Test files share their worker's loaded modules (`isolate: false`; not their data: each file opens
// its own copy of the template database). Loading the server's modules and PGlite's WASM anew for
// each of the ~150 files was about a third of a run: 2026-12-07, PGlite 900 → 556 s, PostgreSQL
// 541 → 303 s. What a module keeps between requests is keyed by its database (answer-cache.ts) or
// by content, and tests restore any environment variable they set.
//
// A file that measures the time or memory of its own process (CPU time, the event loop, the RSS)
// runs in a fresh process instead: in a worker that has run many files before it, the collector's
// pauses over what they left count against the code measured (audit-checkpoint.load read 190 ms of
// CPU within one timer gap, where it read 40–80 ms in a fresh process). Such a file is recognised
// by what it calls, so a new one is isolated without anyone listing it; the helpers it may measure
// through are named here.
const MEASURES = /process\.cpuUsage|performance\.now\(|process\.memoryUsage|monitorEventLoopDelay|process\.hrtime|testing\/(upload-soak|event-loop)/;
const root = path.dirname(fileURLToPath(import.meta.url));
function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return testFiles(p);
    return pattern.test(e.name) ? [p] : [];
  });
}
const measuring = testFiles('src').filter((f) => MEASURES.test(fs.readFileSync(path.join(root, f), 'utf8')));

const shared = {
  environment: 'node',
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    fileParallelism: true,
    maxWorkers: 2,
    // on PostgreSQL: the template database the test files copy is dropped once all files have run
    globalSetup: ['src/server/testing/global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'shared', include: [onPostgres ? 'src/**/*.int.test.ts' : 'src/**/*.test.ts'], exclude: measuring, isolate: false } },
      ...(measuring.length ? [{ test: { ...shared, name: 'measuring', include: measuring, isolate: true } }] : []),
    ],
  },
});
