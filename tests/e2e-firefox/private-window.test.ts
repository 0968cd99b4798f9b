// Locus in a Firefox private window (issue 17): an extension page there gets neither IndexedDB nor
// OPFS, so the panel must say plainly that it cannot save, instead of losing what the student does.
// Its own browser: allowing the add-on in private windows restarts it (as about:addons does), which
// would close the pages other tests use.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSER_START, UI } from '../support/deadlines.mjs';
import { launchFirefoxWithExtension, openInPrivateWindow } from '../support/firefox.mjs';

let s: Awaited<ReturnType<typeof launchFirefoxWithExtension>>;
let privatePanel: Page;

beforeAll(
  async () => {
    s = await launchFirefoxWithExtension();
    privatePanel = await openInPrivateWindow(s, s.panelUrl);
  },
  BROWSER_START + 2 * UI,
);

afterAll(async () => {
  await s?.close();
});

describe('Locus in a Firefox private window', () => {
  test('the panel says plainly that Locus cannot save there, and still opens', async () => {
    await privatePanel.waitForSelector('[data-storage]', { timeout: UI });
    const notice = await privatePanel.$eval('[data-storage]', (el) => ({
      kind: el.getAttribute('data-storage'),
      role: el.getAttribute('role'),
      text: (el as HTMLElement).innerText,
    }));
    // Measured in Firefox ESR 153: an extension page in a private window gets neither IndexedDB nor OPFS.
    console.log(`figure firefox-private-window-storage: ${notice.kind}`);
    expect(notice.role).toBe('alert');
    expect(notice.kind).toBe('unavailable');
    expect(notice.text).toMatch(/^Locus cannot save .* in this private window\..*normal window/s);
    // The panel itself still opens beside the notice.
    expect(await privatePanel.$eval('main h1', (el) => el.textContent)).toBe('Locus');
  });
});
