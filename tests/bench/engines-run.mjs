// `npm run bench -- --engines`: Locus's CPU engines side by side in Chromium, on architecture-exact
// stand-ins of SmolLM2-135M (ONNX q4 for transformers.js, GGUF Q4_0/Q8_0 for llama.cpp; the same
// synthetic tokenizer, so the same page is the same number of tokens): prompt processing, decode, a
// whole summary of a ~2,000-token page (Locus's summarize task, answers capped at 128 tokens), the
// chat follow-up's time to first token with and without the cached prefix, and peak memory. Each
// configuration runs in a fresh Chromium (a WASM heap never shrinks). Ends with `figure` lines.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createReadStream, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { tsImport } from 'tsx/esm/api';
import { chromiumPath } from '../support/browser.mjs';
import { until } from '../support/until.mjs';
import { repoRoot } from '../support/shared-data.mjs';
import { PeakTracker, rendererPidOf } from './processes.mjs';
import { BENCH_MODELS } from './models.mjs';
import { readFileSync } from 'node:fs';
import { AutoTokenizer, env as transformersEnv } from '@huggingface/transformers';
import { sharedPath } from '../support/shared-data.mjs';
import { ensureFp32Standin, ensureGgufStandins, ensureStandins, ggufDir as GGUF_DIR, standinsDir } from './standins.mjs';
import { decodeTokensPerSecond, summary } from './stats.mjs';

// LOCUS_BENCH_ENGINES_REPORT: another file (two runs at once must not write over each other's).
const REPORT = path.resolve(process.env.LOCUS_BENCH_ENGINES_REPORT ?? path.join(repoRoot, 'tests/bench/.reports/bench-engines.json'));
const PAGE_DIR = path.join(repoRoot, '.output/bench-engines');
const NEW_TOKENS = 128;
const QUESTIONS = ['What is this course about, and how is it graded?', 'Which readings come first, and why?'];

