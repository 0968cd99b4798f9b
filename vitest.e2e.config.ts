import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium, one browser at a time (2-core CI).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
