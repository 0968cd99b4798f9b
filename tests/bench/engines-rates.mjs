// `npm run bench -- --engines-rates`: prompt processing and decode alone, per configuration of the
// engines bench, at a shallow and a deep prompt (decode at a 2,200-token depth is what a summary pays).
// Configurations alternate round by round (ABAB…), each in a fresh Chromium, so a shared machine's
// load drift hits them alike; compare ratios within a round, not absolute figures.
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { repoRoot } from '../support/shared-data.mjs';
import { BENCH_MODELS } from './models.mjs';
import { ensureFp32Standin, ensureGgufStandins, ensureStandins } from './standins.mjs';
import { decodeTokensPerSecond, rotation } from './stats.mjs';
import { buildPage, catalogModel, configurations, pageOfTokens, parseEngineArgs, startServer, withEnginesPage } from './engines-run.mjs';

const value = (argv, name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

export async function runEnginesRates(argv) {
  const { llamaCppThreads } = await tsImport(path.join(repoRoot, 'lib/catalog/cpu-threads.ts'), import.meta.url);
  const options = parseEngineArgs(argv, llamaCppThreads(os.cpus().length));
  const only = value(argv, '--only', 'transformers-q4,transformers-fp32').split(',');
  const depths = value(argv, '--depths', '100,2200').split(',').map(Number);
  const newTokens = Number(value(argv, '--new-tokens', '32'));
  const rounds = Number(value(argv, '--rounds', '1'));
  const model = BENCH_MODELS.smollm2;
  const configs = only.map((key) => {
    const c = configurations(options).find((x) => x.key === key);
    if (!c) throw new Error(`no configuration ${key}`);
    return c;
  });
  ensureStandins([model], () => undefined);
  if (configs.some((c) => c.variant === 'fp32')) ensureFp32Standin(model, () => undefined);
  if (configs.some((c) => c.kind === 'llama-cpp')) ensureGgufStandins('smollm2-135m', options.quants, () => undefined);
  await buildPage();
  const server = await startServer();
  const pages = await Promise.all(depths.map((d) => pageOfTokens(model, d)));
  const rows = [];
  try {
    for (let round = 0; round < rounds; round++)
      for (const config of rotation(configs, round)) {
        const loadBefore = load();
        const figures = await withEnginesPage(server.origin, async (call) => {
          await call('load', { ...config, model: catalogModel(model) });
          await call('warm');
          const out = [];
          for (const page of pages) {
            const r = await call('rates', { text: page.text, maxNewTokens: newTokens });
            out.push({
              promptTokens: r.promptTokens,
              promptTps: (r.promptTokens * 1000) / r.ttftMs,
              outputTokens: r.outputTokens,
              decodeTps: decodeTokensPerSecond(r.outputTokens, r.ttftMs, r.totalMs),
              // Share of the decode time spent inside ONNX Runtime's run (transformers.js only).
              ortShare: r.ortDecodeMs === undefined ? NaN : r.ortDecodeMs / Math.max(1, r.totalMs - r.ttftMs),
              ortPromptShare: r.ortPromptMs === undefined ? NaN : r.ortPromptMs / r.ttftMs,
            });
          }
          return out;
        });
        const line = figures
          .map(
            (f) =>
              `depth ${f.promptTokens}: prompt ${f.promptTps.toFixed(1)} tok/s, decode ${f.decodeTps.toFixed(2)} tok/s (${f.outputTokens}; in ORT run: prompt ${(f.ortPromptShare * 100).toFixed(0)}%, decode ${(f.ortShare * 100).toFixed(0)}%)`,
          )
          .join('; ');
        console.log(`round ${round + 1} ${config.key} [load ${loadBefore} → ${load()}]: ${line}`);
        rows.push({ round, config: config.key, figures });
      }
  } finally {
    await server.stop();
  }
  return rows;
}
