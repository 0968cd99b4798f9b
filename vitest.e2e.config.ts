import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium, one browser at a time (2-core CI). The steps
// inside a test wait on conditions with their own deadlines (tests/support/deadlines.mjs); these
// outer bounds only catch a test that hangs, and are longer than any of its steps: a model run on
// the software WebGPU adapter (10 min) in a test, a build of the extension plus a browser start
// (9 min) in a hook. No test is retried.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    // Not yet reliable under load: llama.cpp's long-page test (README, "llama.cpp on the CPU"). With
    // deadlines sized from measured rates (tests/support/deadlines.mjs) and 1 thread, its 3 runs with
    // one core kept busy at load average 13-28 (2026-12-04) all got through the prompt; 1 of 3
    // finished its answer within the deadline (decode fell below the rate the deadline assumes). Run it with `npm run test:llama-long`; it goes back
    // into the suite when it passes reliably.
    exclude: process.env.LOCUS_LLAMA_LONG ? ['**/node_modules/**'] : ['tests/e2e/llama-long-page.test.ts', '**/node_modules/**'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 600_000,
    retry: 0,
    pool: 'forks',
  },
});
