import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
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
