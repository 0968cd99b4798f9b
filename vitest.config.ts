import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Unit tests: lib/ in Node (real transformers.js on onnxruntime-node, fake browser APIs). The
// deadlines bound a hang, not a speed: on a loaded 2-core machine (CI with another core busy) a
// test that takes 15 s idle was seen to take a minute.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The panel's words in English (lib/i18n/t.ts: Node has no browser i18n).
    setupFiles: ['tests/support/english-messages.ts'],
  },
});
