// Starts Debian's Firefox ESR with the built Firefox extension installed as a temporary add-on,
// driven over WebDriver BiDi (puppeteer-core). What differs from Chromium (tests/support/browser.mjs):
// - The add-on id comes from the manifest (browser_specific_settings.gecko.id); its moz-extension
//   UUID, random per profile otherwise, is fixed through the `extensions.webextensions.uuids` pref,
//   so the panel's URL is known before the add-on starts.
// - WebDriver BiDi navigates only to http(s)/file/blob URLs unless Firefox runs with system access
//   (`-remote-allow-system-access`); with it, a tab can open a moz-extension:// page. Firefox loads
//   that page in the extension process: BiDi then reports the first frame detached, and the test
//   waits until the tab shows the page instead.
// - BiDi does not reach Firefox's sidebar (browser chrome, not a tab): the panel page is driven in a
//   tab, the same page the sidebar shows (as the Chromium tests drive the side panel's page).
// - There is no DevTools-protocol traffic log: the local servers (model host, fake provider) record
//   what reached them.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { BROWSER_START, UI } from './deadlines.mjs';
import { repoRoot } from './shared-data.mjs';
import { until } from './until.mjs';

export const firefoxExtensionDir = path.join(repoRoot, '.output', 'firefox-mv2');

/** The moz-extension host the tests give Locus (any fixed UUID). */
export const FIREFOX_EXTENSION_UUID = '6b1f0c2e-4a7d-4e55-9c3a-2f1d7e8a9b10';

export function firefoxPath() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Firefox not found: install it (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH.');
  return found;
}

/**
 * @param {{ extension?: string, headless?: boolean, userDataDir?: string }} [options]
 */
export async function launchFirefoxWithExtension(options = {}) {
  const extension = options.extension ?? firefoxExtensionDir;
  const manifestFile = path.join(extension, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No built extension at ${extension}: run "npx wxt build -b firefox" first.`);
  const addonId = JSON.parse(readFileSync(manifestFile, 'utf8')).browser_specific_settings?.gecko?.id;
  if (typeof addonId !== 'string') throw new Error(`${manifestFile} has no browser_specific_settings.gecko.id`);
  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'locus-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: options.headless ?? true,
    userDataDir,
    args: ['-remote-allow-system-access'],
    extraPrefsFirefox: {
      // A temporary add-on from a folder: unsigned, as `web-ext run` installs it.
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: FIREFOX_EXTENSION_UUID }),
      // No calls home from the browser itself (nothing outside 127.0.0.1 is reachable here).
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
    timeout: BROWSER_START,
    protocolTimeout: 600_000,
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const installed = await browser.installExtension(extension);
    if (installed !== addonId) throw new Error(`Locus was installed as ${installed}, not ${addonId}`);
    const base = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
    return { browser, addonId, userDataDir, extensionBase: base, panelUrl: `${base}/sidepanel.html`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens an extension page (moz-extension://…) in a new tab and waits until it is shown.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} url
 */
export async function openExtensionPage(browser, url) {
  const page = await browser.newPage();
  page.setDefaultTimeout(UI);
  // The navigation moves the tab into the extension process, which BiDi reports as a detached frame.
  await page.goto(url).catch(() => undefined);
  await until(async () => (await page.evaluate(() => location.href).catch(() => '')) === url, {
    timeoutMs: UI,
    what: `the tab to show ${url}`,
  });
  return page;
}

/**
 * The panel page beside the study page (which is brought to front first, so the panel acts on it).
 * @param {{ browser: import('puppeteer-core').Browser, panelUrl: string }} session
 * @param {import('puppeteer-core').Page} [studyPage]
 */
export async function openFirefoxPanel(session, studyPage) {
  if (studyPage) await studyPage.bringToFront();
  const panel = await openExtensionPage(session.browser, session.panelUrl);
  await panel.waitForSelector('::-p-text(Summarize page)', { timeout: UI });
  return panel;
}
