// A student's library, end to end in Chromium: three course pages saved with a course and tags
// (chunked with the embedding model's tokenizer and embedded in the engine worker), a question
// answered from them with numbered sources, a citation opened on its passage, a page deleted.
//
// Models: stories260K (real, tiny: it writes stories, not answers) for the answer, and the
// random-weight stand-in of all-MiniLM-L6-v2 for embeddings (the real weights are not available
// here; tests/support/library-standin.mjs generates it when missing). With random weights the
// dense half of the hybrid search is noise, so the question is one the LEXICAL half answers: its
// words are in one page only. Fusion with the dense ranking still runs (the sources carry cosines).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { BROWSER_START, BUILD, UI } from '../support/deadlines.mjs';
import { closeAll, startLibraryModelHost } from '../support/e2e-setup.mjs';
import { buildWithStandin } from '../support/library-build.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  askLibrary,
  chooseEmbeddingModel,
  configureModels,
  errorText,
  libraryTotals,
  openLibrary,
  openPanel,
  saveToLibrary,
  waitForEmbedding,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const PAGES = [
  { path: '/course/12-001-introduction-to-geology-fall-2013/014-planning-a-good-field-trip.html', course: 'Geology', tags: 'field trip' },
  {
    path: '/course/ec-711-d-lab-energy-spring-2011/083-lab-4-wiring-solar-panels-instructions-and-writeup.html',
    course: 'D-Lab Energy',
    tags: 'lab, solar',
  },
  { path: '/course/8-01sc-classical-mechanics-fall-2016/003-syllabus.html', course: 'Physics', tags: 'syllabus' },
];
/** Answered by the geology page only: "how supercontinents assemble and break apart". */
const QUESTION = 'What story does the geology field trip to upstate New York tell?';

let pages: Awaited<ReturnType<typeof startPageServer>>;
let host: Awaited<ReturnType<typeof startLibraryModelHost>>;
let s: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  const extension = await buildWithStandin('.output/e2e-library');
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  host = await startLibraryModelHost();
  s = await launchWithExtension({ extension });
}, BUILD + BROWSER_START);

afterAll(() => closeAll(s, host, pages));

describe('My library', () => {
  test('save three course pages, ask, open a citation on its passage, delete a page', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + PAGES[0]!.path);
    const panel = await openPanel(s, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);

    // Save the three pages, each with its course and tags.
    for (const [i, page] of PAGES.entries()) {
      if (i > 0) {
        await study.goto(pages.origin + page.path);
        await study.bringToFront();
        await panel.bringToFront();
        await panel.waitForFunction(
          (p) => document.querySelector('.library-save .page-title')?.textContent?.includes(p),
          {},
          page.path
            .split('/')
            .pop()!
            .replace(/^\d+-/, '')
            .replace(/\.html$/, '')
            .split('-')[0]!,
        );
      }
      const message = await saveToLibrary(panel, { course: page.course, tags: page.tags });
      expect(message).toMatch(/Saved “.+”: \d+ parts?/);
    }
    await waitForEmbedding(panel, 3);
    const saved = await libraryTotals(panel);
    expect(saved.pages).toBe(3);
    expect(saved.vectors).toBe(saved.chunks);
    const listed = await panel.$$eval('.library-page', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(listed.some((t) => t.includes('Geology') && t.includes('field trip'))).toBe(true);
    // The stand-in was downloaded from the model host by the engine worker, through the verified downloader.
    const embedRequests = s.requests.entries.filter((e) => e.url.startsWith(`${host.origin}/standin/all-MiniLM-L6-v2/resolve/`));
    expect(embedRequests.length).toBeGreaterThanOrEqual(4);
    expect(embedRequests.every((r) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(r.targetUrl))).toBe(true);

    // Ask: the sources are the geology page's passages, numbered from 1.
    const asked = await askLibrary(panel, QUESTION);
    expect(asked.phase, await errorText(panel)).toBe('done');
    expect(asked.sources.length).toBeGreaterThan(0);
    expect(asked.sources.map((x) => x.n)).toEqual(asked.sources.map((_, i) => i + 1));
    const geologyId = await panel.$eval(
      '.library-page button.page-open[title*="field-trip"]',
      (b) => (b.closest('li') as HTMLElement).dataset.pageId!,
    );
    expect(asked.sources[0]!.pageId).toBe(geologyId);
    expect(asked.sources.every((x) => x.pageId === geologyId)).toBe(true);
    expect(asked.answer.trim().length).toBeGreaterThan(0);

    // A question nothing saved answers: Locus says so (and no model writes anything).
    const offTopic = await askLibrary(panel, 'Who won the 1998 football world cup final?');
    expect(offTopic.phase).toBe('nothing');
    expect(offTopic.answer).toMatch(/found nothing in your library/);
    expect(offTopic.sources).toEqual([]);

    // Open citation [1]: a new tab on the geology page with a text fragment, the passage highlighted.
    await askLibrary(panel, QUESTION);
    // The new tab, once it is on the cited page (a new target starts as about:blank).
    const opened = s.browser.waitForTarget((t) => t.type() === 'page' && t.url().includes(PAGES[0]!.path), { timeout: UI });
    await panel.click('.sources li[data-n="1"] button.source');
    const cited = (await (await opened).page())!;
    cited.setDefaultTimeout(UI);
    await cited.waitForFunction(() => document.readyState === 'complete');
    const url = cited.url();
    expect(url).toContain(PAGES[0]!.path);
    expect(url).toMatch(/#:~:text=[^&]+/);
    // The content script's highlight (CSS Custom Highlight API): it exists and covers the passage.
    await cited.waitForFunction(() =>
      (globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.has('locus-citation'),
    );
    const highlighted = await cited.evaluate(() => {
      const h = (globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.get('locus-citation')!;
      return [...h].map((r) => r.toString()).join(' ');
    });
    expect(highlighted).toMatch(/supercontinents assemble and break apart/);
    await cited.close();
    await panel.bringToFront();

    // Delete the geology page: its chunks and vectors go with it (the tab's counts, from IndexedDB).
    const row = `.library-page[data-page-id="${geologyId}"]`;
    const partsText = await panel.$eval(row, (el) => el.textContent ?? '');
    const parts = Number(/(\d+) parts?/.exec(partsText)![1]);
    await panel.click(`${row} button.danger`);
    await panel.click(`${row} button.stop`);
    await panel.waitForFunction(
      (p) => Number((document.querySelector('.library-totals') as HTMLElement | null)?.dataset.pages) === p,
      {},
      2,
    );
    const after = await libraryTotals(panel);
    expect(after.chunks).toBe(saved.chunks - parts);
    expect(after.vectors).toBe(saved.vectors - parts);
    expect(after.bytes).toBeLessThan(saved.bytes);
    expect(await panel.$(row)).toBeNull();
    // The question now finds nothing relevant.
    expect((await askLibrary(panel, QUESTION)).phase).toBe('nothing');

    await panel.screenshot({ path: '.output/e2e-library/library-tab.png', fullPage: true });
    expect(s.requests.outside()).toEqual([]);
  });
});
