// The set-up and tear-down that e2e files share: the course page most of them open, where their
// screenshots go, the stories260K model chosen once before the tests, and everything stopped after.
import { mkdirSync } from 'node:fs';
import { minilmMount } from './library-standin.mjs';
import { startModelHost } from './model-host.mjs';
import { configureModels, openPanel } from './panel.mjs';
import { sharedPath } from './shared-data.mjs';

/** A short real course page (../shared/data/course-pages): the page a set-up opens the panel beside. */
export const COURSE_HOME = '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html';

/**
 * The folder a test's screenshots go to (LOCUS_SCREENS, else `fallback`), made if missing. They are
 * to be looked at, not compared. @param {string} fallback
 */
export function screensDir(fallback) {
  const dir = process.env.LOCUS_SCREENS ?? fallback;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Chooses the stories260K model from the local model host, as a student does in the Models view of
 * a panel opened beside `studyUrl`; the panel and the page are closed again (the choice is kept).
 * @param {{ browser: import('puppeteer-core').Browser, panelUrl: string }} session
 * @param {string} studyUrl @param {string} hostOrigin
 * @param {typeof openPanel} [open] how the panel is opened (openPanelTab where a test needs it)
 */
export async function chooseStories(session, studyUrl, hostOrigin, open = openPanel) {
  const study = await session.browser.newPage();
  await study.goto(studyUrl);
  const panel = await open(session, study);
  await configureModels(panel, { host: hostOrigin, model: 'stories260K' });
  await panel.close();
  await study.close();
}

/** A model host that serves ../shared's models and the MiniLM embedding stand-in (library tests). */
export function startLibraryModelHost() {
  return startModelHost({ roots: [sharedPath('models'), minilmMount()] });
}

/**
 * Closes browsers and stops servers, in the order given; what never started (undefined) is passed
 * over, so an afterAll works after a beforeAll that failed half way.
 * @param {...({ close: () => Promise<unknown> } | { stop: () => Promise<unknown> } | undefined)} things
 */
export async function closeAll(...things) {
  for (const thing of things) {
    if (!thing) continue;
    await ('close' in thing ? thing.close() : thing.stop());
  }
}

/**
 * Adds a 10 MB course page (one paragraph on mechanics, repeated) to `pages` and returns its
 * address: longer than Locus reads at once, so it is cut and said so, then read in parts.
 * @param {{ add: (path: string, body: string) => string }} pages
 */
export function addTenMegabytePage(pages) {
  const para =
    "<p>Newton's laws describe how forces change the motion of bodies; students practise them on blocks, pulleys and inclined planes. </p>";
  const body = para.repeat(Math.ceil((10 * 1024 * 1024) / para.length));
  return pages.add(
    '/huge.html',
    `<!doctype html><html lang="en"><head><title>Huge notes</title></head><body><article><h1>Mechanics notes</h1>${body}</article></body></html>`,
  );
}
