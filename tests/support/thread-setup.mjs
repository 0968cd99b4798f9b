// The set-up the study-thread e2e files share (thread-tools, thread-save): a build with the library's
// MiniLM stand-in, the course pages on 127.0.0.1, the local model host, and Chromium on a profile of
// its own, which a test may start again (in another language) with the thread and the library kept.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchWithExtension } from './browser.mjs';
import { closeAll, startLibraryModelHost } from './e2e-setup.mjs';
import { buildWithStandin } from './library-build.mjs';
import { startPageServer } from './page-server.mjs';
import { sharedPath } from './shared-data.mjs';

/** The thread's finished cards, and those of one kind. */
export const THREAD_CARDS = 'section.thread li.thread-card:not(.working)';
/** @param {string} kind */
export const threadCard = (kind) => `${THREAD_CARDS}[data-kind="${kind}"]`;

/**
 * Builds, serves and launches; `name` names the build's folder and the profile.
 * @param {string} name
 */
export async function startThreadSetup(name) {
  const extension = await buildWithStandin(`.output/e2e-${name}`);
  const pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  const host = await startLibraryModelHost();
  const profile = mkdtempSync(path.join(os.tmpdir(), `locus-${name}-`));
  const session = await launchWithExtension({ extension, userDataDir: profile });
  return { extension, pages, host, profile, session };
}

/**
 * Closes the browser and starts it again on the same profile, with `options` (e.g. its language).
 * @param {Awaited<ReturnType<typeof startThreadSetup>>} setup
 * @param {Parameters<typeof launchWithExtension>[0]} [options]
 */
export async function relaunchThreadSetup(setup, options = {}) {
  await setup.session.close();
  setup.session = await launchWithExtension({ ...options, extension: setup.extension, userDataDir: setup.profile });
  return setup.session;
}

/** @param {Awaited<ReturnType<typeof startThreadSetup>> | undefined} setup */
export async function stopThreadSetup(setup) {
  if (!setup) return;
  await closeAll(setup.session, setup.host, setup.pages);
  rmSync(setup.profile, { recursive: true, force: true });
}

/**
 * The web tabs Chromium has open now, with whether each is its window's active one, as the extension
 * sees them (asked from the panel through the tabs API: no DevTools attach to a tab just opened).
 * @param {import('puppeteer-core').Page} panel
 * @returns {Promise<Array<{ url: string; active: boolean }>>}
 */
export function openWebTabs(panel) {
  return panel.evaluate(async () => {
    const { chrome } = /** @type {any} */ (globalThis);
    /** @type {Array<{ url?: string; active: boolean }>} */
    const tabs = await chrome.tabs.query({});
    return tabs.filter((t) => t.url?.startsWith('http')).map((t) => ({ url: /** @type {string} */ (t.url), active: t.active }));
  });
}
