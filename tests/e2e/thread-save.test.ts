// "Save to my library" on a study thread card (issue 14, item 1: Copy / Save / Ask a bigger model on
// each card), as a student uses it: the built extension in Chromium, the real stories260K model and
// the MiniLM embedding stand-in from a local model host, a course page on 127.0.0.1.
// A summary card → Save → the card says it is saved (after reopening the panel too) → the Library tab
// lists the note, marked "Note" → "Ask my library" with a question on the summary's words → the
// library-answer card cites the note, and its link brings the page's tab forward → the card removed
// from the thread, the note stays in the library. Light and dark screenshots, with axe.
// stories260K writes stories, not summaries: the question is made of the summary's own words (what
// the student read on the card), so the lexical half of the library's search finds the note; the
// test checks what the cards and the library do, not what the model wrote.
import { AxePuppeteer } from '@axe-core/puppeteer';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { launchWithExtension } from '../support/browser.mjs';
import { BROWSER_START, BUILD, LIBRARY_WORK, MODEL_RUN, UI } from '../support/deadlines.mjs';
import { screensDir } from '../support/e2e-setup.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import {
  askLibrary,
  chooseEmbeddingModel,
  clickSteady,
  clickSummarize,
  configureModels,
  openLibrary,
  openPanelTab,
  openView,
  panelText,
  waitForEmbedding,
  waitForPhase,
  waitForName,
  waitForText,
} from '../support/panel.mjs';
import { openWebTabs, startThreadSetup, stopThreadSetup, THREAD_CARDS, threadCard } from '../support/thread-setup.mjs';
import { until } from '../support/until.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;

const SCREENS = screensDir('/work/screens/save14');
const GEOLOGY = '/course/12-001-introduction-to-geology-fall-2013/014-planning-a-good-field-trip.html';
const TITLE = 'planning a good field trip';

let setup: Awaited<ReturnType<typeof startThreadSetup>> | undefined;
let pages: Awaited<ReturnType<typeof startThreadSetup>>['pages'];
let host: Awaited<ReturnType<typeof startThreadSetup>>['host'];
let s: Session | undefined;

beforeAll(async () => {
  setup = await startThreadSetup('thread-save');
  ({ pages, host, session: s } = setup);
}, BUILD + BROWSER_START);

afterAll(async () => {
  await stopThreadSetup(setup);
});

const CARDS = THREAD_CARDS;
const card = threadCard;

/** The kinds of the finished cards the thread shows, once they are exactly `kinds`. */
async function waitForCards(panel: Page, kinds: string[], timeoutMs = MODEL_RUN): Promise<void> {
  try {
    await panel.waitForFunction(
      (sel: string, want: string[]) => {
        const shown = [...document.querySelectorAll(sel)]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .map((el) => el.getAttribute('data-kind'));
        return JSON.stringify(shown) === JSON.stringify(want);
      },
      { timeout: timeoutMs, polling: 200 },
      CARDS,
      kinds,
    );
  } catch (error) {
    throw new Error(`the thread never showed ${kinds.join(', ')}; the panel says:\n${await panelText(panel).catch(() => '')}`, {
      cause: error,
    });
  }
}

/** A card's buttons as the student reads them, with whether each can be pressed and its hover text. */
function buttonsOf(panel: Page, selector: string) {
  return panel.$eval(selector, (el) =>
    [...el.querySelectorAll('button')].map((b) => ({
      text: (b.getAttribute('aria-label') ?? b.textContent ?? '').trim(),
      disabled: b.disabled,
      title: b.title,
    })),
  );
}

/** The summary the card keeps (the extension's IndexedDB): what the student read on it. */
function keptSummary(panel: Page): Promise<string> {
  return panel.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('threadItems').objectStore('threadItems').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            resolve((all.result as Array<{ kind: string; text: string }>).find((r) => r.kind === 'summary')?.text ?? '');
          };
        };
      }),
  );
}

