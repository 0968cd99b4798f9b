import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Unit tests: lib/ in Node (real transformers.js on onnxruntime-node, fake browser APIs).
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
