/**
 * The review clock: real time unless a test moved it, and then only under three locks (session
 * storage only, an unpacked build only, a sane offset), with the offset always visible.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, offsetClock } from '../../lib/review/clock';
import { TEST_CLOCK_OFFSET_KEY, effectiveOffset, loadExtensionClock, type TestClockApi } from '../../lib/review/test-clock';

const DAY = 86_400_000;

function fakeApi(installType: string | undefined, session: Record<string, unknown>) {
  const listeners: Array<(changes: Record<string, { newValue?: unknown }>, area: string) => void> = [];
  const api: TestClockApi = {
    management: { getSelf: async () => ({ installType }) },
    storage: {
      session: { get: async (key: string) => (key in session ? { [key]: session[key] } : {}) },
      onChanged: { addListener: (l) => void listeners.push(l) },
    },
  };
  return {
    api,
    change(value: unknown, area = 'session') {
      for (const l of listeners) l({ [TEST_CLOCK_OFFSET_KEY]: { newValue: value } }, area);
    },
    listeners,
  };
}

describe('test clock offset', () => {
  it('counts only in an unpacked build, and only a finite offset within ten years', () => {
    expect(effectiveOffset('development', 3 * DAY)).toBe(3 * DAY);
    expect(effectiveOffset('development', -DAY)).toBe(-DAY);
    expect(effectiveOffset('normal', 3 * DAY)).toBe(0);
    expect(effectiveOffset('sideload', 3 * DAY)).toBe(0);
    expect(effectiveOffset(undefined, 3 * DAY)).toBe(0);
    expect(effectiveOffset('development', '3')).toBe(0);
    expect(effectiveOffset('development', Number.NaN)).toBe(0);
    expect(effectiveOffset('development', 20 * 365 * DAY)).toBe(0);
  });

  it('moves an unpacked build’s clock, and follows changes', async () => {
    const base = new ManualClock(1_000_000);
    const { api, change } = fakeApi('development', { [TEST_CLOCK_OFFSET_KEY]: 2 * DAY });
    const clock = await loadExtensionClock(api, base);
    expect(clock.now()).toBe(1_000_000 + 2 * DAY);
    expect(clock.offsetMs).toBe(2 * DAY);
    change(5 * DAY);
    expect(clock.now()).toBe(1_000_000 + 5 * DAY);
    change(undefined); // the key removed: real time again
    expect(clock.now()).toBe(1_000_000);
    expect(clock.offsetMs).toBe(0);
    change(9 * DAY, 'local'); // only session storage counts
    expect(clock.offsetMs).toBe(0);
  });

  it('keeps an installed build on real time whatever storage holds', async () => {
    const base = new ManualClock(42);
    const { api, listeners } = fakeApi('normal', { [TEST_CLOCK_OFFSET_KEY]: 2 * DAY });
    const clock = await loadExtensionClock(api, base);
    expect(clock.now()).toBe(42);
    expect(clock.offsetMs).toBe(0);
    expect(listeners).toHaveLength(0); // not even listening
  });

  it('stays on real time when the browser cannot say how Locus was installed', async () => {
    const api: TestClockApi = {
      management: { getSelf: () => Promise.reject(new Error('no management API')) },
      storage: { session: { get: async () => ({ [TEST_CLOCK_OFFSET_KEY]: DAY }) }, onChanged: { addListener: () => undefined } },
    };
    expect((await loadExtensionClock(api, new ManualClock(7))).now()).toBe(7);
  });

  it('offsetClock and ManualClock', () => {
    const base = new ManualClock(100);
    let offset = 5;
    const c = offsetClock(base, () => offset);
    expect(c.now()).toBe(105);
    base.advance(10);
    offset = -5;
    expect(c.now()).toBe(105);
  });
});
