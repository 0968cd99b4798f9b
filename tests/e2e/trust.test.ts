// What a real student gets by default is what the tests run, and nothing unverified runs (issue 11),
// as a student meets it in Chromium:
//   - a consented cloud request whose provider answers 307 to another port: nothing is sent there,
//     and the panel says why;
//   - a model with no checksums in the catalog is checked against what its host announces, pinned on
//     first use, resumed after a browser restart onto the same bytes only (If-Range), and a file
//     changed on the host between two attempts is refused, never spliced;
//   - web-llm only where the build ships its (checked) model library, loaded from the package.
// Fakes nothing but remote hosts: a hub-like model host that redirects LFS files to a CDN on another
// port, a redirecting provider, and a recording provider, all real servers on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension } from '../support/browser.mjs';
import { BUILD, MODEL_RUN, UI, WEBGPU_RUN } from '../support/deadlines.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import {
  addProvider,
  clickSteady,
  clickSummarize,
  configureModels,
  consentAction,
  errorText,
  modelRow as row,
  openModelsTab,
  openPanel,
  openView,
  readConsentDialog,
  setPrivacyMode,
  useProvider,
  waitForPhase,
  waitForText,
} from '../support/panel.mjs';
import { repoRoot, sharedPath } from '../support/shared-data.mjs';
import { until } from '../support/until.mjs';
import { buildVariant } from '../support/variant-build.mjs';

const COURSE_PAGE = '/course/12-001-introduction-to-geology-fall-2013/002-course-home.html';
const WEIGHTS = 'onnx/model_q4.onnx';
const KEY = 'sk-e2e-trust-7c1e';
/** A web-llm model library the test build ships: a stand-in (no real one can be obtained here), checked like a real one. */
const STANDIN_LIB = 'SmolLM2-360M-Instruct-q4f32_1_cs1k-webgpu.wasm';

type Session = Awaited<ReturnType<typeof launchWithExtension>>;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let trustBuild: string;

/** stories260K as a hub model's catalog entry has it: no size, no checksum (checked against the host, pinned on first use). */
function unpinnedEntry(id: string) {
  const catalog = JSON.parse(readFileSync(path.join(repoRoot, 'models/catalog.json'), 'utf8'));
  const base = catalog.models.find((m: { id: string }) => m.id === 'stories260K');
  // No size, no checksum; the rounded size the hub displays, for the download estimate (as hub entries have).
  const strip = (files: Array<{ path: string; size: number }>) =>
    files.map((f) => ({ path: f.path, size: null, approxSize: f.size, sha256: null }));
  return {
    ...base,
    id,
    name: `stories260K, pinned on first use (${id.split('/')[0]})`,
    sources: ['The real stories260K files of ../shared/models, with no checksums in the catalog (tests/e2e/trust.test.ts).'],
    engines: {
      transformers: {
        ...base.engines.transformers,
        shared: strip(base.engines.transformers.shared),
        dtypes: Object.fromEntries(
          Object.entries(base.engines.transformers.dtypes).map(([d, f]) => [d, strip(f as Array<{ path: string; size: number }>)]),
        ),
      },
    },
  };
}

beforeAll(async () => {
  pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  // The build of these tests: the two unpinned catalog entries, and a web-llm library shipped after
  // the build's check against its data file (a stand-in: valid WebAssembly header, nothing more).
  const work = mkdtempSync(path.join(os.tmpdir(), 'locus-trust-build-'));
  const libs = path.join(work, 'libs');
  mkdirSync(libs);
  const lib = Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), Buffer.alloc(1024)]);
  writeFileSync(path.join(libs, STANDIN_LIB), lib);
  const data = path.join(work, 'webllm-libs.json');
  writeFileSync(
    data,
    JSON.stringify({
      repository: 'locus-tests/stand-in-libs',
      directory: 'libs',
      commit: 'e'.repeat(40),
      libraries: [{ file: STANDIN_LIB, size: lib.length, sha256: createHash('sha256').update(lib).digest('hex') }],
    }),
  );
  trustBuild = await buildVariant('.output/e2e-trust', {
    extraModels: [unpinnedEntry('test/stories260K'), unpinnedEntry('test2/stories260K')],
    env: { LOCUS_WEBLLM_LIBS: libs, LOCUS_WEBLLM_LIBS_DATA: data },
  });
  rmSync(work, { recursive: true, force: true });
}, BUILD);
afterAll(async () => {
  await pages?.stop();
});

