// The panel in Vietnamese when the browser runs in Vietnamese (Chromium on Linux takes its language
// from LANGUAGE and needs Debian's chromium-l10n for it): every study view shows Vietnamese words
// and no English one is left (every text, label, placeholder and title is compared with the English
// messages file), and a summary run with stories260K reports its progress and its result in
// Vietnamese. The model is set up first in an English session of the same profile (the Models page is
// driven by its English words), then the browser starts again in Vietnamese, as after a student
// switches their browser's language.
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { addTenMegabytePage, chooseStories, closeAll, COURSE_HOME, screensDir } from '../support/e2e-setup.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  clickSteady,
  errorText,
  modelCardSettled,
  openView,
  STUDY_VIEW_IDS,
  TOOL_VIEW_IDS,
  streamSnapshots,
  waitForPhase,
  watchStream,
} from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';
import { englishLeft, messagePattern, vietnamese, vietnameseShown } from '../support/locale-words';
import { overflowing } from '../support/layout.mjs';

/** Screenshots of each view in Vietnamese. */
const SCREENS = screensDir('/work/screens/i18n-study');
type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let s: Session | undefined;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let profile: string;
let panel: Page;

beforeAll(async () => {
  const chromium = path.dirname(realpathSync(chromiumPath()));
  if (!existsSync(path.join(chromium, 'locales', 'vi.pak')))
    throw new Error(`Chromium has no Vietnamese (${chromium}/locales/vi.pak): install Debian's chromium-l10n.`);
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  profile = mkdtempSync(path.join(os.tmpdir(), 'locus-vi-profile-'));
  // Set up in English: the test model from the local model host.
  const setup = await launchWithExtension({ userDataDir: profile });
  try {
    await chooseStories(setup, pages.origin + COURSE_HOME, host.origin);
  } finally {
    await setup.close();
  }
  s = await launchWithExtension({ userDataDir: profile, extraArgs: ['--lang=vi'], env: { LANGUAGE: 'vi' } });
  const study = await s.browser.newPage();
  await study.goto(pages.origin + COURSE_HOME);
  await study.bringToFront();
  panel = await s.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(s.panelUrl);
  await panel.waitForSelector('nav.study-tabs [role=tab]', { timeout: UI });
});

