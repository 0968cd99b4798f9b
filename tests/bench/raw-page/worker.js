// Plain transformers.js in a dedicated worker: what a developer writes without Locus. The only
// settings are those that make the work identical to Locus's (see tests/bench/raw-side.mjs):
// model host, ONNX Runtime WASM files, thread count, device, dtype; then greedy generation of a
// given prompt, timed the same way Locus's engine times it.
import { AutoModelForCausalLM, AutoTokenizer, TextStreamer, env } from '@huggingface/transformers';

let tokenizer;
let model;

const ops = {
  /** What the runtime will see: isolation decides whether ONNX Runtime may use threads. */
  env() {
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      webgpu: 'gpu' in navigator,
    };
  },

  async load({ host, modelId, revision, device, dtype, wasmPaths, numThreads }) {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = host.endsWith('/') ? host : `${host}/`;
    env.useBrowserCache = false;
    env.useWasmCache = false;
    env.backends.onnx.wasm.wasmPaths = wasmPaths;
    env.backends.onnx.wasm.numThreads = numThreads;
    const started = performance.now();
    tokenizer = await AutoTokenizer.from_pretrained(modelId, { revision });
    model = await AutoModelForCausalLM.from_pretrained(modelId, { revision, device, dtype });
    return { loadMs: performance.now() - started, numThreads: env.backends.onnx.wasm.numThreads };
  },

  /**
   * Greedy generation of the chat `messages` with the model's own chat template, streamed through
   * a TextStreamer set up as Locus's engine sets it up (skip prompt, skip special tokens).
   */
  async generate({ messages, maxNewTokens }) {
    const started = performance.now();
    const inputs = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, return_dict: true });
    let firstTokenAt;
    let firstTextAt;
    let outputTokens = 0;
    let text = '';
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      token_callback_function: () => {
        firstTokenAt ??= performance.now();
        outputTokens += 1;
      },
      callback_function: (piece) => {
        if (!piece) return;
        firstTextAt ??= performance.now();
        text += piece;
      },
    });
    await model.generate({ ...inputs, max_new_tokens: maxNewTokens, do_sample: false, streamer });
    const ended = performance.now();
    return {
      promptTokens: inputs.input_ids.dims.at(-1),
      outputTokens,
      text,
      ttftMs: (firstTokenAt ?? ended) - started,
      firstTextMs: (firstTextAt ?? ended) - started,
      totalMs: ended - started,
    };
  },

  async unload() {
    await model?.dispose();
    model = undefined;
    tokenizer = undefined;
  },
};

self.addEventListener('message', async (event) => {
  const { id, op, args } = event.data;
  try {
    const result = await ops[op](args);
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
});
