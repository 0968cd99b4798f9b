// A student summarizes a course page: the real stories260K model, downloaded from a local model
// host, runs in the offscreen document and streams into the side panel; Stop cancels; a second run
// works from the cache with the host gone; nothing is requested outside 127.0.0.1.
// @real-model-e2e transformers: the real stories260K model generates, on WASM and on WebGPU (software adapter).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI, WEBGPU_RUN } from '../support/deadlines.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  clickSummarize,
  configureModels,
  errorText,
  openPanel,
  panelText,
  summarySnapshots,
  waitForPhase,
  waitForText,
  watchSummary,
} from '../support/panel.mjs';
import { requestRecords, waitForRecords } from '../support/records.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const SHORT_PAGE = '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html';
const LONG_PAGE = '/course/8-01sc-classical-mechanics-fall-2016/003-syllabus.html';
const VERY_LONG_PAGE = '/course/17-40-american-foreign-policy-past-present-and-future-fall-2004/029-readings.html';

let pages: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
});
afterAll(async () => {
  await pages?.stop();
});

async function session(options: { webgpu: boolean }) {
  const host = await startModelHost({ roots: [sharedPath('models')] });
  const browser = await launchWithExtension({ webgpu: options.webgpu });
  return { host, ...browser };
}

function modelRequests(entries: Array<{ url: string; targetUrl: string }>, origin: string) {
  return entries.filter((e) => e.url.startsWith(`${origin}/stories260K/resolve/`));
}

