// How long the end-to-end tests wait for what a student would see. Sized for a loaded 2-core machine
// (CI, or a shared one with another core busy): a deadline is a bound on a step that normally takes a
// fraction of it, never a pause. A wait that runs out means the product did not get there.

/** A click shows its effect; a tab, panel or dialog renders; a setting is saved. */
export const UI = 90_000;

/** Chromium starts, the extension is installed and its service worker runs. */
export const BROWSER_START = 120_000;

/** A model run on WASM with stories260K, from the click to its last word (a first download included). */
export const MODEL_RUN = 300_000;

/** A run on WebGPU with the software adapter (SwiftShader): the first compile of the shaders is slow. */
export const WEBGPU_RUN = 600_000;

/** Saving or embedding pages into the library (a first download of the embedding model included). */
export const LIBRARY_WORK = 300_000;

/** Building the extension again (the library tests' build with the MiniLM stand-in). */
export const BUILD = 420_000;

/**
 * llama.cpp on the CPU, for deadlines sized by the work (prompt tokens, new tokens) instead of one
 * guess: half the rates measured for the SmolLM2-135M Q8_0 stand-in with 1 thread (lib/catalog/
 * cpu-threads.ts) on the shared 2-core machine with one core kept busy at load average ~16
 * (`npm run bench -- --llama-threads --busy-cores 1`: medians 5.1 prompt and 2.0 decode tokens/s). Half,
 * because a longer prompt costs more per token (attention over a longer window) and the load varies.
 */
export const LLAMA_SLOW_PROMPT_TOKENS_PER_S = 2.5;
export const LLAMA_SLOW_DECODE_TOKENS_PER_S = 1.0;

/** Until the first word: the prompt through llama.cpp, batch after batch, plus a UI step for the start. */
export function llamaPromptDeadline(promptTokens) {
  return UI + Math.ceil((promptTokens * 1000) / LLAMA_SLOW_PROMPT_TOKENS_PER_S);
}

/** From the first word to the last: up to `newTokens` decoded, plus a UI step for the end. */
export function llamaAnswerDeadline(newTokens) {
  return UI + Math.ceil((newTokens * 1000) / LLAMA_SLOW_DECODE_TOKENS_PER_S);
}
