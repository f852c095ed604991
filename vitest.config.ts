import { defineConfig } from 'vitest/config';

// With TEST_DATABASE_URL the suite runs again on PostgreSQL: only the integration tests
// (*.int.test.ts), the ones that open a database. A unit test (*.test.ts) opens none — it reads no
// driver and would repeat the embedded run's result to the byte.
const onPostgres = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: [onPostgres ? 'src/**/*.int.test.ts' : 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // Test files share their worker's loaded modules (not their data: each file opens its own copy
    // of the template database). Loading the server's modules and PGlite's WASM anew for each of the
    // ~150 files cost about a third of a run: CI 2026-12-07, PGlite 900 → 556 s, PostgreSQL
    // 541 → 303 s. What a module keeps between requests is keyed by its database (answer-cache.ts)
    // or by content, and tests restore any environment variable they set.
    isolate: false,
    // on PostgreSQL: the template database the test files copy is dropped at the end of the run
    globalSetup: ['src/server/testing/global-setup.ts'],
  },
});
