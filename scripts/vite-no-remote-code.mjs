// A build step that removes the remote code addresses libraries keep as defaults. Locus configures
// the libraries to load code from the package (ONNX Runtime's WASM: wasmPaths; web-llm: its own
// app config with package-relative model libraries), so these defaults are never used; they are
// rewritten to the package's own folders so that the package holds no address of code elsewhere
// (a store-listed extension may not load remote code, and tests/e2e/package-code.test.ts checks the
// built package). A library update that moves a default fails the build here rather than slip by.

/** @type {Array<{ module: RegExp, from: string, to: string, why: string }>} */
export const REMOTE_CODE_DEFAULTS = [
  {
    module: /@huggingface[\\/]transformers[\\/]dist[\\/]transformers\.web(\.min)?\.js$/,
    from: 'https://cdn.jsdelivr.net/npm/onnxruntime-web@${ONNX_ENV.versions.web}/dist/',
    to: '/ort/',
    why: "ONNX Runtime's WASM from jsDelivr when wasmPaths is unset",
  },
  {
    module: /@mlc-ai[\\/]web-llm[\\/]lib[\\/]index\.js$/,
    from: '"https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/"',
    to: '"/webllm/"',
    why: "web-llm's prebuilt model libraries from GitHub's main branch",
  },
  {
    module: /tesseract\.js[\\/]src[\\/]worker[\\/]browser[\\/]defaultOptions\.js$/,
    from: '`https://cdn.jsdelivr.net/npm/tesseract.js@v${version}/dist/worker.min.js`',
    to: "'/tesseract/worker.min.js'",
    why: "tesseract.js's worker script from jsDelivr when workerPath is unset",
  },
  {
    // Locus loads wllama's own multi-thread build from the package (/wllama/) and never asks for the
    // "compat" build; its CDN address becomes a package path that is not shipped, so it cannot load.
    module: /@wllama[\\/]wllama[\\/]esm[\\/]index\.js$/,
    from: 'https://cdn.jsdelivr.net/npm/@wllama/wllama-compat@',
    to: '/wllama/compat-not-shipped@',
    why: "wllama's compat build (worker script and WebAssembly) from jsDelivr",
  },
  {
    // A comment inside wllama's worker glue (kept as a string); the scan reads any .js address as code.
    module: /@wllama[\\/]wllama[\\/]esm[\\/]index\.js$/,
    from: 'https://github.com/emscripten-core/emscripten/blob/main/src/library_memfs.js',
    to: "emscripten's src/library_memfs.js",
    why: "a comment in wllama's worker glue that names an emscripten source file",
  },
];

/**
 * The same for tesseract.js's worker script, which the build copies into the package as a file
 * (wxt.config.ts) rather than bundling: Locus gives it the core's package path (corePath) and the
 * language data's bytes, so its jsDelivr defaults are never used.
 */
export const TESSERACT_WORKER_REMOTE_DEFAULTS = [
  {
    from: '"https://cdn.jsdelivr.net/npm/tesseract.js-core@v"',
    to: '"/tesseract/tesseract.js-core@v"',
    why: 'the tesseract core (WebAssembly) from jsDelivr when corePath is unset',
  },
  {
    from: '"https://cdn.jsdelivr.net/npm/@tesseract.js-data/"',
    to: '"/tesseract/"',
    why: 'language data from jsDelivr when neither langPath nor the bytes are given',
  },
];

/**
 * `source` with each rule's address rewritten; throws when one is not written as expected (a
 * library update that moves a default must be looked at).
 * @param {string} source
 * @param {Array<{ from: string, to: string, why: string }>} rules
 * @param {string} what the file, for the error
 */
export function withoutRemoteCodeDefaults(source, rules, what) {
  let out = source;
  for (const rule of rules) {
    if (!out.includes(rule.from))
      throw new Error(`no-remote-code: ${rule.why} is no longer written as expected in ${what}; update scripts/vite-no-remote-code.mjs`);
    out = out.split(rule.from).join(rule.to);
  }
  return out;
}

/** @returns {import('vite').Plugin} */
export function noRemoteCode(rules = REMOTE_CODE_DEFAULTS) {
  const seen = new Set();
  const replaced = new Set();
  return {
    name: 'locus-no-remote-code',
    enforce: 'pre',
    transform(code, id) {
      let out = code;
      for (const rule of rules) {
        if (!rule.module.test(id)) continue;
        seen.add(rule);
        if (out.includes(rule.from)) {
          out = out.split(rule.from).join(rule.to);
          replaced.add(rule);
        }
      }
      return out === code ? null : { code: out, map: null };
    },
    buildEnd() {
      for (const rule of seen) {
        if (!replaced.has(rule))
          this.error(
            `no-remote-code: ${rule.why} is no longer written as expected in ${rule.module}; check the library's default and update scripts/vite-no-remote-code.mjs`,
          );
      }
    },
  };
}