/** The download's percentage as the panel shows it. */
async function waitForPercent(panel: Page, atLeast: number) {
  await panel.waitForFunction(
    (min) => Number(/\((\d+)%\)/.exec(document.querySelector('.download-text')?.textContent ?? '')?.[1] ?? -1) >= min,
    { timeout: MODEL_RUN, polling: 100 },
    atLeast,
  );
}

async function waitForRowDone(panel: Page, id: string) {
  await panel.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('data-stored') === 'true' || !!document.querySelector('.error'),
    { timeout: MODEL_RUN, polling: 100 },
    row(id),
  );
}

describe('a consented cloud request that the provider redirects', () => {
  let s: Session;
  let modelHost: Awaited<ReturnType<typeof startModelHost>>;
  let redirector: http.Server;
  let redirectorOrigin = '';
  const redirected: Array<{ method: string; url: string; body: string }> = [];
  /** Where a 307 would re-post the body: a server that records every connection and every request. */
  let elsewhere: http.Server;
  let elsewhereOrigin = '';
  const reached = { connections: 0, requests: [] as string[] };

  beforeAll(async () => {
    modelHost = await startModelHost({ roots: [sharedPath('models')] });
    elsewhere = http.createServer((req, res) => {
      reached.requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'text/event-stream' }).end('data: [DONE]\n\n');
    });
    elsewhere.on('connection', () => (reached.connections += 1));
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}`;
    redirector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        redirected.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() });
        res.writeHead(307, { Location: `${elsewhereOrigin}${req.url}`, 'Access-Control-Allow-Origin': '*' }).end();
      });
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectorOrigin = `http://127.0.0.1:${(redirector.address() as { port: number }).port}`;
    s = await launchWithExtension({});
  });
  afterAll(async () => {
    await s?.close();
    await new Promise((r) => elsewhere?.close(r));
    await new Promise((r) => redirector?.close(r));
    await modelHost?.stop();
  });

  test('sends nothing to the other address, and the panel says why', async () => {
    const study = await s.browser.newPage();
    await study.goto(pages.origin + COURSE_PAGE);
    const panel = await openPanel(s, study);
    await configureModels(panel, { host: modelHost.origin, model: 'stories260K' });
    await addProvider(panel, { name: 'Moving provider', baseUrl: `${redirectorOrigin}/v1`, model: 'gpt-fake', apiKey: KEY });
    await useProvider(panel, 'Moving provider');
    await openView(panel, 'This page');
    await panel.waitForSelector('::-p-text(Summarize page)', { timeout: UI });
    await setPrivacyMode(panel, false);
    // "Ask a bigger model" is on a summary's card: summarized on the device first.
    await clickSummarize(panel);
    expect(await waitForPhase(panel, ['done', 'error'])).toBe('done');
    await clickSteady(panel, 'li.thread-card[data-kind=summary] button.ask-bigger');
    const dialog = await readConsentDialog(panel);
    expect(dialog.url).toContain(redirectorOrigin);
    await consentAction(panel, 'Send once');
    expect(await waitForPhase(panel, ['done', 'error'], UI)).toBe('error');
    const message = await errorText(panel);
    expect(message).toMatch(/redirect/i);
    expect(message).toMatch(/nothing was sent there/i);
    // The provider the student agreed to got the exact body once; the other address got nothing.
    expect(redirected.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/v1/chat/completions', dialog.body]]);
    // Ground truth at the other address: not one connection. (Chrome's DevTools log lists the
    // redirect target as a hop it announces before the 'manual' fetch drops it; no byte leaves.)
    expect(reached.requests).toEqual([]);
    expect(reached.connections).toBe(0);
    expect(s.requests.outside()).toEqual([]);
  });
});

