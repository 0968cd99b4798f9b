// A PDF on this computer (file://), end to end with the real stories260K model: Locus reads it only
// where the student allowed "Allow access to file URLs" for it, and says clearly how to allow it
// where not. Each half runs in a browser of its own whose profile holds that switch before the
// browser starts (launchWithExtension's fileAccess writes the preference chrome://extensions keeps),
// so nothing changes the extension's state under a running test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extractPdf, type PdfJs } from '../../lib/pdf/extract-pdf';
import { launchWithExtension } from '../support/browser.mjs';
import { makePdf } from '../support/make-pdf.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { clickSteady, clickSummarize, configureModels, errorText, openPanelTab, waitForPhase, waitForText } from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
type Page = Awaited<ReturnType<Session['browser']['newPage']>>;

const HOME = '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html';
const PDF_PAGES = [
  ['Photosynthesis converts light energy', 'into chemical energy in the chloroplasts', 'of green plants.'],
  ['The Calvin cycle fixes carbon dioxide', 'into sugars, using the energy stored', 'by the light reactions.'],
];
const pdfBytes = makePdf(PDF_PAGES, { title: 'Lecture notes' });

let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let files: string;
let fileUrl: string;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  files = mkdtempSync(path.join(os.tmpdir(), 'locus-files-'));
  const file = path.join(files, 'lecture notes.pdf');
  writeFileSync(file, pdfBytes);
  fileUrl = `file://${file.replace(/ /g, '%20')}`;
});
afterAll(async () => {
  await host?.stop();
  await pages?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** A browser with Locus, file access as given, the model host and stories260K chosen in the panel. */
async function studentBrowser(fileAccess: boolean): Promise<Session> {
  const s = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION, fileAccess });
  const study = await s.browser.newPage();
  await study.goto(pages.origin + HOME);
  const tab = await openPanelTab(s, study);
  // The premise, as the extension itself sees it.
  expect(await tab.evaluate(() => chrome.extension.isAllowedFileSchemeAccess())).toBe(fileAccess);
  await configureModels(tab, { host: host.origin, model: 'stories260K' });
  await tab.close();
  await study.close();
  return s;
}

/** Opens the file in a tab (Chrome's PDF viewer), then the panel on it, and presses Summarize. */
async function summarizeFile(s: Session): Promise<{ panel: Page; study: Page; phase: string }> {
  const study = await s.browser.newPage();
  await study.goto(fileUrl);
  const panel = await openPanelTab(s, study);
  await clickSummarize(panel);
  return { panel, study, phase: await waitForPhase(panel, ['done', 'error']) };
}

/** Requests outside 127.0.0.1 and the browser; file:// reads are the disk, not the network. */
const network = (s: Session) => s.requests.outside().filter((e) => !e.url.startsWith('file:'));
const locusFileReads = (s: Session) =>
  s.requests.entries.filter((e) => e.url.startsWith('file:') && e.targetUrl.endsWith('/offscreen.html'));

describe('file access off', () => {
  let s: Session;
  beforeAll(async () => {
    s = await studentBrowser(false);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('a PDF on this computer: a clear message saying how to allow it, and the file is not read', async () => {
    const { panel, study, phase } = await summarizeFile(s);
    expect(phase).toBe('error');
    expect(await errorText(panel)).toMatch(
      /open chrome:\/\/extensions, click Details under Locus, and turn on "Allow access to file URLs"/,
    );
    expect(locusFileReads(s)).toEqual([]);
    await panel.close();
    await study.close();
  });

  test('nothing was requested anywhere but 127.0.0.1 and the extension itself', () => {
    expect(network(s).map((e) => `${e.url} (from ${e.targetUrl})`)).toEqual([]);
  });
});

describe('file access on', () => {
  let s: Session;
  beforeAll(async () => {
    s = await studentBrowser(true);
  });
  afterAll(async () => {
    await s?.close();
  });

  test('a PDF on this computer is read (the text pdf.js extracts) and summarized', async () => {
    const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
    const expected = await extractPdf(pdfjs, new Uint8Array(pdfBytes), fileUrl);
    const { panel, study, phase } = await summarizeFile(s);
    expect(phase, await errorText(panel)).toBe('done');
    await waitForText(panel, '.capture-info', /Read \d+ words from the PDF\./);
    await clickSteady(panel, 'details.captured-text > summary');
    expect(await panel.$eval('details.captured-text pre', (el) => el.textContent)).toBe(expected.text);
    expect((await panel.$eval('.summary .markdown', (el) => el.textContent ?? '')).trim().length).toBeGreaterThan(20);
    await panel.close();
    await study.close();
  });

  test('nothing was requested anywhere but 127.0.0.1 and the extension itself; the file was read by Locus from the disk', () => {
    expect(network(s).map((e) => `${e.url} (from ${e.targetUrl})`)).toEqual([]);
    expect(locusFileReads(s).length).toBeGreaterThan(0);
  });
});
