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
 * @param {{ extension?: string, headless?: boolean, userDataDir?: string, prefs?: Record<string, string | number | boolean> }} [options]
 *   `prefs`: more Firefox preferences (e.g. `browser.privatebrowsing.autostart`: every window private)
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
      ...options.prefs,
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

/**
 * Runs `expression` in Firefox's browser window (chrome scope: the parent process, with system
 * privileges; needs `-remote-allow-system-access`) and returns its value (awaited, JSON-shaped).
 * @param {{ browser: import('puppeteer-core').Browser }} session
 * @param {string} expression
 */
export async function inBrowserWindow(session, expression) {
  const connection = /** @type {any} */ (session.browser).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const window = tree.result.contexts.find((/** @type {{ url: string }} */ c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!window) throw new Error('No Firefox browser window in chrome scope (is -remote-allow-system-access set?)');
  const { result } = await connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (async () => { ${expression} })()))()`,
    target: { context: window.context },
    awaitPromise: true,
  });
  if (result.type === 'exception') throw new Error(`In the browser window: ${result.exceptionDetails?.text ?? 'exception'}`);
  return result.result.type === 'string' ? JSON.parse(result.result.value) : undefined;
}

/**
 * The student's right-click on a point of the page, then a click on an item of the add-on's entry in
 * Firefox's context menu (`labels`: the path, e.g. ['Locus', 'Explain']). The right-click is a real
 * mouse event (WebDriver BiDi input): Firefox builds its own context menu, with the items the add-on
 * registered through `contextMenus.create`. Each submenu is opened as a hover would, and the item is
 * activated with `activateItem`, Firefox's own path for a click on a menu item: Firefox then calls
 * the add-on's `contextMenus.onClicked` listeners with the info and tab it builds. Not exercised: the
 * pointer's travel over the menu's pixels.
 * @param {{ browser: import('puppeteer-core').Browser, addonId: string }} session
 * @param {import('puppeteer-core').Page} page
 * @param {{ x: number, y: number }} point
 * @param {string[]} labels
 * @returns {Promise<string[]>} the labels of the add-on's entry as the menu showed them
 */
export async function clickContextMenuItem(session, page, point, labels) {
  await page.mouse.click(point.x, point.y, { button: 'right' });
  await until(() => inBrowserWindow(session, `return document.getElementById('contentAreaContextMenu')?.state === 'open';`), {
    timeoutMs: UI,
    what: "Firefox's context menu to open",
  });
  // Firefox names the add-on's menu elements after its id (ext-menus: `<widget id>-menuitem-_<item id>`).
  const widget = session.addonId.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return inBrowserWindow(
    session,
    `
    const menu = document.getElementById('contentAreaContextMenu');
    const ours = () => [...menu.querySelectorAll('menu, menuitem')].filter((e) => e.id.startsWith(${JSON.stringify(`${widget}-menuitem-`)}));
    const seen = ours().map((e) => e.getAttribute('label'));
    let popup = menu;
    const path = ${JSON.stringify(labels)};
    for (const [i, label] of path.entries()) {
      const element = ours().find((e) => e.parentElement === popup && e.getAttribute('label') === label);
      if (!element) throw new Error('No menu entry ' + label + ' (shown: ' + seen.join(', ') + ')');
      if (i === path.length - 1) {
        popup.activateItem(element);
        return seen;
      }
      element.openMenu(true);
      popup = element.menupopup;
      for (let t = 0; t < 100 && popup.state !== 'open'; t++) await new Promise((r) => setTimeout(r, 50));
      if (popup.state !== 'open') throw new Error('The submenu ' + label + ' did not open');
    }
    `,
  );
}

/**
 * Firefox's sidebar as the browser window shows it: open or not, and the page in it (an add-on's
 * sidebar page sits in a <browser> inside chrome://browser/content/webext-panels.xhtml). Firefox
 * opens an add-on's sidebar when it is installed, so it starts open.
 * @param {{ browser: import('puppeteer-core').Browser }} session
 * @returns {Promise<{ open: boolean, url: string }>}
 */
export function sidebarState(session) {
  return inBrowserWindow(
    session,
    `
    const inner = document.getElementById('sidebar')?.contentDocument?.getElementById('webext-panels-browser');
    return { open: SidebarController.isOpen, url: SidebarController.isOpen ? inner?.currentURI?.spec ?? '' : '' };
    `,
  );
}

/** Closes Firefox's sidebar, as its close button does. @param {{ browser: import('puppeteer-core').Browser }} session */
export async function closeSidebar(session) {
  await inBrowserWindow(session, `SidebarController.hide(); return true;`);
  await until(async () => !(await sidebarState(session)).open, { timeoutMs: UI, what: 'the sidebar to close' });
}

/**
 * Lets the add-on run in private windows as the student does in about:addons ("Run in Private
 * Windows: Allow": the permission is stored, then the add-on restarts), and opens a private window
 * showing `url` (e.g. the panel page); returns its tab. Extension pages open before the restart are
 * gone, so a test file calls this before anything else depends on the add-on.
 * The private window loads `url` itself (as a link the browser trusts), once the restarted add-on
 * is ready and the window has finished starting: a WebDriver navigation issued into a private
 * window that is still starting, toward an add-on that is still starting, was seen to leave the tab
 * where it was on a loaded machine.
 * @param {{ browser: import('puppeteer-core').Browser, addonId: string }} session
 * @param {string} url
 */
export async function openInPrivateWindow(session, url) {
  const id = JSON.stringify(session.addonId);
  const opened = await inBrowserWindow(
    session,
    `
    const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await ExtensionPermissions.add(${id}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] }, WebExtensionPolicy.getByID(${id}).extension);
    await (await AddonManager.getAddonByID(${id})).reload();
    for (let i = 0; i < 600 && !WebExtensionPolicy.getByID(${id})?.privateBrowsingAllowed; i++) await new Promise((r) => setTimeout(r, 50));
    const policy = WebExtensionPolicy.getByID(${id});
    if (policy?.readyPromise) await policy.readyPromise;
    const win = OpenBrowserWindow({ private: true });
    await new Promise((r) => win.addEventListener('load', r, { once: true }));
    if (win.delayedStartupPromise) await win.delayedStartupPromise;
    win.openTrustedLinkIn(${JSON.stringify(url)}, 'current');
    return { allowed: policy?.privateBrowsingAllowed === true, private: PrivateBrowsingUtils.isWindowPrivate(win) };
    `,
  );
  if (!opened.allowed || !opened.private) throw new Error(`No private window with the add-on allowed in it: ${JSON.stringify(opened)}`);
  const shows = async (/** @type {import('puppeteer-core').Page} */ p) => (await p.evaluate(() => location.href).catch(() => '')) === url;
  const page = await until(
    async () => {
      for (const p of await session.browser.pages()) if (await shows(p)) return p;
      return undefined;
    },
    {
      timeoutMs: UI,
      what: async () => `a private window's tab to show ${url} (tabs: ${(await session.browser.pages()).map((p) => p.url()).join(', ')})`,
    },
  );
  page.setDefaultTimeout(UI);
  return page;
}
