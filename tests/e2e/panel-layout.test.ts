// The panel holds still and reads the right way (issue 14, items 4 and 6), with the real stories260K
// model from a local model host and course pages on 127.0.0.1, in Chromium:
// - No layout jump: from the moment the panel opens, through the model card's "Checking…",
//   "Preparing…" (the warm start after the browser restarts) and ready, and through a first summary
//   (its download bar, Stop in Summarize's place, the text streaming in), the Summarize button stays
//   exactly where it is; a recorder in the panel page notes its box at every change of the page.
// - Right to left, for real: Chromium in Arabic (LANGUAGE=ar, --lang=ar) and in Hebrew. Locus has no
//   Arabic or Hebrew words, so its panel is English, left to right; an Arabic course page's title and
//   its summaries (in the page's language, or in Arabic asked for) read from the right and are
//   aligned right; nothing sticks out of the 420 px panel.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN, UI } from '../support/deadlines.mjs';
import { chooseStories, closeAll, COURSE_HOME, screensDir } from '../support/e2e-setup.mjs';
import { answerLayouts, layoutLog, overflowing, RECORD_RUN_BUTTON } from '../support/layout.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { clickSteady, errorText, modelCardSettled, panelText, STUDY_VIEWS, waitForPhase } from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const SCREENS = screensDir('/work/screens/polish14');
const ARABIC_PAGE = readFileSync(path.join(import.meta.dirname, 'fixtures/arabic-course.html'), 'utf8');
const ARABIC_TITLE = 'مقدمة في علم الأرض: الصفحة الرئيسية للمقرر';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let profile: string;
let s: Session | undefined;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  pages.add('/arabic/course-home.html', ARABIC_PAGE);
  profile = mkdtempSync(path.join(os.tmpdir(), 'locus-layout-profile-'));
});

