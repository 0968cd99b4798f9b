// `npm run bench -- --llama-threads`: llama.cpp's prompt processing and decode speed per thread count,
// optionally with cores kept busy by other work (`--busy-cores 1`: that many `yes > /dev/null`, as on
// a student's laptop where the browser shares the CPU). The figures decide how many threads Locus
// gives llama.cpp (lib/catalog/cpu-threads.ts). Each run is a fresh Chromium and engine (no cached
// prompt); thread counts alternate run by run so a drift in the machine's load hits each alike.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { buildPage, catalogModel, pageOfTokens, startServer, withEnginesPage } from './engines-run.mjs';
import { BENCH_MODELS } from './models.mjs';
import { ensureGgufStandins, ensureStandins } from './standins.mjs';
import { decodeTokensPerSecond, rotation, summary } from './stats.mjs';

const began = Date.now();
const log = (line) => process.stderr.write(`[bench llama-threads ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

function options(argv) {
  const value = (name, fallback) => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
  };
  return {
    threads: value('--threads', '1,2').split(',').map(Number),
    runs: Number(value('--runs', '3')),
    promptTokens: Number(value('--page-tokens', '512')),
    newTokens: Number(value('--new-tokens', '48')),
    quant: value('--quants', 'Q8_0').split(',')[0],
    busyCores: Number(value('--busy-cores', '0')),
  };
}

/** One measurement in a fresh Chromium: load, a short warm-up, then one prompt and its answer. */
function measure(origin, model, quant, threads, page, newTokens) {
  return withEnginesPage(origin, async (call) => {
    const ggufFile = `SmolLM2-135M-Instruct-STANDIN-${quant}.gguf`;
    await call('load', { kind: 'llama-cpp', variant: quant, threads, ggufFile, model: catalogModel(model) });
    await call('warm');
    const r = await call('rates', { text: page.text, maxNewTokens: newTokens });
    await call('unload');
    return {
      threads,
      promptTokens: r.promptTokens,
      outputTokens: r.outputTokens,
      promptTps: (r.promptTokens * 1000) / r.ttftMs,
      decodeTps: decodeTokensPerSecond(r.outputTokens, r.ttftMs, r.totalMs),
      load: os.loadavg()[0],
    };
  });
}

export async function runLlamaThreadsBench(argv) {
  const o = options(argv);
  const model = BENCH_MODELS.smollm2;
  ensureStandins([model], log);
  ensureGgufStandins('smollm2-135m', [o.quant], log);
  await buildPage();
  const server = await startServer();
  const page = await pageOfTokens(model, o.promptTokens);
  // Other work on the machine: busy loops whose output goes nowhere, ended by their own ids.
  const busy = Array.from({ length: o.busyCores }, () => spawn('yes', [], { stdio: ['ignore', 'ignore', 'ignore'] }));
  const results = [];
  try {
    for (let run = 0; run < o.runs; run++) {
      for (const threads of rotation(o.threads, run)) {
        const r = await measure(server.origin, model, o.quant, threads, page, o.newTokens);
        log(
          `run ${run + 1}, ${threads} threads: prompt ${r.promptTokens} tokens at ${r.promptTps.toFixed(1)} tok/s, decode ${r.outputTokens} tokens at ${r.decodeTps.toFixed(1)} tok/s (load ${r.load.toFixed(1)})`,
        );
        results.push(r);
      }
    }
  } finally {
    for (const child of busy) child.kill();
    await server.stop();
  }
  const lines = [
    `## llama.cpp ${o.quant} (SmolLM2-135M stand-in) by thread count: ${o.busyCores} core(s) kept busy, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end`,
    '',
    '| threads | prompt tok/s (median, min–max) | decode tok/s (median, min–max) |',
    '|---|---|---|',
  ];
  for (const threads of o.threads) {
    const mine = results.filter((r) => r.threads === threads);
    const p = summary(mine.map((r) => r.promptTps));
    const d = summary(mine.map((r) => r.decodeTps));
    lines.push(
      `| ${threads} | ${p.median.toFixed(1)} (${p.min.toFixed(1)}–${p.max.toFixed(1)}) | ${d.median.toFixed(1)} (${d.min.toFixed(1)}–${d.max.toFixed(1)}) |`,
    );
  }
  lines.push('');
  for (const threads of o.threads) {
    const mine = results.filter((r) => r.threads === threads);
    lines.push(
      `figure llama-${o.quant}-t${threads}-busy${o.busyCores}-prompt-tps: ${summary(mine.map((r) => r.promptTps)).median.toFixed(1)}`,
    );
    lines.push(
      `figure llama-${o.quant}-t${threads}-busy${o.busyCores}-decode-tps: ${summary(mine.map((r) => r.decodeTps)).median.toFixed(1)}`,
    );
  }
  console.log(lines.join('\n'));
}
