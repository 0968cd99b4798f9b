// One study surface (issue 14): three study tabs (This page, Review, Library) in one row at 420 px;
// the tools' full controls (Ask, Hints, Quiz, the whole conversation) reached from This page's
// "More tools", by keyboard alone (Tab, Enter, Escape), each with "Back to this page" that returns
// to the thread with its cards unchanged and the focus on More tools; work in a tool survives going
// back and forth; a question asked in the whole conversation is a card of the thread. The real
// stories260K model from a local model host, a course page on 127.0.0.1, the built extension.
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { closeAll, COURSE_HOME, screensDir } from '../support/e2e-setup.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  clickSummarize,
  configureModels,
  errorText,
  openPanelTab,
  openView,
  STUDY_VIEWS,
  TOOL_LABELS,
  TOOL_VIEW_IDS,
  TOOL_VIEWS,
  waitForPhase,
  waitForRun,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const SCREENS = screensDir('/work/screens/tools14');
const QUESTION = 'What do we study in week one?';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let s: Session;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let panel: Page;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  s = await launchWithExtension({});
  const study = await s.browser.newPage();
  await study.goto(pages.origin + COURSE_HOME);
  panel = await openPanelTab(s, study);
  await panel.setViewport({ width: 420, height: 900 });
});

afterAll(() => closeAll(s, pages, host));

/** The finished cards of the thread, in order: kind and text. */
function threadCards() {
  return panel.$$eval('section.thread li.thread-card:not(.working)', (els) =>
    els.map((el) => ({
      kind: el.getAttribute('data-kind') ?? '',
      text: (el.querySelector('.markdown, .notice')?.textContent ?? '').trim(),
    })),
  );
}

/** The id (or, without one, the text) of the focused element. */
const focused = () => panel.evaluate(() => document.activeElement?.id || (document.activeElement?.textContent ?? '').trim());

