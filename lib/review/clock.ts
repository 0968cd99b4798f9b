/**
 * The time source of spaced review. Scheduling, "due today" and the daily limits all read the time
 * from a `Clock` handed to them, never from `Date.now()` directly, so tests can move through days
 * and an end-to-end test can move the extension's clock (see test-clock.ts for how, and why the
 * product never runs on a moved clock by accident).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock `offsetMs` ahead of (or behind) another one. */
export function offsetClock(base: Clock, offsetMs: () => number): Clock {
  return { now: () => base.now() + offsetMs() };
}

/** A clock the caller moves by hand (tests, simulations of days of review). */
export class ManualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
