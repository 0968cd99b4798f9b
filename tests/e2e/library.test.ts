// A student's library, end to end in Chromium: three course pages saved with a course and tags
// (chunked with the embedding model's tokenizer and embedded in the engine worker), a question
// answered from them with numbered sources, a citation opened on its passage, a page deleted.
//
// Models: stories260K (real, tiny: it writes stories, not answers) for the answer, and the
// random-weight stand-in of all-MiniLM-L6-v2 for embeddings (the real weights are not available
// here; tests/support/library-standin.mjs generates it when missing). With random weights the
// dense half of the hybrid search is noise, so the question is one the LEXICAL half answers: its
// words are in one page only. Fusion with the dense ranking still runs (the sources carry cosines).
import { AxePuppeteer } from '@axe-core/puppeteer';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { BROWSER_START, BUILD, LIBRARY_WORK, MODEL_RUN, UI } from '../support/deadlines.mjs';
import { closeAll, screensDir, startLibraryModelHost } from '../support/e2e-setup.mjs';
import { startFakeProvider } from '../support/fake-provider.mjs';
import { buildWithStandin } from '../support/library-build.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  addProvider,
  askLibrary,
  chooseEmbeddingModel,
  clickSteady,
  configureModels,
  consentAction,
  errorText,
  libraryTotals,
  openLibrary,
  openPanel,
  openPanelTab,
  openView,
  panelText,
  readConsentDialog,
  saveToLibrary,
  setPrivacyMode,
  useProvider,
  waitForEmbedding,
  waitForText,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';
import { putLocusRow } from '../support/locus-db.mjs';

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
let extension: string;

