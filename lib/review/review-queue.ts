/**
 * Which cards to review now, in what order, within the daily limits: pure, so it is tested over
 * simulated days without a database.
 *
 * Like Anki's scheduler (with new cards shown after reviews):
 *  1. cards in (re)learning whose short step is over (due now), oldest due first;
 *  2. review cards due before the review day ends, most overdue first, at most the daily review
 *     limit minus the reviews already done today;
 *  3. new cards, oldest first (the order decks were made, then card order), at most the daily new
 *     limit minus the new cards already introduced today.
 * Cards in (re)learning that come due later today are not limited (they are part of cards already
 * started) and are counted as "later today".
 */
import type { ReviewStateRow } from '../store/db';

export interface ReviewLimits {
  /** New cards introduced per review day. */
  newPerDay: number;
  /** Answers to review cards per review day. */
  reviewsPerDay: number;
}

export const DEFAULT_REVIEW_LIMITS: ReviewLimits = Object.freeze({ newPerDay: 20, reviewsPerDay: 200 });

/** What was already done today, counted from the review log. */
export interface DoneToday {
  /** Cards answered for the first time today (each counted once). */
  newIntroduced: number;
  /** Answers given to cards that were in review (not in a learning step). */
  reviews: number;
}

export interface QueueCounts {
  /** (Re)learning cards due now. */
  learning: number;
  /** Review cards in today's queue (after the limit). */
  review: number;
  /** New cards in today's queue (after the limit). */
  new: number;
  /** (Re)learning cards that come due later today. */
  laterToday: number;
  /** Everything still to do today: the number on the badge. */
  dueToday: number;
  /** Review cards due today left out by the daily limit. */
  reviewsOverLimit: number;
  /** New cards left out by the daily limit. */
  newOverLimit: number;
}

export interface ReviewQueue {
  /** Cards to show now, in order. */
  cards: ReviewStateRow[];
  counts: QueueCounts;
  /** The next instant a (re)learning card comes due later today, or null. */
  nextLearningAt: number | null;
}

export function isLearning(s: Pick<ReviewStateRow, 'state'>): boolean {
  return s.state === 'learning' || s.state === 'relearning';
}

export function buildReviewQueue(
  states: readonly ReviewStateRow[],
  options: { now: number; dayEnd: number; limits: ReviewLimits; done: DoneToday },
): ReviewQueue {
  const { now, dayEnd, limits, done } = options;
  const byDue = (a: ReviewStateRow, b: ReviewStateRow) => a.due - b.due || a.id.localeCompare(b.id);
  const learningNow: ReviewStateRow[] = [];
  const learningLater: ReviewStateRow[] = [];
  const reviews: ReviewStateRow[] = [];
  const fresh: ReviewStateRow[] = [];
  for (const s of states) {
    if (s.state === 'new') fresh.push(s);
    else if (isLearning(s)) {
      if (s.due <= now) learningNow.push(s);
      else if (s.due < dayEnd) learningLater.push(s);
    } else if (s.due < dayEnd) reviews.push(s);
  }
  learningNow.sort(byDue);
  learningLater.sort(byDue);
  reviews.sort(byDue);
  fresh.sort((a, b) => a.addedAt - b.addedAt || a.deckId.localeCompare(b.deckId) || a.cardIndex - b.cardIndex);
  const reviewRoom = Math.max(0, Math.floor(limits.reviewsPerDay) - done.reviews);
  const newRoom = Math.max(0, Math.floor(limits.newPerDay) - done.newIntroduced);
  const todayReviews = reviews.slice(0, reviewRoom);
  const todayNew = fresh.slice(0, newRoom);
  const counts: QueueCounts = {
    learning: learningNow.length,
    review: todayReviews.length,
    new: todayNew.length,
    laterToday: learningLater.length,
    dueToday: learningNow.length + learningLater.length + todayReviews.length + todayNew.length,
    reviewsOverLimit: reviews.length - todayReviews.length,
    newOverLimit: fresh.length - todayNew.length,
  };
  return { cards: [...learningNow, ...todayReviews, ...todayNew], counts, nextLearningAt: learningLater[0]?.due ?? null };
}

/** Today's work so far, from the answers given since the review day started. */
export function doneToday(logs: ReadonlyArray<{ cardId: string; stateBefore: string }>): DoneToday {
  const introduced = new Set<string>();
  let reviews = 0;
  for (const log of logs) {
    if (log.stateBefore === 'new') introduced.add(log.cardId);
    else if (log.stateBefore === 'review') reviews += 1;
  }
  return { newIntroduced: introduced.size, reviews };
}

/**
 * When reviewing starts again after today's queue: the next review day when the daily limits held
 * cards back, else the earliest due card after today; null when there are no cards at all.
 */
export function nextReviewAt(states: readonly ReviewStateRow[], queue: ReviewQueue, dayEnd: number): number | null {
  if (queue.cards.length || queue.nextLearningAt !== null) return null;
  if (queue.counts.newOverLimit > 0 || queue.counts.reviewsOverLimit > 0) return dayEnd;
  let next: number | null = null;
  for (const s of states) {
    const at = s.state === 'new' ? dayEnd : Math.max(s.due, dayEnd);
    if (next === null || at < next) next = at;
  }
  return next;
}
