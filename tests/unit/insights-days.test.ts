/**
 * Day bucketing. Records keep instants (ms since the epoch); a day is a calendar date in ONE IANA
 * zone passed in (Locus uses the student's current zone). Every test names its zone explicitly, so
 * the results do not depend on the zone of the machine running them.
 */
import { describe, expect, it } from 'vitest';
import { addDays, dayKey, dayRange, localTimeZone, zonedDayHour } from '../../lib/insights/days';

const at = (iso: string) => Date.parse(iso);

describe('zonedDayHour', () => {
  it('gives the wall-clock day and hour (0 to 23) of one instant in each zone', () => {
    // 2026-03-01 18:45 UTC is 2026-03-02 00:15 in Kolkata (UTC+5:30) and 10:45 in Los Angeles (UTC-8).
    const t = at('2026-03-01T18:45:00Z');
    expect(zonedDayHour(t, 'UTC')).toEqual({ day: '2026-03-01', hour: 18 });
    expect(zonedDayHour(t, 'Asia/Kolkata')).toEqual({ day: '2026-03-02', hour: 0 });
    expect(zonedDayHour(t, 'America/Los_Angeles')).toEqual({ day: '2026-03-01', hour: 10 });
  });

  it('writes midnight as hour 0, never 24, and follows daylight saving time', () => {
    expect(zonedDayHour(at('2027-01-01T00:00:00Z'), 'UTC')).toEqual({ day: '2027-01-01', hour: 0 });
    // New York: 2026-03-08 06:59 UTC is 01:59 EST; 07:00 UTC is 03:00 EDT (02:00 never happens).
    expect(zonedDayHour(at('2026-03-08T06:59:00Z'), 'America/New_York')).toEqual({ day: '2026-03-08', hour: 1 });
    expect(zonedDayHour(at('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({ day: '2026-03-08', hour: 3 });
  });

  it('refuses an unknown zone and a time that is not a number', () => {
    expect(() => zonedDayHour(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => zonedDayHour(Number.NaN, 'UTC')).toThrow(RangeError);
  });
});

describe('dayKey', () => {
  it('one instant falls on different dates in different zones', () => {
    // 2026-03-01 18:45 UTC is 2026-03-02 00:15 in Kolkata (UTC+5:30) and 10:45 in Los Angeles (UTC-8).
    const t = at('2026-03-01T18:45:00Z');
    expect(dayKey(t, 'UTC')).toBe('2026-03-01');
    expect(dayKey(t, 'Asia/Kolkata')).toBe('2026-03-02');
    expect(dayKey(t, 'America/Los_Angeles')).toBe('2026-03-01');
  });

  it('late evening west of Greenwich is the previous UTC day', () => {
    // 2026-11-02 07:30 UTC is 2026-11-01 23:30 in Los Angeles (PST, UTC-8, DST ended on Nov 1).
    expect(dayKey(at('2026-11-02T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-11-01');
    expect(dayKey(at('2026-11-02T07:30:00Z'), 'UTC')).toBe('2026-11-02');
  });

  it('follows daylight saving time', () => {
    // New York switches from EST (UTC-5) to EDT (UTC-4) on 2026-03-08 at 02:00 local (07:00 UTC).
    // 2026-03-08 04:30 UTC = 23:30 EST on March 7.
    expect(dayKey(at('2026-03-08T04:30:00Z'), 'America/New_York')).toBe('2026-03-07');
    // 2026-03-09 04:30 UTC = 00:30 EDT on March 9 (with a fixed UTC-5 it would wrongly be 23:30 on March 8).
    expect(dayKey(at('2026-03-09T04:30:00Z'), 'America/New_York')).toBe('2026-03-09');
    // Auckland in January is on NZDT (UTC+13): 2026-01-10 11:30 UTC = 00:30 on January 11.
    expect(dayKey(at('2026-01-10T11:30:00Z'), 'Pacific/Auckland')).toBe('2026-01-11');
  });

  it('the exact midnight belongs to the new day', () => {
    expect(dayKey(at('2026-12-31T23:59:59.999Z'), 'UTC')).toBe('2026-12-31');
    expect(dayKey(at('2027-01-01T00:00:00Z'), 'UTC')).toBe('2027-01-01');
  });

  it('refuses an unknown zone and a time that is not a number', () => {
    expect(() => dayKey(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => dayKey(Number.NaN, 'UTC')).toThrow(RangeError);
  });

  it('knows the runtime zone', () => {
    expect(() => dayKey(0, localTimeZone())).not.toThrow();
  });
});

describe('dayRange', () => {
  it('lists every day, both ends included, across months, years and 29 February', () => {
    expect(dayRange('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(dayRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(dayRange('2026-05-05', '2026-05-05')).toEqual(['2026-05-05']);
  });

  it('is not fooled by days of 23 or 25 hours', () => {
    // Local DST changes do not matter: ranges are stepped on the calendar.
    expect(dayRange('2026-03-07', '2026-03-09')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(dayRange('2026-10-31', '2026-11-02')).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('refuses malformed days, impossible dates and backwards or huge ranges', () => {
    expect(() => dayRange('2026-2-1', '2026-02-03')).toThrow(RangeError);
    expect(() => dayRange('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => dayRange('2026-03-02', '2026-03-01')).toThrow(RangeError);
    expect(() => dayRange('2000-01-01', '2026-01-01')).toThrow(RangeError);
  });

  it('addDays steps on the calendar', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-11-21', -29)).toBe('2026-10-23');
  });
});
