// One Locus/raw comparison: one model on one device, the same single-pass summary on both sides.
// Locus runs first (warm-up: download, load, first summary); the prompt it actually ran (seen on
// the panel's port) is rebuilt for the raw side, which must then report the same prompt token
// count. Measured runs alternate between the sides. The outputs must match token for token: same
// ids, same greedy decoding, same ONNX Runtime build and threads give the same text, which shows
// that both sides did the same work.
import os from 'node:os';
import { summarizeMaxNewTokens, summarizeMessages } from './prompt.mjs';
import { cpuShare } from './processes.mjs';
import { decodeTokensPerSecond, rotation } from './stats.mjs';

/** Locus's thread rule (lib/engine-host/engine-worker-main.ts), applied to the raw side. */
export function locusThreadCount(hardwareConcurrency) {
  return Math.max(1, Math.min(4, hardwareConcurrency || 1));
}

function locusFigures(run) {
  return {
    ttftMs: run.firstTextMs,
    tokensPerSecond: run.stats.tokensPerSecond,
    totalMs: run.totalMs,
    peakBytes: run.peakBytes,
    gpuPeakBytes: run.gpuPeakBytes,
    nice: run.nice,
    outputTokens: run.stats.outputTokens,
    promptTokens: run.stats.promptTokens,
    // Where the time goes, for the notes: the page capture before the request, and the engine's own view.
    captureMs: run.captureMs,
    engineTtftMs: run.stats.ttftMs,
    engineTotalMs: run.stats.totalMs,
    text: run.text,
  };
}

function rawFigures(run) {
  return {
    ttftMs: run.firstTextMs,
    tokensPerSecond: decodeTokensPerSecond(run.outputTokens, run.ttftMs, run.totalMs),
    totalMs: run.totalMs,
    peakBytes: run.peakBytes,
    gpuPeakBytes: run.gpuPeakBytes,
    nice: run.nice,
    outputTokens: run.outputTokens,
    promptTokens: run.promptTokens,
    firstTokenMs: run.ttftMs,
    text: run.text,
  };
}

/**
 * @param {{ locus: any, raw: any, model: import('./models.mjs').BenchModel, device: 'wasm' | 'webgpu',
 *   studyUrl: string, cap: number, runs: number, ortCompare: boolean, log: (s: string) => void }} o
 */
