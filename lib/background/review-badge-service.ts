/**
 * The badge updater of this background, on the browser's APIs: the database of the extension's
 * origin, the extension's clock (lib/review/test-clock.ts), `action.setBadgeText`, `alarms`.
 */
import { browser } from '../platform/extension-api';
import type { Clock } from '../review/clock';
import { TEST_CLOCK_OFFSET_KEY, loadExtensionClock, type TestClockApi } from '../review/test-clock';
import { loadSettings } from '../settings/settings';
import { database } from '../store/db';
import { REVIEW_ALARM, badgeUpdater } from './review-badge';

let update: (() => Promise<number>) | undefined;
let clock: Promise<Clock> | undefined;

/** Recounts the cards due today and shows the number on the icon (or nothing, when turned off). */
export function refreshReviewBadge(): Promise<number> {
  update ??= badgeUpdater({
    db: database,
    clock: () => (clock ??= loadExtensionClock(browser as unknown as TestClockApi)),
    settings: () => loadSettings(database()),
    setBadge: async (text, color) => {
      await browser.action.setBadgeText({ text });
      if (text) await browser.action.setBadgeBackgroundColor({ color });
    },
    setAlarm: (name, info) => browser.alarms.create(name, info),
  });
  return update().catch(() => 0);
}

/** Wires the badge's refreshes: browser start, install/update, the daily alarm, a moved test clock. */
export function startReviewBadge(): void {
  browser.runtime.onStartup.addListener(() => void refreshReviewBadge());
  browser.runtime.onInstalled.addListener(() => void refreshReviewBadge());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REVIEW_ALARM) void refreshReviewBadge();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && TEST_CLOCK_OFFSET_KEY in changes) void refreshReviewBadge();
  });
}
