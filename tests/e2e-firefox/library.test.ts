// My library in Firefox (issue 17): the Firefox build with the MiniLM stand-in in its catalog
// (tests/support/library-build.mjs; the zip that `web-ext lint` checks has no test model), one
// browser session. A course page is saved (chunked with the embedding model's tokenizer, stored in
// IndexedDB, embedded in the engine worker of the background page's frame) and a question is
// answered from it by stories260K with numbered sources; citation [1] opens the page on its passage.
// The same session checks what the panel says about Firefox itself: the storage check (no notice in
// a normal window; private windows: private-window.test.ts) and the Models view's list of what
// Locus cannot do here.
//
// Models as in tests/e2e/library.test.ts: the stand-in's vectors are noise, so the question is one
// the lexical half of the hybrid search answers (its words are in the saved page).
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSER_START, BUILD, UI } from '../support/deadlines.mjs';
import { launchFirefoxWithExtension, openFirefoxPanel } from '../support/firefox.mjs';
import { buildWithStandin } from '../support/library-build.mjs';
import { MINILM_STANDIN_ID, minilmMount } from '../support/library-standin.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { until } from '../support/until.mjs';
import {
  askLibrary,
  chooseEmbeddingModel,
  configureModels,
  errorText,
  libraryTotals,
  openLibrary,
  openModelsTab,
  saveToLibrary,
  waitForEmbedding,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const GEOLOGY = '/course/12-001-introduction-to-geology-fall-2013/014-planning-a-good-field-trip.html';
/** Answered by the geology page: "how supercontinents assemble and break apart". */
const QUESTION = 'What story does the geology field trip to upstate New York tell?';

let pages: Awaited<ReturnType<typeof startPageServer>>;
let host: Awaited<ReturnType<typeof startModelHost>>;
let s: Awaited<ReturnType<typeof launchFirefoxWithExtension>>;
let study: Page;
let panel: Page;

beforeAll(async () => {
  const extension = await buildWithStandin('.output/e2e-firefox-library', {}, 'firefox');
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  host = await startModelHost({ roots: [sharedPath('models'), minilmMount()] });
  s = await launchFirefoxWithExtension({ extension });
  study = await s.browser.newPage();
  study.setDefaultTimeout(UI);
  await study.goto(pages.origin + GEOLOGY);
  panel = await openFirefoxPanel(s, study);
  await configureModels(panel, { host: host.origin, model: 'stories260K' });
}, BUILD + BROWSER_START);

afterAll(async () => {
  await s?.close();
  await host?.stop();
  await pages?.stop();
});

describe('Locus in Firefox: library, storage, limits', () => {
  test('a normal window keeps what Locus saves: the storage check passes and no notice shows', async () => {
    await panel.waitForSelector('[data-storage]', { timeout: UI });
    expect(await panel.$eval('[data-storage]', (el) => el.getAttribute('data-storage'))).toBe('ok');
    expect(await panel.$('.storage-notice')).toBeNull();
  });

  test('the Models view lists what Locus cannot do in Firefox, with the thread count measured here', async () => {
    await openModelsTab(panel);
    const limits = await panel.$eval('section.browser-limits', (el) => ({
      heading: el.querySelector('h2')?.textContent ?? '',
      items: [...el.querySelectorAll('li')].map((li) => ({ id: li.getAttribute('data-limit'), text: li.textContent ?? '' })),
      threads: Number(el.getAttribute('data-threads')),
    }));
    expect(limits.heading).toBe('What Locus cannot do in Firefox');
    const ids = limits.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['chrome-ai', 'web-llm', 'sidebar', 'background']));
    expect(limits.items.find((i) => i.id === 'chrome-ai')!.text).toMatch(/Chrome’s built-in AI is not available/);
    // Firefox gives extension pages no cross-origin isolation (README "Firefox"): one thread.
    const isolated = await panel.evaluate(() => globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function');
    const cores = await panel.evaluate(() => navigator.hardwareConcurrency);
    expect(limits.threads).toBe(isolated ? Math.min(4, cores) : 1);
    if (!isolated && cores > 1) expect(ids).toContain('threads');
    console.log(`figure firefox-model-threads: ${limits.threads} of ${cores} cores`);
  });

  test('save the course page to the library, ask it: an answer with numbered sources, citation [1] opens the passage', async () => {
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
    const message = await saveToLibrary(panel, { course: 'Geology', tags: 'field trip' });
    expect(message).toMatch(/Saved “.+”: \d+ parts?/);
    await waitForEmbedding(panel, 1);
    const saved = await libraryTotals(panel);
    expect(saved.pages).toBe(1);
    expect(saved.vectors).toBe(saved.chunks);
    // The stand-in came from the model host (files asked for by the add-on, as for stories260K).
    expect(host.log.filter((e: { url: string }) => e.url.startsWith('/standin/all-MiniLM-L6-v2/resolve/')).length).toBeGreaterThanOrEqual(
      4,
    );

    const asked = await askLibrary(panel, QUESTION);
    expect(asked.phase, await errorText(panel)).toBe('done');
    expect(asked.answer.trim().length).toBeGreaterThan(0);
    expect(asked.sources.length).toBeGreaterThan(0);
    expect(asked.sources.map((x) => x.n)).toEqual(asked.sources.map((_, i) => i + 1));
    const pageId = await panel.$eval('.library-page', (li) => (li as HTMLElement).dataset.pageId ?? '');
    expect(asked.sources.every((x) => x.pageId === pageId)).toBe(true);

    // Citation [1]: a new tab on the saved page, its passage highlighted by the content script (the
    // CSS Custom Highlight API). Firefox keeps the `#:~:text=` directive out of the page's URL, so
    // the highlight is what is checked: it covers the passage the panel quotes as source [1].
    const passage = await panel.$eval('.sources li[data-n="1"] blockquote.passage', (el) => el.textContent ?? '');
    const before = new Set(await s.browser.pages());
    await panel.click('.sources li[data-n="1"] button.source');
    const cited = await until(async () => (await s.browser.pages()).find((p) => !before.has(p) && p.url().includes(GEOLOGY)), {
      timeoutMs: UI,
      what: 'a tab on the cited page',
    });
    await cited.waitForFunction(
      () => (globalThis as unknown as { CSS: { highlights?: Map<string, Set<Range>> } }).CSS.highlights?.has('locus-citation'),
      { timeout: UI, polling: 100 },
    );
    const highlighted = await cited.evaluate(() => {
      const h = (globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.get('locus-citation')!;
      return [...h].map((r) => r.toString()).join(' ');
    });
    const words = (t: string) => t.replace(/…$/, '').replace(/\s+/g, ' ').trim();
    expect(words(highlighted).length).toBeGreaterThan(20);
    expect(words(passage).includes(words(highlighted).slice(0, 40)) || words(highlighted).includes(words(passage).slice(0, 40))).toBe(true);
    await cited.close();
  });
});
