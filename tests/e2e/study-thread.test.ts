// The study thread of the Summarize view (issue 14, item 1), as a student uses it from a fresh
// install: the real stories260K model from a local model host, a course page on 127.0.0.1, the
// built extension in Chromium. Summarize is one click; flashcards from the page one click in the
// thread; a question typed in the composer and Enter gives an answer card; every card stays when the
// next arrives, and the thread is still there when the panel is opened again. Every action the
// student takes is counted.
// stories260K writes stories, not cards: the flashcards card says honestly that it holds no usable
// cards (the deck inside a card is what QuizView/DeckList already show, tested in study-tools).
import { AxePuppeteer } from '@axe-core/puppeteer';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { coursePageShell, startPageServer } from '../support/page-server.mjs';
import { startFakeProvider } from '../support/fake-provider.mjs';
import {
  addProvider,
  clickSteady,
  clickSummarize,
  clickToolbarButton,
  configureModels,
  consentAction,
  openPanelTab,
  openView,
  readConsentDialog,
  selectParagraph,
  setPrivacyMode,
  sidePanel,
  useProvider,
  waitForPhase,
  waitForText,
  waitForToolbar,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
type Page = Awaited<ReturnType<Session['browser']['newPage']>>;

const HOME = '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html';
const QUESTION = 'What will we study in the first week?';
const SCREENS = process.env.LOCUS_SCREENS ?? '/work/screens/thread';
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let s: Session;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  s = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
});
afterAll(async () => {
  await s?.close();
  await host?.stop();
  await pages?.stop();
});

/** The finished cards of the thread, in order: kind and text. */
function threadCards(panel: Page) {
  return panel.$$eval('section.thread li.thread-card:not(.working)', (els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({
        kind: el.getAttribute('data-kind') ?? '',
        text: (el.querySelector('.markdown, .notice')?.textContent ?? '').trim(),
      })),
  );
}

async function waitForCards(panel: Page, kinds: string[], timeoutMs = MODEL_RUN) {
  try {
    await panel.waitForFunction(
      (want: string[]) => {
        const shown = [...document.querySelectorAll('section.thread li.thread-card:not(.working)')]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .map((el) => el.getAttribute('data-kind'));
        return JSON.stringify(shown) === JSON.stringify(want);
      },
      { timeout: timeoutMs, polling: 200 },
      kinds,
    );
  } catch (error) {
    const text = await panel.$eval('main', (m) => (m as HTMLElement).innerText).catch(() => '');
    throw new Error(`the thread never showed ${kinds.join(', ')}; the panel says:\n${text}`, { cause: error });
  }
}

/** axe-core's serious and critical findings on the panel as it is now. */
async function seriousViolations(panel: Page): Promise<string[]> {
  const result = await new AxePuppeteer(panel as never).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

/** The thread with its cards, light and dark, at 420 × 900: checked by axe, and saved as screenshots. */
async function checkThemes(panel: Page): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await panel.setViewport({ width: 420, height: 900 });
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    expect(await seriousViolations(panel), scheme).toEqual([]);
    await panel.evaluate(() => window.scrollTo(0, 0));
    await panel.screenshot({ path: path.join(SCREENS, `${scheme}-top.png`) as `${string}.png` });
    await panel.$eval('section.thread', (el) => el.scrollIntoView({ block: 'end' }));
    await panel.screenshot({ path: path.join(SCREENS, `${scheme}-thread.png`) as `${string}.png` });
  }
  await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

