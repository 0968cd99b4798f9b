// The Hints and Ask-my-library cards of the study thread (issue 14, item 1), as a student uses them:
// the built extension in Chromium, the real stories260K model and the MiniLM embedding stand-in from
// a local model host, course pages on 127.0.0.1.
// 1. "Hints" on a course page: a hint card with its label, its rung, its source and its time, Copy,
//    "Another hint" (the next rung comes as the next card, and the button moves to it), Remove; the
//    removed card stays removed when the panel is opened again, and "Another hint" goes on from the
//    hints kept.
// 2. Two pages saved with "Save to library" in the page card, "Ask my library", a question and Enter:
//    a library-answer card whose sources are links to the saved pages (a click brings the page's
//    tab forward, or opens it), and the question is not also answered as a page question.
// 3. Both again with the browser in Vietnamese: no English message left in the cards.
// stories260K writes stories, not hints or answers: the tests check what the cards are and do, not
// what the model wrote. The library's answer is found by the lexical half of the hybrid search (the
// stand-in's vectors are noise): the question's words are on the geology page only.
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { launchWithExtension } from '../support/browser.mjs';
import { BROWSER_START, BUILD, LIBRARY_WORK, MODEL_RUN, UI } from '../support/deadlines.mjs';
import { COURSE_HOME, screensDir } from '../support/e2e-setup.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import { englishLeft, vietnamese, vietnameseShown } from '../support/locale-words';
import {
  chooseEmbeddingModel,
  clickSteady,
  configureModels,
  modelCardSettled,
  openLibrary,
  openPanelTab,
  openView,
  panelText,
  waitForEmbedding,
  waitForName,
  waitForText,
} from '../support/panel.mjs';
import { openWebTabs, relaunchThreadSetup, startThreadSetup, stopThreadSetup, THREAD_CARDS, threadCard } from '../support/thread-setup.mjs';
import { until } from '../support/until.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;

const SCREENS = screensDir('/work/screens/threadtests14');
/** The two pages saved to the library: the question's words are on the first only. */
const GEOLOGY = '/course/12-001-introduction-to-geology-fall-2013/014-planning-a-good-field-trip.html';
const SOLAR = '/course/ec-711-d-lab-energy-spring-2011/083-lab-4-wiring-solar-panels-instructions-and-writeup.html';
const QUESTION = 'What story does the geology field trip to upstate New York tell?';

let setup: Awaited<ReturnType<typeof startThreadSetup>> | undefined;
let pages: Awaited<ReturnType<typeof startThreadSetup>>['pages'];
let host: Awaited<ReturnType<typeof startThreadSetup>>['host'];
let s: Session | undefined;

beforeAll(async () => {
  // One profile for the English and the Vietnamese sessions: the thread and the library are kept.
  setup = await startThreadSetup('thread-tools');
  ({ pages, host, session: s } = setup);
}, BUILD + BROWSER_START);

afterAll(async () => {
  await stopThreadSetup(setup);
});

const CARDS = THREAD_CARDS;
const card = threadCard;

interface ShownCard {
  kind: string;
  head: string;
  time: string;
  /** A hint's rung ("Hint 1: a nudge"). */
  rung: string;
  text: string;
  buttons: string[];
}

/** The finished cards the thread shows, in order: what a student reads on each. */
function threadCards(panel: Page): Promise<ShownCard[]> {
  return panel.$$eval(CARDS, (els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({
        kind: el.getAttribute('data-kind') ?? '',
        head: (el.querySelector('.thread-card-head')?.textContent ?? '').trim(),
        time: el.querySelector('.thread-card-head time')?.getAttribute('datetime') ?? '',
        rung: el.querySelector('.thread-hint-level')?.textContent ?? '',
        text: (el.querySelector('.markdown')?.textContent ?? '').trim(),
        buttons: [...el.querySelectorAll('button')].map((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim()),
      })),
  );
}

/** Waits until the thread shows exactly these finished cards (kinds, in order). */
async function waitForCards(panel: Page, kinds: string[], timeoutMs = MODEL_RUN): Promise<ShownCard[]> {
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
  return threadCards(panel);
}

/** The texts of the cards of `kind` as the extension keeps them (its IndexedDB), oldest first. */
function keptTexts(panel: Page, kind: string): Promise<string[]> {
  return panel.evaluate(
    (k: string) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('threadItems').objectStore('threadItems').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            resolve((all.result as Array<{ kind: string; text: string }>).filter((r) => r.kind === k).map((r) => r.text));
          };
        };
      }),
    kind,
  );
}

/**
 * What the clipboard holds, as the student sees it pasted (Ctrl+V) into the composer, which is then
 * emptied again. (The DevTools protocol cannot grant an extension's page the right to read it.)
 */
