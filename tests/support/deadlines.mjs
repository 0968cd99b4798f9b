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
