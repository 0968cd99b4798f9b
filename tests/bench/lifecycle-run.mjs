#!/usr/bin/env node
// `npm run bench -- --lifecycle`: the model lifecycle (issue 3), with the stand-ins of
// ../shared/tools/make-standins.py, in the real extension in Chromium:
//   1. Download throughput: the Models page's "Download" (Locus's downloader: network gate, SHA-256
//      of every byte, OPFS written aside and renamed) from the local model host, against a raw
//      fetch() of the same files from the same host in a plain page of the same browser. Runs
//      alternate (A B, B A, …); the model is deleted (Models page "Delete") before each Locus run.
//   2. Load from the cache: "Summarize page" with the files already stored and the engine host
//      started with nothing loaded; the load is separated from the generation with the engine's own
//      figures. The first request after a browser restart is reported apart (cold browser).
//   3. Memory of the process hosting the offscreen document (its renderer): with the engine host
//      started and no model (baseline), after the load, and after the idle unload.
// The all-MiniLM-L6-v2 stand-in (embedding) goes through the same three steps by "Save to library".
// Flags: see LIFECYCLE_USAGE in args.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, promises as fs, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../support/browser.mjs';
import { MINILM_STANDIN_ID, ensureMinilmStandin, minilmCatalogEntry } from '../support/library-standin.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { chooseEmbeddingModel, openLibrary } from '../support/panel.mjs';
import { repoRoot } from '../support/shared-data.mjs';
import { LIFECYCLE_USAGE, parseLifecycleArgs } from './args.mjs';
import { writeCatalogExtra } from './catalog-extra.mjs';
import { folderBytes, sampleMemory, snapshot } from './lifecycle-memory.mjs';
import {
  backToSummarize,
  chooseModel,
  deleteFromOpfs,
  deleteModel,
  downloadModel,
  ensureEngineHost,
  isStored,
  nextOffscreenClose,
  offscreenAlive,
  saveOnce,
  setIdleMinutes,
  summarizeOnce,
} from './lifecycle-panel.mjs';
import { fileUrls, openRawFetchPage } from './lifecycle-raw.mjs';
import { LIFECYCLE_NOTES, lifecycleMarkdown } from './lifecycle-report.mjs';
import { BENCH_MODELS } from './models.mjs';
import { openTappedPanel } from './panel-tap.mjs';
import { PeakTracker, niceOf, rendererPidOf } from './processes.mjs';
import { ensureStandins, standinsDir } from './standins.mjs';
import { rotation, summary } from './stats.mjs';
import { pageForPromptTokens } from './study-page.mjs';

const REPORT = path.join(repoRoot, 'tests/bench/.reports/bench-lifecycle.json');
const OUT_DIR = '.output/bench-lifecycle';
const STEP_TIMEOUT_MS = 20 * 60_000;
const began = Date.now();
const log = (line) => process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `npm run build` of the extension with the stand-ins in its catalog and answers capped, into OUT_DIR. */
async function buildLifecycleExtension(extraCatalogFile, cap) {
  const extensionDir = path.join(repoRoot, OUT_DIR, 'chrome-mv3');
  const env = { ...process.env, LOCUS_CATALOG_EXTRA: extraCatalogFile, LOCUS_OUT_DIR: OUT_DIR, WXT_LOCUS_MAX_NEW_TOKENS: String(cap) };
  const output = [];
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `The lifecycle benchmark's build of the extension failed (exit ${code}):\n${Buffer.concat(output).toString().slice(-4000)}`,
    );
  }
  return extensionDir;
}

/**
 * Chromium with the extension, like tests/support/browser.mjs (same flags), but without its
 * DevTools network recorder: a Network domain enabled on the engine host's targets would see (and
 * buffer) every downloaded byte. The profile is kept, so a restart finds the models cached.
 */
async function launch(extension, userDataDir) {
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    enableExtensions: true,
    userDataDir,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--disable-features=Translate,OptimizationHints,MediaRouter',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
    protocolTimeout: 1_800_000,
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), {
    timeout: 30_000,
  });
  const extensionId = new URL(worker.url()).host;
  return { browser, pid: browser.process()?.pid, panelUrl: `chrome-extension://${extensionId}/sidepanel.html` };
}