afterAll(async () => {
  await closeAll(s, pages, host);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Every text the open study view and the tabs show, or name for a screen reader, or hint on hover. */
async function shownTexts(page: Page = panel, skip = ''): Promise<string[]> {
  return page.evaluate((skipped) => {
    const texts: string[] = [];
    for (const root of document.querySelectorAll('nav.study-tabs, [role=tabpanel]')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (!skipped || !n.parentElement?.closest(skipped)) texts.push(n.textContent ?? '');
      for (const el of [root, ...root.querySelectorAll('*')])
        for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) texts.push(el.getAttribute(a)!);
    }
    return texts.map((t) => t.trim()).filter(Boolean);
  }, skip);
}

describe('the study views in Vietnamese', () => {
  test('the browser runs in Vietnamese, and the panel follows it', async () => {
    expect(await panel.evaluate(() => document.documentElement.lang)).toMatch(/^vi\b/);
    const tabs = await panel.$$eval('nav.study-tabs [role=tab]', (els) => els.map((e) => e.textContent));
    expect(tabs).toEqual(STUDY_VIEW_IDS.map((id) => vietnamese[`tab_${id}`]!.message));
    // All on one row, inside the 420 px panel.
    const boxes = await panel.$$eval('nav.study-tabs [role=tab]', (els) =>
      els.map((e) => ({ top: (e as HTMLElement).offsetTop, right: e.getBoundingClientRect().right })),
    );
    expect(new Set(boxes.map((b) => b.top)).size).toBe(1);
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(420);
  });

  test.each(STUDY_VIEW_IDS)('%s: Vietnamese words, no English message left', async (id) => {
    await openView(panel, `#study-tab-${id}`);
    await panel.waitForSelector('[role=tabpanel] section', { timeout: UI });
    if (id === 'summarize') {
      await panel.waitForSelector('.model-card[data-cached]', { timeout: UI });
      // The catalog's "(test model)" is words, not the name: Vietnamese, the name kept.
      expect(await panel.$eval('.model-card strong', (el) => el.textContent)).toBe(vietnamese.models_nameStories!.message);
    }
    if (id === 'review') await panel.waitForSelector('section.review[aria-busy=false]', { timeout: UI });
    if (id === 'library') await panel.waitForSelector('.library-totals', { timeout: UI });
    await panel.screenshot({ path: path.join(SCREENS, `vi-${id}.png`) as `${string}.png` });
    const texts = await shownTexts();
    expect(englishLeft(texts)).toEqual([]);
    // And the view does say things in Vietnamese (not an empty view passing by saying nothing).
    expect(vietnameseShown(texts).length).toBeGreaterThan(0);
  });

  test.each(TOOL_VIEW_IDS)('tool %s (from More tools): Vietnamese words, no English message left', async (id) => {
    await openView(panel, `#tool-${id}`);
    await panel.waitForSelector(`[role=tabpanel] section#tool-${id} section`, { timeout: UI });
    // The way there and the way back are Vietnamese too.
    expect(await panel.$eval(`#tool-${id} h2`, (h) => h.textContent)).toBe(vietnamese[`tools_${id}`]!.message);
    expect(await panel.$eval(`#tool-${id} button.back-to-page`, (b) => b.textContent)).toBe(vietnamese.tools_back!.message);
    await panel.screenshot({ path: path.join(SCREENS, `vi-tool-${id}.png`) as `${string}.png` });
    const texts = await shownTexts();
    expect(englishLeft(texts)).toEqual([]);
    expect(vietnameseShown(texts).length).toBeGreaterThan(0);
  });

  test('More tools open: its entries in Vietnamese', async () => {
    await openView(panel, '#study-tab-summarize');
    await clickSteady(panel, '#more-tools-button');
    await panel.waitForSelector('#more-tools-list button', { visible: true, timeout: UI });
    const entries = await panel.$$eval('#more-tools-list button', (els) => els.map((e) => e.textContent));
    expect(entries).toEqual(TOOL_VIEW_IDS.map((id) => vietnamese[`tools_${id}`]!.message));
    expect(await panel.$eval('#more-tools-button', (b) => b.textContent)).toBe(vietnamese.tools_more!.message);
    await panel.screenshot({ path: path.join(SCREENS, 'vi-more-tools.png') as `${string}.png` });
    expect(englishLeft(await shownTexts())).toEqual([]);
    await panel.keyboard.press('Escape');
    await panel.waitForFunction(() => !document.querySelector('#more-tools-list'), { timeout: UI });
  });

  test('a summary with stories260K: its progress and its result line in Vietnamese, and still no English', async () => {
    await openView(panel, '#study-tab-summarize');
    await watchStream(panel, 'section .phase');
    await panel.click('button.run-button');
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');
    const phases = await streamSnapshots(panel, 'section .phase');
    expect(phases.length).toBeGreaterThan(0);
    const phaseMessages = Object.entries(vietnamese)
      .filter(([k]) => k.startsWith('status_') || k.startsWith('progress_step'))
      .map(([, m]) => messagePattern(m.message));
    for (const p of phases)
      expect(
        phaseMessages.some((m) => m.test(p)),
        `"${p}" is not a Vietnamese status`,
      ).toBe(true);
    const status = await panel.$eval('.status', (el) => el.firstChild?.textContent ?? '');
    expect(status.trim()).toMatch(messagePattern(vietnamese.status_writtenBy!.message));
    expect(await panel.$eval('.capture-info', (el) => el.textContent ?? '')).toMatch(messagePattern(vietnamese.summary_readLine!.message));
    await panel.screenshot({ path: path.join(SCREENS, 'vi-summarize-done.png') as `${string}.png` });
    expect(englishLeft(await shownTexts())).toEqual([]);
  });

  test('a hint card in the thread: the words around it in Vietnamese, light and dark', async () => {
    await openView(panel, '#study-tab-summarize');
    await modelCardSettled(panel);
    const before = await panel.$$eval('li.thread-card[data-kind=hints]', (els) => els.length);
    await clickSteady(panel, 'button.hints-action');
    await panel.waitForFunction(
      (n: number) => document.querySelectorAll('li.thread-card[data-kind=hints]:not(.working)').length > n,
      { timeout: MODEL_RUN, polling: 200 },
      before,
    );
    const card = await panel.$eval('li.thread-card[data-kind=hints]:not(.working)', (el) => ({
      head: el.querySelector('.thread-card-head strong')?.textContent ?? '',
      text: el.querySelector('.markdown')?.textContent?.trim() ?? '',
    }));
    expect(card.head).toBe(vietnamese.thread_kindHints!.message);
    expect(card.text).not.toBe('');
    await panel.$eval('li.thread-card[data-kind=hints]:not(.working)', (el) => el.scrollIntoView({ block: 'center' }));
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await panel.screenshot({ path: path.join(SCREENS, `vi-summarize-hint-${scheme}.png`) as `${string}.png` });
    }
    await panel.emulateMediaFeatures([]);
    expect(englishLeft(await shownTexts())).toEqual([]);
  });

  test('Settings → Study tools: "Answer in" set once, in Vietnamese, and no English message left', async () => {
    await openView(panel, '#settings-tab-study-tools');
    await panel.waitForSelector('section.study-settings select[name=defaultAnswerLanguage]', { timeout: UI });
    await panel.screenshot({ path: path.join(SCREENS, 'vi-study-tools.png') as `${string}.png` });
    expect(englishLeft(await shownTexts())).toEqual([]);
    const label = await panel.$eval(
      'section.study-settings select[name=defaultAnswerLanguage]',
      (el) => el.closest('label')?.textContent ?? '',
    );
    expect(label).toContain(vietnamese.study_answerInSetting!.message);
    await openView(panel, '#study-tab-summarize');
  });

  test('right to left (as for Arabic or Hebrew), the summary view mirrors: the page reads from the right', async () => {
    await openView(panel, '#study-tab-summarize');
    await panel.evaluate(() => (document.documentElement.dir = 'rtl'));
    try {
      // The tabs run from the right edge; the summary keeps the direction of its own language (the
      // English course page's: left to right) inside the mirrored panel.
      const tabs = await panel.$$eval('nav.study-tabs [role=tab]', (els) => els.map((e) => e.getBoundingClientRect().left));
      expect(tabs).toEqual([...tabs].sort((a, b) => b - a));
      // The page's line goes the panel's way too ("Trang:" at the right), its English title inside it.
      expect(await panel.$eval('.page-title', (p) => getComputedStyle(p).direction)).toBe('rtl');
      expect(await panel.$eval('.summary .markdown', (el) => [el.getAttribute('lang'), getComputedStyle(el).direction])).toEqual([
        'en',
        'ltr',
      ]);
      await panel.screenshot({ path: path.join(SCREENS, 'rtl-summarize.png') as `${string}.png` });
      // Mirrored, nothing sticks out of the 420 px panel, in Summarize (a summary shown) and in Settings.
      expect(await overflowing(panel)).toEqual([]);
      await openView(panel, '#settings-tab-models');
      await panel.waitForSelector('section[aria-busy="false"]', { timeout: UI });
      expect(await overflowing(panel)).toEqual([]);
      await openView(panel, '#study-tab-summarize');
    } finally {
      await panel.evaluate(() => (document.documentElement.dir = 'ltr'));
    }
  });

  test('an error made outside the panel: worded in Vietnamese by its code; the English sentence only as a marked technical detail', async () => {
    const study = await s!.browser.newPage();
    await study.goto('chrome://version');
    await study.bringToFront();
    const other = await s!.browser.newPage();
    try {
      await other.setViewport({ width: 420, height: 900 });
      await other.goto(s!.panelUrl);
      await other.waitForSelector('nav.study-tabs [role=tab]', { timeout: UI });
      await clickSteady(other, 'button.run-button');
      expect(await waitForPhase(other, ['done', 'error'], UI)).toBe('error');
      const box = await other.$eval('.error', (el) => ({
        message: el.firstChild?.textContent ?? '',
        summary: el.querySelector('details.error-detail > summary')?.textContent ?? '',
      }));
      expect(box.message).toBe(vietnamese.error_restrictedPage!.message);
      expect(box.summary).toBe(vietnamese.common_details!.message);
      await other.click('details.error-detail > summary');
      const detail = await other.$eval('details.error-detail', (el) => ({
        text: el.querySelector('.technical-detail')?.textContent ?? '',
        english: [...el.querySelectorAll('code[lang=en]')].map((c) => c.textContent ?? ''),
        code: el.querySelector('code.error-code')?.textContent ?? '',
      }));
      // Said to be technical and English, in Vietnamese; the English sentence marked as English.
      expect(detail.text).toBe(vietnamese.common_technicalDetail!.message);
      expect(detail.english).toHaveLength(1);
      expect(detail.english[0]).toMatch(/[a-z]{3}/);
      expect(detail.code).toBe('[restricted-page]');
      await other.screenshot({ path: path.join(SCREENS, 'vi-error-details.png') as `${string}.png` });
      expect(englishLeft(await shownTexts(other, 'code[lang=en]'))).toEqual([]);
    } finally {
      await other.close();
      await study.close();
    }
  });

  test('a 10 MB page: that it was cut and read in parts is said in Vietnamese, numbers the Vietnamese way', async () => {
    const url = addTenMegabytePage(pages);
    const study = await s!.browser.newPage();
    await study.goto(url, { waitUntil: 'domcontentloaded' });
    await study.bringToFront();
    const long = await s!.browser.newPage();
    try {
      await long.setViewport({ width: 420, height: 900 });
      await long.goto(s!.panelUrl);
      await long.waitForSelector('nav.study-tabs [role=tab]', { timeout: UI });
      await modelCardSettled(long);
      await clickSteady(long, 'button.run-button');
      // The page is cut when it is read, and the summary covers its first parts once it is split:
      // both notices come from codes (the second from the engine host) worded in the panel.
      const cut = messagePattern(vietnamese.summary_longPage!.message);
      const parts = messagePattern(vietnamese.notice_summaryFirstParts!.message);
      await long.waitForFunction(
        (a: string, b: string) => {
          const shown = [...document.querySelectorAll('.notice')].map((e) => e.textContent ?? '');
          return [a, b].every((p) => shown.some((n) => new RegExp(p, 's').test(n)));
        },
        { timeout: MODEL_RUN, polling: 200 },
        cut.source,
        parts.source,
      );
      const notices = await long.$$eval('.notice', (els) => els.map((e) => e.textContent ?? ''));
      expect(notices.find((n) => cut.test(n))).toMatch(/ 2\.000\.000 ký tự đầu trong tổng số [\d.]+ ký tự/);
      expect(notices.find((n) => parts.test(n))).toMatch(/ 48 phần đầu /);
      await long.screenshot({ path: path.join(SCREENS, 'vi-long-page.png') as `${string}.png` });
      // The page's own words, under "Text Locus read", are English like the page: not the panel's.
      expect(englishLeft(await shownTexts(long, '.captured-text pre'))).toEqual([]);
      // Stopped here: the parts are read and combined in English tests (bad-input.test.ts).
      await clickSteady(long, 'button.stop.run-button');
      expect(await waitForPhase(long, ['stopped', 'done', 'error'], UI)).not.toBe('error');
    } finally {
      await long.close();
      await study.close();
    }
  });
});
