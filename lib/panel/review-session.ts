/**
 * A spaced-review session in the panel, as state and actions (signals, no JSX): "N cards due
 * today", show a card, reveal, rate Again / Hard / Good / Easy, next card; each answer is stored at
 * once (lib/review/review-store.ts), so closing the panel mid-session loses nothing. The view only
 * reads these signals and calls these methods.
 */
import { t } from '../i18n/t';
import { batch, computed, signal } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { Clock } from '../review/clock';
import { cardSourceLink, type CardSourceLink } from '../review/card-source';
import type { ReviewDayOptions } from '../review/review-day';
import { reviewHistoryToJson, reviewLogToCsv } from '../review/review-export';
import { nextReviewAt, type QueueCounts, type ReviewLimits } from '../review/review-queue';
import { answerCard, loadReviewQueue, reviewHistory, reviewItems, memoryOf, type ReviewItem } from '../review/review-store';
import { ReviewScheduler, formatInterval, REVIEW_RATINGS, type ReviewRating } from '../review/scheduler';
import type { LocusDatabase } from '../store/db';

export interface ReviewSessionDeps {
  db: () => LocusDatabase;
  /** The extension's clock (lib/review/test-clock.ts); `offsetMs` non-zero only under a test clock. */
  clock: Clock & { readonly offsetMs?: number };
  limits: () => ReviewLimits | Promise<ReviewLimits>;
  day?: ReviewDayOptions;
  /** Tells the background the queue changed, for the badge on the icon. */
  notifyChanged?: () => void;
  /** Opens a card's source passage (open-citation, and a seek for videos). */
  openSource?: (link: CardSourceLink) => Promise<void>;
  download?: (name: string, mime: string, text: string) => void;
  scheduler?: ReviewScheduler;
  /** Wakes the session when a card in a learning step comes due (default: setTimeout). */
  setTimer?: (run: () => void, ms: number) => () => void;
}

export type RatingPreview = Record<ReviewRating, ReturnType<typeof formatInterval>>;

export class ReviewSession {
  readonly counts = signal<QueueCounts | null>(null);
  readonly current = signal<ReviewItem | null>(null);
  readonly revealed = signal(false);
  /** What each button would give ("10 min", "3 d"), for the current card. */
  readonly previews = signal<RatingPreview | null>(null);
  /** A card in a learning step comes due later today at this instant (none now): "next card in 8 min". */
  readonly nextLearningAt = signal<number | null>(null);
  /** Nothing left today: when the next review comes (null: no cards at all). */
  readonly nextReview = signal<number | null>(null);
  /** Answers given this review day (lib/review/review-day.ts), counted from the stored answers. */
  readonly answered = signal(0);
  readonly busy = signal(false);
  readonly error = signal<ErrorInfo | null>(null);
  readonly notice = signal('');
  /** Non-zero only under a test clock (e2e): the view says so on screen. */
  readonly clockOffsetMs = signal(0);
  /** Nothing left to review today (not even later today). */
  readonly done = computed(() => this.counts.value !== null && this.current.value === null && this.nextLearningAt.value === null);

  readonly #scheduler: ReviewScheduler;
  #shownAt = 0;
  #cancelTimer: (() => void) | null = null;

  constructor(private readonly deps: ReviewSessionDeps) {
    this.#scheduler = deps.scheduler ?? new ReviewScheduler();
  }

  async #context() {
    return { db: this.deps.db(), clock: this.deps.clock, limits: await this.deps.limits(), day: this.deps.day, scheduler: this.#scheduler };
  }

  /** Loads today's queue and shows its first card. */
  async refresh(): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    try {
      const ctx = await this.#context();
      const queue = await loadReviewQueue(ctx);
      const [first] = await reviewItems(ctx.db, queue.cards.slice(0, 1));
      const next = queue.cards.length ? null : nextReviewAt(await ctx.db.reviewStates.toArray(), queue, queue.dayEnd);
      const now = ctx.clock.now();
      batch(() => {
        this.counts.value = queue.counts;
        this.answered.value = queue.answeredToday;
        this.current.value = first ?? null;
        this.revealed.value = false;
        this.nextLearningAt.value = first ? null : queue.nextLearningAt;
        this.nextReview.value = next;
        this.previews.value = first ? this.#preview(first, now) : null;
        this.clockOffsetMs.value = this.deps.clock.offsetMs ?? 0;
        this.error.value = null;
      });
      this.#shownAt = now;
      if (!first && queue.nextLearningAt !== null) this.#wakeAt(queue.nextLearningAt - now);
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
  }

  #preview(item: ReviewItem, now: number): RatingPreview {
    const due = this.#scheduler.preview(memoryOf(item.state), now);
    const out = {} as RatingPreview;
    for (const r of REVIEW_RATINGS) out[r] = formatInterval(due[r] - now);
    return out;
  }

  #wakeAt(ms: number): void {
    const set =
      this.deps.setTimer ??
      ((run: () => void, delay: number) => {
        const id = setTimeout(run, delay);
        return () => clearTimeout(id);
      });
    // Capped so a sleeping computer or a moved test clock is caught up with within a minute.
    this.#cancelTimer = set(() => void this.refresh(), Math.max(1000, Math.min(ms + 500, 60_000)));
  }

  reveal(): void {
    if (this.current.value) this.revealed.value = true;
  }

  /** The student's answer to the card shown; then the next card. */
  async rate(rating: ReviewRating): Promise<void> {
    const item = this.current.value;
    if (!item || this.busy.value) return;
    this.busy.value = true;
    try {
      const ctx = await this.#context();
      await answerCard(ctx, item.state.id, rating, ctx.clock.now() - this.#shownAt);
      this.deps.notifyChanged?.();
      await this.refresh();
    } catch (error) {
      const info = toErrorInfo(error);
      // A deleted deck: on to the next card, saying why this one went.
      if (info.code === 'card-gone') await this.refresh();
      this.error.value = info;
    } finally {
      this.busy.value = false;
    }
  }

  /** Opens the page the current card came from, at its passage. */
  async openSource(): Promise<void> {
    const item = this.current.value;
    if (!item || !this.deps.openSource) return;
    const link = cardSourceLink(item.deck, item.card);
    try {
      await this.deps.openSource(link);
      this.notice.value = link.exact ? '' : t('review_noSourceKept');
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
  }

  /** Downloads the review history: CSV (one row per answer) or JSON (states, answers, FSRS parameters). */
  async exportHistory(format: 'csv' | 'json'): Promise<void> {
    const db = this.deps.db();
    const [logs, decks, states] = await Promise.all([reviewHistory(db), db.decks.toArray(), db.reviewStates.toArray()]);
    const text =
      format === 'csv'
        ? reviewLogToCsv(logs, decks)
        : reviewHistoryToJson(decks, states, logs, this.#scheduler.parameters, this.deps.clock.now());
    this.deps.download?.(
      `locus-review-history.${format}`,
      format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json',
      format === 'csv' ? `\ufeff${text}` : text,
    );
  }

  dispose(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }
}
