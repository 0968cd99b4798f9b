// The models the benchmark can run: architecture-exact, random-weight stand-ins of real models
// (../shared/tools/make-standins.py). Their weights are random, so their text is meaningless: the
// benchmark drives them by token counts and never reports their output as quality.

/**
 * @typedef {{ key: string, hubId: string, id: string, name: string, params: string, license: string,
 *   contextWindow: number, minMemoryGB: number, dtype: 'q4', files: string[] }} BenchModel
 */

/** Files Locus and the raw page load (transformers.js reads no others for these models). */
const SHARED_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** @type {Record<string, BenchModel>} */
export const BENCH_MODELS = {
  smollm2: {
    key: 'smollm2',
    hubId: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    // Distinct from the real hub id, so a stand-in can never be mistaken for (or cached as) the real model.
    id: 'standin/SmolLM2-135M-Instruct',
    name: 'SmolLM2-135M-Instruct (random-weight stand-in, benchmarks only)',
    params: '135M',
    license: 'Apache-2.0',
    contextWindow: 8192, // the real model's window, so Locus builds the same prompts as for the real one
    minMemoryGB: 1,
    dtype: 'q4',
    files: [...SHARED_FILES, 'onnx/model_q4.onnx'],
  },
  qwen25: {
    key: 'qwen25',
    hubId: 'onnx-community/Qwen2.5-0.5B-Instruct',
    id: 'standin/Qwen2.5-0.5B-Instruct',
    name: 'Qwen2.5-0.5B-Instruct (random-weight stand-in, benchmarks only)',
    params: '0.5B',
    license: 'Apache-2.0',
    contextWindow: 32768,
    minMemoryGB: 2,
    dtype: 'q4',
    files: [...SHARED_FILES, 'onnx/model_q4.onnx'],
  },
};

/** The stand-in's own folder name: the model host serves `standin/<name>` from `<standins>/<hub org>/<name>`. */
export function standinName(model) {
  return model.id.slice('standin/'.length);
}
