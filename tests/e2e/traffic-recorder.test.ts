// The traffic recorder the privacy tests rely on (NetworkRecorder in tests/support/browser.mjs) sees
// the requests a target makes in its very first milliseconds: a page served from 127.0.0.1 starts a
// dedicated worker, which fetches at once and starts a worker of its own that fetches at once; a
// shared worker and a service worker do the same. Each request reached the local server (the ground
// truth) and each must be in the recorder, attributed to the worker that made it. A recorder that
// turns the Network domain on after the target is reported (as puppeteer's "targetcreated" does)
// misses them: that is how a privacy test could pass while the product leaks.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { UI } from '../support/deadlines.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { until } from '../support/until.mjs';

const JS = 'text/javascript; charset=utf-8';
let pages: Awaited<ReturnType<typeof startPageServer>>;
let s: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  pages = await startPageServer({});
  // Each worker's first statement is a request; it reports back once the answer came, then ends.
  pages.add(
    '/outer-worker.js',
    `const first = fetch('/ping/dedicated'); const inner = new Worker('/inner-worker.js'); inner.onmessage = async () => { await first; postMessage('dedicated and nested fetched'); close(); };`,
    JS,
  );
  pages.add('/inner-worker.js', `fetch('/ping/nested').then(() => { postMessage('nested fetched'); close(); });`, JS);
  pages.add(
    '/shared-worker.js',
    `const first = fetch('/ping/shared'); onconnect = async (e) => { await first; e.ports[0].postMessage('shared fetched'); };`,
    JS,
  );
  pages.add(
    '/service-worker.js',
    `const first = fetch('/ping/service'); addEventListener('message', async (e) => { await first; e.source.postMessage('service fetched'); });`,
    JS,
  );
  pages.add(
    '/workers.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Workers</title></head><body><p id="dedicated">…</p><p id="shared">…</p><p id="service">…</p><script>
      const show = (id) => (e) => { document.getElementById(id).textContent = e.data; };
      new Worker('/outer-worker.js').onmessage = show('dedicated');
      const shared = new SharedWorker('/shared-worker.js');
      shared.port.onmessage = show('shared');
      navigator.serviceWorker.onmessage = show('service');
      navigator.serviceWorker.register('/service-worker.js').then(() => navigator.serviceWorker.ready).then((r) => r.active.postMessage('hello'));
    </script></body></html>`,
  );
  s = await launchWithExtension({});
});
afterAll(async () => {
  await s?.close();
  await pages?.stop();
});

test('requests made in the first instruction of new workers (dedicated, nested, shared, service) are all recorded', async () => {
  const page = await s.browser.newPage();
  await page.goto(`${pages.origin}/workers.html`);
  // What the page shows once every worker's first request was answered.
  await page.waitForFunction(
    () =>
      document.getElementById('dedicated')?.textContent === 'dedicated and nested fetched' &&
      document.getElementById('shared')?.textContent === 'shared fetched' &&
      document.getElementById('service')?.textContent === 'service fetched',
    { timeout: UI },
  );
  const pings = ['/ping/dedicated', '/ping/nested', '/ping/shared', '/ping/service'];
  // The ground truth: the server received each one.
  expect(pings.every((p) => pages.log.some((r) => r.url === p))).toBe(true);
  // Every request the server received is in the recorder (its events may trail the server's log a little).
  const recordedPaths = () => new Set(s.requests.entries.filter((e) => e.url.startsWith(pages.origin)).map((e) => new URL(e.url).pathname));
  await until(() => pages.log.every((r) => recordedPaths().has(r.url!)), {
    timeoutMs: UI,
    what: () =>
      `the recorder lacks ${pages.log.map((r) => r.url).filter((u) => !recordedPaths().has(u!))} of the server's requests; ` +
      `targets it could not watch: ${JSON.stringify(s.requests.outside().filter((e) => e.url.startsWith('unrecorded')))}`,
  });
  const from = (p: string) => s.requests.entries.filter((e) => e.url === pages.origin + p).map((e) => [e.targetType, e.targetUrl]);
  expect(from('/ping/dedicated')).toEqual([['worker', `${pages.origin}/outer-worker.js`]]);
  expect(from('/ping/nested')).toEqual([['worker', `${pages.origin}/inner-worker.js`]]);
  expect(from('/ping/shared')).toEqual([['shared_worker', `${pages.origin}/shared-worker.js`]]);
  expect(from('/ping/service')).toEqual([['service_worker', `${pages.origin}/service-worker.js`]]);
  expect(s.requests.outside()).toEqual([]);
  await page.close();
});
