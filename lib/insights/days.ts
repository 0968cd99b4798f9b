/**
 * Calendar days for Insights. Records keep an instant (ms since the epoch, time-zone free); a day is
 * the student's calendar day, i.e. the date of that instant in ONE IANA time zone chosen when the
 * figures are computed: by default the zone the browser runs in now. All records are bucketed with
 * the same zone, so a request at 23:30 in Paris counts for that Paris date, and a student who
 * travels sees every day re-bucketed consistently in their current zone rather than a mix of zones.
 *
 * Days are 'YYYY-MM-DD' strings (ISO 8601): they compare and sort as text, and ranges are stepped on
 * the calendar (not by adding 24 hours), so days that are 23 or 25 hours long around a DST change
 * are neither skipped nor doubled.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A range longer than this is a caller's mistake (ten years of daily bars), not a request. */
export const MAX_RANGE_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for a zone the runtime does not know.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The time zone the runtime is in (the student's), e.g. 'Europe/Paris'. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The wall clock of the instant `time` (ms since the epoch) in `timeZone`: its calendar day as
 * 'YYYY-MM-DD' and its hour (0 to 23). One formatter for Insights' days and the review day.
 */
export function zonedDayHour(time: number, timeZone: string): { day: string; hour: number } {
  if (!Number.isFinite(time)) throw new RangeError(`Not a time: ${time}`);
  const parts = formatterFor(timeZone).formatToParts(new Date(time));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** The calendar day of the instant `time` (ms since the epoch) in `timeZone`, as 'YYYY-MM-DD'. */
export function dayKey(time: number, timeZone: string): string {
  return zonedDayHour(time, timeZone).day;
}

function parseDay(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`A day is written YYYY-MM-DD (got "${day}").`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`There is no day ${day}.`);
  }
  return t;
}

function formatUtcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Every calendar day from `from` to `to`, both included, in order. */
export function dayRange(from: string, to: string): string[] {
  const start = parseDay(from);
  const end = parseDay(to);
  if (end < start) throw new RangeError(`The range ends (${to}) before it starts (${from}).`);
  const days: string[] = [];
  // Stepping calendar dates in UTC, where every day has 24 hours: no time zone is involved here.
  for (let t = start; t <= end; t += 86_400_000) {
    days.push(formatUtcDay(t));
    if (days.length > MAX_RANGE_DAYS) throw new RangeError(`A range of more than ${MAX_RANGE_DAYS} days is not supported.`);
  }
  return days;
}

/** The day `n` days after `day` (before it when n < 0). */
export function addDays(day: string, n: number): string {
  return formatUtcDay(parseDay(day) + Math.trunc(n) * 86_400_000);
}