describe('one study thread per page', () => {
  test('summarize, flashcards and a question each add a card; every card stays; the thread is kept', async () => {
    const steps: string[] = [];
    const study = await s.browser.newPage();
    await study.goto(pages.origin + HOME);
    const panel = await openPanelTab(s, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await panel.waitForSelector('section.thread input[name=threadQuestion]', { timeout: UI });

    // Summarize: one click.
    steps.push('click Summarize page');
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
    await waitForCards(panel, ['summary']);
    const summary = (await threadCards(panel))[0]!.text;
    expect(summary.length).toBeGreaterThan(20);
    // The summary just written has its card's own "Ask a bigger model", not pressable in privacy mode.
    expect(await panel.$eval('li.thread-card[data-kind=summary] button.ask-bigger', (b) => (b as HTMLButtonElement).disabled)).toBe(true);

    // Flashcards from the page: one click in the thread.
    steps.push('click Flashcards');
    await clickSteady(panel, 'section[aria-label=Summarize] button.flashcards-action');
    await waitForCards(panel, ['summary', 'cards']);
    expect((await threadCards(panel))[1]!.text).toMatch(/The model wrote no usable flashcards this time/);

    // A question about the page: type it, press Enter.
    steps.push('type the question');
    await panel.type('section.thread input[name=threadQuestion]', QUESTION);
    steps.push('press Enter');
    await panel.keyboard.press('Enter');
    await waitForCards(panel, ['summary', 'cards', 'answer']);
    const before = await threadCards(panel);
    expect(before[0]!.text).toBe(summary); // the earlier cards are still there, unchanged
    expect(before[2]!.text.length).toBeGreaterThan(20);
    expect(await panel.$eval('li.thread-card[data-kind=answer] .thread-question', (el) => el.textContent)).toBe(`You asked: ${QUESTION}`);
    expect(await panel.$eval('section.thread input[name=threadQuestion]', (el) => (el as HTMLInputElement).value)).toBe('');
    const answerPx = await panel.$eval('li.thread-card[data-kind=answer] .markdown', (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(answerPx).toBeGreaterThanOrEqual(14);
    // Each card says what it is, where it came from and when.
    const heads = await panel.$$eval('section.thread li.thread-card:not(.live) .thread-card-head', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(heads[0]).toMatch(/^Flashcards · from this page · \S/);
    expect(heads[1]).toMatch(/^Answer · from this page · \S/);

    // The student's actions, counted: 1 click, 1 click, type and Enter.
    expect(steps).toEqual(['click Summarize page', 'click Flashcards', 'type the question', 'press Enter']);

    await checkThemes(panel);
    expect(await threadCards(panel)).toEqual(before); // still each card once

    // The panel opened again on the same page: the same thread, in the same order.
    await panel.close();
    const again = await openPanelTab(s, study);
    await waitForCards(again, ['summary', 'cards', 'answer'], UI);
    expect(await threadCards(again)).toEqual(before);
    await again.close();
    await study.close();
  });

  test('a deck in its thread card keeps its own controls: practised inside the card, scored', async () => {
    const url = pages.add('/rocks.html', coursePageShell('Rocks, week 2', '<h2>Rocks</h2><p>Igneous rock forms from cooled magma.</p>'));
    const study = await s.browser.newPage();
    await study.goto(url);
    // A deck made from this page earlier and its card in the thread, written into the extension's
    // database as the panel writes them (stories260K cannot write usable cards: see above).
    const seed = await openPanelTab(s, study);
    await seed.evaluate(async (page: string) => {
      const deck = {
        id: 'thread-deck',
        url: page,
        title: 'Rocks, week 2 · flashcards',
        createdAt: Date.now(),
        cards: [{ kind: 'flashcard', question: 'Which rock forms from cooled magma?', answer: 'Igneous rock', right: 0, wrong: 0 }],
      };
      const item = {
        url: page,
        kind: 'cards',
        label: deck.title,
        source: 'page',
        text: 'Saved 1 flashcard.',
        created: Date.now(),
        modelId: 'm',
        deckId: deck.id,
      };
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['decks', 'threadItems'], 'readwrite');
          tx.objectStore('decks').put(deck);
          tx.objectStore('threadItems').add(item);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    }, url);
    await seed.close();

    const panel = await openPanelTab(s, study);
    await waitForCards(panel, ['cards'], UI);
    const card = 'li.thread-card[data-kind=cards]';
    expect(await panel.$eval(`${card} .deck`, (el) => el.textContent ?? '')).toMatch(/Rocks, week 2 · flashcards · 1 card/);
    await clickSteady(panel, `${card} .deck button.primary`); // Practise
    await panel.waitForSelector(`${card} .practice .question`, { timeout: UI });
    expect(await panel.$eval(`${card} .practice .question`, (el) => el.textContent)).toBe('Which rock forms from cooled magma?');
    await clickSteady(panel, `${card} ::-p-text(Reveal the answer)`);
    expect(await panel.$eval(`${card} .answer-text`, (el) => el.textContent)).toContain('Igneous rock');
    await panel.setViewport({ width: 420, height: 900 });
    await panel.$eval(card, (el) => el.scrollIntoView({ block: 'center' }));
    await panel.screenshot({ path: path.join(SCREENS, 'light-deck-practice.png') as `${string}.png` });
    await clickSteady(panel, `${card} ::-p-text(I got it right)`);
    await clickSteady(panel, `${card} ::-p-text(See my score)`);
    await waitForText(panel, `${card} .practice.done h2`, /^Done: 1 of 1 right$/);
    await panel.close();
    await study.close();
  });
});

describe('Explain a selection joins the thread; a bigger model is asked per card', () => {
  const KEY = 'sk-thread-cloud';
  const BIG = 'A longer explanation from the big model: geology studies the whole Earth. The end.';
  const SCREENS14 = process.env.LOCUS_SCREENS_EXPLAIN ?? '/work/screens/surface14';
  let fresh: Session;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  beforeAll(async () => {
    provider = await startFakeProvider({ apiKey: KEY, answer: () => BIG });
    fresh = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
  });
  afterAll(async () => {
    await fresh?.close();
    await provider?.stop();
  });

  /** The thread's explain cards, once kept: head, quote, text, and whether "Ask a bigger model" can be pressed. */
  const explainCards = (panel: Page) =>
    panel.$$eval('section.thread li.thread-card[data-kind=explain]:not(.working)', (els) =>
      els.map((el) => ({
        head: (el.querySelector('.thread-card-head')?.textContent ?? '').trim(),
        quote: (el.querySelector('.thread-quote')?.textContent ?? '').trim(),
        text: (el.querySelector('.markdown')?.textContent ?? '').trim(),
        bigger: el.querySelector<HTMLButtonElement>('button.ask-bigger')?.disabled === false,
      })),
    );

  test('from a fresh install: one click on the page toolbar gives an explain card; its own "Ask a bigger model" sends exactly it; privacy mode on offers nothing', async () => {
    // Set up once, as on first use: the model host (the same step as every e2e test takes).
    const study = await fresh.browser.newPage();
    await study.goto(pages.origin + HOME);
    const setup = await openPanelTab(fresh, study);
    await configureModels(setup, { host: host.origin, model: 'stories260K' });
    await setup.close();

    const steps: string[] = [];
    await study.bringToFront();
    steps.push('select a paragraph');
    await selectParagraph(study, 'main p');
    const selected = (await study.evaluate(() => getSelection()!.toString())).replace(/\s+/g, ' ').trim();
    await waitForToolbar(study);
    steps.push('click Explain on the page toolbar');
    await clickToolbarButton(study, 'explain');
    const panel = await sidePanel(fresh);
    await waitForCards(panel, ['explain']);
    const [card] = await explainCards(panel);
    expect(card!.head).toMatch(/^Explanation · from your selection · \S/);
    expect(selected.startsWith(card!.quote.replace(/ …$/, ''))).toBe(true); // the selection, shown short
    expect(card!.quote.length).toBeLessThanOrEqual(162);
    expect(card!.text.length).toBeGreaterThan(20);
    expect(steps).toEqual(['select a paragraph', 'click Explain on the page toolbar']); // 1 click
    // Privacy mode is on (the default): the card's button is there but cannot be pressed, and the thread says why.
    expect(card!.bigger).toBe(false);
    await waitForText(panel, 'section.thread .cloud-off', /^Privacy mode is on: the cloud is off\.$/);

    // A provider (a local fake OpenAI server), the cloud allowed by the student.
    await addProvider(panel, { name: 'Fake OpenAI', baseUrl: `${provider.origin}/v1`, model: 'gpt-fake', apiKey: KEY });
    await useProvider(panel, 'Fake OpenAI');
    await openView(panel, 'This page');
    await waitForCards(panel, ['explain'], UI);
    await setPrivacyMode(panel, false);
    expect(await panel.$('section.thread .cloud-off')).toBeNull();
    // Only the cards that have a task a bigger model can do have the button; no dialog before the click.
    expect(await panel.$$eval('button.ask-bigger', (bs) => bs.length)).toBe(1);
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    await clickSteady(panel, 'li.thread-card[data-kind=explain] button.ask-bigger');
    const dialog = await readConsentDialog(panel);
    expect(dialog.reasons).toEqual(['asked']);
    // Exactly that card's work: the explanation of that selection.
    const user = dialog.messages
      .filter((m: { role: string | null }) => m.role === 'user')
      .map((m: { text: string }) => m.text)
      .join('\n');
    expect(user).toContain(selected.slice(0, 40));
    expect(provider.requests).toEqual([]); // shown, not sent
    await setViewportAndShoot(panel, 'explain-consent');
    await consentAction(panel, 'Send once');
    await waitForCards(panel, ['explain', 'explain']);
    const [first, big] = await explainCards(panel);
    expect({ ...first, bigger: false }).toEqual(card); // the first card unchanged (its button pressable now), shown once
    expect(first!.bigger).toBe(true);
    expect(big!.head).toMatch(/^Explanation · from your selection · .* · by a bigger model \(cloud\)$/);
    expect(big!.quote).toBe(card!.quote);
    expect(big!.text).toBe(BIG);
    expect(big!.bigger).toBe(false); // not offered again on what the bigger model wrote
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.toString('utf8')).toBe(dialog.body); // byte for byte what the dialog showed

    // Screenshots of the thread with the explain cards and the per-card button, light and dark.
    mkdirSync(SCREENS14, { recursive: true });
    await panel.setViewport({ width: 420, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await waitForCards(panel, ['explain', 'explain'], UI);
      expect(await seriousViolations(panel), scheme).toEqual([]);
      // axe finishes its run in a blank tab of its own, which the panel follows while it is open (no
      // page, no thread): back on the course page, the thread is shown again.
      await study.bringToFront();
      await waitForCards(panel, ['explain', 'explain'], UI);
      await panel.$eval('li.thread-card[data-kind=explain]', (el) => el.scrollIntoView({ block: 'start' }));
      await panel.screenshot({ path: path.join(SCREENS14, `${scheme}-explain-thread.png`) as `${string}.png` });
    }
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

    // Privacy mode back on: nothing offered, nothing sent.
    await study.bringToFront();
    await waitForCards(panel, ['explain', 'explain'], UI);
    const reached = provider.requests.length;
    await setPrivacyMode(panel, true);
    await waitForText(panel, 'section.thread .cloud-off', /^Privacy mode is on: the cloud is off\.$/);
    expect((await explainCards(panel)).map((c) => c.bigger)).toEqual([false, false]);
    await panel.click('li.thread-card[data-kind=explain] button.ask-bigger'); // a click on the disabled button
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests.length).toBe(reached);
    await study.close();
  });
});

describe('a question about the page and a summary, each asked of a bigger model from its card, kept', () => {
  const KEY = 'sk-thread-page';
  const ASKED = 'What does geology study?';
  const BIG_ANSWER = 'From the bigger model: geology studies the solid Earth, its rocks and the processes that shape them.';
  const BIG_SUMMARY = 'From the bigger model: a summary of the geology course home page, its topics and its aims.';
  const SCREENS_BIGGER = process.env.LOCUS_SCREENS_BIGGER ?? '/work/screens/bigger14';
  let own: Session;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  beforeAll(async () => {
    // A question about the page gets the answer; anything else (a summary) the summary.
    provider = await startFakeProvider({
      apiKey: KEY,
      answer: (body: { messages: Array<{ content: string }> }) =>
        body.messages.some((m) => m.content.includes("The student's question:")) ? BIG_ANSWER : BIG_SUMMARY,
    });
    own = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
  });
  afterAll(async () => {
    await own?.close();
    await provider?.stop();
  });

  /** The thread's finished cards: kind, head, the question asked, text, and whether "Ask a bigger model" can be pressed. */
  const cards = (panel: Page) =>
    panel.$$eval('section.thread li.thread-card:not(.working)', (els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({
          kind: el.getAttribute('data-kind') ?? '',
          head: (el.querySelector('.thread-card-head')?.textContent ?? '').trim(),
          asked: (el.querySelector('.thread-question')?.textContent ?? '').trim(),
          text: (el.querySelector('.markdown')?.textContent ?? '').trim(),
          bigger: el.querySelector<HTMLButtonElement>('button.ask-bigger')?.disabled === false,
        })),
    );
  const CLOUD_MARK = / · by a bigger model \(cloud\)$/;

  /** The panel at 420 × 900 in light and dark, axe-checked, into the screens folder. */
  async function shoot(panel: Page, name: string, scrollTo: string | null): Promise<void> {
    mkdirSync(SCREENS_BIGGER, { recursive: true });
    await panel.setViewport({ width: 420, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      if (scrollTo) await panel.$eval(scrollTo, (el) => el.scrollIntoView({ block: 'start' }));
      await panel.screenshot({ path: path.join(SCREENS_BIGGER, `${scheme}-${name}.png`) as `${string}.png` });
    }
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  }

  test('the composer\'s question: its card proposes that question and the page\'s passages, "Send once" posts exactly that, the cloud card and a cloud summary survive a reopen; privacy mode and a wrong key send or lose nothing', async () => {
    const study = await own.browser.newPage();
    await study.goto(pages.origin + HOME);
    // A passage of the page as the dialog shows it, from its first word ("Geology", no name: it was
    // once hidden as [PERSON_1], a capital that only opens the sentence).
    const passage = (await study.$eval('main p', (el) => el.textContent ?? ''))
      .replace(/\s+/g, ' ')
      .trim()
      .split(' ')
      .slice(0, 12)
      .join(' ');
    let panel = await openPanelTab(own, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await addProvider(panel, { name: 'Fake OpenAI', baseUrl: `${provider.origin}/v1`, model: 'gpt-fake', apiKey: KEY });
    await useProvider(panel, 'Fake OpenAI');
    await openView(panel, 'This page');

    // A summary and a question typed in the composer, answered on the device.
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
    await waitForCards(panel, ['summary']);
    await panel.type('section.thread input[name=threadQuestion]', ASKED);
    await panel.keyboard.press('Enter');
    await waitForCards(panel, ['summary', 'answer']);
    const [summary, local] = await cards(panel);
    expect(local!.asked).toBe(`You asked: ${ASKED}`);

    // Privacy mode is on (the default): the answer's button cannot be pressed, and nothing is sent.
    expect(local!.bigger).toBe(false);
    await panel.click('li.thread-card[data-kind=answer] button.ask-bigger');
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests).toEqual([]);

    // The cloud allowed: the dialog opens only on the answer card's click, with that question and the page.
    await setPrivacyMode(panel, false);
    expect(await panel.$('.consent[role=dialog]')).toBeNull();

    // The page changed since it was answered (a paragraph added): said under the card, nothing proposed.
    await study.evaluate(() => {
      const added = document.createElement('p');
      added.id = 'added-later';
      added.textContent = 'An announcement added after the question was answered.';
      document.querySelector('main')!.append(added);
    });
    await clickSteady(panel, 'li.thread-card[data-kind=answer] button.ask-bigger');
    await waitForText(
      panel,
      'li.thread-card[data-kind=answer] .cloud-page-problem',
      /^This page has changed since the question was answered, so nothing was sent\./,
    );
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests).toEqual([]);
    await shoot(panel, 'page-changed', 'li.thread-card[data-kind=answer]');
    // As it was again: the same question of the same text is proposed.
    await study.evaluate(() => document.getElementById('added-later')!.remove());

    await clickSteady(panel, 'li.thread-card[data-kind=answer] button.ask-bigger');
    const dialog = await readConsentDialog(panel);
    expect(await panel.$('.cloud-page-problem')).toBeNull();
    expect(dialog.reasons).toEqual(['asked']);
    const user = dialog.messages
      .filter((m: { role: string | null }) => m.role === 'user')
      .map((m: { text: string }) => m.text.replace(/\s+/g, ' '))
      .join('\n');
    expect(user).toMatch(/^The page the student is reading: <document>/);
    expect(user).toContain(passage);
    expect(user).toMatch(new RegExp(`The student's question: ${ASKED.replace('?', '\\?')}$`));
    expect(provider.requests).toEqual([]); // shown, not sent
    // The end of what would be sent in view: the student's question, under the page's passages (at
    // the screenshot's width: the text wraps again when the viewport changes).
    await panel.setViewport({ width: 420, height: 900 });
    await panel.$eval('.consent section.consent-message[data-role=user] pre', async (el) => {
      el.scrollTop = el.scrollHeight;
      // Two frames: the scroll is painted before the screenshot is taken.
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
    await shoot(panel, 'page-question-consent', null);
    await consentAction(panel, 'Send once');
    await waitForCards(panel, ['summary', 'answer', 'answer']);
    const afterSend = await cards(panel);
    expect(afterSend[1]).toEqual({ ...local, bigger: true }); // the local answer unchanged
    const big = afterSend[2]!;
    expect(big.head).toMatch(/^Answer · from this page · /);
    expect(big.head).toMatch(CLOUD_MARK);
    expect([big.asked, big.text, big.bigger]).toEqual([`You asked: ${ASKED}`, BIG_ANSWER, false]);
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.toString('utf8')).toBe(dialog.body); // byte for byte what the dialog showed
    await shoot(panel, 'cloud-answer-card', 'li.thread-card[data-kind=answer]');

    // A wrong key: a clear error in the thread, no card, the local answer kept.
    provider.setApiKey('sk-another-key');
    await clickSteady(panel, 'li.thread-card[data-kind=answer] button.ask-bigger');
    await readConsentDialog(panel);
    await consentAction(panel, 'Send once');
    await waitForText(
      panel,
      'li.thread-card.working[data-kind=cloud] .error',
      /^Fake OpenAI refused the request \(HTTP 401\): the cloud key is wrong\. Check the API key in Privacy → Cloud providers\./,
    ).catch(async (error: unknown) => {
      const shown = await panel.$eval('section.thread', (el) => (el as HTMLElement).innerText).catch(() => '');
      throw new Error(`no key error in the thread; it says:\n${shown}`, { cause: error });
    });
    expect(await cards(panel)).toEqual(afterSend);
    expect(provider.posts()).toHaveLength(2);
    provider.setApiKey(KEY);

    // The summary's own button: the bigger model's summary is kept as a summary card of its mode.
    await clickSteady(panel, 'li.thread-card[data-kind=summary] button.ask-bigger');
    const summaryDialog = await readConsentDialog(panel);
    await consentAction(panel, 'Send once');
    await waitForCards(panel, ['summary', 'answer', 'answer', 'summary']);
    // It streams at the end of the thread; kept, its card's head says who wrote it.
    await waitForText(panel, 'li.thread-card.live .thread-card-head', CLOUD_MARK, MODEL_RUN);
    const kept = await cards(panel);
    expect(kept[3]!.head).toMatch(CLOUD_MARK);
    expect(kept[3]!.head.replace(CLOUD_MARK, '').replace(/ · [^·]+$/, '')).toBe(summary!.head.replace(/ · [^·]+$/, '')); // same kind, mode, source
    expect(kept[3]!.text).toBe(BIG_SUMMARY);
    expect(provider.posts().at(-1)!.body.toString('utf8')).toBe(summaryDialog.body);

    // The panel opened again: the cloud cards are there, once each, in place.
    await panel.close();
    panel = await openPanelTab(own, study);
    await waitForCards(panel, ['summary', 'answer', 'answer', 'summary'], UI);
    const reopened = await cards(panel);
    expect(reopened.map((c) => [c.kind, c.asked, c.text, CLOUD_MARK.test(c.head)])).toEqual(
      kept.map((c) => [c.kind, c.asked, c.text, CLOUD_MARK.test(c.head)]),
    );

    // Privacy mode back on: every button disabled, nothing more sent.
    const reached = provider.requests.length;
    await setPrivacyMode(panel, true);
    await waitForText(panel, 'section.thread .cloud-off', /^Privacy mode is on: the cloud is off\.$/);
    expect((await cards(panel)).map((c) => c.bigger)).toEqual([false, false, false, false]);
    await panel.click('li.thread-card[data-kind=answer] button.ask-bigger');
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests.length).toBe(reached);
    // The cloud cards, light and dark: no serious accessibility finding (last: axe ends in a tab of its own).
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      expect(await seriousViolations(panel), scheme).toEqual([]);
    }
    await panel.close();
    await study.close();
  });
});

describe('Hints on a problem the student types, and a bigger model asked for the next hint from its card', () => {
  const KEY = 'sk-thread-hints';
  const PROBLEM = 'Exercise 3 from my notebook: solve 3x + 5 = 20 for x, and check your result.';
  // The bigger model gives the answer away in its second sentence: the guard must hold it back.
  const BIG_HINT = 'Think about what undoes an addition. The answer is x = 5. What could you do to both sides so that 3x stands alone?';
  const GUARDED = 'Think about what undoes an addition. What could you do to both sides so that 3x stands alone?';
  const SCREENS_HINTS = process.env.LOCUS_SCREENS_HINTS ?? '/work/screens/hints14';
  const CLOUD_MARK = / · by a bigger model \(cloud\)$/;
  let own: Session;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  beforeAll(async () => {
    provider = await startFakeProvider({ apiKey: KEY, answer: () => BIG_HINT });
    own = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
  });
  afterAll(async () => {
    await own?.close();
    await provider?.stop();
  });

  /** The thread's hint cards: head, quote, rung, text, and whether "Ask a bigger model" can be pressed. */
  const hintCards = (panel: Page) =>
    panel.$$eval('section.thread li.thread-card[data-kind=hints]:not(.working)', (els) =>
      els.map((el) => ({
        head: (el.querySelector('.thread-card-head')?.textContent ?? '').trim(),
        quote: (el.querySelector('.thread-quote')?.textContent ?? '').trim(),
        rung: (el.querySelector('.thread-hint-level')?.textContent ?? '').trim(),
        text: (el.querySelector('.markdown')?.textContent ?? '').trim(),
        bigger: el.querySelector<HTMLButtonElement>('button.ask-bigger')?.disabled === false,
      })),
    );

  /** The panel at 420 × 900, light and dark, axe-checked, into /work/screens/hints14. */
  async function shoot(panel: Page, name: string, scrollTo: string): Promise<void> {
    mkdirSync(SCREENS_HINTS, { recursive: true });
    await panel.setViewport({ width: 420, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await panel.$eval(scrollTo, (el) => el.scrollIntoView({ block: 'start' }));
      await panel.screenshot({ path: path.join(SCREENS_HINTS, `${scheme}-${name}.png`) as `${string}.png` });
    }
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  }

  test('a typed problem gets a hint card marked "from your problem"; its "Ask a bigger model…" shows that problem, "Send once" posts exactly it, the guarded cloud hint is kept across a reopen; privacy mode on sends nothing', async () => {
    const study = await own.browser.newPage();
    await study.goto(pages.origin + HOME);
    let panel = await openPanelTab(own, study);
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await addProvider(panel, { name: 'Fake OpenAI', baseUrl: `${provider.origin}/v1`, model: 'gpt-fake', apiKey: KEY });
    await useProvider(panel, 'Fake OpenAI');

    // The Hints tool: the problem typed in "Your problem" (it is not on the page), then one hint.
    await openView(panel, 'Hints');
    const box = 'section#tool-hints textarea[name=hintProblem]';
    expect(await panel.$eval(box, (el) => el.labels?.[0]?.textContent)).toBe('Your problem');
    // A whole chapter pasted: the limit is said, the buttons wait, and nothing of the text is lost.
    const chapter = `${PROBLEM} `.repeat(120).trim();
    await panel.$eval(
      box,
      (el, text) => {
        const area = el as HTMLTextAreaElement;
        area.focus();
        area.value = text;
        area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      },
      chapter,
    );
    await waitForText(
      panel,
      'section#tool-hints .hint-problem-limit',
      new RegExp(
        `^Your problem is ${chapter.length.toLocaleString('en')} characters long; the most Locus takes is 8,000\\. Keep just the exercise: your text stays in the box\\.$`,
      ),
    );
    expect(await panel.$eval('section#tool-hints button.primary', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await panel.$eval(box, (el) => (el as HTMLTextAreaElement).value)).toBe(chapter);
    await shoot(panel, 'hints-too-long', 'section#tool-hints');
    await panel.$eval(box, (el) => (el as HTMLTextAreaElement).select());
    await panel.keyboard.press('Backspace');
    await panel.waitForSelector('section#tool-hints .hint-problem-limit', { hidden: true, timeout: UI });
    await panel.type(box, PROBLEM);
    // Back to the page and to the tool again: the typed problem is still there.
    await clickSteady(panel, 'section.tool-view button.back-to-page');
    await panel.waitForSelector('section.thread', { timeout: UI });
    await openView(panel, 'Hints');
    expect(await panel.$eval(box, (el) => (el as HTMLTextAreaElement).value)).toBe(PROBLEM);
    await panel.click('::-p-text(Give me a hint)');
    await panel.waitForSelector('section#tool-hints .hint-list .hint[data-level="1"]', { timeout: MODEL_RUN });
    // The box shows the problem the hints are on (no second copy); emptied, the problem is quoted above it.
    expect(await panel.$eval(box, (el) => (el as HTMLTextAreaElement).value)).toBe(PROBLEM);
    expect(await panel.$('section#tool-hints .quote')).toBeNull();
    await shoot(panel, 'hints-typed-problem', 'section#tool-hints');
    await panel.$eval(box, (el) => (el as HTMLTextAreaElement).select());
    await panel.keyboard.press('Backspace');
    await panel.waitForSelector('section#tool-hints .quote blockquote', { timeout: UI });
    expect(await panel.$eval('section#tool-hints .quote blockquote', (el) => el.textContent)).toBe(PROBLEM);
    expect(await panel.$eval('section#tool-hints .quote figcaption', (el) => el.textContent)).toBe('Your problem, as you typed it');

    // Its card in the page's thread says where the problem came from and shows it.
    await clickSteady(panel, 'section.tool-view button.back-to-page');
    await waitForCards(panel, ['hints'], UI);
    const [local] = await hintCards(panel);
    expect(local!.head).toMatch(/^Hint · from your problem · \S/);
    expect(local!.quote).toBe(PROBLEM);
    expect(local!.rung).toBe('Hint 1: a nudge');
    // Privacy mode is on (the default): the button is there, cannot be pressed, nothing is sent.
    expect(local!.bigger).toBe(false);
    await panel.click('li.thread-card[data-kind=hints] button.ask-bigger');
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests).toEqual([]);

    // The cloud allowed: the dialog opens on the card's click only, with the problem, the hint so far, and the next-hint instruction.
    await setPrivacyMode(panel, false);
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    await clickSteady(panel, 'li.thread-card[data-kind=hints] button.ask-bigger');
    const dialog = await readConsentDialog(panel);
    expect(dialog.reasons).toEqual(['asked']);
    const user = dialog.messages
      .filter((m: { role: string | null }) => m.role === 'user')
      .map((m: { text: string }) => m.text.replace(/\s+/g, ' '))
      .join('\n');
    expect(user).toContain(PROBLEM);
    expect(user).toContain('Hints already given (go one step further, do not repeat them):');
    expect(user).toMatch(/Give the student hint 2 of 3: .* do not state its answer/);
    expect(provider.requests).toEqual([]); // shown, not sent
    await shoot(panel, 'hint-consent', '.consent section.consent-message[data-role=user]');
    await consentAction(panel, 'Send once');
    await waitForCards(panel, ['hints', 'hints']);
    const [first, big] = await hintCards(panel);
    expect({ ...first, bigger: false }).toEqual(local); // the local hint unchanged
    expect(big!.head).toMatch(/^Hint · from your problem · /);
    expect(big!.head).toMatch(CLOUD_MARK);
    expect(big!.rung).toBe('Hint 2: the concept'); // it is the next rung
    expect(big!.text).toBe(GUARDED); // the sentence with the answer held back
    expect(big!.bigger).toBe(false);
    const posts = provider.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.toString('utf8')).toBe(dialog.body); // byte for byte what the dialog showed
    await shoot(panel, 'cloud-hint-card', 'li.thread-card[data-kind=hints]');

    // The panel opened again: both cards there, the cloud one still marked.
    await panel.close();
    panel = await openPanelTab(own, study);
    await waitForCards(panel, ['hints', 'hints'], UI);
    const reopened = await hintCards(panel);
    expect(reopened.map((c) => [c.quote, c.rung, c.text, CLOUD_MARK.test(c.head)])).toEqual([
      [PROBLEM, 'Hint 1: a nudge', local!.text, false],
      [PROBLEM, 'Hint 2: the concept', GUARDED, true],
    ]);

    // Privacy mode back on: disabled, nothing more sent.
    await setPrivacyMode(panel, true);
    await waitForText(panel, 'section.thread .cloud-off', /^Privacy mode is on: the cloud is off\.$/);
    expect((await hintCards(panel)).map((c) => c.bigger)).toEqual([false, false]);
    await panel.click('li.thread-card[data-kind=hints] button.ask-bigger');
    expect(await panel.$('.consent[role=dialog]')).toBeNull();
    expect(provider.requests).toHaveLength(1);
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      expect(await seriousViolations(panel), scheme).toEqual([]);
    }
    await panel.close();
    await study.close();
  });
});

/** A screenshot at 420 × 900 into the screens folder (looked at by hand). */
async function setViewportAndShoot(panel: Page, name: string): Promise<void> {
  const dir = process.env.LOCUS_SCREENS_EXPLAIN ?? '/work/screens/surface14';
  mkdirSync(dir, { recursive: true });
  await panel.setViewport({ width: 420, height: 900 });
  await panel.screenshot({ path: path.join(dir, `${name}.png`) as `${string}.png` });
}
