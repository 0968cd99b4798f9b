// Plain transformers.js feature extraction: what a developer writes without Locus. The only settings
// are those that make the work identical to Locus's: model host, ONNX Runtime files, thread count,
// device, dtype; then `pipeline('feature-extraction')` with mean pooling and normalization on
// batches of the same texts Locus embedded.
import { env, pipeline } from '@huggingface/transformers';

let extractor;

const ops = {
  env() {
    return { crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency };
  },
  async load({ host, modelId, revision, device, dtype, wasmPaths, numThreads }) {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = host.endsWith('/') ? host : `${host}/`;
    env.useBrowserCache = false;
    env.useWasmCache = false;
    env.backends.onnx.wasm.wasmPaths = wasmPaths;
    env.backends.onnx.wasm.numThreads = numThreads;
    await extractor?.dispose();
    const started = performance.now();
    extractor = await pipeline('feature-extraction', modelId, { revision, device, dtype });
    return { loadMs: performance.now() - started, numThreads: env.backends.onnx.wasm.numThreads };
  },
  /** Embeds `texts` in batches of `batch`, one after another; the time of the whole run. */
  async embed({ texts, batch }) {
    const started = performance.now();
    let dims = 0;
    for (let i = 0; i < texts.length; i += batch) {
      const out = await extractor(texts.slice(i, i + batch), { pooling: 'mean', normalize: true });
      dims = out.dims.at(-1);
      out.dispose?.();
    }
    return { ms: performance.now() - started, chunks: texts.length, dims };
  },
  async unload() {
    await extractor?.dispose();
    extractor = undefined;
  },
};

self.addEventListener('message', async (event) => {
  const { id, op, args } = event.data;
  try {
    self.postMessage({ id, ok: true, result: await ops[op](args) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
});