/** Which renderer hosts the offscreen document (and its engine worker, checked to be the same). */
async function engineHostPid(session, targets) {
  const doc = await targets.offscreen.createCDPSession();
  const worker = await targets.worker.createCDPSession();
  try {
    const pid = await rendererPidOf(session.pid, doc);
    const workerPid = await rendererPidOf(session.pid, worker);
    if (workerPid !== pid)
      throw new Error(`The engine worker runs in process ${workerPid}, its offscreen document in ${pid}: expected one process.`);
    return pid;
  } finally {
    await doc.detach().catch(() => undefined);
    await worker.detach().catch(() => undefined);
  }
}

/** Whether the side panel (a tab here) lives in the same renderer as the engine host. */
async function panelSharesProcess(session, panel, pid) {
  const cdp = await panel.createCDPSession();
  try {
    return (await rendererPidOf(session.pid, cdp)) === pid;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** The files Locus downloads for a catalog entry on WASM, in its order (shared files, then weights). */
function filesOf(entry) {
  const t = entry.engines.transformers;
  const dtype = t.preferred.wasm;
  const files = [...t.shared, ...t.dtypes[dtype]];
  return { dtype, paths: files.map((f) => f.path), bytes: files.reduce((n, f) => n + f.size, 0) };
}

/**
 * Download runs, alternating Locus and raw, and the figures. `locusRun` downloads once (the model
 * absent) and returns { panelMs, engineMs? }. The raw side fetches the same URLs in a dedicated
 * worker (as Locus does; the ratio's reference), then on the page's main thread, then in the
 * worker again writing to OPFS (reference for the storage's share of Locus's time).
 */
async function downloadComparison({ runs, raw, urls, bytes, locusRun, label }) {
  const locus = [];
  const sides = { worker: [], main: [], opfs: [] };
  const how = { worker: { inWorker: true }, main: { inWorker: false }, opfs: { inWorker: true, opfs: true } };
  for (let i = 0; i < runs; i++) {
    for (const side of rotation(['locus', 'raw'], i)) {
      if (side === 'locus') {
        const r = await locusRun();
        const row = { ms: r.panelMs, engineMs: r.engineMs ?? NaN, mbps: mbps(bytes, r.panelMs) };
        locus.push(row);
        log(`  ${label} download run ${i + 1}: Locus ${row.mbps.toFixed(1)} MB/s (${(row.ms / 1000).toFixed(2)} s)`);
      } else {
        for (const [key, options] of Object.entries(how)) {
          const r = await raw.fetchAll(urls, options);
          if (r.bytes !== bytes) throw new Error(`raw fetch read ${r.bytes} bytes, expected ${bytes}`);
          sides[key].push({ ms: r.ms, mbps: mbps(r.bytes, r.ms) });
        }
        log(
          `  ${label} download run ${i + 1}: raw ${sides.worker.at(-1).mbps.toFixed(1)} MB/s in a worker, ${sides.main.at(-1).mbps.toFixed(1)} MB/s on the main thread, ${sides.opfs.at(-1).mbps.toFixed(1)} MB/s with OPFS writes`,
        );
      }
    }
  }
  const l = summary(locus.map((r) => r.mbps));
  const r = summary(sides.worker.map((x) => x.mbps));
  return {
    bytes,
    files: urls.length,
    locus: { runs: locus, mbps: l, engineMbps: summary(locus.map((x) => mbps(bytes, x.engineMs))) },
    raw: { runs: sides.worker, mbps: r, where: 'dedicated worker' },
    rawMainThread: { runs: sides.main, mbps: summary(sides.main.map((x) => x.mbps)) },
    rawWithOpfs: { runs: sides.opfs, mbps: summary(sides.opfs.map((x) => x.mbps)) },
    ratio: l.median / r.median,
  };
}

/**
 * One load cycle: the engine host started with nothing loaded (baseline), a request that loads the
 * model from the cache, then the idle unload (the engine host releases the model and asks to be
 * closed; the background closes the offscreen document). Memory at each point.
 */
async function loadCycle({ session, panel, modelHost, o, request, kind, label, profile }) {
  // V8 keeps compiled WebAssembly (ONNX Runtime's) in the profile's code cache, written after the
  // module has been compiled again: its state changes the load's time and memory.
  const wasmCache = path.join(profile, 'Default', 'Code Cache', 'wasm');
  const wasmCacheBefore = folderBytes(wasmCache);
  const targets = await ensureEngineHost(panel, session.browser);
  const pid = await engineHostPid(session, targets);
  const sharesWithPanel = await panelSharesProcess(session, panel, pid);
  await sleep(o.settleMs);
  const alive = () => ({ offscreen: offscreenAlive(session.browser) });
  const baseline = { ...snapshot(pid, session.pid, 'baseline'), ...alive() };
  const timeline = sampleMemory(pid, alive);
  const tracker = new PeakTracker(pid);
  tracker.startPhase();
  const hostRequests = modelHost.log.length;
  // Only the idle unload closes the document; watched from now, so a fast one cannot be missed.
  const closing = nextOffscreenClose(session.browser, STEP_TIMEOUT_MS + o.idleMinutes * 60_000 + 120_000);
  const figures = await request();
  const peak = tracker.endPhase();
  const fetched = modelHost.log.slice(hostRequests).filter((r) => r.method === 'GET');
  const doneAt = Date.now();
  await sleep(1000);
  const afterLoad = { ...snapshot(pid, session.pid, 'after load'), ...alive() };
  const nice = niceOf(pid);
  const closedAt = await closing;
  await sleep(o.settleMs);
  const afterUnload = {
    ...snapshot(pid, session.pid, 'after idle unload'),
    ...alive(),
    targets: session.browser.targets().map((t) => `${t.type()} ${t.url()}`),
  };
  await sleep(o.laterMs);
  const afterUnloadLater = { ...snapshot(pid, session.pid, 'after idle unload, later'), ...alive() };
  const samples = timeline.stop();
  const cycle = {
    kind,
    pid,
    sharesWithPanel,
    nice,
    figures,
    fetchedFromHost: fetched.length,
    unloadAfterMs: closedAt - doneAt,
    wasmCodeCacheBytes: { before: wasmCacheBefore, after: folderBytes(wasmCache) },
    memory: { baseline, afterLoad, peakDuringRequest: peak, peakResettable: tracker.resettable, afterUnload, afterUnloadLater },
    timeline: samples,
  };
  const mib = (b) => (b / 2 ** 20).toFixed(0);
  log(
    `  ${label} ${kind}: load ${(figures.loadMs / 1000).toFixed(2)} s; PSS ${mib(baseline.pss)} → ${mib(afterLoad.pss)} → ${afterUnload.exited ? 'process exited' : mib(afterUnload.pss)} MiB (USS ${mib(baseline.uss)} → ${mib(afterLoad.uss)} → ${mib(afterUnloadLater.uss)}); closed ${((closedAt - doneAt) / 1000).toFixed(1)} s after the answer${afterUnload.offscreen ? ' (and open again at the reading)' : ''}; later ${mib(afterUnloadLater.pss)} MiB; wasm code cache ${mib(cycle.wasmCodeCacheBytes.before)} → ${mib(cycle.wasmCodeCacheBytes.after)} MiB`,
  );
  return cycle;
}

/** The whole lifecycle of one chat model stand-in. */
async function chatModelLifecycle({ model, entry, extension, modelHost, pages, o }) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'locus-bench-lifecycle-'));
  const { dtype, paths, bytes } = filesOf(entry);
  const urls = fileUrls(modelHost.origin, model.id, 'main', paths);
  const page = await pageForPromptTokens(model, o.promptTokens, 'tldr');
  const studyUrl = pages.add(`/bench/lifecycle-${model.key}.html`, page.html);
  const result = { model: model.key, hubId: model.hubId, id: model.id, dtype, device: 'wasm', bytes, download: null, cycles: [] };
  try {
    // Session 1: downloads.
    let session = await launch(extension, profile);
    try {
      const study = await session.browser.newPage();
      await study.goto(studyUrl);
      const panel = await openTappedPanel(session, study);
      await chooseModel(panel, { model: model.id, device: 'wasm', host: modelHost.origin, idleMinutes: 0 });
      const raw = await openRawFetchPage(session.browser, pages);
      log(`${model.key}: ${o.runs} download runs per side (${(bytes / 1e6).toFixed(1)} MB in ${paths.length} files)`);
      result.download = await downloadComparison({
        runs: o.runs,
        raw,
        urls,
        bytes,
        label: model.key,
        locusRun: async () => {
          await panel.bringToFront();
          if (await isStored(panel, model.id)) await deleteModel(panel, model.id);
          const r = await downloadModel(panel, model.id, STEP_TIMEOUT_MS);
          await backToSummarize(panel);
          return r;
        },
      });
      result.chromium = await session.browser.version();
      await raw.page.close();
      if (!(await isStored(panel, model.id))) throw new Error('the model is not stored after the download runs');
      await setIdleMinutes(panel, o.idleMinutes);
    } finally {
      await session.browser.close().catch(() => undefined);
    }
    // Sessions 2…: browser restarts, each followed by load cycles from the cache.
    for (let s = 0; s < o.restarts; s++) {
      log(`${model.key}: browser start ${s + 1} of ${o.restarts} (same profile: the model is in its OPFS)`);
      session = await launch(extension, profile);
      try {
        const study = await session.browser.newPage();
        await study.goto(studyUrl);
        const panel = await openTappedPanel(session, study);
        for (let c = 0; c < o.cycles; c++) {
          const cycle = await loadCycle({
            session,
            panel,
            profile,
            modelHost,
            o,
            kind: c === 0 ? 'cold browser' : 'warm browser',
            label: model.key,
            request: () => summarizeOnce(panel, study, STEP_TIMEOUT_MS),
          });
          result.cycles.push({ session: s + 1, ...cycle });
          writeReport(o, currentResults);
        }
      } finally {
        await session.browser.close().catch(() => undefined);
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return result;
}

/** The embedding model: downloaded and loaded by "Save to library"; the same figures. */
async function embeddingLifecycle({ entry, extension, modelHost, pages, o }) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'locus-bench-lifecycle-'));
  const { dtype, paths, bytes } = filesOf(entry);
  const urls = fileUrls(modelHost.origin, MINILM_STANDIN_ID, 'main', paths);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lifecycle library page</title></head><body><main><h1>Photosynthesis</h1>${Array.from({ length: 4 }, (_, i) => `<h2>Part ${i + 1}</h2><p>Plants turn light, water and carbon dioxide into sugar and oxygen. The light reactions happen in the thylakoid membranes; the Calvin cycle fixes carbon in the stroma. Chlorophyll absorbs red and blue light and reflects green.</p>`).join('')}</main></body></html>`;
  const studyUrl = pages.add('/bench/lifecycle-minilm.html', html);
  const result = {
    model: 'minilm',
    hubId: 'Xenova/all-MiniLM-L6-v2',
    id: MINILM_STANDIN_ID,
    dtype,
    device: 'wasm',
    bytes,
    download: null,
    cycles: [],
  };
  try {
    let session = await launch(extension, profile);
    try {
      const study = await session.browser.newPage();
      await study.goto(studyUrl);
      const panel = await openTappedPanel(session, study);
      await chooseModel(panel, { device: 'wasm', host: modelHost.origin, idleMinutes: o.idleMinutes });
      await openLibrary(panel);
      await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
      await backToSummarize(panel);
      const raw = await openRawFetchPage(session.browser, pages);
      /** @type {Promise<unknown>} */ let unloaded = Promise.resolve();
      log(`minilm: ${o.runs} download runs per side (${(bytes / 1e6).toFixed(1)} MB in ${paths.length} files), by "Save to library"`);
      result.download = await downloadComparison({
        runs: o.runs,
        raw,
        urls,
        bytes,
        label: 'minilm',
        locusRun: async () => {
          // The embedder must be released (no file open) before its files go: the idle unload after
          // the previous save releases it and closes the engine host (a new one may have started
          // since, with nothing loaded).
          await unloaded;
          await deleteFromOpfs(panel, MINILM_STANDIN_ID);
          const before = modelHost.log.length;
          const r = await saveOnce(panel, study, STEP_TIMEOUT_MS);
          unloaded = nextOffscreenClose(session.browser, 10 * 60_000);
          const got = modelHost.log.slice(before).filter((x) => x.method === 'GET' && x.status < 300).length;
          if (got !== paths.length)
            throw new Error(`"Save to library" fetched ${got} files, not the model's ${paths.length}, after its files were deleted`);
          return { panelMs: r.checkMs };
        },
      });
      result.chromium = await session.browser.version();
      await raw.page.close();
      await unloaded;
    } finally {
      await session.browser.close().catch(() => undefined);
    }
    for (let s = 0; s < o.restarts; s++) {
      log(`minilm: browser start ${s + 1} of ${o.restarts}`);
      session = await launch(extension, profile);
      try {
        const study = await session.browser.newPage();
        await study.goto(studyUrl);
        const panel = await openTappedPanel(session, study);
        for (let c = 0; c < o.cycles; c++) {
          const cycle = await loadCycle({
            session,
            panel,
            profile,
            modelHost,
            o,
            kind: c === 0 ? 'cold browser' : 'warm browser',
            label: 'minilm',
            request: () => saveOnce(panel, study, STEP_TIMEOUT_MS),
          });
          result.cycles.push({ session: s + 1, ...cycle });
          writeReport(o, currentResults);
        }
      } finally {
        await session.browser.close().catch(() => undefined);
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return result;
}

/** @type {any} */
let currentResults;

export async function runLifecycleBench(argv) {
  const o = parseLifecycleArgs(argv);
  if (o.help) {
    console.log(LIFECYCLE_USAGE);
    return;
  }
  const models = o.models.filter((k) => k !== 'minilm').map((k) => BENCH_MODELS[k]);
  const minilm = o.models.includes('minilm');
  ensureStandins(models, log);
  if (minilm) ensureMinilmStandin(log);

  log(`lifecycle: building the extension into ${OUT_DIR} with the stand-ins in its catalog (answers capped at ${o.newTokens} tokens)`);
  const workDir = path.join(repoRoot, OUT_DIR, 'work');
  const extraFile = path.join(workDir, 'catalog-extra.json');
  await writeCatalogExtra(models, extraFile);
  const entries = JSON.parse(await fs.readFile(extraFile, 'utf8'));
  const minilmEntry = minilm ? await minilmCatalogEntry() : null;
  if (minilmEntry) await fs.writeFile(extraFile, JSON.stringify([...entries, minilmEntry], null, 2));
  const extension = await buildLifecycleExtension(extraFile, o.newTokens);

  const orgs = [...new Set([...models.map((m) => m.hubId.split('/')[0]), ...(minilm ? ['Xenova'] : [])])];
  const modelHost = await startModelHost({ roots: orgs.map((org) => ({ prefix: 'standin', dir: path.join(standinsDir, org) })) });
  const pages = await startPageServer();

  const results = (currentResults = {
    date: new Date().toISOString(),
    options: o,
    environment: {
      chromium: '',
      cores: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 1e9),
      loadAverage: os.loadavg(),
      standinsDir,
    },
    models: [],
    notes: LIFECYCLE_NOTES,
    warnings: [],
  });
  try {
    for (const model of models) {
      try {
        const entry = entries.find((e) => e.id === model.id);
        const r = await chatModelLifecycle({ model, entry, extension, modelHost, pages, o });
        results.environment.chromium ||= r.chromium;
        results.models.push(r);
        check(r, results.warnings);
      } catch (error) {
        failed(results, model.key, error);
      }
      writeReport(o, results);
    }
    if (minilmEntry) {
      try {
        const r = await embeddingLifecycle({ entry: minilmEntry, extension, modelHost, pages, o });
        results.environment.chromium ||= r.chromium;
        results.models.push(r);
        check(r, results.warnings);
      } catch (error) {
        failed(results, 'minilm', error);
      }
    }
  } finally {
    await modelHost.stop().catch(() => undefined);
    await pages.stop().catch(() => undefined);
  }
  results.environment.loadAverageAtEnd = os.loadavg();
  writeReport(o, results);
  console.log(lifecycleMarkdown(results));
  log(
    `lifecycle: done in ${((Date.now() - began) / 60_000).toFixed(1)} min; JSON: ${path.relative(process.cwd(), REPORT)}${o.json ? ` and ${o.json}` : ''}`,
  );
}

