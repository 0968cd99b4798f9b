/**
 * FSRS scheduling through ts-fsrs (the Free Spaced Repetition Scheduler, which Anki uses since
 * 23.10), with its default parameters: 90 % desired retention, learning steps 1 and 10 minutes,
 * relearning step 10 minutes, no interval fuzz, a 100-year cap. Locus keeps its own plain record of
 * a card's memory state (numbers and instants, stored in IndexedDB) and converts at this boundary,
 * so nothing else depends on the library's Date-based types.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type FSRSParameters, type Grade } from 'ts-fsrs';
import type { ReviewAnswer, ReviewCardState, ReviewMemory } from '../store/db';

export type ReviewRating = ReviewAnswer['rating'];
export const REVIEW_RATINGS = ['again', 'hard', 'good', 'easy'] as const satisfies readonly ReviewRating[];

export type CardState = ReviewCardState;
export const CARD_STATES = ['new', 'learning', 'review', 'relearning'] as const satisfies readonly CardState[];

/** A card's memory state as Locus stores it (FSRS's fields; instants in ms since the epoch). */
export type MemoryState = ReviewMemory;

/** One answer, as FSRS logs it: the state before the answer, and what the answer gave. */
export type ReviewOutcome = ReviewAnswer;

const GRADE: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
const STATE_NAME: Record<State, CardState> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};
const STATE_ENUM: Record<CardState, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

export function toFsrsCard(m: MemoryState): Card {
  return {
    due: new Date(m.due),
    stability: m.stability,
    difficulty: m.difficulty,
    elapsed_days: m.elapsedDays,
    scheduled_days: m.scheduledDays,
    learning_steps: m.learningSteps,
    reps: m.reps,
    lapses: m.lapses,
    state: STATE_ENUM[m.state],
    ...(m.lastReview === null ? {} : { last_review: new Date(m.lastReview) }),
  };
}

export function fromFsrsCard(c: Card): MemoryState {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: STATE_NAME[c.state],
    lastReview: c.last_review ? c.last_review.getTime() : null,
  };
}

export class ReviewScheduler {
  readonly parameters: FSRSParameters;
  readonly #fsrs: FSRS;

  /** `overrides`: none in the product (FSRS's defaults); tests may pass some. */
  constructor(overrides: Partial<FSRSParameters> = {}) {
    this.parameters = generatorParameters(overrides);
    this.#fsrs = fsrs(this.parameters);
  }

  /** A card never reviewed, available from `now`. */
  newCard(now: number): MemoryState {
    return fromFsrsCard(createEmptyCard(new Date(now)));
  }

  /** The student's answer at `now`: the card's next state and the log of this review. */
  rate(card: MemoryState, rating: ReviewRating, now: number): { card: MemoryState; outcome: ReviewOutcome } {
    const { card: next, log } = this.#fsrs.next(toFsrsCard(card), new Date(now), GRADE[rating]);
    const after = fromFsrsCard(next);
    return {
      card: after,
      outcome: {
        rating,
        review: log.review.getTime(),
        stateBefore: STATE_NAME[log.state],
        dueBefore: log.due.getTime(),
        stability: log.stability,
        difficulty: log.difficulty,
        elapsedDays: log.elapsed_days,
        lastElapsedDays: log.last_elapsed_days,
        scheduledDays: log.scheduled_days,
        learningSteps: log.learning_steps,
        dueAfter: after.due,
        stateAfter: after.state,
        stabilityAfter: after.stability,
        difficultyAfter: after.difficulty,
      },
    };
  }

  /** When the card would be due after each answer (the buttons show these as "10 min", "3 d"). */
  preview(card: MemoryState, now: number): Record<ReviewRating, number> {
    const all = this.#fsrs.repeat(toFsrsCard(card), new Date(now));
    return {
      again: all[Rating.Again].card.due.getTime(),
      hard: all[Rating.Hard].card.due.getTime(),
      good: all[Rating.Good].card.due.getTime(),
      easy: all[Rating.Easy].card.due.getTime(),
    };
  }
}

/** A wait as the rating buttons show it: "1 min", "10 min", "3 h", "4 d", "2.5 mo", "1.2 y". */
export function formatInterval(ms: number): { value: number; unit: 'minute' | 'hour' | 'day' | 'month' | 'year' } {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return { value: minutes, unit: 'minute' };
  const hours = ms / 3_600_000;
  if (hours < 24) return { value: Math.round(hours), unit: 'hour' };
  const days = ms / 86_400_000;
  if (days < 30) return { value: Math.round(days), unit: 'day' };
  if (days < 365) return { value: Math.round((days / 30) * 10) / 10, unit: 'month' };
  return { value: Math.round((days / 365) * 10) / 10, unit: 'year' };
}
