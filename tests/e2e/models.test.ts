// The Models page and the model lifecycle, as a student meets them: a recommendation with its
// reason; a download with progress that survives a cut connection; a tampered file refused;
// delete frees storage; the engine host killed mid-answer, then working again; the service worker
// killed; web-llm not offered by a build that ships none of its model libraries.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  clickSummarize,
  configureModels,
  downloadFromModelsPage,
  errorText,
  modelRow as row,
  openModelsTab,
  openPanel,
  waitForPhase,
  waitForText,
  openView,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';
import { until } from '../support/until.mjs';

const COURSE_PAGE = '/course/8-01sc-classical-mechanics-fall-2016/003-syllabus.html';
const VERY_LONG_PAGE = '/course/17-40-american-foreign-policy-past-present-and-future-fall-2004/029-readings.html';
const WEIGHTS = 'onnx/model_q4.onnx';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
});
afterAll(async () => {
  await pages?.stop();
});

const storageUsage = (panel: Page) => panel.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

describe('Models page and downloads', () => {
  let s: Session;
  let host: Awaited<ReturnType<typeof startModelHost>>;
  let panel: Page;
  beforeAll(async () => {
    host = await startModelHost({ roots: [sharedPath('models')] });
    s = await launchWithExtension({});
    const study = await s.browser.newPage();
    await study.goto(pages.origin + COURSE_PAGE);
    panel = await openPanel(s, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await openModelsTab(panel);
  });
  afterAll(async () => {
    await s?.close();
    await host?.stop();
  });

  test('recommends a model for this device, with a one-line reason', async () => {
    const text = await panel.$eval('.recommendation', (el) => el.textContent ?? '');
    // The test machine has no GPU (or only SwiftShader): a CPU model, with its download size.
    expect(text).toMatch(
      /Recommended here: (No graphics chip Locus can use|Only a software graphics chip), \d+ processor cores and (\d+ GB|8 GB or more) memory: SmolLM2 (135|360)M on this computer's processor, \d+ MB download\./,
    );
    expect(text).toMatch(/This computer: (no graphics chip Locus can use|only a software graphics chip \(slow\)) · \d+ processor cores/);
    expect(await panel.$eval(`${row('HuggingFaceTB/SmolLM2-135M-Instruct')} .tag`, (el) => el.textContent)).toBe('Recommended');
    // Each model in plain words, with one button; the technical facts folded under Details.
    const smol = await panel.$eval(row('HuggingFaceTB/SmolLM2-135M-Instruct'), (el) => (el as HTMLElement).innerText);
    expect(smol).toMatch(/Runs on this computer's processor\n+Not downloaded · \d+ MB to download\n+Download and use\n+Details$/);
    expect(smol).not.toMatch(/WASM|WebGPU|SHA-256|tokens|Apache-2\.0|transformers/);
    const details = await panel.$eval(`${row('HuggingFaceTB/SmolLM2-135M-Instruct')} details`, (el) => el.textContent ?? '');
    // Its build is the one the catalog's CPU rule names for this class of device (lib/catalog/cpu-builds.ts):
    // fp32 with 8 GB or more, q4 below.
    const build = /8 GB or more memory/.test(text) ? /fp32 \(32-bit numbers, full size\)/ : /q4 \(quantized to 4 bits\)/;
    // The row and the recommendation say the same download: the bigger build's, when it is chosen.
    const size = /8 GB or more memory/.test(text) ? '654 MB' : '200 MB';
    expect(smol).toContain(`${size} to download`);
    if (/SmolLM2 135M/.test(text)) expect(text).toContain(`${size} download`);
    expect(details).toMatch(
      new RegExp(`transformers\\.js on WASM \\(CPU\\).*${build.source}.*Apache License 2\\.0 \\(Apache-2\\.0\\)`, 's'),
    );
  });

  test('a tampered file is refused with a clear message and nothing is kept', async () => {
    host.faults.set(WEIGHTS, { tamper: true, times: 20 });
    const before = await storageUsage(panel);
    await downloadFromModelsPage(panel, 'stories260K');
    expect(await errorText(panel)).toMatch(/onnx\/model_q4\.onnx does not match its published checksum, so Locus refused it/);
    expect(await panel.$eval(row('stories260K'), (el) => el.getAttribute('data-stored'))).toBe('false');
    await waitForText(panel, `${row('stories260K')} .model-state`, /^Failed — retry$/);
    expect(await panel.$eval(`${row('stories260K')} button.model-action`, (el) => el.textContent)).toBe('Retry');
    expect(await storageUsage(panel)).toBeLessThan(before + 100_000); // the 337 KB weights were not kept
    host.faults.clear();
  });

  test('a download cut halfway resumes, shows progress to 100%, and the file is intact', async () => {
    host.log.length = 0;
    host.faults.set(WEIGHTS, { dropAfterBytes: 150_000, times: 1 });
    const progress = await downloadFromModelsPage(panel, 'stories260K');
    expect(await errorText(panel)).toBe('');
    expect(progress.some((p) => /\(100%\)/.test(p))).toBe(true);
    const weights = host.log.filter((r) => r.url.endsWith(WEIGHTS));
    expect(weights.length).toBe(2); // the cut request, then one resumed with a Range
    expect(weights[1]!.range).toMatch(/^bytes=\d+-$/);
    await waitForText(panel, row('stories260K'), /In use · 352 KB on this computer, works offline/);
    expect(
      await panel.$eval(`${row('stories260K')} button.model-action`, (el) => [el.textContent, (el as HTMLButtonElement).disabled]),
    ).toEqual(['Using', true]);
    // Its files' SHA-256, for whoever opens Details.
    expect(await panel.$eval(`${row('stories260K')} .checksums`, (el) => el.textContent ?? '')).toMatch(
      /onnx\/model_q4\.onnx: [0-9a-f]{64}/,
    );
    // The resumed file passes its checksum: the model runs.
    await openView(panel, 'This page');
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
  });

  test('deleting a model frees its storage (the storage estimate drops)', async () => {
    await openModelsTab(panel);
    const before = await storageUsage(panel);
    await panel.click(`${row('stories260K')} ::-p-text(Delete)`);
    await waitForText(panel, '.notice[role=status]', /stories260K \(test model\) deleted: 352 KB freed/);
    await panel.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-stored') === 'false', {}, row('stories260K'));
    await waitForText(panel, row('stories260K'), /In use · not downloaded · 352 KB to download/);
    const after = await storageUsage(panel);
    expect(before - after).toBeGreaterThan(300_000);
  });

  test('"Download and use" downloads a model, then makes it the one in use', async () => {
    await configureModels(panel, { model: 'HuggingFaceTB/SmolLM2-135M-Instruct' });
    await openModelsTab(panel);
    await waitForText(panel, `${row('stories260K')} .model-state`, /^Not downloaded · 352 KB to download$/);
    const progress = await downloadFromModelsPage(panel, 'stories260K');
    expect(await errorText(panel)).toBe('');
    expect(progress.some((p) => /\(100%\)/.test(p))).toBe(true);
    await waitForText(panel, `${row('stories260K')} .model-state`, /^In use · 352 KB on this computer, works offline$/);
    expect(await panel.$eval('select[name=chatModel]', (el) => (el as HTMLSelectElement).value)).toBe('stories260K');
    // The Summarize card follows: downloaded, and it is the model a summary uses.
    await openView(panel, 'This page');
    await waitForText(panel, '.model-card', /stories260K \(test model\): Runs on this computer's processor\. Downloaded: works offline\./);
  });
});

describe('lifecycle', () => {
  let s: Session;
  let host: Awaited<ReturnType<typeof startModelHost>>;
  beforeAll(async () => {
    host = await startModelHost({ roots: [sharedPath('models')] });
    s = await launchWithExtension({});
  });
  afterAll(async () => {
    await s?.close();
    await host?.stop();
  });

  test('killing the offscreen document mid-answer gives a clear error, and the next request works', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + VERY_LONG_PAGE);
    const panel = await openPanel(s, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await clickSummarize(panel);
    await waitForText(panel, '.phase', /Step [2-9]\d* of/, MODEL_RUN);
    const offscreen = s.browser.targets().find((t) => t.url().endsWith('/offscreen.html'));
    expect(offscreen).toBeDefined();
    const cdp = await s.browser.target().createCDPSession();
    await cdp.send('Target.closeTarget', { targetId: (offscreen as unknown as { _targetId: string })._targetId });
    expect(await waitForPhase(panel, ['error', 'done'], UI)).toBe('error');
    expect(await errorText(panel)).toMatch(/The on-device model stopped unexpectedly.*try again/);
    await study.goto(pages.origin + COURSE_PAGE);
    await study.bringToFront();
    await panel.bringToFront();
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error']), await errorText(panel)).toBe('done');
    await panel.close();
    await study.close();
  });

  test('after the service worker is stopped, the panel still works (it wakes up again)', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + COURSE_PAGE);
    const panel = await openPanel(s, study);
    // Stop the worker the way Chrome does when it idles it (chrome://serviceworker-internals "Stop").
    await s.requests.detach((t) => t.type === 'service_worker');
    const cdp = await panel.createCDPSession();
    const status: string[] = [];
    let versionId = '';
    cdp.on(
      'ServiceWorker.workerVersionUpdated',
      (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
        for (const v of e.versions) {
          if (!v.scriptURL.endsWith('/background.js')) continue;
          versionId = v.versionId;
          status.push(v.runningStatus);
        }
      },
    );
    await cdp.send('ServiceWorker.enable');
    await until(() => versionId, { timeoutMs: UI, what: 'DevTools reported no version of background.js' });
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await until(() => status.at(-1) === 'stopped', { timeoutMs: UI, what: () => `the worker went ${status.join(' → ')}, not to stopped` });
    expect(status.at(-1)).toBe('stopped'); // really stopped
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error']), await errorText(panel)).toBe('done');
    await panel.close();
    await study.close();
  });
});

describe('web-llm in a build that ships none of its model libraries', () => {
  // The default build: web-llm is not offered (it would need compiled code from elsewhere). With a
  // library shipped, web-llm up to what these machines allow: tests/e2e/trust.test.ts.
  test('the engine list has no web-llm, and no model only web-llm runs is listed', async () => {
    const s = await launchWithExtension({});
    try {
      const study = await s.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      const panel = await openPanel(s, study);
      await openView(panel, 'Models');
      await panel.waitForSelector('section[aria-label="Models"][aria-busy="false"] select[name=engine]', { timeout: UI });
      const engines = await panel.$$eval('select[name=engine] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      // llama.cpp is offered: it has its own real-model e2e (llama-engine.test.ts); web-llm is not, in a build without its libraries.
      expect(engines).toEqual(['auto', 'transformers', 'llama-cpp', 'chrome-ai']);
      const models = await panel.$$eval('select[name=chatModel] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(models).not.toContain('google/gemma-2-2b-it');
      expect(models).toContain('HuggingFaceTB/SmolLM2-360M-Instruct');
      expect(s.requests.outside()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