describe('summarize a course page on WASM', () => {
  let s: Awaited<ReturnType<typeof session>>;
  beforeAll(async () => {
    s = await session({ webgpu: false });
  });
  afterAll(async () => {
    await s?.close();
    await s?.host.stop();
  });

  test('first run downloads with progress, then streams a summary written in the offscreen document', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + LONG_PAGE);
    const panel = await openPanel(s, study);
    await configureModels(panel, { host: s.host.origin, model: 'stories260K' });
    // Before the first use the panel says, in plain words, where it runs and what it will download.
    await waitForText(panel, '.model-card', /Not downloaded yet/);
    expect(await panelText(panel)).toMatch(
      /stories260K \(test model\): Runs on this computer's processor\. Not downloaded yet: \d+(\.\d)? KB to download when you first use it/,
    );
    // The technical facts are one click away, under Details.
    expect(await panel.$eval('.model-card details', (el) => el.textContent ?? '')).toMatch(/transformers\.js on WASM \(CPU\), build q4/);

    await watchSummary(panel);
    await panel.evaluate(() => {
      const w = window as unknown as { __downloads: string[]; __cards: string[] };
      w.__downloads = [];
      w.__cards = [];
      new MutationObserver(() => {
        const el = document.querySelector('.download-text');
        if (el?.textContent) w.__downloads.push(el.textContent);
        // What the model card says while the bytes arrive.
        if (el?.textContent) w.__cards.push(document.querySelector('.model-card')?.textContent ?? '');
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');

    const downloads = await panel.evaluate(() => (window as unknown as { __downloads: string[] }).__downloads);
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.some((d) => /\(100%\)/.test(d))).toBe(true);
    // While it downloads, the card says so (never "not downloaded yet", never a promise).
    const cards = await panel.evaluate(() => (window as unknown as { __cards: string[] }).__cards);
    expect(cards.some((c) => /Downloading \d+%…/.test(c))).toBe(true);
    expect(cards.filter((c) => /Not downloaded yet|will download/.test(c))).toEqual([]);

    const snapshots = await summarySnapshots(panel);
    expect(snapshots.length).toBeGreaterThanOrEqual(3); // several partial updates…
    for (let i = 1; i < snapshots.length - 1; i++)
      expect(snapshots[i]!.startsWith(snapshots[i - 1]!.replace(/Copy$/, '').trim().slice(0, 20))).toBe(true);
    const final = (await panel.$eval('.summary .markdown', (el) => el.textContent ?? '')).trim();
    expect(final.length).toBeGreaterThan(20); // …then a final text

    const status = await panel.$eval('.status', (el) => el.textContent ?? '');
    expect(status).toMatch(/stories260K \(test model\) · WASM \(CPU\) · q4 · .* in all/);
    expect(status).toMatch(/\d+ steps/); // the syllabus is longer than the 512-token window: map-reduce

    // The model files and the ONNX runtime were fetched by the engine worker of the offscreen
    // document (the engine host), never by the panel.
    const engineTarget = (url: string) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(url);
    const fetched = modelRequests(s.requests.entries, s.host.origin);
    expect(fetched.length).toBeGreaterThanOrEqual(5);
    expect(fetched.every((r) => engineTarget(r.targetUrl))).toBe(true);
    const ort = s.requests.entries.filter((e) => e.url.includes('/ort/ort-wasm-simd-threaded'));
    expect(ort.length).toBeGreaterThan(0);
    expect(ort.every((r) => engineTarget(r.targetUrl))).toBe(true);
    expect(s.browser.targets().some((t) => t.url().endsWith('/offscreen.html'))).toBe(true);
    await panel.close();
    await study.close();
  });

  test('Stop cancels at once, and the next run works', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + VERY_LONG_PAGE);
    const panel = await openPanel(s, study);
    await waitForText(panel, '.model-card', /works offline/);
    const before = (await requestRecords(panel)).length;
    await clickSummarize(panel);
    await waitForText(panel, '.phase', /Step [2-9]\d* of/, MODEL_RUN);
    await panel.click('::-p-text(Stop)');
    // Stopped, not finished: the phase a finished run reaches is never shown.
    expect(await waitForPhase(panel, ['stopped', 'done', 'error'], UI)).toBe('stopped');
    await panel.waitForSelector('::-p-text(Summarize page)', { timeout: UI });
    // The engine host really stopped (not just the panel): its record of the run, written once the
    // task has ended, says so. After that no completion can come for it.
    const records = await waitForRecords(panel, before + 1);
    expect(records).toHaveLength(before + 1);
    expect(records.at(-1)?.outcome).toBe('cancelled');
    expect(await panel.$eval('.phase', (el) => el.textContent)).toContain('Stopped.');
    expect(await panel.$('.status')).toBeNull(); // no completion arrived after Stop

    await study.goto(pages.origin + LONG_PAGE);
    await study.bringToFront();
    await panel.bringToFront();
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
    await panel.close();
    await study.close();
  });

  test('with the model host stopped, a second run works from the cache', async () => {
    await s.host.stop();
    const study = await s.browser.newPage();
    await study.goto(pages.origin + SHORT_PAGE);
    const panel = await openPanel(s, study);
    await waitForText(panel, '.model-card', /works offline/);
    await clickSummarize(panel);
    const reached = await waitForPhase(panel, ['done', 'error']);
    expect(reached, await errorText(panel)).toBe('done');
    expect((await panel.$eval('.summary .markdown', (el) => el.textContent ?? '')).trim().length).toBeGreaterThan(20);
    await panel.close();
    await study.close();
  });

  test('nothing was requested anywhere but 127.0.0.1 and the extension itself', () => {
    expect(s.requests.entries.length).toBeGreaterThan(10);
    expect(s.requests.outside()).toEqual([]);
  });

  test('with no WebGPU adapter (this browser runs without one), ONNX Runtime loaded its plain WASM build, not the asyncify one', () => {
    const ortWasm = s.requests.entries.map((e) => e.url).filter((url) => /\/ort\/[\w.-]+\.wasm$/.test(url));
    expect(ortWasm.some((url) => url.endsWith('/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
    expect(ortWasm.filter((url) => url.endsWith('.asyncify.wasm'))).toEqual([]);
  });
});

describe('summarize a course page on WebGPU (software adapter)', () => {
  let s: Awaited<ReturnType<typeof session>>;
  beforeAll(async () => {
    s = await session({ webgpu: true });
  });
  afterAll(async () => {
    await s?.close();
    await s?.host.stop();
  });

  test('streams a summary from the model on WebGPU', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + SHORT_PAGE);
    const panel = await openPanel(s, study);
    await configureModels(panel, { host: s.host.origin, model: 'stories260K', device: 'webgpu' });
    await waitForText(panel, '.model-card', /Runs on this computer's graphics chip\..*on WebGPU/);
    await watchSummary(panel);
    await clickSummarize(panel);
    const reached = await waitForPhase(panel, ['done', 'error'], WEBGPU_RUN);
    expect(reached, await errorText(panel)).toBe('done');
    expect((await summarySnapshots(panel)).length).toBeGreaterThanOrEqual(3);
    expect(await panel.$eval('.status', (el) => el.textContent ?? '')).toMatch(/stories260K \(test model\) · WebGPU · fp32/);
    expect(s.requests.outside()).toEqual([]);
  });
});