afterAll(async () => {
  await closeAll(s, pages, host);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Starts the browser again on the same profile (as after a restart), in `lang` when given. */
async function restart(lang?: string): Promise<Session> {
  await s?.close();
  s = await launchWithExtension({
    userDataDir: profile,
    extension: process.env.LOCUS_E2E_EXTENSION,
    ...(lang ? { extraArgs: [`--lang=${lang}`], env: { LANGUAGE: lang } } : {}),
  });
  await s.requests.addScriptToNewPages(RECORD_RUN_BUTTON);
  return s;
}

/** Opens `url` as the student's page, then the panel beside it at 420 × 900. */
async function studyWithPanel(session: Session, url: string): Promise<Page> {
  const study = await session.browser.newPage();
  await study.goto(url);
  await study.bringToFront();
  const panel = await session.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(session.panelUrl);
  await panel.waitForSelector('button.run-button', { timeout: UI });
  return panel;
}

/** Where the Summarize button (or Stop in its place) was, each time the page changed. */
async function buttonPlaces(panel: Page) {
  const log = await layoutLog(panel);
  return { log, places: [...new Set(log.map((e) => `${Math.round(e.left)},${Math.round(e.top)}`))] };
}

async function screenshot(panel: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await panel.screenshot({ path: path.join(SCREENS, `${name}-${scheme}.png`) as `${string}.png` });
  }
  await panel.emulateMediaFeatures([]);
}

describe('no layout jump in the Summarize view', () => {
  test('a first summary: the download bar, Stop and the streaming text appear, and the button never moves', async () => {
    const setup = await restart();
    await chooseStories(setup, pages.origin + COURSE_HOME, host.origin);
    const panel = await studyWithPanel(setup, pages.origin + COURSE_HOME);
    // Clicked as soon as it holds still: nothing above it is waited for.
    await clickSteady(panel, 'button.run-button');
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');
    const { log, places } = await buttonPlaces(panel);
    // The states the student saw: the model downloaded (its bar), Stop while it wrote, then done.
    expect(log.some((e) => e.bar && e.phase === 'downloading')).toBe(true);
    expect(log.some((e) => e.phase === 'writing' && e.label === 'Stop')).toBe(true);
    expect(log.at(-1)).toMatchObject({ phase: 'done', label: 'Summarize page' });
    expect(places, JSON.stringify(log)).toHaveLength(1);
  });

  test('the warm start after a restart: Checking…, Preparing…, ready, and the button never moves', async () => {
    const session = await restart();
    const panel = await studyWithPanel(session, pages.origin + COURSE_HOME);
    await modelCardSettled(panel);
    await screenshot(panel, 'warm-ready');
    const { log, places } = await buttonPlaces(panel);
    const cards = log.map((e) => e.card).filter((c, i, all) => c !== all[i - 1]);
    expect(cards).toEqual(['checking', 'preparing', 'ready']);
    expect(places, JSON.stringify(log)).toHaveLength(1);
  });
});

describe('right to left, in a browser running in Arabic or Hebrew', () => {
  test('Arabic: the panel is English left to right; the Arabic page and its summaries read and align from the right', async () => {
    const session = await restart('ar');
    const panel = await studyWithPanel(session, `${pages.origin}/arabic/course-home.html`);
    // Locus has no Arabic words: English ones, laid out left to right, tabs from the left.
    expect(await panel.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
    const tabs = await panel.$$eval('nav.study-tabs [role=tab]', (els) => els.map((e) => [e.textContent, e.getBoundingClientRect().left]));
    expect(tabs.map(([label]) => label)).toEqual(STUDY_VIEWS);
    expect(tabs.map(([, left]) => left)).toEqual(tabs.map(([, left]) => left).sort((a, b) => Number(a) - Number(b)));
    // The page's title reads from the right: "Page:" at the right edge, the title to its left.
    await panel.waitForFunction(
      (title: string) => document.querySelector('.page-title strong')?.textContent === title,
      { timeout: UI },
      ARABIC_TITLE,
    );
    const title = await panel.$eval('.page-title', (p) => {
      const label = p.querySelector('span')!.getBoundingClientRect();
      const strong = p.querySelector('strong')!.getBoundingClientRect();
      return {
        dir: getComputedStyle(p).direction,
        labelRight: label.right,
        pRight: p.getBoundingClientRect().right,
        strongRight: strong.right,
        labelLeft: label.left,
      };
    });
    expect(title.dir).toBe('rtl');
    expect(Math.abs(title.labelRight - title.pRight)).toBeLessThanOrEqual(1);
    expect(title.strongRight).toBeLessThanOrEqual(title.labelLeft + 1);

    // A summary in the page's language (the setting's default), then one with "Answer in" Arabic.
    await modelCardSettled(panel);
    await clickSteady(panel, 'button.run-button');
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');
    expect(await answerLayouts(panel, '.thread-card.live .summary .markdown')).toMatchObject([
      { lang: 'ar', direction: 'rtl', alignedRight: true },
    ]);
    await panel.select('select[name=answerLanguage]', 'ar');
    await clickSteady(panel, 'button.run-button');
    expect(await waitForPhase(panel, ['done', 'error'], MODEL_RUN), await errorText(panel)).toBe('done');
    // Both summaries are cards of the thread now: each reads from the right and is aligned right.
    const cards = await answerLayouts(panel, '.thread-card .markdown');
    expect(cards).toHaveLength(2);
    for (const card of cards) expect(card, JSON.stringify(cards)).toMatchObject({ direction: 'rtl', alignedRight: true });
    // A question typed in the composer, answered in the page's language ("Answer in" back to the
    // setting's default): its card keeps the page's language, so it reads from the right too,
    // whatever the model's own words are (stories260K writes English).
    await panel.select('select[name=answerLanguage]', '');
    await panel.type('section.thread input[name=threadQuestion]', 'What is this course about?');
    await panel.keyboard.press('Enter');
    // The question taken (the composer emptied), then its answer's card, or what stopped it (an error
    // in the thread, the question back in the composer).
    await panel.waitForFunction(() => document.querySelector<HTMLInputElement>('section.thread input[name=threadQuestion]')?.value === '', {
      timeout: UI,
    });
    await panel.waitForFunction(
      () =>
        document.querySelector('.thread-card[data-kind=answer]:not(.working) .markdown') ||
        document.querySelector('section.thread .error') ||
        (document.querySelector<HTMLInputElement>('section.thread input[name=threadQuestion]')?.value ?? '') !== '',
      { timeout: MODEL_RUN, polling: 200 },
    );
    expect(await panel.$('.thread-card[data-kind=answer]:not(.working) .markdown'), await panelText(panel)).not.toBeNull();
    const answers = await answerLayouts(panel, '.thread-card[data-kind=answer] .markdown');
    expect(answers, await errorText(panel)).toMatchObject([{ lang: 'ar', direction: 'rtl', alignedRight: true }]);
    // The panel's own words stay left to right, and nothing sticks out of its width.
    expect(await panel.$eval('button.run-button', (b) => getComputedStyle(b).direction)).toBe('ltr');
    expect(await overflowing(panel)).toEqual([]);
    await screenshot(panel, 'arabic-summarized');
  });

  test('Hebrew: the panel is English left to right too, and nothing sticks out', async () => {
    const session = await restart('he');
    const panel = await studyWithPanel(session, pages.origin + COURSE_HOME);
    expect(await panel.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
    expect(await panel.$$eval('nav.study-tabs [role=tab]', (els) => els.map((e) => e.textContent))).toEqual(STUDY_VIEWS);
    expect(await overflowing(panel)).toEqual([]);
  });
});
