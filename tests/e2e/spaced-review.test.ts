// Spaced review, end to end, as a student uses it: the built extension in Chromium with a kept
// profile, a course page served on 127.0.0.1, the Review tab driven by clicks.
//
// The deck: the models this machine has (stories260K) write stories, never usable cards (see
// study-tools.test.ts, "says honestly when it holds no usable cards"). So the deck is written into the
// extension's database the way the panel writes a deck made from this page: the page's text as the
// panel captures it (the background's page.capture), cards as a model writes them, each card's
// source found by the very function deck creation uses (lib/review/card-source.ts withCardSources).
// Everything after that is the product: the review queue, FSRS, the badge, the test clock.
//
// Days pass through the extension's test clock (lib/review/test-clock.ts): an offset in
// storage.session, honoured only by an unpacked build, shown on screen while in effect, and gone
// when the browser closes. (This file took over tests/support/review-check.mjs's checks.)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withCardSources } from '../../lib/review/card-source';
import { MINUTE_MS } from '../../lib/review/clock';
import { nextReviewDayStart } from '../../lib/review/review-day';
import type { DeckRow, ReviewStateRow } from '../../lib/store/db';
import { launchWithExtension } from '../support/browser.mjs';
import { UI } from '../support/deadlines.mjs';
import { coursePageShell, startPageServer } from '../support/page-server.mjs';
import { openPanelTab, openView, waitForText } from '../support/panel.mjs';
import { until } from '../support/until.mjs';
import { putLocusRow } from '../support/locus-db.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
type Page = Awaited<ReturnType<Session['browser']['newPage']>>;

const PAGE_PATH = '/course/rivers.html';
const PARAGRAPHS = [
  'Rivers carry sand and gravel downstream, and drop them where the current slows.',
  'A delta forms at the mouth of a river, where it meets the sea and its water spreads out.',
  'Meanders are loops a river cuts into its floodplain as it erodes the outer bank of each bend.',
];
const MODEL_CARDS = [
  { question: 'What do rivers carry downstream?', answer: 'Sand and gravel' },
  { question: 'Where does a delta form?', answer: 'At the mouth of a river, where it meets the sea' },
  { question: 'What are meanders?', answer: 'Loops a river cuts into its floodplain' },
];

let pages: Awaited<ReturnType<typeof startPageServer>>;
let s: Session;
let profile: string;
let downloads: string;
let pageUrl: string;
let panel: Page;

beforeAll(async () => {
  pages = await startPageServer();
  pageUrl = pages.add(
    PAGE_PATH,
    coursePageShell('Rivers and deltas', `<h2>How rivers shape land</h2>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`),
  );
  profile = mkdtempSync(path.join(os.tmpdir(), 'locus-review-profile-'));
  downloads = mkdtempSync(path.join(os.tmpdir(), 'locus-review-downloads-'));
  s = await launchWithExtension({ userDataDir: profile, extension: process.env.LOCUS_E2E_EXTENSION });
});