beforeAll(async () => {
  extension = await buildWithStandin('.output/e2e-library');
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

// "Ask a bigger model" on a library answer in the study thread (issue 14): the card keeps the
// passages its model was given; the dialog shows exactly those (numbered as cited) and the question;
// Send once posts the dialog's body byte for byte; the cloud card keeps the same sources and survives
// a reopen; privacy mode on: disabled, nothing sent; the cited page deleted: said, nothing sent.
describe('a library answer asked of a bigger model', () => {
  const KEY = 'sk-library-bigger';
  const BIG = 'From the bigger model: the field trip reads how supercontinents assemble and break apart [1].';
  const CARDS = 'section.thread li.thread-card:not(.working)';
  const LIBRARY_CARD = `${CARDS}[data-kind="library-answer"]`;
  const SCREENS = screensDir('/work/screens/libcloud14');
  let own: Awaited<ReturnType<typeof launchWithExtension>>;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  beforeAll(async () => {
    provider = await startFakeProvider({ apiKey: KEY, answer: () => BIG });
    own = await launchWithExtension({ extension });
  }, BROWSER_START);
  afterAll(async () => {
    await own?.close();
    await provider?.stop();
  });

  /** The thread's library-answer cards: head, answer, sources (title and link), whether the bigger model can be asked. */
  const libraryCards = (panel: Page) =>
    panel.$$eval(`section.thread li.thread-card:not(.working)[data-kind="library-answer"]`, (els) =>
      els.map((el) => ({
        head: (el.querySelector('.thread-card-head')?.textContent ?? '').trim(),
        text: (el.querySelector('.markdown')?.textContent ?? '').trim(),
        sources: [...el.querySelectorAll('.sources a.source')].map((a) => [a.textContent ?? '', a.getAttribute('href') ?? '']),
        bigger: el.querySelector<HTMLButtonElement>('button.ask-bigger')?.disabled === false,
      })),
    );
  async function waitForLibraryCards(panel: Page, n: number, timeoutMs = MODEL_RUN): Promise<void> {
    await panel
      .waitForFunction(
        (sel: string, want: number) => document.querySelectorAll(sel).length === want,
        { timeout: timeoutMs, polling: 200 },
        LIBRARY_CARD,
        n,
      )
      .catch(async (error: unknown) => {
        throw new Error(`the thread never showed ${n} library answers; the panel says:\n${await panelText(panel).catch(() => '')}`, {
          cause: error,
        });
      });
  }
  /** The passages the first library card keeps (the extension's IndexedDB). */
  const keptPassages = (panel: Page) =>
    panel.evaluate(
      () =>
        new Promise<Array<{ title: string; url: string; text: string }>>((resolve, reject) => {
          const open = indexedDB.open('locus');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('threadItems').objectStore('threadItems').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
              open.result.close();
              const rows = all.result as Array<{
                kind: string;
                libraryQuestion?: { passages: Array<{ title: string; url: string; text: string }> };
              }>;
              resolve(rows.find((r) => r.kind === 'library-answer')?.libraryQuestion?.passages ?? []);
            };
          };
        }),
    );
  /** The first library card's "Ask a bigger model" (the local answer's: the cloud card comes after it). */
  const clickBigger = async (panel: Page) => {
    await panel.waitForSelector(`${LIBRARY_CARD} button.ask-bigger:not([disabled])`, { timeout: UI });
    await (await panel.$(`${LIBRARY_CARD} button.ask-bigger`))!.click();
  };
  async function shoot(panel: Page, name: string, scroll: (panel: Page) => Promise<void>): Promise<void> {
    await panel.setViewport({ width: 420, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await scroll(panel);
      await panel.screenshot({ path: path.join(SCREENS, `${name}-${scheme}.png`) as `${string}.png` });
    }
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  }
  async function seriousViolations(panel: Page): Promise<string[]> {
    const result = await new AxePuppeteer(panel as never).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  }

  test('the dialog shows its passages, Send once posts exactly them, the cloud card cites the same sources after a reopen; privacy mode and a deleted page send nothing', async () => {
    const study = await own.browser.newPage();
    await study.goto(pages.origin + PAGES[0]!.path);
    let panel = await openPanelTab(own, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await addProvider(panel, { name: 'Fake OpenAI', baseUrl: `${provider.origin}/v1`, model: 'gpt-fake', apiKey: KEY });
    await useProvider(panel, 'Fake OpenAI');
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
    expect(await saveToLibrary(panel, { course: 'Geology' })).toMatch(/Saved “.+”: \d+ parts?/);
    await waitForEmbedding(panel, 1, LIBRARY_WORK);

    // Ask my library from the thread: type and Enter; the answer is a card with its sources.
    await openView(panel, 'This page');
    await clickSteady(panel, 'button.library-action');
    await panel.waitForSelector('button.library-action[aria-pressed=true]', { timeout: UI });
    await panel.type('section.thread input[name=threadQuestion]', QUESTION);
    await panel.keyboard.press('Enter');
    await waitForLibraryCards(panel, 1);
    const [local] = await libraryCards(panel);
    expect(local!.sources.length).toBeGreaterThan(0);
    const passages = await keptPassages(panel);
    expect(passages.map((p) => [p.title, p.url])).toEqual(local!.sources.map(([title, url]) => [title, decodeURI(url!)]));

    // Privacy mode on (the default): the button cannot be pressed; nothing is sent.
    expect(local!.bigger).toBe(false);
    await panel.click(`${LIBRARY_CARD} button.ask-bigger`);
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests).toEqual([]);

    // The cloud allowed: the dialog only on the click, with the question and exactly the kept passages, in order.
    await setPrivacyMode(panel, false);
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    await clickBigger(panel);
    const dialog = await readConsentDialog(panel);
    expect(dialog.reasons).toEqual(['asked']);
    const user = dialog.messages
      .filter((m: { role: string | null }) => m.role === 'user')
      .map((m: { text: string }) => m.text)
      .join('\n');
    expect(user.match(/<document>/g)).toHaveLength(passages.length);
    for (const [i, p] of passages.entries()) {
      // The passage's words as given (a run without capitals: names may be redacted or kept, marked).
      const run = (p.text.match(/(?:\b[a-z][a-z,;'’-]* ){6,}[a-z][a-z'’-]*/g) ?? []).sort((a, b) => b.length - a.length)[0];
      expect(run, `passage ${i + 1} has a plain run of words`).toBeTruthy();
      expect(user.replace(/\s+/g, ' ')).toContain(run!.replace(/\s+/g, ' '));
      expect(user).toContain(`[${i + 1}] `);
    }
    // The question as asked ("New York", a place the student wrote, is replaced by the name policy).
    expect(user.replace(/\s+/g, ' ')).toMatch(
      /Question: What story does the geology field trip to upstate (New York|\[LOCATION_\d+\]) tell\?/,
    );
    expect(provider.requests).toEqual([]); // shown, not sent
    expect(await panel.$eval('.consent section.consent-message[data-role=user] h3', (h) => h.textContent)).toBe(
      'Your question and the passages from your library',
    );
    // The end of what would be sent in view: the question under the passages.
    await shoot(panel, 'consent-question', async (p) => {
      await p.$eval('.consent section.consent-message[data-role=user] pre', async (el) => {
        el.scrollIntoView({ block: 'start' });
        el.scrollTop = el.scrollHeight;
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      });
    });
    await shoot(panel, 'consent', async (p) => {
      await p.$eval('.consent section.consent-message[data-role=user]', (el) => el.scrollIntoView({ block: 'start' }));
    });
    await consentAction(panel, 'Send once');
    await waitForLibraryCards(panel, 2);
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.toString('utf8')).toBe(dialog.body); // byte for byte what the dialog showed
    const [before, big] = await libraryCards(panel);
    expect(before).toEqual({ ...local, bigger: true }); // the local answer unchanged
    expect(big!.head).toMatch(/ · by a bigger model \(cloud\)$/);
    expect([big!.text, big!.sources, big!.bigger]).toEqual([BIG, local!.sources, false]); // [1] is the same passage
    await shoot(panel, 'cloud-card', async (p) => {
      await p.$$eval(LIBRARY_CARD, (els) => els.at(-1)!.scrollIntoView({ block: 'start' }));
    });

    // Reopened: both cards, the cloud one still marked and citing the same sources.
    await panel.close();
    panel = await openPanelTab(own, study);
    await openView(panel, 'This page');
    await waitForLibraryCards(panel, 2, UI);
    const reopened = await libraryCards(panel);
    expect(reopened.map((c) => [c.head.endsWith('(cloud)'), c.text, c.sources])).toEqual(
      [before!, big!].map((c) => [c.head.endsWith('(cloud)'), c.text, c.sources]),
    );
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      expect(await seriousViolations(panel), scheme).toEqual([]);
    }
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

    // The cited page deleted from the library: said under the card, no dialog, nothing sent.
    await openLibrary(panel);
    const row = '.library-page:has(button.page-open[title*="field-trip"])';
    await panel.waitForSelector(row, { timeout: UI });
    await panel.click(`${row} button.danger`);
    await panel.click(`${row} button.stop`);
    await panel.waitForFunction((sel: string) => !document.querySelector(sel), { timeout: UI }, row);
    await openView(panel, 'This page');
    await clickBigger(panel);
    await waitForText(
      panel,
      `${LIBRARY_CARD} .cloud-library-gone`,
      /^A page this answer cited was deleted from your library since: “planning a good field trip”\. Nothing was sent\./,
    );
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.posts()).toHaveLength(1);
    await shoot(panel, 'page-deleted', async (p) => {
      await p.$eval(`${LIBRARY_CARD} .cloud-library-gone`, (el) => el.scrollIntoView({ block: 'center' }));
    });

    // A library answer as the build before kept it (no passages): readable after the update, its
    // button unavailable with the reason as its tooltip.
    const oldCard = {
      url: pages.origin + PAGES[0]!.path,
      kind: 'library-answer',
      label: 'An older question?',
      source: 'library',
      text: `An older answer [1].\n\n**Sources**\n\n1. [${passages[0]!.title}](${encodeURI(passages[0]!.url)})`,
      created: Date.now(),
      modelId: 'm',
    };
    await putLocusRow(panel, 'threadItems', oldCard);
    await panel.close();
    panel = await openPanelTab(own, study);
    await openView(panel, 'This page');
    await waitForLibraryCards(panel, 3, UI);
    const olds = await panel.$$eval(LIBRARY_CARD, (els) =>
      els
        .filter((el) => el.querySelector('.thread-question')?.textContent?.includes('An older question?'))
        .map((el) => {
          const b = el.querySelector<HTMLButtonElement>('button.ask-bigger');
          return { text: (el.querySelector('.markdown')?.textContent ?? '').trim(), disabled: b?.disabled, title: b?.title };
        }),
    );
    expect(olds).toEqual([
      {
        text: 'An older answer [1].',
        disabled: true,
        title: expect.stringMatching(/^This answer was kept before Locus kept its passages/),
      },
    ]);
    await shoot(panel, 'old-card', async (p) => {
      await p.$$eval(LIBRARY_CARD, (els) => els.at(-1)!.scrollIntoView({ block: 'center' }));
    });
    expect(provider.posts()).toHaveLength(1);
    await panel.close();
    await study.close();
  });
});