export async function compareSummarize({ locus, raw, model, device, studyUrl, cap, runs, ortCompare, log }) {
  const where = `${model.key} on ${device}`;
  const host = await locus.prepare(model, device, studyUrl);
  // Warm-ups load the model and run every kernel once (on WebGPU: compile its shaders), without
  // a whole generation: on SwiftShader each token takes seconds.
  log(`${where}: Locus warm-up (download, verify, load; a summary stopped at its first words)`);
  const locusWarm = await locus.warmUp();

  const messages = summarizeMessages(locusWarm.request, model.contextWindow);
  const maxNewTokens = summarizeMaxNewTokens(locusWarm.request.mode, model.contextWindow, cap);
  const threads = locusThreadCount(host.hardwareConcurrency);

  /** @type {Record<string, { label: string, page: any, warm: any, runs: any[] }>} */
  const sides = { locus: { label: 'Locus', page: null, warm: locusWarm, runs: [] } };
  const builds = device === 'wasm' && ortCompare ? ['asyncify', 'plain'] : ['asyncify'];
  for (const build of builds) {
    log(`${where}: raw transformers.js (${build} ONNX Runtime build): load and warm-up`);
    const page = await raw.openPage(model, device, build, threads);
    const warm = rawFigures(await page.generate(messages, Math.min(2, maxNewTokens)));
    sides[build === 'asyncify' ? 'raw' : 'rawPlain'] = { label: `raw (${build})`, page, warm, runs: [] };
  }
  const rawPromptTokens = sides.raw.warm.promptTokens;

  const order = Object.keys(sides);
  for (let i = 0; i < runs; i++) {
    for (const side of rotation(order, i)) {
      log(`${where}: run ${i + 1}/${runs}, ${sides[side].label}`);
      // How busy the machine was (other processes compete for the same cores): shown with the results.
      const loadAvg1m = os.loadavg()[0];
      if (side === 'locus') {
        const run = await locus.summarize();
        if (run.loadedModel) throw new Error(`${where}: Locus reloaded the model during a measured run (was it released when idle?).`);
        if (run.parts > 0)
          throw new Error(
            `${where}: Locus summarized the study page in ${run.parts} parts (map-reduce); the comparison needs a single pass.`,
          );
        if (run.stats.promptTokens !== rawPromptTokens) {
          throw new Error(
            `${where}: Locus's prompt had ${run.stats.promptTokens} tokens, the raw side's ${rawPromptTokens}. ` +
              'Locus ran another prompt than the single pass of lib/tasks/summary-prompt.ts that tests/bench/prompt.mjs builds: update it.',
          );
        }
        sides.locus.runs.push({ ...locusFigures(run), loadAvg1m });
      } else {
        sides[side].runs.push({ ...rawFigures(await sides[side].page.generate(messages, maxNewTokens)), loadAvg1m });
      }
    }
  }

  // A loaded model should cost nothing while nobody asks for anything (no spinning threads, no polling).
  const idleMs = 3000;
  const idleCpu = { locus: await cpuShare(host.pid, idleMs), raw: await cpuShare(sides.raw.page.pid, idleMs) };

  // Same work on every side: same prompt and output token counts, and (greedy) the same text.
  const all = Object.values(sides).flatMap((s) => s.runs);
  const texts = new Set(all.map((r) => r.text));
  const outputTokens = new Set(all.map((r) => r.outputTokens));
  const result = {
    model: model.key,
    hubId: model.hubId,
    modelId: model.id,
    device,
    dtype: model.dtype,
    promptTokens: rawPromptTokens,
    maxNewTokens,
    outputTokens: [...outputTokens],
    sameOutputText: texts.size === 1,
    /** Share of a core the engine host's process used, idle with the model loaded, after the runs. */
    idleCpu,
    threads: {
      locus: { crossOriginIsolated: host.crossOriginIsolated, hardwareConcurrency: host.hardwareConcurrency, numThreads: threads },
      raw: Object.fromEntries(
        Object.entries(sides)
          .filter(([k]) => k !== 'locus')
          .map(([k, s]) => [k, { ...s.page.environment, numThreads: s.page.loaded.numThreads }]),
      ),
    },
    locus: {
      pid: host.pid,
      rssBeforeLoad: host.rssBeforeLoad,
      sharesProcessWith: host.sharesProcessWith,
      // First use: download, verification and loading included, until the first words.
      firstUse: { firstTextMs: locusWarm.firstTextMs, loadedModel: locusWarm.loadedModel },
      runs: sides.locus.runs.map(strip),
      peakBytesWithLoad: locus.tracker.sessionPeak,
      gpuPeakBytesWithLoad: locus.gpuTracker.sessionPeak,
      peakResettable: locus.tracker.resettable,
    },
  };
  for (const key of order.filter((k) => k !== 'locus')) {
    const s = sides[key];
    result[key] = {
      pid: s.page.pid,
      rssBeforeLoad: s.page.loaded.rssBeforeLoad,
      loadMs: s.page.loaded.loadMs,
      warmup: strip(s.warm),
      runs: s.runs.map(strip),
      peakBytesWithLoad: s.page.tracker.sessionPeak,
      gpuPeakBytesWithLoad: s.page.gpuTracker.sessionPeak,
    };
    await s.page.close();
  }
  result.sampleOutput = `${String([...texts][0]).slice(0, 60)}… (random weights: meaningless, shown only to compare the sides)`;
  return result;
}

/** Drops the generated text from stored runs (compared above; meaningless otherwise). */
function strip({ text, ...rest }) {
  return rest;
}
