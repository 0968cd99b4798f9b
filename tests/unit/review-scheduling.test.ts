/**
 * Spaced review over simulated days, on a real Dexie database (fake-indexeddb) and a clock the test
 * moves: FSRS intervals (checked against ts-fsrs's own numbers for its default parameters, computed
 * here with the library directly), "Good again and again" moving a card out, "Again" bringing it
 * back, the review day's 4 a.m. rollover, daily limits and queue order, the review log.
 */
import 'fake-indexeddb/auto';
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, ManualClock } from '../../lib/review/clock';
import { nextReviewDayStart, reviewDay, reviewDayStart } from '../../lib/review/review-day';
import { buildReviewQueue, doneToday, type ReviewLimits } from '../../lib/review/review-queue';
import { answerCard, loadReviewQueue, reconcileReviewStates, reviewHistory, type ReviewContext } from '../../lib/review/review-store';
import { ReviewScheduler, formatInterval, type ReviewRating } from '../../lib/review/scheduler';
import { LocusDatabase, newReviewState, type DeckRow, type ReviewStateRow } from '../../lib/store/db';
import { deleteDeck, saveDeck } from '../../lib/store/study-records';

let opened: LocusDatabase[] = [];
let counter = 0;
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-review-test-${process.pid}-${counter}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened) await db.delete();
  opened = [];
});

/** 2026-03-02 09:00 UTC: a Monday morning. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const UTC = { timeZone: 'UTC' };
const LIMITS: ReviewLimits = { newPerDay: 20, reviewsPerDay: 200 };
const GRADE: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

function deck(id: string, n: number, createdAt = T0 - HOUR_MS): DeckRow {
  return {
    id,
    url: `https://ocw.example/${id}`,
    title: `Deck ${id}`,
    createdAt,
    cards: Array.from({ length: n }, (_, i) => ({
      kind: 'flashcard' as const,
      question: `${id} question ${i + 1}?`,
      answer: `answer ${i + 1}`,
      right: 0,
      wrong: 0,
    })),
  };
}

function context(db: LocusDatabase, clock: ManualClock, limits = LIMITS): ReviewContext {
  return { db, clock, limits, day: UTC };
}

/** ts-fsrs itself, with its default parameters: the reference for every interval. */
function reference() {
  const f = fsrs();
  let card: Card = createEmptyCard(new Date(T0 - HOUR_MS));
  return {
    rate(rating: ReviewRating, at: number) {
      card = f.next(card, new Date(at), GRADE[rating]).card;
      return card;
    },
  };
}

describe('the scheduler is FSRS with its default parameters', () => {
  it('gives the due dates and memory states ts-fsrs gives, answer after answer', () => {
    const ours = new ReviewScheduler();
    const theirs = reference();
    let card = ours.newCard(T0 - HOUR_MS);
    let at = T0;
    const ratings: ReviewRating[] = ['good', 'good', 'hard', 'good', 'easy', 'again', 'good', 'good', 'hard', 'good'];
    for (const rating of ratings) {
      const { card: next, outcome } = ours.rate(card, rating, at);
      const expected = theirs.rate(rating, at);
      expect(next.due).toBe(expected.due.getTime());
      expect(next.stability).toBeCloseTo(expected.stability, 10);
      expect(next.difficulty).toBeCloseTo(expected.difficulty, 10);
      expect(next.scheduledDays).toBe(expected.scheduled_days);
      expect(next.reps).toBe(expected.reps);
      expect(next.lapses).toBe(expected.lapses);
      expect(next.state).toBe(['new', 'learning', 'review', 'relearning'][expected.state]);
      expect(outcome.dueAfter).toBe(next.due);
      expect(outcome.rating).toBe(rating);
      card = next;
      at = next.due; // answered when due
    }
    expect(ours.parameters.request_retention).toBe(0.9);
    expect(ours.parameters.enable_fuzz).toBe(false);
  });

  it('previews each button as ts-fsrs would schedule it', () => {
    const ours = new ReviewScheduler();
    const card = ours.newCard(T0);
    const preview = ours.preview(card, T0);
    const all = fsrs().repeat(createEmptyCard(new Date(T0)), new Date(T0));
    expect(preview.again).toBe(all[Rating.Again].card.due.getTime());
    expect(preview.good).toBe(all[Rating.Good].card.due.getTime());
    expect(preview.easy).toBe(all[Rating.Easy].card.due.getTime());
    // A new card: Again in 1 minute, Good in 10 (the default learning steps), Easy in days.
    expect(preview.again - T0).toBe(MINUTE_MS);
    expect(preview.good - T0).toBe(10 * MINUTE_MS);
    expect(preview.easy - T0).toBeGreaterThanOrEqual(DAY_MS);
  });

  it('writes waits the way the buttons show them', () => {
    expect(formatInterval(MINUTE_MS)).toEqual({ value: 1, unit: 'minute' });
    expect(formatInterval(10 * MINUTE_MS)).toEqual({ value: 10, unit: 'minute' });
    expect(formatInterval(5 * HOUR_MS)).toEqual({ value: 5, unit: 'hour' });
    expect(formatInterval(3 * DAY_MS)).toEqual({ value: 3, unit: 'day' });
    expect(formatInterval(75 * DAY_MS)).toEqual({ value: 2.5, unit: 'month' });
    expect(formatInterval(730 * DAY_MS)).toEqual({ value: 2, unit: 'year' });
  });
});

