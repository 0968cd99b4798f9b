/**
 * The number of cards due today on the extension's icon (`action.setBadgeText`), kept current by
 * the background: when the panel says reviews changed (`review.changed`), when the browser starts,
 * at the start of each review day and every hour (an alarm), and when a test moves the clock. The
 * student turns it off with the `reviewBadge` setting; the badge is then cleared.
 */
import type { Clock } from '../review/clock';
import { nextReviewDayStart, type ReviewDayOptions } from '../review/review-day';
import { dueTodayCount } from '../review/review-store';
import type { Settings } from '../settings/settings';
import type { LocusDatabase } from '../store/db';

export const REVIEW_ALARM = 'locus-review-day';
const BADGE_COLOR = '#2f6f4f';

/** What a badge can show (about four characters): '', '7', '99', '999+'. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 999 ? '999+' : String(Math.floor(count));
}

export interface BadgeDeps {
  db: () => LocusDatabase;
  clock: () => Promise<Clock>;
  settings: () => Promise<Pick<Settings, 'reviewBadge' | 'reviewNewPerDay' | 'reviewsPerDay'>>;
  setBadge(text: string, color: string): Promise<void>;
  /** Creates (or replaces) the alarm that refreshes the badge. */
  setAlarm(name: string, info: { when: number; periodInMinutes: number }): Promise<void> | void;
  day?: ReviewDayOptions;
}

/** Recomputes the badge now; returns the count shown (0 when the badge is off or nothing is due). */
export async function updateReviewBadge(deps: BadgeDeps): Promise<number> {
  const [settings, clock] = await Promise.all([deps.settings(), deps.clock()]);
  const now = clock.now();
  // The next refresh: when the next review day starts (clock time mapped back to real time), then hourly.
  await deps.setAlarm(REVIEW_ALARM, { when: Date.now() + Math.max(60_000, nextReviewDayStart(now, deps.day) - now), periodInMinutes: 60 });
  if (!settings.reviewBadge) {
    await deps.setBadge('', BADGE_COLOR);
    return 0;
  }
  const count = await dueTodayCount({
    db: deps.db(),
    clock,
    limits: { newPerDay: settings.reviewNewPerDay, reviewsPerDay: settings.reviewsPerDay },
    day: deps.day,
  });
  await deps.setBadge(badgeText(count), BADGE_COLOR);
  return settings.reviewBadge ? count : 0;
}

/** Serializes badge updates (several events can arrive together) and keeps the last error quiet. */
export function badgeUpdater(deps: BadgeDeps): () => Promise<number> {
  let running: Promise<number> = Promise.resolve(0);
  return () => {
    running = running.catch(() => 0).then(() => updateReviewBadge(deps));
    return running;
  };
}
