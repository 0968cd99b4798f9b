/**
 * Which build of a model runs a whole summary fastest on a CPU (no usable GPU), from measured figures
 * (`npm run bench -- --engines`: Locus's summarize task on a ~2,000-token page, 128 new tokens, in
 * Chromium, SmolLM2-135M stand-ins with the real architecture). The catalog's recommendation rules
 * (models/catalog.json) name the winner per class of device; a unit test checks them against these.
 *
 * Why fp32 can beat q4 on a CPU: ONNX Runtime's WASM MatMul on fp32 weights is its most tuned kernel,
 * while the q4 build's MatMulNBits unpacks every 4-bit block again at every decode step. Decode is
 * most of a summary's time on a CPU (128 tokens at a 2,200-token depth), so it decides. The price is
 * the download (654 MB against 200 MB) and memory (renderer peak 2.5-4.0 GB against 1.7 GB), so the rule
 * holds only for devices with 8 GB or more and enough free storage (the q4 rule follows it).
 */

/*
 * Since 2026-12-05 a device with no WebGPU adapter also gets ONNX Runtime's plain WASM build instead of
 * the asyncify one (lib/engines/ort-build.ts); it speeds up both dtypes' kernels, so the figures below
 * (asyncify) still order the dtypes. Under load 9-14: fp32 plain 231 s, fp32 asyncify 374 s, q4
 * asyncify 635 s for the same summary; q4 plain against asyncify (639-token prompt): prompt 1.3-1.75x,
 * decode 1.15-1.4x.
 */

export interface CpuBuildFigure {
  /** One measurement: rows with the same id ran on the same machine, one after the other. */
  measurement: string;
  /** The class of device measured (the rule's conditions). */
  cores: number;
  memoryGB: number;
  /** The machine's 1-minute load average during the run (it was shared). */
  loadAverage: string;
  model: string;
  engine: 'transformers' | 'llama-cpp';
  variant: string;
  /** A whole summary, click to done, nothing cached. */
  summarySeconds: number;
  decodeTokensPerSecond: number;
}

/**
 * 2026-12-05 00:25-00:33 UTC, the same machine quieter (load 0.7-2.5), q4 then fp32 four minutes
 * apart: q4 58.1 s (prompt 19.2 s, decode 3.3 tok/s), fp32 38.7 s (19.2 s, 6.5 tok/s).
 * 2026-12-04 23:20-00:00 UTC, the shared 2-core / 24 GB build machine (Chromium reports 8 GB), one
 * summary per build (runs 1: the machine was overloaded, load 10-18 from five other engineers):
 * q4 477 s (prompt 2,178 tokens in 108 s, 128 tokens in 369 s); fp32 241 s (143 s and 98 s).
 */
export const CPU_BUILD_FIGURES: readonly CpuBuildFigure[] = [
  {
    measurement: '2026-12-05T00:25Z',
    cores: 2,
    memoryGB: 8,
    loadAverage: '0.7-2',
    model: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    engine: 'transformers',
    variant: 'q4',
    summarySeconds: 58.1,
    decodeTokensPerSecond: 3.3,
  },
  {
    measurement: '2026-12-05T00:25Z',
    cores: 2,
    memoryGB: 8,
    loadAverage: '2-2.5',
    model: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    engine: 'transformers',
    variant: 'fp32',
    summarySeconds: 38.7,
    decodeTokensPerSecond: 6.5,
  },
  {
    measurement: '2026-12-04T23:20Z',
    cores: 2,
    memoryGB: 8,
    loadAverage: '10-18',
    model: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    engine: 'transformers',
    variant: 'q4',
    summarySeconds: 477.0,
    decodeTokensPerSecond: 0.35,
  },
  {
    measurement: '2026-12-04T23:20Z',
    cores: 2,
    memoryGB: 8,
    loadAverage: '10-17',
    model: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    engine: 'transformers',
    variant: 'fp32',
    summarySeconds: 241.2,
    decodeTokensPerSecond: 1.3,
  },
];
