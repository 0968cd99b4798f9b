// Checks that OCR runs in the built extension in Chromium, through the product's own path: a
// scanned PDF (pages that are images of known sentences, no text layer) is served from 127.0.0.1
// and opened in a tab; the panel page asks the background for the tab's text (`page.capture` with an
// OCR job) exactly as the panel does; the background has the offscreen document fetch the PDF
// through the network gate, draw its pages with pdf.js and read them with Tesseract. Prints the
// character error rate against the known text, the time, the progress seen, and every request that
// left for anywhere but 127.0.0.1 and the extension itself (there must be none: no CDN).
//
//   npm run build && node tests/support/ocr-check.mjs
import { launchWithExtension } from './browser.mjs';
import { characterErrorRate } from './cer.mjs';
import { startPageServer } from './page-server.mjs';
import { startModelHost } from './model-host.mjs';
import { SCANNED_PAGES, VIETNAMESE_PAGE, makeScannedPdf, scannedText, vietnameseOcrMount } from './scanned-fixtures.mjs';
import { renderTextImages } from './text-images.mjs';

const session = await launchWithExtension({ extension: process.env.LOCUS_E2E_EXTENSION });
const pages = await startPageServer({});
const host = await startModelHost({ roots: [vietnameseOcrMount()] });
const t0 = Date.now();
const step = (what) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);
if (process.env.OCR_CHECK_VERBOSE) {
  // The extension's own consoles (service worker, offscreen document, workers) for debugging.
  const watch = async (target) => {
    if (!/^chrome-extension:/.test(target.url())) return;
    const cdp = await target.createCDPSession().catch(() => null);
    if (!cdp) return;
    cdp.on('Runtime.consoleAPICalled', (e) =>
      step(`${target.type()} console.${e.type}: ${e.args.map((a) => a.value ?? a.description).join(' ')}`),
    );
    cdp.on('Runtime.exceptionThrown', (e) =>
      step(`${target.type()} exception: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`),
    );
    await cdp.send('Runtime.enable').catch(() => undefined);
  };
  session.browser.on('targetcreated', (t) => void watch(t));
  for (const t of session.browser.targets()) await watch(t);
}
let failed = false;
try {
  step('drawing the scanned pages');
  const { pdf, images } = await makeScannedPdf(session.browser);
  step(`scanned PDF: ${pdf.length} bytes`);
  const url = pages.add('/scans/water-cycle.pdf', pdf, 'application/pdf');
  const imageUrl = pages.add('/scans/page-1.jpg', images[0].bytes, 'image/jpeg');
  pages.add(
    '/scans/page.html',
    `<!doctype html><html><head><title>Scan</title></head><body><img src="/scans/page-1.jpg" alt="page"></body></html>`,
  );
  const tab = await session.browser.newPage();
  await tab.goto(url).catch(() => undefined); // Chrome's PDF viewer: the navigation itself may not settle
  const panel = await session.browser.newPage();
  await panel.goto(session.panelUrl);
  await panel.exposeFunction('ocrCheckProgress', (m) => {
    if (m.stage !== 'reading' || m.pageProgress === 0 || m.pageProgress === 1)
      step(`progress: page ${m.page}/${m.pages} ${m.stage} ${Math.round(m.pageProgress * 100)}%`);
  });
  await panel.evaluate(() =>
    chrome.runtime.onMessage.addListener((m) => void (m?.type === 'ocr.progress' && globalThis.ocrCheckProgress(m))),
  );
  step('capturing the PDF tab through the background (page.capture with OCR)');
  const started = Date.now();
  const result = await panel.evaluate(async (pdfUrl) => {
    const progress = [];
    chrome.runtime.onMessage.addListener((m) => {
      if (m?.type === 'ocr.progress') progress.push(m);
    });
    const [t] = await chrome.tabs.query({ url: pdfUrl });
    const reply = await chrome.runtime.sendMessage({ type: 'page.capture', tabId: t.id, ocr: { jobId: 'ocr-check', pageLimit: 20 } });
    return { reply, progress };
  }, url);
  const ms = Date.now() - started;
  if (!result.reply?.ok) throw new Error(`capture failed: ${JSON.stringify(result.reply)}`);
  const page = result.reply.value;
  const cer = characterErrorRate(scannedText(), page.text);
  console.log(`OCR text (${page.text.length} chars):\n${page.text}\n`);
  console.log(`ocr info: ${JSON.stringify(page.ocr)}`);
  console.log(`pageStarts: ${JSON.stringify(page.pageStarts)}`);
  console.log(`progress messages: ${result.progress.length} (${[...new Set(result.progress.map((p) => p.stage))].join(', ')})`);
  console.log(`figure ocr-pdf-cer: ${cer.toFixed(4)}`);
  console.log(`figure ocr-pdf-ms: ${ms}`);

  // A photocopy-like scan of the same pages (skewed, soft, specks, lower resolution).
  const rough = await makeScannedPdf(session.browser, SCANNED_PAGES, {
    scanned: true,
    width: 1000,
    height: 1414,
    fontPx: 27,
    lineHeight: 45,
  });
  const roughUrl = pages.add('/scans/water-cycle-photocopy.pdf', rough.pdf, 'application/pdf');
  const roughTab = await session.browser.newPage();
  await roughTab.goto(roughUrl).catch(() => undefined);
  const roughStarted = Date.now();
  const roughReply = await panel.evaluate(async (u) => {
    const [t] = await chrome.tabs.query({ url: u });
    return chrome.runtime.sendMessage({ type: 'page.capture', tabId: t.id, ocr: { jobId: 'ocr-rough' } });
  }, roughUrl);
  if (!roughReply?.ok) throw new Error(`photocopy capture failed: ${JSON.stringify(roughReply)}`);
  console.log(`photocopy OCR text:\n${roughReply.value.text}\n`);
  console.log(
    `figure ocr-pdf-photocopy-cer: ${characterErrorRate(scannedText(), roughReply.value.text).toFixed(4)} (confidence ${roughReply.value.ocr.meanConfidence}, ${Date.now() - roughStarted} ms)`,
  );

  // A second capture of the same PDF reads the cached pages (no OCR again).
  const again = Date.now();
  const second = await panel.evaluate(async (pdfUrl) => {
    const [t] = await chrome.tabs.query({ url: pdfUrl });
    return chrome.runtime.sendMessage({ type: 'page.capture', tabId: t.id });
  }, url);
  console.log(`figure ocr-pdf-cached-ms: ${Date.now() - again} (same text: ${second?.value?.text === page.text})`);

  // An image of the page read through the image path (as "Read this image with Locus" does).
  const imagePage = await session.browser.newPage();
  await imagePage.goto(pages.origin + '/scans/page.html');
  const image = await panel.evaluate(
    async (pageUrl, src) => {
      const [t] = await chrome.tabs.query({ url: pageUrl });
      return chrome.runtime.sendMessage({ type: 'image.read', tabId: t.id, pageUrl, imageUrl: src, jobId: 'img-check' });
    },
    pages.origin + '/scans/page.html',
    imageUrl,
  );
  if (!image?.ok) throw new Error(`image read failed: ${JSON.stringify(image)}`);
  const imageCer = characterErrorRate(scannedText([SCANNED_PAGES[0]]), image.value.text);
  console.log(`figure ocr-image-cer: ${imageCer.toFixed(4)}`);

  // Vietnamese: its data is downloaded like a model (from the model host set in the settings,
  // verified against the catalog's size and SHA-256), then an image of Vietnamese text is read.
  const [vi] = await renderTextImages(session.browser, [VIETNAMESE_PAGE], { type: 'image/png' });
  const viUrl = pages.add('/scans/vi.png', vi.bytes, 'image/png');
  const viHtml = pages.add(
    '/scans/vi.html',
    `<!doctype html><html lang="vi"><head><title>Quét</title></head><body><img src="/scans/vi.png" alt="trang"></body></html>`,
  );
  const setSettings = (patch) =>
    panel.evaluate(
      (p) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('locus');
          open.onsuccess = () => {
            const tx = open.result.transaction('settings', 'readwrite');
            const store = tx.objectStore('settings');
            store.get('settings').onsuccess = (e) => store.put({ key: 'settings', value: { ...(e.target.result?.value ?? {}), ...p } });
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
      patch,
    );
  const ask = (m) => panel.evaluate((message) => chrome.runtime.sendMessage(message), m);
  const viPage = await session.browser.newPage();
  await viPage.goto(viHtml);
  const viTab = await panel.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0].id, viHtml);
  const readVi = () => ask({ type: 'image.read', tabId: viTab, pageUrl: viHtml, imageUrl: viUrl, jobId: 'img-vi' });
  await setSettings({ modelHost: host.origin, ocrLanguages: ['vie', 'eng'] });
  const missing = await readVi();
  console.log(`before the download: ${JSON.stringify(missing.ok ? 'read?!' : missing.error)}`);
  if (missing.ok || missing.error.code !== 'ocr-language-missing') failed = true;
  console.log(`ocr languages: ${JSON.stringify((await ask({ type: 'ocr.languages' })).value)}`);
  step('downloading the Vietnamese OCR data');
  const downloaded = await ask({ type: 'ocr.download', code: 'vie', jobId: 'dl-vie' });
  console.log(`download: ${JSON.stringify(downloaded)}; host: ${host.log.map((r) => `${r.method} ${r.url} ${r.status}`).join('; ')}`);
  console.log(`ocr languages after: ${JSON.stringify((await ask({ type: 'ocr.languages' })).value.map((l) => [l.code, l.downloaded]))}`);
  const viRead = await readVi();
  if (!viRead?.ok) throw new Error(`Vietnamese image read failed: ${JSON.stringify(viRead)}`);
  console.log(`Vietnamese OCR text:\n${viRead.value.text}`);
  console.log(`figure ocr-image-vie-cer: ${characterErrorRate(scannedText([VIETNAMESE_PAGE]), viRead.value.text).toFixed(4)}`);

  const outside = session.requests.outside();
  console.log(`requests outside 127.0.0.1 and the extension: ${outside.length}`);
  for (const r of outside) console.log(`  ${r.targetType} ${r.url}`);
  const tesseractFiles = session.requests.entries.filter((e) => /tesseract|traineddata/.test(e.url)).map((e) => e.url);
  console.log(`tesseract files loaded: ${[...new Set(tesseractFiles)].join(', ')}`);
  if (outside.length) failed = true;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await session.close();
  await pages.stop();
  await host.stop();
}
process.exit(failed ? 1 : 0);
