// The side-panel steps of the lifecycle benchmark, as a student (or the Models page) does them:
// settings in Models, "Download" and "Delete" of a model row, "Summarize page", "Save to library";
// and the figures of each request, read on the panel's engine port by the tap (panel-tap.mjs), in
// the panel's clock. The engine host's own life (the offscreen document) is watched as a DevTools
// target.
import { clickSummarize, configureModels, openLibrary, openView, saveToLibrary, waitForPhase, waitForText } from '../support/panel.mjs';
import { tappedRunCount } from './panel-tap.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const row = (id) => `li.model-row[data-model="${id}"]`;
const OFFSCREEN = (t) => t.url().endsWith('/offscreen.html');

/** Opens Models with its advanced section and the test models' list unfolded. */
export async function openModels(panel) {
  await openView(panel, 'Models');
  await waitForText(panel, '.recommendation', /Recommended here:/, 60_000);
  for (const sel of ['details.advanced', 'details.test-models']) {
    await panel.$eval(sel, (d) => /** @type {HTMLDetailsElement} */ (d.open = true)).catch(() => undefined);
  }
}

export async function backToSummarize(panel) {
  await openView(panel, 'This page');
  await panel.waitForSelector('::-p-text(Summarize page)');
}

/** Model, device and host (tests/support/panel.mjs), then the idle time. */
export async function chooseModel(panel, { model, device, host, idleMinutes }) {
  await configureModels(panel, { model, device, host });
  await setIdleMinutes(panel, idleMinutes);
}

/**
 * "Release the model from memory after N minutes idle": typed over as a student does; the field
 * saves on change. The settings schema takes fractions (z.number().min(0)), so 0.1 = 6 s.
 */
export async function setIdleMinutes(panel, minutes) {
  await openModels(panel);
  const selector = 'input[name=idleUnloadMinutes]';
  await panel.waitForSelector(selector, { visible: true });
  const current = await panel.$eval(selector, (el) => /** @type {HTMLInputElement} */ (el).value);
  if (Number(current) !== minutes) {
    await panel.focus(selector);
    await panel.$eval(selector, (el) => /** @type {HTMLInputElement} */ (el).select());
    await panel.keyboard.type(String(minutes));
    await panel.keyboard.press('Tab');
    await waitForText(panel, '.view', /Idle time saved/);
  }
  await backToSummarize(panel);
}

/** Whether the Models page shows the model as fully downloaded. */
export async function isStored(panel, modelId) {
  await openModels(panel);
  await panel.waitForSelector(row(modelId));
  return panel.$eval(row(modelId), (el) => el.getAttribute('data-stored') === 'true');
}

/** The Models page's Delete, until the row says it is gone (nothing stored). */
export async function deleteModel(panel, modelId) {
  await openModels(panel);
  await panel.click(`${row(modelId)} ::-p-text(Delete)`);
  await waitForText(panel, '.notice[role=status]', /deleted: .* freed/);
  await panel.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-stored') === 'false' && !document.querySelector(`${sel} button:disabled`),
    { timeout: 60_000 },
    row(modelId),
  );
}

/** The raw record of tapped run `index`: request, when it left the panel, its events with their times. */
function tapRun(panel, index) {
  return panel.evaluate((i) => /** @type {any} */ (window).__locusBenchTap.runs[i], index);
}

async function waitForTapEnd(panel, index, timeoutMs) {
  await panel.waitForFunction(
    (i) => /** @type {any} */ (window).__locusBenchTap.runs[i]?.events.some((e) => e.kind === 'done' || e.kind === 'error'),
    { timeout: timeoutMs, polling: 50 },
    index,
  );
  const run = await tapRun(panel, index);
  const error = run.events.find((e) => e.kind === 'error');
  if (error) throw new Error(`Locus reported an error: ${error.error?.message ?? JSON.stringify(error.error)}`);
  return run;
}

/**
 * The Models page's "Download" of `modelId`: Locus's own downloader (network gate, SHA-256 of every
 * byte, written aside in OPFS and renamed). Times: from the task request leaving the panel to its
 * `done` event arriving (panel's clock), and the engine host's own time for it (`done` stats).
 */
export async function downloadModel(panel, modelId, timeoutMs) {
  await openModels(panel);
  const index = await tappedRunCount(panel);
  await panel.click(`${row(modelId)} button:not([disabled])::-p-text(ownload)`);
  const run = await waitForTapEnd(panel, index, timeoutMs);
  if (run.request.kind !== 'download') throw new Error(`expected a download request, the panel sent ${run.request.kind}`);
  await panel.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-stored') === 'true',
    { timeout: 60_000, polling: 100 },
    row(modelId),
  );
  const done = run.events.find((e) => e.kind === 'done');
  const progress = run.events.filter((e) => e.kind === 'download');
  return { panelMs: done.at - run.sentAt, engineMs: done.stats.totalMs, progressEvents: progress.length };
}

export function offscreenAlive(browser) {
  return browser.targets().some(OFFSCREEN);
}

/**
 * Resolves (with the time) when the offscreen document that is open now closes: the engine host's
 * idle unload ends with that. Watched as an event, because the panel may open a new engine host
 * right after (an RPC such as the library's lookup of the page, on a tab switch, creates one).
 */
export function nextOffscreenClose(browser, timeoutMs) {
  let settle;
  const closed = new Promise((resolve, reject) => {
    const on = (target) => {
      if (!OFFSCREEN(target)) return;
      settle();
      resolve(Date.now());
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`the offscreen document was still open ${Math.round(timeoutMs / 1000)} s later`));
    }, timeoutMs);
    settle = () => {
      clearTimeout(timer);
      browser.off('targetdestroyed', on);
    };
    browser.on('targetdestroyed', on);
  });
  closed.catch(() => undefined); // awaited later, or not at all
  return closed;
}

