/**
 * Spaced review on the database: the cards' states (`reviewStates`), the answers (`reviewLogs`) and
 * the decks they belong to. Every function takes the time from the Clock it is given.
 */
import { LocusError } from '../errors';
import { newReviewState, type DeckRow, type LocusDatabase, type ReviewLogRow, type ReviewStateRow } from '../store/db';
import type { Clock } from './clock';
import { nextReviewDayStart, reviewDayStart, type ReviewDayOptions } from './review-day';
import { buildReviewQueue, doneToday, type ReviewLimits, type ReviewQueue } from './review-queue';
import { ReviewScheduler, type MemoryState, type ReviewRating } from './scheduler';

export interface ReviewContext {
  db: LocusDatabase;
  clock: Clock;
  limits: ReviewLimits;
  /** The student's time zone and day rollover (defaults: the runtime's zone, 4 a.m.). */
  day?: ReviewDayOptions;
  scheduler?: ReviewScheduler;
}

const defaultScheduler = new ReviewScheduler();

/**
 * Makes the review states match the decks: a state for each card that has none (decks saved by an
 * older version, or a card replaced at its index), none for cards or decks that no longer exist.
 */
export async function reconcileReviewStates(db: LocusDatabase): Promise<{ added: number; removed: number }> {
  return db.transaction('rw', db.decks, db.reviewStates, async () => {
    const decks = await db.decks.toArray();
    const states = await db.reviewStates.toArray();
    const byId = new Map(states.map((s) => [s.id, s]));
    const wanted = new Set<string>();
    const add: ReviewStateRow[] = [];
    for (const deck of decks) {
      deck.cards.forEach((card, i) => {
        const fresh = newReviewState(deck.id, i, card.question, deck.createdAt);
        wanted.add(fresh.id);
        const have = byId.get(fresh.id);
        if (!have || have.question !== card.question) add.push(fresh);
      });
    }
    const remove = states.filter((s) => !wanted.has(s.id)).map((s) => s.id);
    if (remove.length) await db.reviewStates.bulkDelete(remove);
    if (add.length) await db.reviewStates.bulkPut(add);
    return { added: add.length, removed: remove.length };
  });
}

export interface LoadedQueue extends ReviewQueue {
  now: number;
  dayStart: number;
  dayEnd: number;
  /** Answers given this review day (in any session, not only since the panel opened). */
  answeredToday: number;
}

/** Today's queue at the clock's time. */
export async function loadReviewQueue(ctx: ReviewContext): Promise<LoadedQueue> {
  await reconcileReviewStates(ctx.db);
  const now = ctx.clock.now();
  const dayStart = reviewDayStart(now, ctx.day);
  const dayEnd = nextReviewDayStart(now, ctx.day);
  const [states, logs] = await Promise.all([
    ctx.db.reviewStates.toArray(),
    ctx.db.reviewLogs.where('review').aboveOrEqual(dayStart).toArray(),
  ]);
  const today = logs.filter((l) => l.review < dayEnd);
  const queue = buildReviewQueue(states, { now, dayEnd, limits: ctx.limits, done: doneToday(today) });
  return { ...queue, now, dayStart, dayEnd, answeredToday: today.length };
}

/** The number on the badge: everything still to review today within the limits. */
export async function dueTodayCount(ctx: ReviewContext): Promise<number> {
  return (await loadReviewQueue(ctx)).counts.dueToday;
}

/** A card to show: its review state with the deck and the card itself. */
export interface ReviewItem {
  state: ReviewStateRow;
  deck: Pick<DeckRow, 'id' | 'url' | 'title' | 'createdAt'>;
  card: DeckRow['cards'][number];
}

export async function reviewItems(db: LocusDatabase, states: readonly ReviewStateRow[]): Promise<ReviewItem[]> {
  const deckIds = [...new Set(states.map((s) => s.deckId))];
  const decks = new Map((await db.decks.bulkGet(deckIds)).filter((d): d is DeckRow => Boolean(d)).map((d) => [d.id, d]));
  const items: ReviewItem[] = [];
  for (const state of states) {
    const deck = decks.get(state.deckId);
    const card = deck?.cards[state.cardIndex];
    if (!deck || !card) continue;
    items.push({ state, deck: { id: deck.id, url: deck.url, title: deck.title, createdAt: deck.createdAt }, card });
  }
  return items;
}

export function memoryOf(s: ReviewStateRow): MemoryState {
  return {
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    elapsedDays: s.elapsedDays,
    scheduledDays: s.scheduledDays,
    learningSteps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    lastReview: s.lastReview,
  };
}

/** The student's answer to a card now: its next state and a line in the review log, in one transaction. */
export async function answerCard(
  ctx: ReviewContext,
  cardId: string,
  rating: ReviewRating,
  durationMs?: number,
): Promise<{ state: ReviewStateRow; log: ReviewLogRow }> {
  const scheduler = ctx.scheduler ?? defaultScheduler;
  const now = ctx.clock.now();
  return ctx.db.transaction('rw', ctx.db.reviewStates, ctx.db.reviewLogs, async () => {
    const current = await ctx.db.reviewStates.get(cardId);
    if (!current) throw new LocusError('card-gone', 'This card is no longer in your decks (its deck was deleted).');
    const { card, outcome } = scheduler.rate(memoryOf(current), rating, now);
    const state: ReviewStateRow = { ...current, ...card };
    const log: ReviewLogRow = {
      cardId,
      deckId: current.deckId,
      cardIndex: current.cardIndex,
      ...outcome,
      ...(durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0 ? { durationMs: Math.round(durationMs) } : {}),
    };
    await ctx.db.reviewStates.put(state);
    log.id = await ctx.db.reviewLogs.add(log);
    return { state, log };
  });
}

/** The review log, oldest first: of one deck, or of every deck. */
export async function reviewHistory(db: LocusDatabase, deckId?: string): Promise<ReviewLogRow[]> {
  const rows =
    deckId === undefined ? await db.reviewLogs.orderBy('review').toArray() : await db.reviewLogs.where('deckId').equals(deckId).toArray();
  return rows.sort((a, b) => a.review - b.review || (a.id ?? 0) - (b.id ?? 0));
}

/** The states of one deck's cards, in card order. */
export async function deckReviewStates(db: LocusDatabase, deckId: string): Promise<ReviewStateRow[]> {
  return (await db.reviewStates.where('deckId').equals(deckId).toArray()).sort((a, b) => a.cardIndex - b.cardIndex);
}
