import { defineConfig } from 'vitest/config';

// End-to-end in Firefox ESR (issue 17): the Firefox build (`npm run build:firefox`) over WebDriver
// BiDi, one browser at a time. Outer bounds as in vitest.e2e.config.ts: the steps wait on
// conditions with their own deadlines (tests/support/deadlines.mjs). No test is retried.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 600_000,
    retry: 0,
    pool: 'forks',
  },
});