/**
 * Has the engine host started with nothing loaded: the Models page asks it for its overview (an
 * RPC: the background creates the offscreen document, whose worker starts). Returns its targets.
 */
export async function ensureEngineHost(panel, browser) {
  await openModels(panel);
  const offscreen = await browser.waitForTarget(OFFSCREEN, { timeout: 60_000 });
  const worker = await browser.waitForTarget((t) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(t.url()), { timeout: 60_000 });
  await backToSummarize(panel);
  return { offscreen, worker };
}

/**
 * One "Summarize page" on the study tab, to its end. The engine host emits `loading` when its
 * files are checked in the verified store and the model starts loading, and computes the task's
 * own figures (`done` stats) from the moment the model is ready: so, in the panel's clock,
 * loaded = done − stats.totalMs, and load = loaded − loading.
 */
export async function summarizeOnce(panel, study, timeoutMs) {
  await study.bringToFront();
  await panel.bringToFront();
  const index = await tappedRunCount(panel);
  await clickSummarize(panel);
  const reached = await waitForPhase(panel, ['done', 'error', 'stopped'], timeoutMs);
  const run = await waitForTapEnd(panel, index, 60_000);
  if (reached !== 'done') throw new Error(`the summary ended in phase ${reached}`);
  const done = run.events.find((e) => e.kind === 'done');
  const loading = run.events.find((e) => e.kind === 'loading');
  const firstText = run.events.find((e) => e.kind === 'text');
  const loadedAt = done.at - done.stats.totalMs;
  return {
    loadedModel: Boolean(loading),
    captureMs: run.sentAt - run.clickAt, // click → request sent (reading the page in the tab)
    checkMs: loading ? loading.at - run.sentAt : NaN, // request → files found in the verified store, load starts
    loadMs: loading ? loadedAt - loading.at : NaN, // model loaded (tokenizer + ONNX Runtime session)
    requestToLoadedMs: loadedAt - run.sentAt,
    clickToFirstWordsMs: (firstText?.at ?? done.at) - run.clickAt,
    ttftAfterLoadMs: done.stats.ttftMs,
    generateMs: done.stats.totalMs,
    clickToDoneMs: done.at - run.clickAt,
    promptTokens: done.stats.promptTokens,
    outputTokens: done.stats.outputTokens,
    device: done.stats.device,
    dtype: done.stats.dtype,
  };
}

/**
 * "Save to library" of the study page: the save task first prepares the embedding model (download
 * through the verified downloader when missing, then `loading`, then the load), then splits and
 * stores the page (`library.saved`); the page's vectors are computed afterwards by the background
 * queue, which this waits for.
 */
export async function saveOnce(panel, study, timeoutMs) {
  await study.bringToFront();
  await panel.bringToFront();
  await openLibrary(panel);
  // The figure of the last embedding job (the queue's), to see this save's own job end.
  const previous = await panel.evaluate(() => /** @type {HTMLElement | null} */ (document.querySelector('.embed-speed'))?.dataset.ms ?? '');
  const index = await tappedRunCount(panel);
  await saveToLibrary(panel, {}, timeoutMs);
  const run = await waitForTapEnd(panel, index, 60_000);
  if (run.request.kind !== 'library.save') throw new Error(`expected library.save, the panel sent ${run.request.kind}`);
  const loading = run.events.find((e) => e.kind === 'loading');
  const saved = run.events.find((e) => e.kind === 'library.saved');
  await panel.waitForFunction(
    (prev) => {
      const el = /** @type {HTMLElement | null} */ (document.querySelector('.embed-speed'));
      const totals = /** @type {HTMLElement | null} */ (document.querySelector('.library-totals'));
      return Boolean(
        el &&
        el.dataset.ms !== prev &&
        !document.querySelector('.library-progress[data-state="running"]') &&
        totals &&
        totals.dataset.chunks === totals.dataset.vectors,
      );
    },
    { timeout: timeoutMs, polling: 100 },
    previous,
  );
  const embeddedAt = await panel.evaluate(() => performance.now());
  await backToSummarize(panel);
  return {
    loadedModel: Boolean(loading),
    // request → files present (downloaded and verified, or found in the store) and load starting
    checkMs: loading ? loading.at - run.sentAt : NaN,
    // load + splitting a short page with the model's tokenizer + one IndexedDB transaction
    loadMs: loading && saved ? saved.at - loading.at : NaN,
    requestToSavedMs: saved ? saved.at - run.sentAt : NaN,
    requestToEmbeddedMs: embeddedAt - run.sentAt,
    device: run.events.find((e) => e.kind === 'done')?.stats.device,
    dtype: run.events.find((e) => e.kind === 'done')?.stats.dtype,
  };
}

/**
 * Deletes the embedding model's files from the extension's OPFS, from the panel page (same origin
 * as the offscreen document). The Models page lists chat models only, so this is the benchmark's
 * own step, used while the engine host is closed (no file is open).
 */
export async function deleteFromOpfs(panel, modelId) {
  return panel.evaluate(async (id) => {
    const segments = id.split('/');
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('locus-models', { create: true });
    for (const s of segments.slice(0, -1)) {
      try {
        dir = await dir.getDirectoryHandle(s);
      } catch {
        return false;
      }
    }
    try {
      await dir.removeEntry(segments.at(-1), { recursive: true });
      return true;
    } catch {
      return false;
    }
  }, modelId);
}