async function pasteIntoComposer(panel: Page): Promise<string> {
  const composer = 'section.thread input[name=threadQuestion]';
  await panel.focus(composer);
  await panel.keyboard.down('Control');
  await panel.keyboard.press('KeyV', { commands: ['Paste'] });
  await panel.keyboard.up('Control');
  const pasted = await panel.$eval(composer, (el) => (el as HTMLInputElement).value);
  await panel.click(composer, { count: 3 });
  await panel.keyboard.press('Backspace');
  return pasted;
}

/** Every word the thread's cards show or name (labels, hover titles), but the model's and the pages'. */
function cardWords(panel: Page): Promise<string[]> {
  return panel.$$eval(CARDS, (els) => {
    const texts: string[] = [];
    for (const root of els) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (!n.parentElement?.closest('.markdown, a.source, .thread-question')) texts.push(n.textContent ?? '');
      for (const el of [root, ...root.querySelectorAll('*')])
        for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) texts.push(el.getAttribute(a)!);
    }
    return texts.map((t) => t.trim()).filter((t) => t && t !== '·');
  });
}

/** The panel, once it targets `study` (the web tab the student used last): its page card names it. */
async function panelBeside(panel: Page, study: Page, title: string): Promise<void> {
  await study.bringToFront();
  await panel.bringToFront();
  await waitForText(panel, '.page-title strong', new RegExp(`^${title}$`));
}

/** "Save to library" in the page card, until it says the page is in the library. */
async function saveFromPageCard(panel: Page): Promise<void> {
  await waitForText(panel, '.page-library', /^Not in your library yet/);
  await clickSteady(panel, '.page-library button');
  try {
    await waitForText(panel, '.page-library', /^In your library$/, LIBRARY_WORK);
  } catch (error) {
    await openLibrary(panel);
    throw new Error(`the page was not saved; the Library tab says:\n${await panelText(panel)}`, { cause: error });
  }
}

/** "Ask my library", the question typed into the composer, Enter. */
async function askMyLibrary(panel: Page, question: string): Promise<void> {
  await clickSteady(panel, 'button.library-action');
  await panel.waitForSelector('button.library-action[aria-pressed=true]', { timeout: UI });
  await panel.type('section.thread input[name=threadQuestion]', question);
  await panel.keyboard.press('Enter');
}

