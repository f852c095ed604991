import { defineConfig } from 'vitest/config';

// Browser journeys: the platform started as a process, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // the demo deployment, made once and copied for each journey (test/e2e/support.ts startPlatform)
    globalSetup: ['test/e2e/global-setup.ts'],
    // a page on a loaded CI machine may take seconds to settle: expect.poll waits like the locators do
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
