import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium, one browser at a time (2-core CI). The steps
// inside a test wait on conditions with their own deadlines (tests/support/deadlines.mjs); these
// outer bounds only catch a test that hangs, and are longer than any of its steps: a model run on
// the software WebGPU adapter (10 min) in a test, a build of the extension plus a browser start
// (9 min) in a hook. No test is retried.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    // Not yet reliable under load: llama.cpp's long-page test (README, "llama.cpp on the CPU") passed
    // once after the invalid-UTF-8 fix and timed out once on its answer deadline. Run it with
    // `npm run test:llama-long`; it goes back into the suite when it passes reliably.
    exclude: process.env.LOCUS_LLAMA_LONG ? ['**/node_modules/**'] : ['tests/e2e/llama-long-page.test.ts', '**/node_modules/**'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 600_000,
    retry: 0,
    pool: 'forks',
  },
});
