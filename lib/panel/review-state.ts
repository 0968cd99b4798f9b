/**
 * The Review tab's state: the review session (lib/panel/review-session.ts) wired to the extension
 * (the database, the extension's clock with its test offset, the badge in the background, opening a
 * card's source, downloads), and the tab's small settings (daily limits, the badge on the icon).
 */
import { signal } from '@preact/signals';
import { toErrorInfo } from '../errors';
import { t, tn, uiLanguage, type PluralKey } from '../i18n/t';
import { browser } from '../platform/extension-api';
import { reviewDay, type ReviewDayOptions } from '../review/review-day';
import { DEFAULT_REVIEW_LIMITS } from '../review/review-queue';
import { TEST_CLOCK_OFFSET_KEY, loadExtensionClock, type ExtensionClock, type TestClockApi } from '../review/test-clock';
import { database } from '../store/db';
import { askBackground } from './background-client';
import { downloadText } from './download-file';
import { openCitation } from './open-citation';
import { ReviewSession } from './review-session';
import { refreshSettings, settings, settingsRead, updateSettings } from './settings-state';

/** Asks the background to recount the cards due today (the icon's badge); a failure only loses the badge. */
export function notifyReviewChanged(): void {
  void askBackground({ type: 'review.changed' }).catch(() => undefined);
}

export class ReviewPanel {
  readonly session: ReviewSession;
  /** A line under the settings: "Saved." or why not. */
  readonly settingsNote = signal('');
  /** Real time until the extension's clock is loaded (the session reads it through `delegate`). */
  readonly #holder: { clock: ExtensionClock } = { clock: { now: () => Date.now(), offsetMs: 0 } };
  #ready: Promise<void> | null = null;

  constructor() {
    const holder = this.#holder;
    const delegate = {
      now: () => holder.clock.now(),
      get offsetMs() {
        return holder.clock.offsetMs;
      },
    };
    this.session = new ReviewSession({
      db: database,
      clock: delegate,
      limits: async () => {
        if (!settingsRead.value) await refreshSettings().catch(() => undefined);
        const s = settings.value;
        return settingsRead.value ? { newPerDay: s.reviewNewPerDay, reviewsPerDay: s.reviewsPerDay } : DEFAULT_REVIEW_LIMITS;
      },
      notifyChanged: notifyReviewChanged,
      openSource: async (link) => void (await openCitation(link)),
      download: downloadText,
    });
  }

  /** The tab was opened: the extension's clock once, then today's queue. */
  async open(): Promise<void> {
    this.#ready ??= loadExtensionClock(browser as unknown as TestClockApi).then((c) => {
      this.#holder.clock = c;
      // A moved test clock shows at once (the clock's own listener, added first, has the new offset;
      // on a store build the offset is ignored and this only reloads the queue).
      browser.storage.onChanged.addListener((changes, area) => {
        if (area === 'session' && TEST_CLOCK_OFFSET_KEY in changes) void this.session.refresh();
      });
    });
    await this.#ready;
    await this.session.refresh();
  }

  async setLimits(patch: { reviewNewPerDay?: number; reviewsPerDay?: number }): Promise<void> {
    const clean: typeof patch = {};
    for (const [k, v] of Object.entries(patch) as Array<[keyof typeof patch, number | undefined]>) {
      if (v === undefined) continue;
      if (!Number.isInteger(v) || v < 0) {
        this.settingsNote.value = t('review_limitWhole');
        return;
      }
      clean[k] = v;
    }
    await this.#save(clean);
  }

  async setBadge(on: boolean): Promise<void> {
    await this.#save({ reviewBadge: on });
  }

  async #save(patch: Parameters<typeof updateSettings>[0]): Promise<void> {
    try {
      const ok = await updateSettings(patch);
      this.settingsNote.value = ok ? t('review_saved') : t('review_notSaved');
      if (!ok) return;
      notifyReviewChanged();
      await this.session.refresh();
    } catch (error) {
      this.settingsNote.value = t('review_notSavedBecause', toErrorInfo(error).message);
    }
  }
}

/** A wait as a rating button shows it: "1 min", "10 min", "3 hours", "1 day", "2.5 months". */
export function intervalText(wait: { value: number; unit: 'minute' | 'hour' | 'day' | 'month' | 'year' }): string {
  return tn(UNIT_KEYS[wait.unit], wait.value);
}

const UNIT_KEYS: Record<'minute' | 'hour' | 'day' | 'month' | 'year', PluralKey> = {
  minute: 'review_minutes',
  hour: 'review_hours',
  day: 'review_days',
  month: 'review_months',
  year: 'review_years',
};

/** "2 new · 1 learning · 3 to review", leaving out the kinds with none. */
export function queueBreakdown(counts: { new: number; learning: number; review: number; laterToday: number }): string {
  const parts: string[] = [];
  const n = (x: number) => x.toLocaleString(uiLanguage());
  if (counts.new) parts.push(t('review_countNew', n(counts.new)));
  if (counts.learning + counts.laterToday) parts.push(t('review_countLearning', n(counts.learning + counts.laterToday)));
  if (counts.review) parts.push(t('review_countReview', n(counts.review)));
  return parts.join(' · ');
}

/** The test clock's offset as the view shows it: "+3 days 1 hour" (e2e only; see test-clock.ts). */
export function offsetText(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const parts = [days ? tn('review_days', days) : '', rest ? tn('review_hours', rest) : ''].filter(Boolean);
  return `${sign}${parts.join(' ') || tn('review_minutes', Math.round(Math.abs(ms) / 60_000))}`;
}

/**
 * A next review as a date a student reads: "Monday, December 7" (with the year when not this one).
 * The date is the review day (which starts at 4 a.m.), so a card due at 3 a.m. shows the day before.
 */
export function reviewDateText(at: number, now: number, options: ReviewDayOptions & { locale?: string } = {}): string {
  const [day, today] = [reviewDay(at, options), reviewDay(now, options)];
  const noon = Date.parse(`${day}T12:00:00Z`);
  return new Date(noon).toLocaleDateString(options.locale ?? uiLanguage(), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' }),
  });
}