afterAll(async () => {
  await s?.close();
  await pages?.stop();
  rmSync(profile, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
});

/** The number on the extension's icon, once it becomes `text` (the background sets it after a change). */
async function badgeBecomes(text: string): Promise<void> {
  let last = '?';
  await until(async () => (last = await panel.evaluate(() => chrome.action.getBadgeText({}))) === text, {
    timeoutMs: UI,
    what: () => `the badge says "${last}", not "${text}"`,
  });
}

/** Screenshots of the Review tab at 420×900 when LOCUS_SCREENS names a folder (for people to look at). */
async function shot(name: string): Promise<void> {
  const dir = process.env.LOCUS_SCREENS;
  if (!dir) return;
  await panel.setViewport({ width: 420, height: 900 });
  await panel.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Moves the extension's clock `ms` ahead of real time (0: back to real time). */
async function setTestClock(ms: number): Promise<void> {
  await panel.evaluate((v) => chrome.storage.session.set({ locusTestClockOffsetMs: v }), ms);
}

/** Leaves the Review tab and comes back: it reads today's queue again, as when a student returns to it. */
async function reopenReview(): Promise<void> {
  await openView(panel, 'Quiz');
  await openView(panel, 'Review');
  await panel.waitForSelector('section[aria-label="Review"][aria-busy="false"]', { timeout: UI });
}

/** Unfolds "Review settings" (folded each time the tab opens). */
async function openReviewSettings(): Promise<void> {
  if (!(await panel.$eval('details.review-settings', (d) => (d as HTMLDetailsElement).open)))
    await panel.click('details.review-settings > summary');
  await panel.waitForSelector('input[name=reviewBadge]', { visible: true, timeout: UI });
}

async function dueText(): Promise<string> {
  return panel.$eval('.review-due', (el) => el.textContent ?? '');
}

/** The database as stored: every card's review state, the decks, the answers given. */
function stored(): Promise<{ states: ReviewStateRow[]; decks: number; logs: number }> {
  return panel.evaluate(
    () =>
      new Promise<{ states: ReviewStateRow[]; decks: number; logs: number }>((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['decks', 'reviewStates', 'reviewLogs'], 'readonly');
          const out = { states: [] as ReviewStateRow[], decks: 0, logs: 0 };
          tx.objectStore('decks').count().onsuccess = (e) => (out.decks = (e.target as IDBRequest<number>).result);
          tx.objectStore('reviewLogs').count().onsuccess = (e) => (out.logs = (e.target as IDBRequest<number>).result);
          tx.objectStore('reviewStates').getAll().onsuccess = (e) => (out.states = (e.target as IDBRequest<ReviewStateRow[]>).result);
          tx.oncomplete = () => {
            open.result.close();
            resolve(out);
          };
        };
      }),
  );
}

/** Reveals the card shown and presses one rating; returns the buttons' labels it saw. */
async function answer(rating: 'Again' | 'Hard' | 'Good' | 'Easy'): Promise<string[]> {
  const id = await panel.$eval('.review-card', (el) => el.getAttribute('data-card'));
  await panel.click('::-p-text(Reveal the answer)');
  await panel.waitForSelector('.review-ratings button:not([disabled])');
  const labels = await panel.$$eval('.review-ratings button', (bs) => bs.map((b) => b.textContent ?? ''));
  await panel.click(`.review-ratings button[data-rating=${rating.toLowerCase()}]`);
  // The next card (or the end of today's queue) replaces this one.
  await panel.waitForFunction((prev) => document.querySelector('.review-card')?.getAttribute('data-card') !== prev, { timeout: UI }, id);
  return labels;
}

