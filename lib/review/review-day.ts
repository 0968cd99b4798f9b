/**
 * The review day. Like Anki, a study day does not end at midnight but at 4 in the morning of the
 * student's time zone (wall-clock time): cards reviewed at 1 a.m. still count for the evening
 * before, and the daily limits start again at 4 a.m. Days are calendar days of one IANA time zone
 * (as in lib/insights/days.ts), so the 23- and 25-hour days around a daylight-saving change are
 * handled.
 */
import { addDays, localTimeZone, zonedDayHour } from '../insights/days';
import { HOUR_MS, MINUTE_MS } from './clock';

/** The hour (local wall-clock time) at which a new review day starts. */
export const DAY_ROLLOVER_HOUR = 4;

export interface ReviewDayOptions {
  timeZone?: string;
  rolloverHour?: number;
}

/** The review day of the instant `time`, as 'YYYY-MM-DD'. */
export function reviewDay(time: number, options: ReviewDayOptions = {}): string {
  const { day, hour } = zonedDayHour(time, options.timeZone ?? localTimeZone());
  return hour >= (options.rolloverHour ?? DAY_ROLLOVER_HOUR) ? day : addDays(day, -1);
}

/**
 * The first instant of the next review day after `time`, to the minute: the first whole minute
 * whose review day differs (a day lasts 23 to 25 hours; zones change offsets on whole minutes).
 */
export function nextReviewDayStart(time: number, options: ReviewDayOptions = {}): number {
  const today = reviewDay(time, options);
  let lo = Math.floor(time / MINUTE_MS); // a minute still in today
  let hi = lo + 26 * 60;
  while (reviewDay(hi * MINUTE_MS, options) === today) hi += 24 * 60;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (reviewDay(mid * MINUTE_MS, options) === today) lo = mid;
    else hi = mid;
  }
  return hi * MINUTE_MS;
}

/** The first instant of the review day that contains `time`. */
export function reviewDayStart(time: number, options: ReviewDayOptions = {}): number {
  const today = reviewDay(time, options);
  let back = time - 24 * HOUR_MS;
  while (reviewDay(back, options) === today) back -= HOUR_MS;
  // `back` lies in an earlier day (yesterday, or the day before when yesterday was short): step
  // through the day starts until today's.
  let start = nextReviewDayStart(back, options);
  while (reviewDay(start, options) !== today) start = nextReviewDayStart(start, options);
  return start;
}
