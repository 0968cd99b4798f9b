// Pages that are hard to read: each gets a clear message in the panel, or works; never a silent
// nothing, never a crash. One browser, one model host; the model is downloaded once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { MODEL_RUN } from '../support/deadlines.mjs';
import { addTenMegabytePage, chooseStories, closeAll, COURSE_HOME } from '../support/e2e-setup.mjs';
import { makePdf } from '../support/make-pdf.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { clickSummarize, configureModels, errorText, openPanel, waitForPhase, waitForText } from '../support/panel.mjs';
import { sharedPath } from '../support/shared-data.mjs';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let host: Awaited<ReturnType<typeof startModelHost>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let frames: Awaited<ReturnType<typeof startPageServer>>;
let s: Session;

beforeAll(async () => {
  host = await startModelHost({ roots: [sharedPath('models')] });
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  frames = await startPageServer({}); // a second origin, for a cross-origin frame
  s = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
  await chooseStories(s, pages.origin + COURSE_HOME, host.origin);
});
afterAll(() => closeAll(s, host, pages, frames));

/** Opens `url` as the student's page, opens the panel, presses Summarize, returns the outcome. */
async function summarizeAt(url: string, timeoutMs = MODEL_RUN) {
  const study = await s.browser.newPage();
  await study.goto(url, { waitUntil: 'domcontentloaded' });
  const panel = await openPanel(s, study);
  await clickSummarize(panel);
  const phase = await waitForPhase(panel, ['done', 'error'], timeoutMs);
  return {
    study,
    panel,
    phase,
    error: await errorText(panel),
    close: async () => {
      await panel.close();
      await study.close();
    },
  };
}

describe('hard pages', () => {
  test('a page with no readable text says so', async () => {
    const url = pages.add(
      '/empty.html',
      '<!doctype html><html lang="en"><head><title>Gallery</title></head><body><img src="x.png" alt=""><canvas width="10" height="10"></canvas></body></html>',
    );
    const r = await summarizeAt(url);
    expect(r.phase).toBe('error');
    expect(r.error).toMatch(/no text Locus can read/);
    await r.close();
  });

  test('a browser page (chrome://) says Locus cannot read it', async () => {
    const r = await summarizeAt('chrome://version');
    expect(r.phase).toBe('error');
    expect(r.error).toMatch(/can't read this tab/);
    await r.close();
  });

  test('a PDF tab is read (pdf.js; see study-pdf-and-bad-input.test.ts) and summarized', async () => {
    const url = pages.add('/reading.pdf', makePdf([['Photosynthesis converts light energy into chemical energy.']]), 'application/pdf');
    const r = await summarizeAt(url);
    expect(r.phase, r.error).toBe('done');
    await waitForText(r.panel, '.capture-info', /Read 7 words from the PDF\./);
    await r.close();
  });

  test('a scanned PDF (no text layer) gets a clear message', async () => {
    const url = pages.add('/scan.pdf', makePdf([[]]), 'application/pdf');
    const r = await summarizeAt(url);
    expect(r.phase).toBe('error');
    expect(r.error).toMatch(/This PDF has no text layer/);
    await r.close();
  });

  test('text inside frames, same-origin and cross-origin, is read too', async () => {
    const paragraph = (topic: string) =>
      `<p>${topic} is explained here in detail. `.concat(
        'The lecture covers definitions, worked examples and common mistakes students make. '.repeat(6),
        '</p>',
      );
    const inner = frames.add(
      '/frame.html',
      `<!doctype html><html lang="en"><head><title>Embedded reading</title></head><body><article><h1>Plate tectonics</h1>${paragraph('Plate tectonics')}${paragraph('Subduction')}</article></body></html>`,
    );
    const same = pages.add(
      '/same-frame.html',
      `<!doctype html><html lang="en"><head><title>Lab notes</title></head><body><article><h1>Minerals</h1>${paragraph('Mineral hardness')}${paragraph('Crystal habit')}</article></body></html>`,
    );
    const url = pages.add(
      '/framed.html',
      `<!doctype html><html lang="en"><head><title>Week 3</title></head><body><h1>Week 3</h1><p>Readings for this week are below.</p><iframe src="${same}" width="600" height="300"></iframe><iframe src="${inner}" width="600" height="300"></iframe></body></html>`,
    );
    const r = await summarizeAt(url);
    expect(r.phase, r.error).toBe('done');
    await waitForText(r.panel, '.capture-info', /with 2 embedded frames/);
    await r.close();
  });

  test('a right-to-left page (Arabic) is read and the answer is laid out right to left', async () => {
    const arabic =
      'التمثيل الضوئي هو العملية التي تحول بها النباتات الخضراء ضوء الشمس إلى طاقة كيميائية. تمتص الأوراق ثاني أكسيد الكربون وتطلق الأكسجين. ';
    const url = pages.add(
      '/rtl.html',
      `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>التمثيل الضوئي</title></head><body><article><h1>التمثيل الضوئي</h1><p>${arabic.repeat(4)}</p><p>${arabic.repeat(3)}</p></article></body></html>`,
    );
    const r = await summarizeAt(url);
    expect(r.phase, r.error).toBe('done');
    expect(await r.panel.$eval('.summary .markdown', (el) => el.getAttribute('dir'))).toBe('rtl');
    expect(await r.panel.$eval('.summary .markdown', (el) => el.getAttribute('lang'))).toBe('ar');
    await r.close();
  });

  test('a 10 MB page is read (cut, and said so) and summarized from its beginning', async () => {
    const url = addTenMegabytePage(pages);
    const r = await summarizeAt(url, 2 * MODEL_RUN); // 48 parts, map-reduced
    expect(r.phase, r.error).toBe('done');
    const notices = await r.panel.$$eval('.notice', (els) => els.map((e) => e.textContent ?? ''));
    expect(notices.some((n) => /very long: Locus reads its first 2,000,000 of [\d,]+ characters/.test(n))).toBe(true);
    expect(notices.some((n) => /covers its first 48 parts/.test(n))).toBe(true);
    await r.close();
  });
});
