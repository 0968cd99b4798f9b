/**
 * What the Review tab shows, as pure functions: the waits on the rating buttons, today's breakdown,
 * the test clock's notice, the date of the next review (a review day starts at 4 a.m.), and when
 * reviewing starts again once today's queue is empty.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import { intervalText, offsetText, queueBreakdown, reviewDateText } from '../../lib/panel/review-state';
import { DAY_MS, HOUR_MS } from '../../lib/review/clock';
import { buildReviewQueue, nextReviewAt } from '../../lib/review/review-queue';
import { formatInterval } from '../../lib/review/scheduler';
import { newReviewState, type ReviewStateRow } from '../../lib/store/db';

const UTC = { timeZone: 'UTC', locale: 'en-US' };
const T0 = Date.UTC(2026, 11, 4, 10, 0); // Friday 4 December 2026, 10:00 UTC

describe('review tab texts', () => {
  it('says each wait the way a student reads it', () => {
    expect(intervalText(formatInterval(60_000))).toBe('1 min');
    expect(intervalText(formatInterval(10 * 60_000))).toBe('10 min');
    expect(intervalText(formatInterval(HOUR_MS))).toBe('1 hour');
    expect(intervalText(formatInterval(3 * DAY_MS))).toBe('3 days');
    expect(intervalText(formatInterval(1 * DAY_MS))).toBe('1 day');
    expect(intervalText(formatInterval(75 * DAY_MS))).toBe('2.5 months');
  });

  it('breaks today down, leaving out kinds with none', () => {
    expect(queueBreakdown({ new: 3, learning: 1, laterToday: 1, review: 0 })).toBe('3 new · 2 learning');
    expect(queueBreakdown({ new: 0, learning: 0, laterToday: 0, review: 4 })).toBe('4 to review');
  });

  it('shows a moved test clock', () => {
    expect(offsetText(3 * DAY_MS + HOUR_MS)).toBe('+3 days 1 hour');
    expect(offsetText(-DAY_MS)).toBe('−1 day');
    expect(offsetText(2 * 60_000)).toBe('+2 min');
  });

  it('dates the next review by its review day', () => {
    expect(reviewDateText(T0 + DAY_MS, T0, UTC)).toBe('Saturday, December 5');
    // 3 a.m. on the 8th still belongs to the review day of the 7th.
    expect(reviewDateText(Date.UTC(2026, 11, 8, 3, 0), T0, UTC)).toBe('Monday, December 7');
    expect(reviewDateText(Date.UTC(2027, 0, 2, 12, 0), T0, UTC)).toBe('Saturday, January 2, 2027');
  });
});

describe('next review after today', () => {
  const dayEnd = Date.UTC(2026, 11, 5, 4, 0);
  const limits = { newPerDay: 1, reviewsPerDay: 200 };
  const done = { newIntroduced: 1, reviews: 0 };
  const reviewed = (due: number): ReviewStateRow => ({ ...newReviewState('d', 0, 'Q', T0), state: 'review', due, stability: 3 });

  it('is tomorrow when the daily limit held new cards back', () => {
    const states = [newReviewState('d', 1, 'Q2', T0)];
    const queue = buildReviewQueue(states, { now: T0, dayEnd, limits, done });
    expect(queue.cards).toEqual([]);
    expect(nextReviewAt(states, queue, dayEnd)).toBe(dayEnd);
  });

  it('is the earliest due card otherwise, and none without cards', () => {
    const states = [reviewed(T0 + 5 * DAY_MS), reviewed(T0 + 3 * DAY_MS)];
    const queue = buildReviewQueue(states, { now: T0, dayEnd, limits, done });
    expect(nextReviewAt(states, queue, dayEnd)).toBe(T0 + 3 * DAY_MS);
    expect(nextReviewAt([], buildReviewQueue([], { now: T0, dayEnd, limits, done }), dayEnd)).toBeNull();
  });

  it('is not set while cards are left today', () => {
    const states = [reviewed(T0 - HOUR_MS)];
    const queue = buildReviewQueue(states, { now: T0, dayEnd, limits, done });
    expect(nextReviewAt(states, queue, dayEnd)).toBeNull();
  });
});
