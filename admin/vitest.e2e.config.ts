import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The page settles when it settles: a loaded 2-core machine can take seconds, so polls wait
    // up to 30 s (vitest's default of 1 s made the suites flaky under load; never a speed check).
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