const began = Date.now();
const log = (line) => process.stderr.write(`[bench engines ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

function argvValue(argv, name) {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

export function parseEngineArgs(argv, llamaThreads) {
  const value = (name, fallback) => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
  };
  return {
    runs: Number(value('--runs', '2')),
    // transformers.js gets what the engine host gives ONNX Runtime; llama.cpp what cpu-threads.ts picks.
    ortThreads: Math.max(1, Math.min(4, os.cpus().length)),
    threads: value('--threads', String(llamaThreads)).split(',').map(Number),
    pageTokens: Number(value('--page-tokens', '2000')),
    quants: value('--quants', 'Q8_0,Q4_0').split(','),
    // Whole summaries only, no chat questions (an A/B of summary time in half the time).
    summariesOnly: argv.includes('--summaries-only'),
  };
}

/** The configurations: today's transformers.js q4 path (the baseline), then llama.cpp per quantization and thread count. */
export function configurations(options) {
  const base = options.ortThreads;
  const out = [
    // The baseline: today's path before 2026-12-05 (q4 on the asyncify build, as onnxruntime-web/webgpu loads it).
    // Every other transformers.js row runs the decoder as Locus serves it since 2026-12-05: logits
    // for the last prompt position only (lib/engines/onnx-last-logits.ts).
    {
      key: 'transformers-q4',
      kind: 'transformers',
      variant: 'q4',
      threads: base,
      allLogits: true,
      label: `transformers.js q4, ${base} threads, logits of every position`,
    },
    // The same engine on onnxruntime-web's plain SIMD-threaded build instead of the asyncify one.
    {
      key: 'transformers-q4-plain',
      kind: 'transformers',
      variant: 'q4',
      threads: base,
      ortBuild: 'plain',
      label: `transformers.js q4, plain ORT build, ${base} threads`,
    },
    // fp32 weights: 3.3x the download (the catalog's ~654 MB against ~200 MB), but ONNX Runtime's
    // WASM MatMul on fp32 is its most tuned kernel, where q4 unpacks every block at every step.
    { key: 'transformers-fp32', kind: 'transformers', variant: 'fp32', threads: base, label: `transformers.js fp32, ${base} threads` },
    // What Locus runs on a CPU with no WebGPU adapter since 2026-12-05 (lib/engines/ort-build.ts).
    {
      key: 'transformers-fp32-plain',
      kind: 'transformers',
      variant: 'fp32',
      threads: base,
      ortBuild: 'plain',
      label: `transformers.js fp32, plain ORT build, ${base} threads`,
    },
    // The same without the last-position edit: what the edit alone gains.
    {
      key: 'transformers-fp32-plain-all',
      kind: 'transformers',
      variant: 'fp32',
      threads: base,
      ortBuild: 'plain',
      allLogits: true,
      label: `transformers.js fp32, plain ORT build, ${base} threads, logits of every position`,
    },
    {
      key: 'transformers-fp32-jspi',
      kind: 'transformers',
      variant: 'fp32',
      threads: base,
      ortBuild: 'jspi',
      label: `transformers.js fp32, JSPI ORT build, ${base} threads`,
    },
    // ONNX Runtime's thread count on this machine's cores (oversubscription on a shared CPU).
    ...[1, 3, 4]
      .filter((t) => t !== base)
      .map((t) => ({
        key: `transformers-fp32-t${t}`,
        kind: 'transformers',
        variant: 'fp32',
        threads: t,
        label: `transformers.js fp32, ${t} threads`,
      })),
  ];
  for (const quant of options.quants)
    for (const threads of options.threads)
      out.push({
        key: `llama-${quant}-t${threads}`,
        kind: 'llama-cpp',
        variant: quant,
        threads,
        ggufFile: `SmolLM2-135M-Instruct-STANDIN-${quant}.gguf`,
        label: `llama.cpp ${quant}, ${threads} threads`,
      });
  // llama.cpp's prompt in batches of 512 instead of Locus's 128 (Stop is heard between batches).
  for (const quant of options.quants)
    out.push({
      key: `llama-${quant}-b512`,
      kind: 'llama-cpp',
      variant: quant,
      threads: options.threads[0],
      batchTokens: 512,
      ggufFile: `SmolLM2-135M-Instruct-STANDIN-${quant}.gguf`,
      label: `llama.cpp ${quant}, batches of 512, ${options.threads[0]} threads`,
    });
  return out;
}

export async function buildPage() {
  const { build } = await import('vite');
  process.env.WXT_LOCUS_MAX_NEW_TOKENS = String(NEW_TOKENS);
  await build({
    configFile: false,
    root: path.join(repoRoot, 'tests/bench/engines-page'),
    logLevel: 'error',
    envPrefix: ['VITE_', 'WXT_'],
    worker: { format: 'es' },
    define: { __LOCUS_EXTRA_MODELS__: '[]', __LOCUS_WEBLLM_LIBS__: '[]' },
    build: { outDir: PAGE_DIR, emptyOutDir: true, target: 'esnext', minify: true, chunkSizeWarningLimit: 100_000 },
  });
}

/** Cross-origin isolated, like the extension's pages: without it, neither engine gets threads. */
export async function startServer() {
  const require = createRequire(import.meta.url);
  const ortDir = path.dirname(createRequire(require.resolve('@huggingface/transformers')).resolve('onnxruntime-web'));
  const wllamaWasm = path.join(path.dirname(require.resolve('@wllama/wllama/package.json')), 'esm/wasm/wllama.wasm');
  const mounts = [
    { prefix: '/ort/', dir: ortDir },
    { prefix: '/files/', dir: standinsDir },
    { prefix: '/gguf/', dir: GGUF_DIR },
    { prefix: '/', dir: PAGE_DIR },
  ];
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    let full;
    if (pathname === '/wllama.wasm') full = wllamaWasm;
    else {
      const mount = mounts.find((m) => pathname.startsWith(m.prefix));
      full = path.resolve(mount.dir, pathname.slice(mount.prefix.length) || 'index.html');
      if (!full.startsWith(path.resolve(mount.dir) + path.sep)) full = '';
    }
    try {
      const stat = await fs.stat(full);
      res.writeHead(200, {
        ...headers,
        'Content-Type': types[path.extname(full)] ?? 'application/octet-stream',
        'Content-Length': String(stat.size),
      });
      createReadStream(full).pipe(res);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Course pages whose prose makes the study page (real text; the stand-in tokenizer counts it). */
const SOURCE_PAGES = [
  'data/course-pages/17-40-american-foreign-policy-past-present-and-future-fall-2004/004-syllabus.html',
  'data/course-pages/8-01sc-classical-mechanics-fall-2016/003-syllabus.html',
  'data/course-pages/17-40-american-foreign-policy-past-present-and-future-fall-2004/029-readings.html',
];

/** A page of about `tokens` tokens of the stand-in's tokenizer: paragraphs of real course pages, in order. */
export async function pageOfTokens(model, tokens) {
  const paragraphs = SOURCE_PAGES.flatMap((relative) =>
    [...readFileSync(sharedPath(relative), 'utf8').matchAll(/<(p|li)[^>]*>([\s\S]*?)<\/\1>/g)]
      .map((m) =>
        m[2]
          .replace(/<[^>]+>/g, ' ')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&')
          .replace(/&[a-z]+;|&#\d+;/g, "'")
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((p) => p.split(' ').length >= 6),
  );
  transformersEnv.allowRemoteModels = false;
  transformersEnv.allowLocalModels = true;
  transformersEnv.localModelPath = `${standinsDir}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(model.hubId);
  const count = (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
  const out = [];
  let used = 0;
  for (const p of paragraphs) {
    const n = count(p) + 1;
    if (used + n > tokens) continue; // a paragraph too long for what is left: the next may fit (short pages)
    out.push(p);
    used += n;
  }
  if (used < tokens * 0.9) throw new Error(`The source pages hold only ${used} tokens; ${tokens} were asked for.`);
  return { title: 'American Foreign Policy: Syllabus and readings', text: out.join('\n\n'), tokens: used };
}

/** The stand-in as a catalog model (the real model's window, so Locus builds the real prompts). */
export function catalogModel(model) {
  return {
    id: model.hubId,
    name: model.name,
    task: 'chat',
    purpose: 'test',
    params: model.params,
    revision: 'main',
    license: model.license,
    contextWindow: model.contextWindow,
    hardware: { minMemoryGB: 1 },
    sources: [],
    engines: {},
  };
}

/** What Locus's catalog recommends on a device like this one (no usable GPU), for summaries and for questions. */
async function automaticChoice() {
  const { recommend } = await tsImport(path.join(repoRoot, 'lib/catalog/recommend.ts'), import.meta.url);
  const profile = {
    gpu: { available: false, isFallback: false, shaderF16: false, description: '', maxBufferSize: 0 },
    memoryGB: Math.min(8, Math.floor(os.totalmem() / 2 ** 30)),
    cores: os.cpus().length,
    freeStorageBytes: null,
    chromeAiReady: false,
    llamaCpp: true,
  };
  // The ONNX Runtime build the engine worker loads on such a device (lib/engines/ort-build.ts).
  const { ortBuildFor } = await tsImport(path.join(repoRoot, 'lib/engines/ort-build.ts'), import.meta.url);
  const pick = (task) => {
    const r = recommend(profile, undefined, task);
    return { modelId: r.modelId, engine: r.engine, variant: r.variant, ortBuild: ortBuildFor(profile.gpu), reason: r.reason };
  };
  return { summarize: pick('summarize'), ask: pick('ask') };
}

/** The longest one call of the engines page may take (a whole summary at load average 20 took ~25 min). */
const CALL_LIMIT_MS = 60 * 60_000;

/**
 * Calls the engines page's worker and waits from Node with short polls: one DevTools call is cut at
 * its protocol timeout, however long the work in the page takes.
 */
export function pollingCaller(tab) {
  return async (op, args) => {
    const id = await tab.evaluate((o, a) => window.enginesBench.start(o, a), op, args);
    const outcome = await until(() => tab.evaluate((i) => window.enginesBench.outcome(i), id).then((o) => (o.done ? o : undefined)), {
      timeoutMs: CALL_LIMIT_MS,
      every: 1_000,
      what: `the engines page's ${op} did not end`,
    });
    if (!outcome.ok) throw new Error(`${op}: ${outcome.error}`);
    return outcome.result;
  };
}

/** Set by the run: keeps one configuration's figures in the report as they come. */
let saveRun = () => undefined;

/**
 * Opens the engines page in a fresh Chromium, runs `work` with a caller of its worker, and closes
 * the browser whatever happens (each configuration and measurement starts from nothing).
 * @template T @param {string} origin
 * @param {(call: ReturnType<typeof pollingCaller>, tab: import('puppeteer-core').Page, browser: import('puppeteer-core').Browser) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withEnginesPage(origin, work) {
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    protocolTimeout: 120_000,
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${origin}/index.html`);
    await tab.waitForFunction(() => window.enginesBenchReady === true, { timeout: 60_000 });
    return await work(pollingCaller(tab), tab, browser);
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function runConfiguration(config, { origin, model, page, options }) {
  return withEnginesPage(origin, async (call, tab, browser) => {
    const env = await call('env');
    if (!env.crossOriginIsolated) throw new Error('the engines page is not cross-origin isolated');
    const memory = new PeakTracker(await rendererPidOf(browser.process().pid, await tab.createCDPSession()).catch(() => undefined));
    memory.startPhase();
    const load = { ...config, model: catalogModel(model) };
    const { loadMs } = await call('load', load);
    // Warm-up: a few tokens (JIT, thread pools, first allocations).
    await call('warm');
    // What is measured so far is kept after every step: a run cut short still reports it.
    const result = { config: config.key, label: config.label, loadMs, summaries: [], chat: {}, peakBytes: NaN };
    const keep = () => {
      result.peakBytes = Math.max(result.peakBytes || 0, memory.current().peak || 0);
      saveRun(result);
    };
    for (let i = 0; i < options.runs; i++) {
      log(`${config.label}: summary ${i + 1}/${options.runs}`);
      // A first summary of a page: nothing cached (a second one of the same page would reuse the prompt).
      if (i > 0) await call('load', load);
      result.summaries.push(await call('summarize', { title: page.title, text: page.text }));
      keep();
    }
    if (options.summariesOnly) {
      result.peakBytes = memory.endPhase();
      saveRun(result);
      await call('unload');
      return result;
    }
    log(`${config.label}: chat question, follow-up`);
    await call('load', load); // a fresh engine: nothing cached from the summaries
    result.chat.first = await call('chat', { title: page.title, text: page.text, history: [], question: QUESTIONS[0] });
    keep();
    const history = [
      { role: 'user', content: QUESTIONS[0] },
      { role: 'assistant', content: result.chat.first.answer },
    ];
    result.chat.followUp = await call('chat', { title: page.title, text: page.text, history, question: QUESTIONS[1] });
    keep();
    await call('load', load);
    result.chat.followUpFresh = await call('chat', { title: page.title, text: page.text, history, question: QUESTIONS[1] });
    result.peakBytes = memory.endPhase();
    saveRun(result);
    await call('unload');
    return result;
  });
}

function figuresOf(result) {
  const steps = result.summaries.map((s) => s.steps.at(-1));
  // Whole summaries from an empty cache only (runs before the engine was reloaded between summaries
  // reused the previous summary's prompt).
  const cold = result.summaries.filter((s) => s.steps[0]?.reusedPromptTokens === 0);
  const chat = (k) => result.chat?.[k]?.step ?? { ttftMs: NaN, reusedPromptTokens: NaN, promptTokens: NaN };
  return {
    summaryMs: summary(cold.map((s) => s.totalMs)).median,
    coldSummaries: cold.length,
    promptTokens: steps[0]?.promptTokens,
    outputTokens: summary(steps.map((s) => s.outputTokens)).median,
    promptTps: summary(cold.map((s) => s.steps.at(-1)).map((s) => (s.promptTokens * 1000) / s.ttftMs)).median,
    decodeTps: summary(steps.map((s) => decodeTokensPerSecond(s.outputTokens, s.ttftMs, s.totalMs))).median,
    firstTtftMs: chat('first').ttftMs,
    followUpTtftMs: chat('followUp').ttftMs,
    followUpFreshTtftMs: chat('followUpFresh').ttftMs,
    followUpReused: chat('followUp').reusedPromptTokens,
    followUpPromptTokens: chat('followUp').promptTokens,
    peakMB: result.peakBytes / 1e6,
  };
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');

export async function runEnginesBench(argv) {
  if (argv.includes('--report-only')) {
    // The table and figures again, from the last run's JSON, with the catalog's current choice.
    const results = JSON.parse(readFileSync(REPORT, 'utf8'));
    results.automatic = await automaticChoice();
    console.log(report(results));
    return;
  }
  const { llamaCppThreads } = await tsImport(path.join(repoRoot, 'lib/catalog/cpu-threads.ts'), import.meta.url);
  const options = parseEngineArgs(argv, llamaCppThreads(os.cpus().length));
  const model = BENCH_MODELS.smollm2;
  // `--only KEY,KEY` runs some configurations and merges them into the last report (same page).
  const only = argvValue(argv, '--only')?.split(',');
  ensureStandins([model], log);
  if (configurations(options).some((c) => c.variant === 'fp32' && (!only || only.includes(c.key)))) ensureFp32Standin(model, log);
  ensureGgufStandins('smollm2-135m', options.quants, log);
  log('building the engines page');
  await buildPage();
  const server = await startServer();
  const page = await pageOfTokens(model, options.pageTokens);
  const built = { estimatedPromptTokens: page.tokens };
  const auto = await automaticChoice();
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  log(
    `load average ${load}; Locus's automatic CPU choice: summaries ${auto.summarize.engine} ${auto.summarize.variant} (ONNX Runtime ${auto.summarize.ortBuild} build), questions ${auto.ask.engine} ${auto.ask.variant} (${auto.summarize.reason})`,
  );
  const results = {
    date: new Date().toISOString(),
    options,
    loadBefore: load,
    automatic: auto,
    page: { tokens: built.estimatedPromptTokens },
    runs: [],
  };
  if (only && existsSync(REPORT)) {
    const last = JSON.parse(readFileSync(REPORT, 'utf8'));
    // Kept rows say they come from an earlier run (its date): their load may not be this run's.
    results.runs = last.runs.filter((r) => !only.includes(r.config)).map((r) => ({ ...r, earlier: r.earlier ?? last.date }));
    results.loadBefore = `${last.loadBefore} (first configurations); ${load} (${only.join(', ')})`;
  }
  mkdirSync(path.dirname(REPORT), { recursive: true });
  saveRun = (run) => {
    results.runs = [...results.runs.filter((r) => r.config !== run.config), run];
    writeFileSync(REPORT, JSON.stringify(results, null, 2));
  };
  try {
    for (const config of configurations(options).filter((c) => !only || only.includes(c.key))) {
      log(`${config.label}: starting Chromium`);
      saveRun(await runConfiguration(config, { origin: server.origin, model, page, options }));
    }
  } finally {
    await server.stop();
  }
  results.loadAfter = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  writeFileSync(REPORT, JSON.stringify(results, null, 2));
  console.log(report(results));
}

function report(results) {
  const rows = results.runs.map((r) => ({ r, f: figuresOf(r) }));
  // A run of other configurations only (`--only`) still prints its rows; ratios need the baseline.
  const none = { r: { label: 'not measured', config: '' }, f: { summaryMs: NaN, decodeTps: NaN, firstTtftMs: NaN, followUpTtftMs: NaN } };
  const base = (rows.find((x) => x.r.config === 'transformers-q4') ?? none).f;
  const lines = [
    `## Engines on the CPU: SmolLM2-135M stand-ins, ${results.page.tokens}-token page, ${NEW_TOKENS} new tokens (load average ${results.loadBefore} before, ${results.loadAfter} after)`,
    '',
    '| engine | whole summary s | ×baseline | prompt tok/s | decode tok/s | chat TTFT s: 1st question | follow-up (reused tokens) | follow-up, nothing cached | peak renderer MB |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { r, f } of rows) {
    lines.push(
      `| ${r.label}${r.earlier ? ` (earlier run, ${r.earlier.slice(0, 16)})` : ''} | ${f1(f.summaryMs / 1000)} | ${f2(f.summaryMs / base.summaryMs)} | ${f1(f.promptTps)} | ${f1(f.decodeTps)} | ${f2(f.firstTtftMs / 1000)} | ${f2(f.followUpTtftMs / 1000)} (${f.followUpReused} of ${f.followUpPromptTokens}) | ${f2(f.followUpFreshTtftMs / 1000)} | ${f1(f.peakMB)} |`,
    );
  }
  const measured = (choice) =>
    (choice.engine === 'llama-cpp' && rows.find((x) => x.r.config.startsWith(`llama-${choice.variant}-`))) ||
    // transformers.js on the build Locus loads there (`-plain`: no WebGPU adapter), else the default build's row.
    (choice.engine === 'transformers' &&
      choice.ortBuild === 'plain' &&
      rows.find((x) => x.r.config === `transformers-${choice.variant}-plain`)) ||
    (choice.engine === 'transformers' && rows.find((x) => x.r.config === `transformers-${choice.variant}`)) ||
    rows.find((x) => x.r.config === 'transformers-q4') ||
    none;
  const autoSummary = measured(results.automatic.summarize);
  const autoAsk = measured(results.automatic.ask);
  const fastest = [...rows].sort((a, b) => a.f.summaryMs - b.f.summaryMs)[0];
  const bestDecode = [...rows].sort((a, b) => b.f.decodeTps - a.f.decodeTps)[0];
  const summaryRatio = autoSummary.f.summaryMs / base.summaryMs;
  const followRatio = autoAsk.f.followUpTtftMs / autoAsk.f.firstTtftMs;
  const decodeRatio = bestDecode.f.decodeTps / base.decodeTps;
  const target = (name, value, goal, better) => {
    const met = better === 'lower' ? value <= goal : value >= goal;
    return `- ${name}: ${f2(value)} (target ${better === 'lower' ? '≤' : '≥'} ${goal}): ${met ? 'met' : `missed by ${f2(better === 'lower' ? value / goal : goal / value)}×`}`;
  };
  lines.push(
    '',
    `Locus's automatic choice on this class of device (catalog recommendation): summaries "${autoSummary.r.label}", questions "${autoAsk.r.label}". Fastest whole summary here: ${fastest.r.label}.`,
    target('whole CPU summary, automatic choice / transformers.js q4', summaryRatio, 0.6, 'lower'),
    target(`chat follow-up TTFT with the cached prefix / first question (${autoAsk.r.label})`, followRatio, 0.3, 'lower'),
    target(`decode, best engine (${bestDecode.r.label}) / transformers.js q4`, decodeRatio, 2, 'higher'),
    '',
    `figure cpu-summary-time-ratio: ${f2(summaryRatio)}`,
    `figure followup-ttft-ratio: ${f2(followRatio)}`,
    `figure cpu-decode-ratio: ${f2(decodeRatio)}`,
  );
  for (const { r, f } of rows) {
    lines.push(`figure ${r.config}-summary-s: ${f1(f.summaryMs / 1000)}`);
    lines.push(`figure ${r.config}-cold-summaries: ${f.coldSummaries}`);
    lines.push(`figure ${r.config}-prompt-tps: ${f1(f.promptTps)}`);
    lines.push(`figure ${r.config}-decode-tps: ${f1(f.decodeTps)}`);
    lines.push(`figure ${r.config}-followup-ttft-ratio: ${f2(f.followUpTtftMs / f.firstTtftMs)}`);
    lines.push(`figure ${r.config}-peak-mb: ${f1(f.peakMB)}`);
  }
  return lines.join('\n');
}