describe('the Hints and Ask-my-library cards of the study thread', () => {
  test('Hints: a hint card with Copy, Another hint (the next card) and Remove; removed stays removed', async () => {
    const study = await s!.browser.newPage();
    await study.goto(pages.origin + COURSE_HOME);
    const panel = await openPanelTab(s!, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await panel.waitForSelector('section.thread input[name=threadQuestion]', { timeout: UI });
    await modelCardSettled(panel);

    // One click on "Hints": a hint card, saying what it is, from where, and when.
    const pressed = Date.now();
    await clickSteady(panel, 'button.hints-action');
    const [first] = await waitForCards(panel, ['hints']);
    expect(first!.head).toMatch(/^Hint · from this page · \S/);
    expect(first!.rung).toBe('Hint 1: a nudge');
    const made = Date.parse(first!.time);
    expect(made).toBeGreaterThanOrEqual(pressed);
    expect(made).toBeLessThanOrEqual(Date.now());
    expect(first!.text.length).toBeGreaterThan(0);
    // A hint card has its own "Ask a bigger model…" (the next hint; study-thread.test.ts sends one).
    expect(first!.buttons).toEqual(['Another hint', 'Copy', 'Save to my library', 'Ask a bigger model…', 'Remove from the thread']);

    // Copy: the button says so, and pasting into the composer gives the hint as kept (the raw text
    // the card shows; a text field drops its line breaks, so they are not compared).
    await clickSteady(panel, `${card('hints')} button.card-copy`);
    await waitForName(panel, `${card('hints')} button.card-copy`, /^Copied$/);
    const pasted = await pasteIntoComposer(panel);
    const kept = await keptTexts(panel, 'hints');
    expect(kept).toHaveLength(1);
    expect(pasted.replace(/\s+/g, '')).toBe(kept[0]!.replace(/\s+/g, ''));
    // "Copied" is said for a moment, then the button is Copy again.
    await waitForName(panel, `${card('hints')} button.card-copy`, /^Copy$/);

    // "Another hint": the next rung comes as the next card; the first stays as it was, and the
    // button moves to the newest hint.
    await clickSteady(panel, `${card('hints')} ::-p-text(Another hint)`);
    const two = await waitForCards(panel, ['hints', 'hints']);
    expect(two[0]).toEqual({ ...first, buttons: ['Copy', 'Save to my library', 'Ask a bigger model…', 'Remove from the thread'] });
    expect(two[1]!.head).toMatch(/^Hint · from this page · \S/);
    expect(two[1]!.rung).toBe('Hint 2: the concept');
    expect(two[1]!.text.length).toBeGreaterThan(0);
    expect(two[1]!.buttons).toEqual(['Another hint', 'Copy', 'Save to my library', 'Ask a bigger model…', 'Remove from the thread']);
    await panel.setViewport({ width: 420, height: 900 });
    await panel.$eval('section.thread', (el) => el.scrollIntoView({ block: 'end' }));
    await panel.screenshot({ path: path.join(SCREENS, 'en-hints.png') as `${string}.png` });

    // Remove the second: the first is left, with "Another hint" again.
    const cards = await panel.$$(card('hints'));
    await (await cards[1]!.$('button.card-remove[aria-label="Remove from the thread"]'))!.click();
    expect(await waitForCards(panel, ['hints'], UI)).toEqual([first]);

    // The panel opened again on the same page: still removed; "Another hint" goes on from the first
    // hint (the one removed no longer counts).
    await panel.close();
    const again = await openPanelTab(s!, study);
    expect(await waitForCards(again, ['hints'], UI)).toEqual([first]);
    await modelCardSettled(again);
    await clickSteady(again, `${card('hints')} ::-p-text(Another hint)`);
    const next = await waitForCards(again, ['hints', 'hints']);
    expect(next.map((c) => c.rung)).toEqual(['Hint 1: a nudge', 'Hint 2: the concept']);
    expect(next[0]!.text).toBe(first!.text);
    await again.close();
    await study.close();
  });

  test('Ask my library: two pages saved from the page card, a question and Enter, a card citing them', async () => {
    const geology = await s!.browser.newPage();
    await geology.goto(pages.origin + GEOLOGY);
    const panel = await openPanelTab(s!, geology);
    await openLibrary(panel);
    await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);
    await openView(panel, 'This page');

    // "Save to library" from the page card, on each page.
    await panelBeside(panel, geology, 'planning a good field trip');
    await saveFromPageCard(panel);
    const solar = await s!.browser.newPage();
    await solar.goto(pages.origin + SOLAR);
    await panelBeside(panel, solar, 'lab 4 wiring solar panels instructions and writeup');
    await saveFromPageCard(panel);
    // The library has read both (what the Library tab shows), then back to the thread.
    await openLibrary(panel);
    await waitForEmbedding(panel, 2);
    await openView(panel, 'This page');
    await panel.waitForSelector('section.thread input[name=threadQuestion]', { timeout: UI });

    // "Ask my library", type the question, Enter: one card, an answer from the library.
    await askMyLibrary(panel, QUESTION);
    const [answer] = await waitForCards(panel, ['library-answer']);
    expect(answer!.head).toMatch(/^Answer from your library · from your library · \S/);
    expect(await panel.$eval(`${card('library-answer')} .thread-question`, (el) => el.textContent)).toBe(`You asked: ${QUESTION}`);
    expect(await panel.$eval('section.thread input[name=threadQuestion]', (el) => (el as HTMLInputElement).value)).toBe('');
    // Its sources: links to the saved pages, the geology page among them, under "Sources".
    const sourcesOf = `${card('library-answer')} .sources`;
    expect(await panel.$eval(`${sourcesOf} h3`, (el) => el.textContent)).toBe('Sources');
    const links = await panel.$$eval(`${sourcesOf} a.source`, (els) => els.map((a) => (a as HTMLAnchorElement).href));
    const saved = [pages.origin + GEOLOGY, pages.origin + SOLAR];
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((href) => saved.includes(href))).toBe(true);
    expect(links).toContain(pages.origin + GEOLOGY);
    // Copy takes the sources along with the answer.
    await clickSteady(panel, `${card('library-answer')} button.card-copy`);
    await waitForName(panel, `${card('library-answer')} button.card-copy`, /^Copied$/);
    const pasted = await pasteIntoComposer(panel);
    const [kept] = await keptTexts(panel, 'library-answer');
    expect(pasted.replace(/\s+/g, '')).toBe(kept!.replace(/\s+/g, ''));
    expect(pasted).toContain(`[planning a good field trip](${pages.origin + GEOLOGY})`);
    await panel.setViewport({ width: 420, height: 900 });
    await panel.$eval(card('library-answer'), (el) => el.scrollIntoView({ block: 'center' }));
    await panel.screenshot({ path: path.join(SCREENS, 'en-library-answer.png') as `${string}.png` });

    // The question was not also asked about the page: no page answer, nothing in this page's chat.
    await openView(panel, 'Chat');
    await panel.waitForSelector('section.view .page-title', { timeout: UI });
    expect(await panelText(panel)).not.toContain(QUESTION);
    await openView(panel, 'This page');
    expect((await waitForCards(panel, ['library-answer'], UI)).map((c) => c.kind)).toEqual(['library-answer']);

    // A source clicked while its page is open in a tab: that tab comes forward, no second copy.
    const geologyLink = `${sourcesOf} a.source[href="${pages.origin + GEOLOGY}"]`;
    await clickSteady(panel, geologyLink);
    await until(async () => (await openWebTabs(panel)).some((t) => t.url === pages.origin + GEOLOGY && t.active), {
      timeoutMs: UI,
      what: 'the geology tab was not brought forward',
    });
    expect((await openWebTabs(panel)).filter((t) => t.url === pages.origin + GEOLOGY)).toHaveLength(1);
    // That tab closed, the same link opens the page in a new tab.
    await geology.close();
    await panelBeside(panel, solar, 'lab 4 wiring solar panels instructions and writeup');
    await waitForCards(panel, ['library-answer'], UI);
    const opened = s!.browser.waitForTarget((t) => t.type() === 'page' && t.url() === pages.origin + GEOLOGY, { timeout: UI });
    await clickSteady(panel, geologyLink);
    await (await (await opened).asPage()).close();

    expect(s!.requests.outside()).toEqual([]);
    await panel.close();
    await solar.close();
  });

  test('in Vietnamese: a hint and a library answer, their cards with no English message left', async () => {
    s = await relaunchThreadSetup(setup!, { extraArgs: ['--lang=vi'], env: { LANGUAGE: 'vi' } });
    const vi = (key: string) => vietnamese[key]!.message;
    const study = await s.browser.newPage();
    await study.goto(pages.origin + COURSE_HOME);
    await study.bringToFront();
    const panel = await s.browser.newPage();
    await panel.setViewport({ width: 420, height: 900 });
    await panel.goto(s.panelUrl);
    await panel.waitForSelector('section.thread input[name=threadQuestion]', { timeout: UI });
    expect(await panel.evaluate(() => document.documentElement.lang)).toMatch(/^vi\b/);

    // Hints: the English session's cards are kept; "Hints" starts over on the page under them.
    await waitForCards(panel, ['hints', 'hints'], UI);
    await modelCardSettled(panel);
    await clickSteady(panel, 'button.hints-action');
    const hints = await waitForCards(panel, ['hints', 'hints', 'hints']);
    for (const c of hints) expect(c.head.startsWith(`${vi('thread_kindHints')} · ${vi('thread_sourcePage')} · `), c.head).toBe(true);
    expect(hints.map((c) => c.rung)).toEqual([vi('hints_level1'), vi('hints_level2'), vi('hints_level1')]);
    expect(hints[2]!.buttons).toEqual([
      vi('thread_anotherHint'),
      vi('common_copy'),
      vi('thread_saveNote'),
      vi('summary_askBigger'),
      vi('thread_remove'),
    ]);
    await panel.$eval('section.thread', (el) => el.scrollIntoView({ block: 'end' }));
    await panel.screenshot({ path: path.join(SCREENS, 'vi-hints.png') as `${string}.png` });
    let words = await cardWords(panel);
    expect(englishLeft(words)).toEqual([]);
    expect(vietnameseShown(words).length).toBeGreaterThan(0);

    // Ask my library on the solar page: its English card is kept, and now worded in Vietnamese too.
    const solar = await s.browser.newPage();
    await solar.goto(pages.origin + SOLAR);
    await panelBeside(panel, solar, 'lab 4 wiring solar panels instructions and writeup');
    await waitForCards(panel, ['library-answer'], UI);
    await askMyLibrary(panel, QUESTION);
    const answers = await waitForCards(panel, ['library-answer', 'library-answer']);
    for (const c of answers)
      expect(c.head.startsWith(`${vi('thread_kindLibraryAnswer')} · ${vi('thread_sourceLibrary')} · `), c.head).toBe(true);
    const questions = await panel.$$eval(`${card('library-answer')} .thread-question`, (els) => els.map((e) => e.textContent));
    expect(questions).toEqual([QUESTION, QUESTION].map((q) => vi('thread_youAsked').replace('$1', q)));
    const headings = await panel.$$eval(`${card('library-answer')} .sources h3`, (els) => els.map((e) => e.textContent));
    expect(headings).toEqual([vi('thread_sources'), vi('thread_sources')]);
    await (await panel.$$(card('library-answer'))).at(-1)!.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await panel.screenshot({ path: path.join(SCREENS, 'vi-library-answer.png') as `${string}.png` });
    words = await cardWords(panel);
    expect(englishLeft(words)).toEqual([]);
    expect(vietnameseShown(words).length).toBeGreaterThan(0);
    await panel.close();
    await solar.close();
    await study.close();
  });
});