describe('a card over simulated days', () => {
  it('moves out with Good again and again, and comes back after Again', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    const ctx = context(db, clock);
    await saveDeck(db, deck('rivers', 1));
    const theirs = reference();
    const id = 'rivers#0';

    // Day 0: the new card is due; Good puts it in its 10-minute learning step, still today.
    let queue = await loadReviewQueue(ctx);
    expect(queue.cards.map((c) => c.id)).toEqual([id]);
    expect(queue.counts).toMatchObject({ new: 1, dueToday: 1 });
    let { state } = await answerCard(ctx, id, 'good');
    expect(state.due).toBe(theirs.rate('good', clock.now()).due.getTime());
    expect(state.state).toBe('learning');
    queue = await loadReviewQueue(ctx);
    expect(queue.cards).toEqual([]); // not due yet
    expect(queue.counts).toMatchObject({ laterToday: 1, dueToday: 1 });
    expect(queue.nextLearningAt).toBe(state.due);

    // Ten minutes later it is back; Good graduates it to review, days away.
    clock.set(state.due);
    queue = await loadReviewQueue(ctx);
    expect(queue.cards.map((c) => c.id)).toEqual([id]);
    ({ state } = await answerCard(ctx, id, 'good'));
    expect(state.state).toBe('review');
    expect(state.due).toBe(theirs.rate('good', clock.now()).due.getTime());
    expect((await loadReviewQueue(ctx)).counts.dueToday).toBe(0);

    // Good on every due day: each interval longer than the last, each FSRS's.
    const intervals: number[] = [state.scheduledDays];
    for (let i = 0; i < 6; i++) {
      // The day before it is due, nothing to do; on its day, it is due.
      clock.set(state.due - DAY_MS);
      expect((await loadReviewQueue(ctx)).cards).toEqual([]);
      clock.set(state.due + 2 * HOUR_MS);
      expect((await loadReviewQueue(ctx)).cards.map((c) => c.id)).toEqual([id]);
      ({ state } = await answerCard(ctx, id, 'good'));
      const expected = theirs.rate('good', clock.now());
      expect(state.due).toBe(expected.due.getTime());
      expect(state.scheduledDays).toBe(expected.scheduled_days);
      intervals.push(state.scheduledDays);
    }
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]!).toBeGreaterThan(intervals[i - 1]!);
    expect(intervals.at(-1)!).toBeGreaterThan(60); // out of the way for months
    const before = state;

    // Forgotten on its due day: Again brings it back the same day (relearning, 10 minutes).
    clock.set(state.due + HOUR_MS);
    ({ state } = await answerCard(ctx, id, 'again'));
    const relearn = theirs.rate('again', clock.now());
    expect(state.state).toBe('relearning');
    expect(state.lapses).toBe(1);
    expect(state.due).toBe(relearn.due.getTime());
    expect(state.due - clock.now()).toBe(10 * MINUTE_MS);
    clock.advance(10 * MINUTE_MS);
    expect((await loadReviewQueue(ctx)).cards.map((c) => c.id)).toEqual([id]);
    ({ state } = await answerCard(ctx, id, 'good'));
    expect(state.state).toBe('review');
    expect(state.due).toBe(theirs.rate('good', clock.now()).due.getTime());
    expect(state.scheduledDays).toBeLessThan(before.scheduledDays); // the lapse shortened it

    // Every answer is in the log, oldest first, with the state it was given in.
    const log = await reviewHistory(db);
    expect(log).toHaveLength(2 + 6 + 2);
    expect(log.map((l) => l.rating)).toEqual(['good', 'good', 'good', 'good', 'good', 'good', 'good', 'good', 'again', 'good']);
    expect(log[0]).toMatchObject({ stateBefore: 'new', stateAfter: 'learning', cardId: id, deckId: 'rivers', cardIndex: 0 });
    expect(log[8]).toMatchObject({ stateBefore: 'review', stateAfter: 'relearning' });
    for (let i = 1; i < log.length; i++) expect(log[i]!.review).toBeGreaterThanOrEqual(log[i - 1]!.review);
  });
});

