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
  --help`;

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
  const items = String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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
      case '--runs': options.runs = positiveInt(flag, value()); break;
      case '--webgpu-runs': options.webgpuRuns = positiveInt(flag, value()); break;
      case '--models': options.models = list(flag, value(), Object.keys(BENCH_MODELS)); break;
      case '--devices': options.devices = list(flag, value(), ['wasm', 'webgpu']); break;
      case '--wasm-new-tokens': options.newTokens.wasm = positiveInt(flag, value()); break;
      case '--webgpu-new-tokens': options.newTokens.webgpu = positiveInt(flag, value()); break;
      case '--no-ort-compare': options.ortCompare = false; break;
      case '--long': options.long = true; break;
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
      case '--json': options.json = value(); break;
      case '--help': case '-h': options.help = true; break;
      default: throw userError(`Unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}
