import { defineConfig } from 'vitest/config';

// devstack's own tests; run by `npm test` with DEVSTACK_DB_URL pointing at a migrated throw-away cluster.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run one after another so database-heavy suites do not starve each other.
    fileParallelism: false,
  },
});
