// The raw side of the comparison: the same generation through plain transformers.js on a page of
// its own (tests/bench/raw-page), in a second instance of the same Chromium with the same flags,
// minus the extension. A second instance rather than a tab beside the panel: Locus summarizes "the
// web tab used last", which a raw tab would become, and each instance's GPU process then holds one
// side's WebGPU buffers only. Runs of the two sides alternate, so machine noise hits both.
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../support/browser.mjs';
import { PeakTracker, gpuPidOf, niceOf, rendererPidOf } from './processes.mjs';

/** The ONNX Runtime WASM builds the raw page can load (both from the package Locus bundles). */
export const ORT_BUILDS = {
  // What Locus ships and transformers.js's onnxruntime-web/webgpu loads (served from the built extension's /ort/).
  asyncify: {
    label: 'asyncify (what Locus ships)',
    mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
    wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
  },
  // The plain SIMD-threaded build: WASM only, no WebGPU.
  plain: { label: 'plain SIMD-threaded', mjs: '/ort-plain/ort-wasm-simd-threaded.mjs', wasm: '/ort-plain/ort-wasm-simd-threaded.wasm' },
};

/** @param {{ webgpu: boolean, rawOrigin: string, modelHost: string }} options */
export async function startRawSide({ webgpu, rawOrigin, modelHost }) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'locus-bench-raw-'));
  // The flags of tests/support/browser.mjs, without the extension.
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--disable-features=Translate,OptimizationHints,MediaRouter',
      ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
    ],
    protocolTimeout: 1_800_000,
  });
  const browserPid = browser.process()?.pid;

  /**
   * One raw page with one model loaded, on one ONNX Runtime build.
   * @param {import('./models.mjs').BenchModel} model
   * @param {'wasm' | 'webgpu'} device
   * @param {keyof typeof ORT_BUILDS} build
   * @param {number} numThreads the count Locus's engine worker sets
   */
  async function openPage(model, device, build, numThreads) {
    const page = await browser.newPage();
    await page.goto(`${rawOrigin}/`);
    await page.waitForFunction(() => /** @type {any} */ (window).rawBenchReady === true);
    const call = (op, args) => page.evaluate((o, a) => /** @type {any} */ (window).rawBench.call(o, a), op, args);
    const session = await page.createCDPSession();
    const pid = await rendererPidOf(browserPid, session);
    const tracker = new PeakTracker(pid);
    const gpu = new PeakTracker(gpuPidOf(browserPid));
    const environment = await call('env');
    const rssBeforeLoad = tracker.current().rss;
    tracker.startPhase();
    gpu.startPhase();
    const ort = ORT_BUILDS[build];
    const loaded = await call('load', {
      host: modelHost,
      modelId: model.id,
      revision: 'main',
      device,
      dtype: model.dtype,
      wasmPaths: { mjs: rawOrigin + ort.mjs, wasm: rawOrigin + ort.wasm },
      numThreads,
    });
    const loadPeakBytes = tracker.endPhase();
    gpu.endPhase();
    return {
      pid,
      environment,
      loaded: { ...loaded, peakBytes: loadPeakBytes, rssBeforeLoad },
      tracker,
      gpuTracker: gpu,
      /** One greedy generation of `messages`; peak memory of the page's process during it. */
      async generate(messages, maxNewTokens) {
        // In front, as Locus's panel is during its runs: Chromium lowers the CPU priority (nice 5)
        // of renderers with nothing visible, which costs a lot on a busy machine.
        await page.bringToFront();
        tracker.startPhase();
        gpu.startPhase();
        const result = await call('generate', { messages, maxNewTokens });
        return { ...result, peakBytes: tracker.endPhase(), gpuPeakBytes: gpu.endPhase(), nice: niceOf(pid) };
      },
      async close() {
        await call('unload').catch(() => undefined);
        await page.close();
      },
    };
  }

  return {
    browser,
    openPage,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
