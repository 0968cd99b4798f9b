// The Locus side of the comparison: the built extension in Chromium, driven like a student. The
// side panel (a tab) picks the stand-in model, the model host and the device in Models, then
// "Summarize page" runs on a study page; the figures come from the panel's engine port (panel-tap).
import { launchWithExtension } from '../support/browser.mjs';
import { clickSummarize, configureModels, openView, waitForPhase, waitForText } from '../support/panel.mjs';
import { openTappedPanel, tappedEnd, tappedRun, tappedRunCount } from './panel-tap.mjs';
import { PeakTracker, gpuPidOf, niceOf, rendererPidOf } from './processes.mjs';

/** Opens Models, unfolding its advanced section if it is folded. */
async function openModelSettings(panel) {
  await openView(panel, 'Models');
  await panel.waitForSelector('select[name=chatModel]');
  const folded = await panel.$eval('details.advanced', (d) => !(/** @type {HTMLDetailsElement} */ (d).open)).catch(() => false);
  if (folded) await panel.click('details.advanced > summary');
}

/** Replaces a text field's value as a student does: select all of it, type over it. */
async function typeOver(panel, selector, text) {
  await panel.waitForSelector(selector, { visible: true });
  await panel.focus(selector);
  await panel.$eval(selector, (el) => /** @type {HTMLInputElement} */ (el).select());
  await panel.keyboard.type(text);
  const value = await panel.$eval(selector, (el) => /** @type {HTMLInputElement} */ (el).value);
  if (value !== text) throw new Error(`Typing into ${selector} gave "${value}", not "${text}".`);
}

/**
 * Model and device through the shared student steps (tests/support/panel.mjs); then, in Models, the
 * model host, and "release the model after N idle minutes" set to 0 (never): the raw side runs
 * between two Locus runs, and Locus must not unload the model meanwhile.
 * @param {import('puppeteer-core').Page} panel
 */
async function chooseModel(panel, { model, device, host }) {
  await configureModels(panel, { model, device });
  await openModelSettings(panel);
  await typeOver(panel, 'input[name=modelHost]', host);
  await panel.click('::-p-text(Save host)');
  await waitForText(panel, '.view', /Model host saved/);
  await typeOver(panel, 'input[name=idleUnloadMinutes]', '0');
  await panel.keyboard.press('Tab'); // the field saves on change
  await waitForText(panel, '.view', /Idle time saved/);
  await openView(panel, 'This page');
  await panel.waitForSelector('::-p-text(Summarize page)');
}

/** What an engine-host target says about itself: isolation decides ONNX Runtime's thread count. */
async function isolationOf(target) {
  const session = await target.createCDPSession();
  const { result } = await session.send('Runtime.evaluate', {
    expression: 'JSON.stringify({ crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency })',
    returnByValue: true,
  });
  return { session, ...JSON.parse(result.value) };
}

/**
 * Which other extension contexts live in the engine host's process (Chromium may put extension
 * pages together): their memory is part of the figure measured for it.
 */