function failed(results, what, error) {
  const message = error instanceof Error ? error.message : String(error);
  log(`${what} FAILED: ${message}`);
  if (error instanceof Error && error.stack) log(error.stack.split('\n').slice(1, 6).join('\n'));
  results.warnings.push(`${what} failed: ${message.split('\n')[0]}`);
  process.exitCode = 1;
}

/** Says where a figure does not measure what its row claims. */
function check(r, warnings) {
  for (const c of r.cycles) {
    const where = `${r.model}, browser start ${c.session}, ${c.kind}`;
    if (!c.figures.loadedModel) warnings.push(`${where}: the request did not load the model (it was still loaded).`);
    if (c.fetchedFromHost > 0)
      warnings.push(`${where}: ${c.fetchedFromHost} requests reached the model host during a load from the cache.`);
    if (c.nice !== 0 && Number.isFinite(c.nice)) warnings.push(`${where}: the engine host's process ran at nice ${c.nice}.`);
    for (const [key, m] of Object.entries(c.memory)) {
      if (m?.browserGone)
        warnings.push(
          `${where}: the browser itself was gone at the "${m.label}" reading (ended from outside the benchmark?); that reading is left out.`,
        );
      else if (m?.exited) warnings.push(`${where}: the engine host's renderer process had exited at the "${m.label}" reading (${key}).`);
    }
  }
}

function writeReport(o, results) {
  if (!results) return;
  mkdirSync(path.dirname(REPORT), { recursive: true });
  const json = JSON.stringify(results, null, 2);
  writeFileSync(REPORT, json);
  if (o.json) writeFileSync(path.resolve(o.json), json);
}
