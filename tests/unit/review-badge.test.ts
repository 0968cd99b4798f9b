/**
 * The "due" badge on the extension's icon: the number of cards due today (within the daily limits),
 * cleared when the student turns it off, refreshed by an alarm at the next review day; updates
 * serialized. On a real Dexie database (fake-indexeddb) and a moved clock.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ALARM, badgeText, badgeUpdater, updateReviewBadge, type BadgeDeps } from '../../lib/background/review-badge';
import { DAY_MS, HOUR_MS, ManualClock } from '../../lib/review/clock';
import { answerCard } from '../../lib/review/review-store';
import { LocusDatabase } from '../../lib/store/db';
import { saveDeck } from '../../lib/store/study-records';

let db: LocusDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

const T0 = Date.UTC(2026, 5, 1, 10, 0);

function deps(clock: ManualClock, settings: { reviewBadge: boolean; reviewNewPerDay: number; reviewsPerDay: number }) {
  const badges: Array<{ text: string; color: string }> = [];
  const alarms: Array<{ name: string; when: number; periodInMinutes: number }> = [];
  const d: BadgeDeps = {
    db: () => db!,
    clock: async () => clock,
    settings: async () => settings,
    setBadge: async (text, color) => void badges.push({ text, color }),
    setAlarm: (name, info) => void alarms.push({ name, ...info }),
    day: { timeZone: 'UTC' },
  };
  return { d, badges, alarms };
}

describe('due badge', () => {
  it('shows what a badge can hold', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-3)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
    expect(badgeText(Number.NaN)).toBe('');
  });

  it('counts the cards due today within the limits, and follows answers and days', async () => {
    db = new LocusDatabase(`locus-badge-${process.pid}`);
    const clock = new ManualClock(T0);
    const cards = Array.from({ length: 25 }, (_, i) => ({
      kind: 'flashcard' as const,
      question: `Q${i}?`,
      answer: `A${i}`,
      right: 0,
      wrong: 0,
    }));
    await saveDeck(db, { id: 'd', url: 'https://ocw.example/d', title: 'D', createdAt: T0 - DAY_MS, cards });
    const { d, badges, alarms } = deps(clock, { reviewBadge: true, reviewNewPerDay: 20, reviewsPerDay: 200 });
    expect(await updateReviewBadge(d)).toBe(20); // 25 new cards, 20 a day
    expect(badges.at(-1)!.text).toBe('20');
    // The alarm: the next review day (4 a.m. UTC tomorrow), then hourly.
    expect(alarms.at(-1)!.name).toBe(REVIEW_ALARM);
    expect(alarms.at(-1)!.periodInMinutes).toBe(60);

    await answerCard({ db, clock, limits: { newPerDay: 20, reviewsPerDay: 200 }, day: { timeZone: 'UTC' } }, 'd#0', 'easy');
    expect(await updateReviewBadge(d)).toBe(19);
    clock.set(Date.UTC(2026, 5, 2, 4, 0) + HOUR_MS); // the next review day
    expect(await updateReviewBadge(d)).toBe(20); // 20 of the 24 still new
  });

  it('is cleared when the student turns it off', async () => {
    db = new LocusDatabase(`locus-badge-off-${process.pid}`);
    await saveDeck(db, {
      id: 'd',
      url: 'u',
      title: 'D',
      createdAt: T0,
      cards: [{ kind: 'flashcard', question: 'Q', answer: 'A', right: 0, wrong: 0 }],
    });
    const { d, badges } = deps(new ManualClock(T0), { reviewBadge: false, reviewNewPerDay: 20, reviewsPerDay: 200 });
    expect(await updateReviewBadge(d)).toBe(0);
    expect(badges).toEqual([{ text: '', color: expect.any(String) }]);
  });

  it('runs one update at a time', async () => {
    db = new LocusDatabase(`locus-badge-serial-${process.pid}`);
    const { d, badges } = deps(new ManualClock(T0), { reviewBadge: true, reviewNewPerDay: 20, reviewsPerDay: 200 });
    let inFlight = 0;
    let most = 0;
    const slow: BadgeDeps = {
      ...d,
      setBadge: async (text, color) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight -= 1;
        await d.setBadge(text, color);
      },
    };
    const update = badgeUpdater(slow);
    await Promise.all([update(), update(), update()]);
    expect(most).toBe(1);
    expect(badges).toHaveLength(3);
  });
});
