import { defineConfig } from 'vitest/config';
import { dedupe } from './vite.config';

export default defineConfig({
  resolve: { dedupe },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.unit.test.ts'],
    environment: 'happy-dom',
  },
});
