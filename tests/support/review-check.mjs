// Checks the spaced-review plumbing of the built extension in Chromium: the due badge on the icon
// (counted by the background from IndexedDB, refreshed on `review.changed`), the test clock (a
// storage.session offset, honoured because the build is unpacked), and that a browser restart
// keeps the decks and review states but drops the test clock (session storage is emptied).
//
//   npm run build && node tests/support/review-check.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchWithExtension } from './browser.mjs';

const DAY = 86_400_000;
const profile = mkdtempSync(path.join(os.tmpdir(), 'locus-review-check-'));
let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};

/** Runs `fn` in the extension's panel page. */
async function inPanel(session, fn, ...args) {
  const page = await session.browser.newPage();
  try {
    await page.goto(session.panelUrl);
    return await page.evaluate(fn, ...args);
  } finally {
    await page.close();
  }
}

/** Waits until the badge shows `text` (the background updates it after the message returns). */
async function badgeBecomes(session, text, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    last = await inPanel(session, () => chrome.action.getBadgeText({}));
    if (last === text) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

let session = await launchWithExtension({ userDataDir: profile, extension: process.env.LOCUS_E2E_EXTENSION });
try {
  const installType = await inPanel(session, async () => (await chrome.management.getSelf()).installType);
  check(installType === 'development', `an unpacked build reports installType "${installType}" (the test clock's lock)`);

  // A deck of three cards, written as the panel writes it (Dexie table `decks`); the background
  // gives its cards review states when it counts.
  const now = Date.now();
  await inPanel(
    session,
    (deck) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('decks', 'readwrite');
          tx.objectStore('decks').put(deck);
          tx.oncomplete = () => resolve(undefined);
          tx.onerror = () => reject(tx.error);
        };
      }),
    {
      id: 'check',
      url: 'https://ocw.example/rivers',
      title: 'Rivers · flashcards',
      createdAt: now - DAY,
      cards: [1, 2, 3].map((n) => ({ kind: 'flashcard', question: `Question ${n}?`, answer: `Answer ${n}`, right: 0, wrong: 0 })),
    },
  );
  let reply = await inPanel(session, () => chrome.runtime.sendMessage({ type: 'review.changed' }));
  check(reply.ok && reply.value.due === 3, `review.changed: ${JSON.stringify(reply)}`);
  check((await badgeBecomes(session, '3')) === '3', 'the badge says 3 cards are due');

  // The three cards reviewed: due in three days (as FSRS would put them after "Easy").
  await inPanel(
    session,
    (due) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onsuccess = () => {
          const tx = open.result.transaction('reviewStates', 'readwrite');
          const store = tx.objectStore('reviewStates');
          store.getAll().onsuccess = (e) => {
            for (const row of e.target.result)
              store.put({
                ...row,
                state: 'review',
                due,
                stability: 3,
                difficulty: 5,
                reps: 1,
                scheduledDays: 3,
                lastReview: due - 3 * 86_400_000,
              });
          };
          tx.oncomplete = () => resolve(undefined);
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    now + 3 * DAY,
  );
  reply = await inPanel(session, () => chrome.runtime.sendMessage({ type: 'review.changed' }));
  check(reply.ok && reply.value.due === 0 && (await badgeBecomes(session, '')) === '', `nothing due today: ${JSON.stringify(reply)}`);

  // The test clock: three days on. The background follows the change by itself.
  await inPanel(session, (ms) => chrome.storage.session.set({ locusTestClockOffsetMs: ms }), 3 * DAY + 3_600_000);
  check((await badgeBecomes(session, '3')) === '3', 'three days later (test clock), the three cards are due again');

  // The student turns the badge off (the setting), then on again.
  const setBadgeSetting = (on) =>
    inPanel(
      session,
      (value) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('locus');
          open.onsuccess = () => {
            const tx = open.result.transaction('settings', 'readwrite');
            const store = tx.objectStore('settings');
            store.get('settings').onsuccess = (e) =>
              store.put({ key: 'settings', value: { ...(e.target.result?.value ?? {}), reviewBadge: value } });
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
      on,
    );
  await setBadgeSetting(false);
  await inPanel(session, () => chrome.runtime.sendMessage({ type: 'review.changed' }));
  check((await badgeBecomes(session, '')) === '', 'the badge is cleared when the student turns it off');
  await setBadgeSetting(true);
  await inPanel(session, () => chrome.runtime.sendMessage({ type: 'review.changed' }));
  check((await badgeBecomes(session, '3')) === '3', 'and back when turned on');

  // Restart: decks and review states stay, the test clock does not.
  await session.browser.close();
  session = await launchWithExtension({ userDataDir: profile, extension: process.env.LOCUS_E2E_EXTENSION });
  const offset = await inPanel(
    session,
    async () => (await chrome.storage.session.get('locusTestClockOffsetMs')).locusTestClockOffsetMs ?? null,
  );
  check(offset === null, `after a restart the test clock is gone (${offset})`);
  const counts = await inPanel(
    session,
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('locus');
        open.onsuccess = () => {
          const tx = open.result.transaction(['decks', 'reviewStates'], 'readonly');
          const out = {};
          tx.objectStore('decks').count().onsuccess = (e) => (out.decks = e.target.result);
          tx.objectStore('reviewStates').getAll().onsuccess = (e) => (out.states = e.target.result.map((s) => s.state));
          tx.oncomplete = () => resolve(out);
        };
      }),
  );
  check(counts.decks === 1 && counts.states.join() === 'review,review,review', `after a restart: ${JSON.stringify(counts)}`);
  check((await badgeBecomes(session, '')) === '', 'and on real time nothing is due (the badge was recounted at start)');
  const outside = session.requests.outside();
  check(outside.length === 0, `no request left for anywhere but 127.0.0.1 and the extension (${outside.length})`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await session.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