/** The Library tab's entries: title, whether it is marked as a note, its address. */
function libraryEntries(panel: Page) {
  return panel.$$eval('li.library-page', (els) =>
    els.map((li) => {
      const mark = (li.querySelector('.note-mark')?.textContent ?? '').trim();
      const name = li.querySelector('.page-open')?.textContent ?? '';
      return {
        title: (mark ? name.replace(mark, '') : name).trim(),
        mark,
        url: li.querySelector('.page-open')?.getAttribute('title') ?? '',
      };
    }),
  );
}

async function seriousViolations(panel: Page): Promise<string[]> {
  const result = await new AxePuppeteer(panel as never).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

/**
 * `selector` in view, light and dark at 420 × 900: axe finds nothing serious, and a screenshot each,
 * taken once `ready` shows again (axe's own blank tab takes the panel's target page away meanwhile).
 */
async function shoot(panel: Page, selector: string, ready: string, name: string): Promise<void> {
  await panel.setViewport({ width: 420, height: 900 });
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    expect(await seriousViolations(panel), `${name} ${scheme}`).toEqual([]);
    await panel.bringToFront();
    await panel.waitForSelector(ready, { visible: true, timeout: UI });
    await panel.$eval(selector, (el) => el.scrollIntoView({ block: 'center' }));
    await panel.screenshot({ path: path.join(SCREENS, `${name}-${scheme}.png`) as `${string}.png` });
  }
  await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

describe('Save on a study thread card', () => {
  test('a summary card saved as a note: listed in the library, found and cited by Ask my library, kept when the card goes', async () => {
    const study = await s!.browser.newPage();
    await study.goto(pages.origin + GEOLOGY);
    const panel = await openPanelTab(s!, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
    await openView(panel, 'This page');
    await waitForText(panel, '.page-title strong', new RegExp(`^${TITLE}$`));

    // One summary card, with "Save to my library" beside its other controls.
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
    await waitForCards(panel, ['summary']);
    const summary = await keptSummary(panel);
    expect(summary.length).toBeGreaterThan(20);
    const save = await buttonsOf(panel, card('summary'));
    expect(save.map((b) => b.text)).toContain('Save to my library');
    expect(save.find((b) => b.text === 'Save to my library')!.title).toMatch(/Removing the card from the thread does not delete the note/);

    // Save: the card says it is saved, and cannot be saved a second time.
    await clickSteady(panel, `${card('summary')} button.card-save`);
    try {
      await waitForName(panel, `${card('summary')} button.card-save`, /^Saved to your library$/, LIBRARY_WORK);
    } catch (error) {
      throw new Error(`the card was not saved; the panel says:\n${await panelText(panel)}`, { cause: error });
    }
    const saved = (await buttonsOf(panel, card('summary'))).find((b) => b.text === 'Saved to your library')!;
    expect(saved.disabled).toBe(true);
    expect(saved.title).toMatch(/Removing this card from the thread keeps the note/);
    // The page itself is not in the library: only its note is.
    await waitForText(panel, '.page-library', /^Not in your library yet/);
    await shoot(panel, card('summary'), `${card('summary')} button.card-save.saved`, 'saved-summary-card');

    // The Library tab lists the note, titled by what it is and of which page, marked "Note".
    await openLibrary(panel);
    await waitForEmbedding(panel, 1);
    const entries = await libraryEntries(panel);
    expect(entries).toEqual([{ title: `Summary · ${TITLE}`, mark: 'Note', url: expect.stringMatching(/#locus-note-\d+$/) }]);
    expect(entries[0]!.url.split('#')[0]).toBe(pages.origin + GEOLOGY);
    await shoot(panel, 'li.library-page', 'li.library-page .note-mark', 'library-note');

    // Reopened, the card still says it is saved.
    await panel.close();
    const again = await openPanelTab(s!, study);
    await waitForCards(again, ['summary'], UI);
    await waitForName(again, `${card('summary')} button.card-save`, /^Saved to your library$/);

    // "Ask my library" with a question on what the summary says: the answer cites the note.
    const words = [...new Set(summary.toLowerCase().match(/\p{L}{4,}/gu) ?? [])].slice(0, 6);
    expect(words.length).toBeGreaterThan(1);
    const question = `${words.join(' ')}?`;
    await clickSteady(again, 'button.library-action');
    await again.waitForSelector('button.library-action[aria-pressed=true]', { timeout: UI });
    await again.type('section.thread input[name=threadQuestion]', question);
    await again.keyboard.press('Enter');
    await waitForCards(again, ['summary', 'library-answer']);
    const sources = await again.$$eval(`${card('library-answer')} .sources a.source`, (els) =>
      els.map((a) => ({ text: a.textContent ?? '', href: (a as HTMLAnchorElement).href })),
    );
    expect(sources).toEqual([{ text: `Summary · ${TITLE}`, href: entries[0]!.url }]);

    // Its link opens the page: the page's open tab (behind the panel's) is brought forward, no second copy.
    expect((await openWebTabs(again)).find((t) => t.url === pages.origin + GEOLOGY)?.active).toBe(false);
    await clickSteady(again, `${card('library-answer')} .sources a.source`);
    await until(async () => (await openWebTabs(again)).some((t) => t.url === pages.origin + GEOLOGY && t.active), {
      timeoutMs: UI,
      what: 'the page of the note was not brought forward',
    });
    expect((await openWebTabs(again)).filter((t) => t.url.startsWith(pages.origin + GEOLOGY))).toHaveLength(1);

    // The Library tab's own "Ask my library" cites the note too. Its source opens the note's page in a
    // new tab, without a highlight (the card's words are not on the page), and the panel says so and
    // that the note is under Sources, where its passage is the summary's own words. The new tab is
    // watched through the extension's tabs API from the panel (an attach to it hung once), and
    // closed the same way.
    await again.bringToFront();
    await openLibrary(again);
    const asked = await askLibrary(again, question);
    expect(asked.phase).toBe('done');
    expect(asked.sources.map((src) => src.label)).toEqual([`[1] Summary · ${TITLE}`]);
    const shown = await again.$eval('.library-ask .sources blockquote.passage', (el) => el.textContent ?? '');
    // Its last word may be cut ("…" after 360 characters): the whole words before it are compared.
    const passage =
      shown
        .replace(/\S*…$/u, '')
        .toLowerCase()
        .match(/\p{L}{4,}/gu) ?? [];
    expect(passage.length).toBeGreaterThan(1);
    const noteWords = `summary ${TITLE} ${summary}`.toLowerCase();
    expect(passage.filter((w) => !noteWords.includes(w))).toEqual([]);
    await clickSteady(again, '.library-ask .sources button.source');
    await until(async () => (await openWebTabs(again)).some((t) => t.url === entries[0]!.url && t.active), {
      timeoutMs: UI,
      what: "the note's page did not open",
    });
    await waitForText(
      again,
      '.citation-note',
      /^This source is a note you saved from a study card: .*without a highlight\. The note is under Sources\.$/,
    );
    await shoot(again, '.library-ask .sources', '.citation-note', 'library-cited-note');
    await again.evaluate(async (url) => {
      const { chrome } = globalThis as unknown as {
        chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>>; remove(id: number): Promise<void> } };
      };
      for (const tab of await chrome.tabs.query({})) if (tab.url === url && tab.id !== undefined) await chrome.tabs.remove(tab.id);
    }, entries[0]!.url);
    await openView(again, 'This page');
    await waitForCards(again, ['summary', 'library-answer'], UI);

    // The summary card removed from the thread: the note stays in the library.
    await again.bringToFront();
    await clickSteady(again, `${card('summary')} button.card-remove[aria-label="Remove from the thread"]`);
    await waitForCards(again, ['library-answer'], UI);
    await openLibrary(again);
    await until(async () => (await libraryEntries(again)).length === 1, { timeoutMs: UI, what: 'the Library tab did not list its pages' });
    expect((await libraryEntries(again)).map((e) => [e.title, e.mark])).toEqual([[`Summary · ${TITLE}`, 'Note']]);

    expect(s!.requests.outside()).toEqual([]);
    await again.close();
    await study.close();
  });
});