describe('a model without checksums in the catalog', () => {
  let host: Awaited<ReturnType<typeof startModelHost>>;
  let profile: string;
  beforeAll(async () => {
    host = await startModelHost({
      roots: [{ prefix: 'test', dir: sharedPath('models') }, { prefix: 'test2', dir: sharedPath('models') }, sharedPath('models')],
      lfs: 'redirect',
    });
    profile = mkdtempSync(path.join(os.tmpdir(), 'locus-trust-profile-'));
  });
  afterAll(async () => {
    await host?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  test('is checked against what the host announces, pinned on first use, and resumed after a browser restart', async () => {
    // First session: the download starts, then the browser is closed halfway.
    const first = await launchWithExtension({ extension: trustBuild, userDataDir: profile });
    let partialFrom = 0;
    try {
      const study = await first.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      const panel = await openPanel(first, study);
      await configureModels(panel, { host: host.origin, model: 'test/stories260K' });
      await openModelsTab(panel);
      expect(await panel.$eval(`${row('test/stories260K')} .verification`, (el) => el.getAttribute('data-verification'))).toBe(
        'on-first-download',
      );
      expect(await panel.$eval(`${row('stories260K')} .verification`, (el) => el.getAttribute('data-verification'))).toBe('catalog');
      host.setThrottle(20_000); // the 337 KB weights take about 17 s
      await panel.click(`${row('test/stories260K')} button:not([disabled])::-p-text(ownload)`);
      // About 7 s into the weights: what arrived is on disk (the download writes what is a second old).
      await waitForPercent(panel, 40);
    } finally {
      await first.close(); // the profile stays (it is ours)
    }
    const firstRequests = host.log.filter((r) => r.server === 'cdn' && r.file === WEIGHTS);
    expect(firstRequests).toHaveLength(1);
    expect(host.log.filter((r) => r.url.startsWith('/api/models/test/stories260K/revision/'))).toHaveLength(1);

    // Second session, same profile: the partial file is still there and only the rest is asked for.
    host.log.length = 0;
    host.setThrottle(0);
    const second = await launchWithExtension({ extension: trustBuild, userDataDir: profile });
    try {
      const study = await second.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      const panel = await openPanel(second, study);
      await openModelsTab(panel);
      await waitForText(panel, row('test/stories260K'), /In use · partly downloaded · \d+ KB here, \d+ KB to go/);
      await panel.click(`${row('test/stories260K')} button:not([disabled])::-p-text(Finish download)`);
      await waitForRowDone(panel, 'test/stories260K');
      expect(await errorText(panel)).toBe('');
      const resumed = host.log.filter((r) => r.server === 'cdn' && r.file === WEIGHTS);
      expect(resumed).toHaveLength(1);
      const from = /^bytes=(\d+)-$/.exec(resumed[0]!.range ?? '');
      expect(from, `range ${resumed[0]!.range}`).not.toBeNull();
      partialFrom = Number(from![1]);
      expect(partialFrom).toBeGreaterThan(0);
      expect(resumed[0]!.ifRange).toMatch(/^"[0-9a-f]+"$/);
      expect(resumed[0]!.status).toBe(206);
      // Pinned: no second question to the host; the Models view says so, with the commit.
      expect(host.log.filter((r) => r.url.startsWith('/api/'))).toEqual([]);
      const commit = await host.commit('test/stories260K');
      await waitForText(panel, `${row('test/stories260K')} .verification`, new RegExp(`Pinned on first use.*${commit.slice(0, 7)}`));
      // The resumed file verified: the model runs.
      await openView(panel, 'This page');
      await clickSummarize(panel);
      expect(await waitForPhase(panel, ['done', 'error']), await errorText(panel)).toBe('done');
      expect(second.requests.outside()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  test('a file changed on the host between two attempts is refused, never spliced', async () => {
    const s = await launchWithExtension({ extension: trustBuild, userDataDir: profile });
    try {
      const study = await s.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      let panel = await openPanel(s, study);
      await configureModels(panel, { host: host.origin });
      await openModelsTab(panel);
      host.log.length = 0;
      host.setThrottle(20_000);
      await panel.click(`${row('test2/stories260K')} button:not([disabled])::-p-text(ownload)`);
      await waitForPercent(panel, 40);
      // The student closes the panel mid-download: what arrived is kept for next time.
      await panel.close();
      await until(() => host.log.some((r) => r.server === 'cdn' && r.file === WEIGHTS && r.closed), {
        timeoutMs: UI,
        what: 'the cut download never ended at the host',
      });
      // Meanwhile the file changes on the host (a byte near its end, past what was kept).
      const changed = Buffer.from(readFileSync(sharedPath(`models/stories260K/${WEIGHTS}`)));
      changed[changed.length - 100]! ^= 0xff;
      host.replaceFile('test2/stories260K', WEIGHTS, changed);
      host.setThrottle(0);
      host.log.length = 0;

      panel = await openPanel(s, study);
      await openModelsTab(panel);
      await waitForText(panel, row('test2/stories260K'), /Partly downloaded · \d+ KB here, \d+ KB to go/);
      await panel.click(`${row('test2/stories260K')} button:not([disabled])::-p-text(Finish download)`);
      await waitForRowDone(panel, 'test2/stories260K');
      expect(await errorText(panel)).toMatch(
        /test2\/stories260K: onnx\/model_q4\.onnx does not match what the model host announced for it when Locus first downloaded this model/,
      );
      expect(await panel.$eval(row('test2/stories260K'), (el) => el.getAttribute('data-stored'))).toBe('false');
      // Locus asked for the rest of the bytes it had (If-Range); the host sent the whole changed
      // file (200, not 206); Locus checked it whole and refused it.
      const attempt = host.log.filter((r) => r.server === 'cdn' && r.file === WEIGHTS);
      expect(attempt).toHaveLength(1);
      expect(attempt[0]!.range).toMatch(/^bytes=\d+-$/);
      expect(attempt[0]!.ifRange).toMatch(/^"/);
      expect(attempt[0]!.status).toBe(200);
      expect(s.requests.outside()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('web-llm, in a build that ships its model library', () => {
  test('without WebGPU: a clear message, and no download starts', async () => {
    const host = await startModelHost({ roots: [sharedPath('models')] });
    const s = await launchWithExtension({ extension: trustBuild });
    try {
      const study = await s.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      const panel = await openPanel(s, study);
      await configureModels(panel, { host: host.origin, model: 'HuggingFaceTB/SmolLM2-360M-Instruct', engine: 'web-llm' });
      host.log.length = 0;
      await clickSummarize(panel);
      expect(await waitForPhase(panel, ['error', 'done'])).toBe('error');
      expect(await errorText(panel)).toMatch(
        /runs with web-llm, which needs WebGPU, and this browser offers none\. Nothing was downloaded/,
      );
      expect(host.log).toEqual([]);
      expect(s.requests.outside()).toEqual([]);
    } finally {
      await s.close();
      await host.stop();
    }
  });

  test('with a WebGPU adapter: weights asked from the configured host, compiled code only from the package', async () => {
    const host = await startModelHost({ roots: [sharedPath('models')] });
    const s = await launchWithExtension({ extension: trustBuild, webgpu: true });
    try {
      const study = await s.browser.newPage();
      await study.goto(pages.origin + COURSE_PAGE);
      const panel = await openPanel(s, study);
      await configureModels(panel, { host: host.origin, model: 'HuggingFaceTB/SmolLM2-360M-Instruct', engine: 'web-llm' });
      host.log.length = 0;
      await clickSummarize(panel);
      expect(await waitForPhase(panel, ['error', 'done'], WEBGPU_RUN)).toBe('error');
      // No MLC weights exist on these machines: the host answers 404, and the student is told.
      expect(await errorText(panel)).toMatch(/web-llm could not start SmolLM2 360M Instruct/);
      expect(host.log.some((r) => r.url.startsWith('/mlc-ai/SmolLM2-360M-Instruct-q4f32_1-MLC/resolve/main/'))).toBe(true);
      // Nothing executable was asked of any host: a .wasm only ever from the extension's own package.
      expect(host.log.filter((r) => r.url.endsWith('.wasm'))).toEqual([]);
      expect(s.requests.entries.filter((e) => /\.wasm(\?|$)/.test(e.url) && !e.url.startsWith('chrome-extension://'))).toEqual([]);
      expect(s.requests.outside()).toEqual([]);
    } finally {
      await s.close();
      await host.stop();
    }
  });
});
