// The raw side of the download comparison: a plain page on 127.0.0.1 (nothing of Locus) that
// fetch()es the same files from the same model host, one after the other as Locus's downloader
// does, reads every body to its end and throws the bytes away. Timed inside the page.

// `opfs`: also write every chunk to a file of the page's Origin Private File System, as Locus's
// store does (createWritable, one write per chunk, then close), without hashing: a reference that
// separates the cost of the storage from the cost of the rest of Locus's path.
const FETCH_ALL = `async (urls, opfs) => {
  const began = performance.now();
  let bytes = 0;
  const files = [];
  const root = opfs ? await navigator.storage.getDirectory() : null;
  for (const url of urls) {
    const t0 = performance.now();
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    const handle = root ? await root.getFileHandle('raw-bench.partial', { create: true }) : null;
    const writable = handle ? await handle.createWritable({ keepExistingData: false }) : null;
    const reader = response.body.getReader();
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (writable) await writable.write(value);
      n += value.byteLength;
    }
    if (writable) {
      await writable.close();
      await root.removeEntry('raw-bench.partial');
    }
    bytes += n;
    files.push({ url, bytes: n, ms: performance.now() - t0 });
  }
  return { bytes, ms: performance.now() - began, files };
}`;

// The page runs the fetches on its main thread, or in a dedicated worker (where Locus's downloader runs).
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>raw fetch</title></head><body><p>raw fetch benchmark</p>
<script>
const fetchAll = ${FETCH_ALL};
const workerSource = 'const fetchAll = ' + fetchAll.toString() + '; onmessage = async (e) => { try { postMessage({ ok: true, value: await fetchAll(e.data.urls, e.data.opfs) }); } catch (error) { postMessage({ ok: false, error: String(error) }); } };';
let worker;
window.rawFetch = async (urls, inWorker, opfs) => {
  if (!inWorker) return fetchAll(urls, opfs);
  worker ??= new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data.ok ? resolve(e.data.value) : reject(new Error(e.data.error)));
    worker.postMessage({ urls, opfs });
  });
};
</script></body></html>`;

/**
 * Opens the raw page in a new tab of `browser`.
 * @param {import('puppeteer-core').Browser} browser
 * @param {{ add(pathname: string, body: string): string }} pages the page server
 */
export async function openRawFetchPage(browser, pages) {
  const url = pages.add('/bench/lifecycle-raw-fetch.html', PAGE);
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof (/** @type {any} */ (window).rawFetch) === 'function');
  return {
    page,
    /**
     * @param {string[]} urls @param {{ inWorker?: boolean, opfs?: boolean }} [how]
     * @returns {Promise<{ bytes: number, ms: number, files: Array<{ url: string, bytes: number, ms: number }> }>}
     */
    async fetchAll(urls, { inWorker = false, opfs = false } = {}) {
      await page.bringToFront();
      return page.evaluate((u, w, o) => /** @type {any} */ (window).rawFetch(u, w, o), urls, inWorker, opfs);
    },
  };
}

/** The URLs Locus fetches for a model's files: {host}/{id}/resolve/{revision}/{path} (lib/catalog fileUrl). */
export function fileUrls(host, modelId, revision, paths) {
  return paths.map((p) => `${host}/${modelId}/resolve/${revision}/${p}`);
}
