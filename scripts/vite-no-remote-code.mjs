// A build step that removes the remote code addresses libraries keep as defaults. Locus configures
// both libraries to load code from the package (ONNX Runtime's WASM: wasmPaths; web-llm: its own
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
];

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