describe('spaced review', () => {
  test('a deck made from a page is reviewed today, comes back on its due day, and survives a restart', async () => {
    const study = await s.browser.newPage();
    await study.goto(pageUrl);
    panel = await openPanelTab(s, study);
    const cdp = await s.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    expect(await panel.evaluate(async () => (await chrome.management.getSelf()).installType)).toBe('development');

    // The deck, as the panel saves one made from this page (see the top of this file).
    const captured = await panel.evaluate(async (url: string) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      return chrome.runtime.sendMessage({ type: 'page.capture', tabId: tab!.id });
    }, pageUrl);
    expect(captured.ok).toBe(true);
    const cards = withCardSources<DeckRow['cards'][number]>(
      MODEL_CARDS.map((c) => ({ kind: 'flashcard' as const, ...c, right: 0, wrong: 0 })),
      { url: captured.value.url, text: captured.value.text, kind: 'web' },
    );
    expect(cards.map((c) => c.source?.text)).toEqual(PARAGRAPHS);
    const deck: DeckRow = { id: 'rivers', url: pageUrl, title: 'Rivers and deltas · flashcards', createdAt: Date.now(), cards };
    await putLocusRow(panel, 'decks', deck);

    // Today: three new cards; the daily limit of new cards holds some back, the student raises it.
    await openView(panel, 'Review');
    await panel.waitForSelector('section[aria-label="Review"][aria-busy="false"]');
    expect(await dueText()).toBe('3 cards due today');
    expect(await panel.$eval('.review-breakdown', (el) => el.textContent)).toBe('3 new');
    await shot('1-due-today');
    await openReviewSettings();
    await panel.click('input[name=reviewNewPerDay]', { count: 3 });
    await panel.type('input[name=reviewNewPerDay]', '2');
    await panel.click('::-p-text(Save limits)');
    await waitForText(panel, '.review-due', /^2 cards due today$/);
    await waitForText(panel, '.review-over-limit', /1 more wait for the next days/);
    await panel.click('input[name=reviewNewPerDay]', { count: 3 });
    await panel.type('input[name=reviewNewPerDay]', '20');
    await panel.click('::-p-text(Save limits)');
    await waitForText(panel, '.review-due', /^3 cards due today$/);

    // The first card: its question; revealed, its answer and its source passage, opened highlighted.
    expect(await panel.$eval('.review-question', (el) => el.textContent)).toBe(MODEL_CARDS[0]!.question);
    await panel.click('::-p-text(Reveal the answer)');
    expect(await panel.$eval('.review-answer', (el) => el.textContent)).toBe(MODEL_CARDS[0]!.answer);
    const opened = s.browser.waitForTarget((t) => t.type() === 'page' && t.url().includes(`${PAGE_PATH}#:~:text=`), { timeout: UI });
    await panel.click('.review-source');
    const source = (await (await opened).page())!;
    source.setDefaultTimeout(UI);
    await source.waitForFunction(() =>
      (globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.has('locus-citation'),
    );
    const highlighted = await source.evaluate(() =>
      [...(globalThis as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.get('locus-citation')!]
        .map((r) => r.toString())
        .join(' '),
    );
    expect(highlighted).toContain(PARAGRAPHS[0]);
    await source.close();
    await panel.bringToFront();

    await shot('2-revealed');
    // Each button says the wait it gives: FSRS's learning steps for a new card, days for Easy.
    const labels = await panel.$$eval('.review-ratings button', (bs) => bs.map((b) => b.textContent ?? ''));
    expect(labels.slice(0, 3)).toEqual(['Again · 1 min', 'Hard · 6 min', 'Good · 10 min']);
    expect(labels[3]).toMatch(/^Easy · \d+ days$/);
    await panel.click('.review-ratings button[data-rating=again]');
    await until(async () => (await panel.$eval('.review-question', (el) => el.textContent)) === MODEL_CARDS[1]!.question, {
      timeoutMs: UI,
      what: 'the second card after "Again"',
    });
    await answer('Easy');
    await answer('Easy');
    // Left today: the first card, one minute after "Again". Two minutes on (test clock), it is back.
    await setTestClock(2 * MINUTE_MS);
    // The tab follows the moved clock by itself, and says the clock is moved.
    await waitForText(panel, '.review-test-clock', /Test clock: \+2 min/);
    await waitForText(panel, '.review-due', /^1 card due today$/);
    expect(await panel.$eval('.review-question', (el) => el.textContent)).toBe(MODEL_CARDS[0]!.question);
    await answer('Easy');
    await waitForText(panel, '.review-due', /^0 cards due today$/);
    await waitForText(panel, '.review-done', /All done for today \(4 answers\) — next review \w+day, \w+ \d+\./);
    await badgeBecomes('');
    await shot('3-all-done');

    let db = await stored();
    expect(db.decks).toBe(1);
    expect(db.logs).toBe(4);
    expect(db.states.map((r) => r.state)).toEqual(['review', 'review', 'review']);
    const firstDue = Math.min(...db.states.map((r) => r.due));
    expect(firstDue).toBeGreaterThan(Date.now() + 24 * 60 * MINUTE_MS);

    // The next due day (test clock): the cards due by the end of that review day come back.
    const offset = firstDue - Date.now() + MINUTE_MS;
    const dayEnd = nextReviewDayStart(Date.now() + offset);
    const dueThen = db.states.filter((r) => r.due < dayEnd).length;
    expect(dueThen).toBeGreaterThan(0);
    await setTestClock(offset);
    await badgeBecomes(String(dueThen));
    await waitForText(panel, '.review-test-clock', /Test clock: \+\d+ days?/);
    await waitForText(panel, '.review-due', new RegExp(`^${dueThen} cards? due today$`));
    // Coming back to the tab later shows the same.
    await reopenReview();
    expect(await dueText()).toBe(`${dueThen} card${dueThen === 1 ? '' : 's'} due today`);
    expect(await panel.$eval('.review-breakdown', (el) => el.textContent)).toBe(`${dueThen} to review`);

    await shot('4-test-clock-due-again');
    // The badge on the icon: the student turns it off, then on again.
    await openReviewSettings();
    await panel.click('input[name=reviewBadge]');
    await waitForText(panel, '.review-settings-note', /^Saved\.$/);
    expect(await panel.$eval('input[name=reviewBadge]', (el) => (el as HTMLInputElement).checked)).toBe(false);
    await badgeBecomes('');
    await shot('5-settings-badge-off');
    await panel.click('input[name=reviewBadge]');
    await badgeBecomes(String(dueThen));

    // Reviewed again: each answer lowers the count, down to 0.
    for (let left = dueThen; left > 0; left--) {
      expect(await dueText()).toBe(`${left} card${left === 1 ? '' : 's'} due today`);
      const waits = await answer('Good');
      expect(waits[2]).toMatch(/^Good · \d+(\.\d)? (days|months)$/);
    }
    await waitForText(panel, '.review-due', /^0 cards due today$/);
    await badgeBecomes('');

    // The review history: one CSV row per answer.
    await panel.click('::-p-text(Export (CSV))');
    const csvFile = await until(() => readdirSync(downloads).find((f) => f === 'locus-review-history.csv'), {
      timeoutMs: UI,
      what: () => `no review history in ${downloads}: ${readdirSync(downloads).join(', ')}`,
    });
    const rows = readFileSync(path.join(downloads, csvFile), 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\n');
    expect(rows[0]).toMatch(/^card_id,deck,card,question,reviewed_at,rating,ease,/);
    expect(rows).toHaveLength(1 + 4 + dueThen);
    expect(rows[1]).toContain(`"rivers#0","Rivers and deltas · flashcards","1","${MODEL_CARDS[0]!.question}"`);
    expect(rows[1]).toContain('"Again","1","new"');

    db = await stored();
    expect(db.logs).toBe(4 + dueThen);
    expect(s.requests.outside()).toEqual([]);
    await study.close();

    // A browser restart with the same profile: decks, review states and answers kept; the test clock gone.
    await s.browser.close();
    s = await launchWithExtension({ userDataDir: profile, extension: process.env.LOCUS_E2E_EXTENSION });
    panel = await openPanelTab(s);
    expect(
      await panel.evaluate(async () => (await chrome.storage.session.get('locusTestClockOffsetMs')).locusTestClockOffsetMs ?? null),
    ).toBeNull();
    const after = await stored();
    expect(after.decks).toBe(1);
    expect(after.logs).toBe(db.logs);
    const byId = (rows: ReviewStateRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after.states)).toEqual(byId(db.states));
    await openView(panel, 'Review');
    await panel.waitForSelector('section[aria-label="Review"][aria-busy="false"]');
    expect(await panel.$('.review-test-clock')).toBeNull();
    // On real time again nothing is due before the next review day, which the view names; today's
    // 4 answers (before the restart) still count, those given under the moved clock do not.
    expect(await dueText()).toBe('0 cards due today');
    await waitForText(panel, '.review-done', /All done for today \(4 answers\) — next review \w+day, \w+ \d+\./);
    await badgeBecomes('');
    await shot('6-after-restart');
    expect(s.requests.outside()).toEqual([]);
  });
});
