/**
 * Each engine in plain words, for the Models view (which translates them): what it is called, and
 * where it runs. Data, so the view needs no knowledge of engines.
 */
import type { EngineKind } from './catalog';

export const ENGINE_LABELS: Record<EngineKind, { name: string; where: string }> = {
  transformers: {
    name: 'transformers.js',
    where: "Runs on this computer's graphics chip when it has a usable one, otherwise on its processor",
  },
  'llama-cpp': { name: 'llama.cpp', where: "Runs on this computer's processor" },
  'web-llm': { name: 'web-llm', where: "Runs on this computer's graphics chip only" },
  'chrome-ai': { name: "Chrome's built-in AI", where: 'Runs inside Chrome, with the model Chrome downloads and manages' },
};