/** Presses Tab until the focus is on `selector`, as a keyboard user does; returns how many presses it took. */
async function tabTo(selector: string, most = 40): Promise<number> {
  for (let n = 1; n <= most; n++) {
    await panel.keyboard.press('Tab');
    if (await panel.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return n;
  }
  throw new Error(`${most} presses of Tab never reached ${selector} (focus on "${await focused()}")`);
}

describe('one study surface', () => {
  test('a fresh panel shows exactly three study tabs, in one row inside 420 px, and no tool tabs', async () => {
    const tabs = await panel.$$eval('nav.study-tabs [role=tab]', (els) =>
      els.map((e) => ({ text: e.textContent, id: e.id, top: (e as HTMLElement).offsetTop, right: e.getBoundingClientRect().right })),
    );
    expect(tabs.map((t) => t.text)).toEqual(['This page', 'Review', 'Library']);
    expect(tabs.map((t) => t.text)).toEqual(STUDY_VIEWS);
    // The thread's tab keeps its id: the routes that open it still find it.
    expect(tabs[0]!.id).toBe('study-tab-summarize');
    expect(new Set(tabs.map((t) => t.top)).size).toBe(1);
    expect(Math.max(...tabs.map((t) => t.right))).toBeLessThanOrEqual(420);
    // More tools is the last of the suggested actions, closed.
    const actions = await panel.$$eval('.thread-actions > button, .thread-actions > .more-tools > button', (els) =>
      els.map((e) => e.textContent),
    );
    expect(actions.at(-1)).toBe('More tools');
    expect(await panel.$eval('#more-tools-button', (b) => b.getAttribute('aria-expanded'))).toBe('false');
    expect(await panel.$('#more-tools-list')).toBeNull();
  });

  test('by keyboard alone: More tools opens each tool, Escape closes it, Back returns to the unchanged thread', async () => {
    await configureModels(panel, { host: host.origin, model: 'stories260K' });
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error']), await errorText(panel)).toBe('done');
    await panel.waitForSelector('section.thread li.thread-card[data-kind=summary]', { timeout: UI });
    const cards = await threadCards();
    expect(cards.map((c) => c.kind)).toEqual(['summary']);
    const keys: string[] = [];
    const press = async (key: 'Tab' | 'Enter' | 'Escape') => {
      keys.push(key);
      await panel.keyboard.press(key);
    };
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    // Escape closes the list, and the focus is back on More tools.
    keys.push(...Array<'Tab'>(await tabTo('#more-tools-button')).fill('Tab'));
    await press('Enter');
    await panel.waitForSelector('#more-tools-list', { visible: true, timeout: UI });
    expect(await panel.$eval('#more-tools-button', (b) => b.getAttribute('aria-expanded'))).toBe('true');
    const entries = await panel.$$eval('#more-tools-list button', (els) => els.map((e) => e.textContent));
    expect(entries).toEqual(TOOL_VIEWS.map((v) => TOOL_LABELS[v as keyof typeof TOOL_LABELS]));
    await press('Tab');
    expect(await focused()).toBe('more-tools-ask');
    await press('Escape');
    await panel.waitForFunction(() => !document.querySelector('#more-tools-list'), { timeout: UI });
    expect(await focused()).toBe('more-tools-button');
    expect(await panel.$eval('#more-tools-button', (b) => b.getAttribute('aria-expanded'))).toBe('false');

    for (const [i, tool] of TOOL_VIEW_IDS.entries()) {
      // The focus is on More tools (after Escape, then after each Back): Enter, Tab to the tool, Enter.
      expect(await focused()).toBe('more-tools-button');
      await press('Enter');
      await panel.waitForSelector('#more-tools-list', { visible: true, timeout: UI });
      for (let n = 0; n <= i; n++) await press('Tab');
      expect(await focused()).toBe(`more-tools-${tool}`);
      await press('Enter');
      await panel.waitForSelector(`section#tool-${tool}`, { timeout: UI });
      // The thread gave way to the tool; the focus is on the tool's heading, which names it.
      expect(await panel.$('section.thread')).toBeNull();
      await panel.waitForFunction((id: string) => document.activeElement?.id === id, { timeout: UI }, `tool-${tool}-heading`);
      expect(await panel.$eval(`#tool-${tool}-heading`, (h) => h.textContent)).toBe(TOOL_LABELS[TOOL_VIEWS[i] as keyof typeof TOOL_LABELS]);
      for (const scheme of ['light', 'dark'] as const) {
        await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await panel.screenshot({ path: path.join(SCREENS, `tool-${tool}-${scheme}.png`) as `${string}.png` });
      }
      await panel.emulateMediaFeatures([]);
      // "Back to this page" is just before the heading: Shift+Tab, Enter.
      await panel.keyboard.down('Shift');
      await press('Tab');
      await panel.keyboard.up('Shift');
      expect(await focused()).toBe('Back to this page');
      await press('Enter');
      await panel.waitForSelector('section.thread', { timeout: UI });
      await panel.waitForFunction(() => document.activeElement?.id === 'more-tools-button', { timeout: UI });
      expect(await threadCards()).toEqual(cards);
    }
    // Only the keys: no click from the first Tab on.
    expect(new Set(keys)).toEqual(new Set(['Tab', 'Enter', 'Escape']));
  });

  test('work in a tool survives going back to the thread, and a question in the whole conversation is a card there', async () => {
    // A half-typed question in the whole conversation, left for the thread and found again.
    await openView(panel, 'Chat');
    await panel.type('section#tool-chat input[name=chatQuestion]', 'What do we study');
    await panel.click('::-p-aria(Back to this page[role="button"])');
    await panel.waitForSelector('section.thread', { timeout: UI });
    await openView(panel, 'Chat');
    expect(await panel.$eval('section#tool-chat input[name=chatQuestion]', (i) => (i as HTMLInputElement).value)).toBe('What do we study');

    // Finished and asked there.
    await panel.type('section#tool-chat input[name=chatQuestion]', ' in week one?');
    await panel.click('form.chat-form button[type=submit]');
    expect(await waitForRun(panel, 'section#tool-chat', ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');
    await panel.waitForFunction(() => document.querySelectorAll('.chat-log .turn').length === 2, { timeout: UI });
    // The student stays in the conversation (its follow-up box is there); the answer also joined the thread.
    expect(await panel.$('section#tool-chat input[name=chatQuestion]')).not.toBeNull();
    const turns = await panel.$$eval('.chat-log .turn', (els) => els.map((e) => e.textContent));
    await panel.click('::-p-aria(Back to this page[role="button"])');
    await panel.waitForSelector('section.thread', { timeout: UI });
    await panel.waitForFunction(
      (q: string) =>
        [...document.querySelectorAll('.thread-card[data-kind=answer] .thread-question')].some((e) => e.textContent === `You asked: ${q}`),
      { timeout: UI },
      QUESTION,
    );
    const kinds = (await threadCards()).map((c) => c.kind);
    expect(kinds).toEqual(['summary', 'answer']);
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await panel.click('#more-tools-button');
      await panel.waitForSelector('#more-tools-list', { visible: true, timeout: UI });
      await panel.screenshot({ path: path.join(SCREENS, `thread-more-tools-${scheme}.png`) as `${string}.png` });
      await panel.keyboard.press('Escape');
      await panel.waitForFunction(() => !document.querySelector('#more-tools-list'), { timeout: UI });
    }
    await panel.emulateMediaFeatures([]);
    // And the conversation is still there when the student goes back to it.
    await openView(panel, 'Chat');
    expect(await panel.$$eval('.chat-log .turn', (els) => els.map((e) => e.textContent))).toEqual(turns);
  });
});