async function coHosted(browser, browserPid, enginePid, panel) {
  const others = [];
  const panelSession = await panel.createCDPSession();
  if ((await rendererPidOf(browserPid, panelSession)) === enginePid) others.push('side panel');
  const sw = browser.targets().find((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'));
  if (sw && (await rendererPidOf(browserPid, await sw.createCDPSession())) === enginePid) others.push('background service worker');
  return others;
}

/**
 * @param {{ extension: string, webgpu: boolean, modelHost: string, timeoutMs: number }} options
 */
export async function startLocusSide({ extension, webgpu, modelHost, timeoutMs }) {
  const session = await launchWithExtension({ extension, webgpu });
  const browserPid = session.browser.process()?.pid;
  /** @type {import('puppeteer-core').Page | undefined} */ let panel;
  /** @type {import('puppeteer-core').Page | undefined} */ let study;
  let tracker = new PeakTracker(undefined);
  let gpu = new PeakTracker(undefined);
  let runsSeen = 0;

  return {
    browser: session.browser,
    get tracker() {
      return tracker;
    },
    get gpuTracker() {
      return gpu;
    },

    /**
     * Opens the study page and the panel, and chooses model, host and device like a student.
     * @param {import('./models.mjs').BenchModel} model
     * @param {'wasm' | 'webgpu'} device
     * @param {string} studyUrl
     */
    async prepare(model, device, studyUrl) {
      await panel?.close();
      await study?.close();
      study = await session.browser.newPage();
      await study.goto(studyUrl);
      panel = await openTappedPanel(session, study);
      runsSeen = 0;
      await chooseModel(panel, { host: modelHost, model: model.id, device });
      // The engine host: the offscreen document and its worker (started when the panel connected).
      const offscreen = await session.browser.waitForTarget((t) => t.url().endsWith('/offscreen.html'), { timeout: 30_000 });
      const worker = await session.browser.waitForTarget((t) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(t.url()), { timeout: 30_000 });
      const doc = await isolationOf(offscreen);
      const inWorker = await isolationOf(worker);
      const pid = await rendererPidOf(browserPid, doc.session);
      const workerPid = await rendererPidOf(browserPid, inWorker.session);
      if (workerPid !== pid)
        throw new Error(`The engine worker runs in process ${workerPid}, its offscreen document in ${pid}: expected one process.`);
      tracker = new PeakTracker(pid);
      gpu = new PeakTracker(gpuPidOf(browserPid));
      return {
        pid,
        crossOriginIsolated: doc.crossOriginIsolated && inWorker.crossOriginIsolated,
        hardwareConcurrency: inWorker.hardwareConcurrency,
        sharesProcessWith: await coHosted(session.browser, browserPid, pid, panel),
        rssBeforeLoad: tracker.current().rss,
      };
    },

    /** The step the current run is at ("part 3 of 11"), from the panel's engine port; null before any. */
    async progress() {
      if (!panel) return null;
      return panel.evaluate(() => {
        const run = /** @type {any} */ (window).__locusBenchTap.runs.at(-1);
        const part = run?.events.filter((e) => e.kind === 'part').at(-1);
        return part ? { index: part.index, total: part.total, stage: part.stage } : null;
      });
    },

    /** Shows another page in the study tab (the one the panel acts on). */
    async openStudy(url) {
      if (!panel || !study) throw new Error('prepare() first');
      await study.goto(url);
    },

    /**
     * Warm-up: downloads and loads the model, and runs it once, without a full summary: starts one,
     * presses Stop as soon as the first words arrive (the model stays loaded), and waits until the
     * engine host has wound the run down (it runs one task at a time: a measured run started sooner
     * would wait for it). Returns the request the panel sent, with the figures of this first use.
     */
    async warmUp() {
      if (!panel || !study) throw new Error('prepare() first');
      await study.bringToFront();
      await panel.bringToFront();
      tracker.startPhase();
      gpu.startPhase();
      await clickSummarize(panel);
      await panel.waitForFunction(
        (i) => /** @type {any} */ (window).__locusBenchTap.runs[i]?.events.some((e) => ['text', 'done', 'error'].includes(e.kind)),
        { timeout: timeoutMs, polling: 100 },
        runsSeen,
      );
      await panel.click('::-p-text(Stop)').catch(() => undefined); // gone already if the run ended
      const run = await tappedEnd(panel, runsSeen, timeoutMs);
      runsSeen += 1;
      tracker.endPhase();
      gpu.endPhase();
      if (run.ended !== 'done' && run.ended !== 'cancelled')
        throw new Error(`Locus failed while warming up: ${run.error?.message ?? run.ended}`);
      return run;
    },

    /** One "Summarize page" click, to the end; figures from the panel's engine port. */
    async summarize() {
      if (!panel || !study) throw new Error('prepare() first');
      await study.bringToFront();
      await panel.bringToFront();
      tracker.startPhase();
      gpu.startPhase();
      await clickSummarize(panel);
      const reached = await waitForPhase(panel, ['done', 'error', 'stopped'], timeoutMs);
      const peak = tracker.endPhase();
      const gpuPeak = gpu.endPhase();
      const nice = niceOf(tracker.pid);
      const count = await tappedRunCount(panel);
      if (count <= runsSeen) throw new Error(`Locus ran no task (phase ${reached}).`);
      runsSeen = count;
      const run = await tappedRun(panel, count - 1);
      if (reached !== 'done') throw new Error(`Locus ended in phase "${reached}".`);
      return { ...run, peakBytes: peak, gpuPeakBytes: gpuPeak, nice };
    },

    async close() {
      await session.close();
    },
  };
}