describe('the review day', () => {
  it('ends at 4 a.m. in the student’s time zone', () => {
    const lateEvening = Date.UTC(2026, 2, 2, 23, 30);
    const oneAm = Date.UTC(2026, 2, 3, 1, 0);
    const fiveAm = Date.UTC(2026, 2, 3, 5, 0);
    expect(reviewDay(lateEvening, UTC)).toBe('2026-03-02');
    expect(reviewDay(oneAm, UTC)).toBe('2026-03-02');
    expect(reviewDay(fiveAm, UTC)).toBe('2026-03-03');
    expect(nextReviewDayStart(lateEvening, UTC)).toBe(Date.UTC(2026, 2, 3, 4, 0));
    expect(reviewDayStart(oneAm, UTC)).toBe(Date.UTC(2026, 2, 2, 4, 0));
    // Ho Chi Minh City (UTC+7): 4 a.m. there is 21:00 UTC the day before.
    const hcm = { timeZone: 'Asia/Ho_Chi_Minh' };
    expect(nextReviewDayStart(Date.UTC(2026, 2, 2, 12, 0), hcm)).toBe(Date.UTC(2026, 2, 2, 21, 0));
  });

  it('is 23 hours long when the clocks go forward, 25 when they go back', () => {
    const paris = { timeZone: 'Europe/Paris' };
    // 2026-03-29: clocks go from 2:00 to 3:00 in Paris; the day from 4:00 (UTC+1) to 4:00 (UTC+2).
    const springStart = reviewDayStart(Date.UTC(2026, 2, 29, 12), paris);
    expect(nextReviewDayStart(Date.UTC(2026, 2, 29, 12), paris) - springStart).toBe(24 * HOUR_MS);
    const saturday = reviewDayStart(Date.UTC(2026, 2, 28, 12), paris);
    expect(springStart - saturday).toBe(23 * HOUR_MS);
    // 2026-10-25: back from 3:00 to 2:00.
    const autumn = reviewDayStart(Date.UTC(2026, 9, 25, 12), paris);
    expect(autumn - reviewDayStart(Date.UTC(2026, 9, 24, 12), paris)).toBe(25 * HOUR_MS);
  });

  it('counts a review due before 4 a.m. tomorrow as due today', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deck('night', 1));
    await db.reviewStates.update('night#0', {
      state: 'review',
      due: Date.UTC(2026, 2, 3, 3, 0),
      stability: 5,
      difficulty: 5,
      reps: 3,
      lastReview: T0 - 5 * DAY_MS,
      scheduledDays: 5,
    });
    expect((await loadReviewQueue(context(db, clock))).counts.review).toBe(1);
    await db.reviewStates.update('night#0', { due: Date.UTC(2026, 2, 3, 5, 0) });
    expect((await loadReviewQueue(context(db, clock))).counts.review).toBe(0);
  });
});

