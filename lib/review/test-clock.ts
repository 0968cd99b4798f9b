/**
 * The extension's clock for spaced review, which an end-to-end test can move forward ("the next
 * due day") without waiting days. Three locks keep a student's Locus on real time:
 *
 *  1. The offset is read only from `storage.session`, which the browser empties when it closes, so
 *     an offset never outlives the browser session that set it, and content scripts (web pages)
 *     cannot write it: `storage.session` is open to the extension's own pages only by default.
 *  2. It counts only in an unpacked build (`management.getSelf().installType === 'development'`,
 *     what `--load-extension` and "Load unpacked" give). An extension installed from a store is
 *     'normal' and ignores the key whatever it holds.
 *  3. Whenever an offset is in effect, `offsetMs` is non-zero, and the review view says so on screen
 *     ("Test clock: +3 days"), so a moved clock is never invisible.
 */
import { systemClock, type Clock } from './clock';

/** storage.session key: milliseconds to add to the real time (tests only; see above). */
export const TEST_CLOCK_OFFSET_KEY = 'locusTestClockOffsetMs';
/** Ten years: an offset beyond this is a mistake, not a test, and is ignored. */
const MAX_OFFSET_MS = 3660 * 24 * 3600 * 1000;

/** The offset to apply: only for an unpacked build, only a finite number within ten years. */
export function effectiveOffset(installType: string | undefined, stored: unknown): number {
  if (installType !== 'development') return 0;
  if (typeof stored !== 'number' || !Number.isFinite(stored) || Math.abs(stored) > MAX_OFFSET_MS) return 0;
  return Math.round(stored);
}

/** The slice of the extension API this clock needs (webextension-polyfill's `browser`). */
export interface TestClockApi {
  management: { getSelf(): Promise<{ installType?: string }> };
  storage: {
    session: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: { addListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
  };
}

export interface ExtensionClock extends Clock {
  /** The offset in effect (0 on a real clock): shown by the review view when not 0. */
  readonly offsetMs: number;
}

/** The clock of an extension context: real time, plus a test offset under the locks above. */
export async function loadExtensionClock(api: TestClockApi, base: Clock = systemClock): Promise<ExtensionClock> {
  const installType = await api.management
    .getSelf()
    .then((self) => self.installType)
    .catch(() => undefined);
  let offset = 0;
  if (installType === 'development') {
    const stored = await api.storage.session.get(TEST_CLOCK_OFFSET_KEY).catch(() => ({}) as Record<string, unknown>);
    offset = effectiveOffset(installType, stored[TEST_CLOCK_OFFSET_KEY]);
    api.storage.onChanged.addListener((changes, area) => {
      if (area === 'session' && TEST_CLOCK_OFFSET_KEY in changes)
        offset = effectiveOffset(installType, changes[TEST_CLOCK_OFFSET_KEY]?.newValue);
    });
  }
  return {
    now: () => base.now() + offset,
    get offsetMs() {
      return offset;
    },
  };
}
