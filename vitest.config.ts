import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/e2e drives the built renderer (npm test builds it first) in Debian's Chromium.
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
