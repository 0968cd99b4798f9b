// Command-line flags of `npm run bench`.
import { BENCH_MODELS } from './models.mjs';

export const USAGE = `npm run bench [-- flags]

  --runs N              measured runs per side on WASM, after one warm-up (default 3)
  --webgpu-runs N       measured runs per side on WebGPU (default 1: SwiftShader takes seconds per token)
  --models a,b          ${Object.keys(BENCH_MODELS).join(', ')} (default smollm2)
  --devices a,b         wasm, webgpu (default both)
  --wasm-new-tokens N   new tokens per generation on WASM (default 64; Locus's own TL;DR budget is 160)
  --webgpu-new-tokens N new tokens per generation on WebGPU (default 4)
  --no-ort-compare      skip the raw-page comparison of ONNX Runtime's plain and asyncify WASM builds
  --long                also summarize a really long course page end to end (map-reduce; ~25 min)
  --long-only           only that (no Locus/raw comparison)
  --all                 every model, every device, and --long
  --json FILE           also write the results to FILE (always written to tests/bench/.reports/bench-summarize.json)
  --help

  --library             the library's benchmark instead (flags --library-*: see tests/bench/library-run.mjs)
  --lifecycle           the model lifecycle's benchmark instead: download throughput against a raw fetch,
                        load time from the cache, memory before/after load and after the idle unload
                        (flags --lifecycle-*: npm run bench -- --lifecycle --help)`;

/** A mistake in the command line: said plainly, without a stack trace. */
export function userError(message) {
  return Object.assign(new Error(message), { userFacing: true });
}

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw userError(`${name} needs a positive integer, got "${value}"`);
  return n;
}

function list(name, value, allowed) {
  const items = String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i));
  if (items.length === 0 || bad.length) throw userError(`${name}: expected some of ${allowed.join(', ')}, got "${value}"`);
  return [...new Set(items)];
}

/** @param {string[]} argv */
export function parseArgs(argv) {
  const options = {
    runs: 3,
    webgpuRuns: 1,
    models: ['smollm2'],
    devices: ['wasm', 'webgpu'],
    newTokens: { wasm: 64, webgpu: 4 },
    ortCompare: true,
    long: false,
    json: /** @type {string | undefined} */ (undefined),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw userError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--runs':
        options.runs = positiveInt(flag, value());
        break;
      case '--webgpu-runs':
        options.webgpuRuns = positiveInt(flag, value());
        break;
      case '--models':
        options.models = list(flag, value(), Object.keys(BENCH_MODELS));
        break;
      case '--devices':
        options.devices = list(flag, value(), ['wasm', 'webgpu']);
        break;
      case '--wasm-new-tokens':
        options.newTokens.wasm = positiveInt(flag, value());
        break;
      case '--webgpu-new-tokens':
        options.newTokens.webgpu = positiveInt(flag, value());
        break;
      case '--no-ort-compare':
        options.ortCompare = false;
        break;
      case '--long':
        options.long = true;
        break;
      case '--long-only':
        options.long = true;
        options.devices = [];
        options.models = [];
        break;
      case '--all':
        options.models = Object.keys(BENCH_MODELS);
        options.devices = ['wasm', 'webgpu'];
        options.long = true;
        break;
      case '--json':
        options.json = value();
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw userError(`Unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}

export const LIFECYCLE_USAGE = `npm run bench -- --lifecycle [flags]   (the model lifecycle, issue 3; report bench-lifecycle.json)

  --lifecycle-models a,b        ${[...Object.keys(BENCH_MODELS), 'minilm'].join(', ')} (default smollm2,minilm; minilm is the
                                embedding model, driven by "Save to library"; qwen25 downloads 0.8 GB per run)
  --lifecycle-runs N            download runs per side, Locus and raw fetch, alternating (default 5)
  --lifecycle-restarts N        browser starts on the same profile after the downloads (default 2)
  --lifecycle-cycles N          load → idle unload cycles per browser start; the first is the cold-browser one (default 3)
  --lifecycle-idle-minutes X    the idle-unload setting during the load cycles (default 0.1 = 6 s)
  --lifecycle-new-tokens N      answer cap of the benchmark build (default 16)
  --lifecycle-prompt-tokens N   summarize prompt size of the study page (default 200)
  --lifecycle-settle-s N        wait before each memory reading (default 5)
  --lifecycle-later-s N         second reading after the unload, N s after the first (default 30)
  --json FILE                   also write the results to FILE`;

function positiveNumber(name, value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw userError(`${name} needs a positive number, got "${value}"`);
  return n;
}

/** Flags of `npm run bench -- --lifecycle`. @param {string[]} argv */
export function parseLifecycleArgs(argv) {
  const o = {
    models: ['smollm2', 'minilm'],
    runs: 5,
    restarts: 2,
    cycles: 3,
    idleMinutes: 0.1,
    newTokens: 16,
    promptTokens: 200,
    settleMs: 5000,
    laterMs: 30_000,
    json: /** @type {string | undefined} */ (undefined),
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw userError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--lifecycle':
        break;
      case '--lifecycle-models':
        o.models = list(flag, value(), [...Object.keys(BENCH_MODELS), 'minilm']);
        break;
      case '--lifecycle-runs':
        o.runs = positiveInt(flag, value());
        break;
      case '--lifecycle-restarts':
        o.restarts = positiveInt(flag, value());
        break;
      case '--lifecycle-cycles':
        o.cycles = positiveInt(flag, value());
        break;
      case '--lifecycle-idle-minutes':
        o.idleMinutes = positiveNumber(flag, value());
        break;
      case '--lifecycle-new-tokens':
        o.newTokens = positiveInt(flag, value());
        break;
      case '--lifecycle-prompt-tokens':
        o.promptTokens = positiveInt(flag, value());
        break;
      case '--lifecycle-settle-s':
        o.settleMs = positiveNumber(flag, value()) * 1000;
        break;
      case '--lifecycle-later-s':
        o.laterMs = positiveNumber(flag, value()) * 1000;
        break;
      case '--json':
        o.json = value();
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw userError(`Unknown flag ${flag}\n\n${LIFECYCLE_USAGE}`);
    }
  }
  return o;
}
