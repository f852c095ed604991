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
    // on PostgreSQL: the template database the test files copy is dropped at the end of the run
    globalSetup: ['src/server/testing/global-setup.ts'],
  },
});