describe('daily limits and order', () => {
  it('introduces at most the daily number of new cards, the rest on later days', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    const ctx = context(db, clock, { newPerDay: 20, reviewsPerDay: 200 });
    await saveDeck(db, deck('big', 30));
    let queue = await loadReviewQueue(ctx);
    expect(queue.counts).toMatchObject({ new: 20, newOverLimit: 10 });
    expect(queue.cards.map((c) => c.cardIndex)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const card of queue.cards.slice(0, 20)) await answerCard(ctx, card.id, 'easy');
    queue = await loadReviewQueue(ctx);
    expect(queue.counts.new).toBe(0); // the day's 20 are introduced
    clock.set(nextReviewDayStart(clock.now(), UTC) + HOUR_MS);
    queue = await loadReviewQueue(ctx);
    expect(queue.counts.new).toBe(10);
  });

  it('stops reviews at the daily review limit', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deck('r', 8));
    for (let i = 0; i < 8; i++)
      await db.reviewStates.update(`r#${i}`, {
        state: 'review',
        due: T0 - (8 - i) * HOUR_MS,
        stability: 3,
        difficulty: 5,
        reps: 2,
        lastReview: T0 - 3 * DAY_MS,
        scheduledDays: 3,
      });
    const ctx = context(db, clock, { newPerDay: 20, reviewsPerDay: 5 });
    let queue = await loadReviewQueue(ctx);
    expect(queue.counts).toMatchObject({ review: 5, reviewsOverLimit: 3 });
    expect(queue.cards.map((c) => c.cardIndex)).toEqual([0, 1, 2, 3, 4]); // most overdue first
    await answerCard(ctx, 'r#0', 'good');
    await answerCard(ctx, 'r#1', 'good');
    queue = await loadReviewQueue(ctx);
    expect(queue.counts.review).toBe(3); // 5 a day, 2 done
  });

  it('shows learning cards due now first, then reviews, then new cards', () => {
    const base = (id: string, over: Partial<ReviewStateRow>): ReviewStateRow => ({
      ...newReviewState('d', Number(id.slice(1)), id, T0 - DAY_MS),
      id,
      ...over,
    });
    const states = [
      base('n5', { addedAt: T0 - 2 * DAY_MS }),
      base('r2', { state: 'review', due: T0 - HOUR_MS }),
      base('l3', { state: 'learning', due: T0 - MINUTE_MS }),
      base('n4', { addedAt: T0 - 3 * DAY_MS }),
      base('r1', { state: 'review', due: T0 - DAY_MS }),
      base('l9', { state: 'relearning', due: T0 + 5 * MINUTE_MS }),
      base('r8', { state: 'review', due: T0 + 3 * DAY_MS }),
    ];
    const queue = buildReviewQueue(states, {
      now: T0,
      dayEnd: nextReviewDayStart(T0, UTC),
      limits: LIMITS,
      done: { newIntroduced: 0, reviews: 0 },
    });
    expect(queue.cards.map((c) => c.id)).toEqual(['l3', 'r1', 'r2', 'n4', 'n5']);
    expect(queue.counts).toMatchObject({ learning: 1, review: 2, new: 2, laterToday: 1, dueToday: 6 });
    expect(queue.nextLearningAt).toBe(T0 + 5 * MINUTE_MS);
  });

  it('counts what was done today from the log', () => {
    expect(
      doneToday([
        { cardId: 'a', stateBefore: 'new' },
        { cardId: 'a', stateBefore: 'learning' },
        { cardId: 'b', stateBefore: 'new' },
        { cardId: 'c', stateBefore: 'review' },
        { cardId: 'c', stateBefore: 'relearning' },
        { cardId: 'd', stateBefore: 'review' },
      ]),
    ).toEqual({ newIntroduced: 2, reviews: 2 });
  });
});

describe('review states follow the decks', () => {
  it('gives every saved card a new state, and deleting a deck deletes its states and log', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deck('a', 3));
    await saveDeck(db, deck('b', 2));
    expect((await db.reviewStates.orderBy('id').primaryKeys()).sort()).toEqual(['a#0', 'a#1', 'a#2', 'b#0', 'b#1']);
    const fresh = (await db.reviewStates.get('a#1'))!;
    const ts = createEmptyCard(new Date(fresh.due));
    expect(fresh).toMatchObject({
      state: 'new',
      stability: ts.stability,
      difficulty: ts.difficulty,
      reps: ts.reps,
      lapses: ts.lapses,
      learningSteps: ts.learning_steps,
      scheduledDays: ts.scheduled_days,
    });
    expect(ts.state).toBe(State.New);
    await answerCard(context(db, clock), 'a#1', 'good');
    // Saving the same deck again (practice results) keeps the review state.
    await saveDeck(db, { ...deck('a', 3), cards: deck('a', 3).cards.map((c) => ({ ...c, right: 1 })) });
    expect((await db.reviewStates.get('a#1'))!.state).toBe('learning');
    await deleteDeck(db, 'a');
    expect(await db.reviewStates.where('deckId').equals('a').count()).toBe(0);
    expect(await db.reviewLogs.where('deckId').equals('a').count()).toBe(0);
    expect(await db.reviewStates.where('deckId').equals('b').count()).toBe(2);
  });

  it('repairs states for decks written without them, and drops states of cards that are gone', async () => {
    const db = freshDb();
    await db.decks.put(deck('old', 2)); // as an older version (or another path) wrote it
    await db.reviewStates.put(newReviewState('gone', 0, 'q', T0));
    await db.reviewStates.put(newReviewState('old', 5, 'no such card', T0));
    expect(await reconcileReviewStates(db)).toEqual({ added: 2, removed: 2 });
    expect((await db.reviewStates.toCollection().primaryKeys()).sort()).toEqual(['old#0', 'old#1']);
    // A card replaced at its index starts again.
    await answerCard(context(db, new ManualClock(T0)), 'old#0', 'easy');
    const d = deck('old', 2);
    d.cards[0]!.question = 'A different question?';
    await db.decks.put(d);
    expect(await reconcileReviewStates(db)).toEqual({ added: 1, removed: 0 });
    expect((await db.reviewStates.get('old#0'))!.state).toBe('new');
  });

  it('refuses an answer to a card whose deck was deleted', async () => {
    const db = freshDb();
    await saveDeck(db, deck('x', 1));
    await deleteDeck(db, 'x');
    await expect(answerCard(context(db, new ManualClock(T0)), 'x#0', 'good')).rejects.toMatchObject({ code: 'card-gone' });
  });
});
