// Retrieval latency, IndexedDB write throughput, index loading and memory of the library at
// 10,000 / 100,000 / 200,000 chunks: Locus's lib/library and lib/store code in a dedicated worker of
// a cross-origin-isolated page in Chromium (tests/bench/library-pages/scale-worker.ts). The chunks
// are SYNTHETIC (SciFact's vocabulary, Zipf-skewed; random vectors with a common direction).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../support/shared-data.mjs';
import { rendererPidOf } from './processes.mjs';

const CHUNKS_PER_PAGE = 20;
const WORDS_PER_CHUNK = 150;

function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function vocabulary() {
  const text = readFileSync(path.join(sharedPath('data/scifact'), 'corpus.jsonl'), 'utf8').toLowerCase();
  return [...new Set(text.match(/[a-z]{3,}/g))];
}

/**
 * @param {{ browser: import('puppeteer-core').Browser, origin: string, sizes: number[], queries: number, log: (s: string) => void }} o
 */
export async function scaleBench({ browser, origin, sizes, queries, log }) {
  const page = await browser.newPage();
  await page.goto(`${origin}/scale.html`);
  await page.waitForFunction(() => window.scaleBenchReady === true);
  const call = (op, args) => page.evaluate((o, a) => window.scaleBench.call(o, a), op, args);
  const env = await call('env');
  const session = await page.createCDPSession();
  const pid = await rendererPidOf(browser.process()?.pid, session).catch(() => undefined);
  const words = vocabulary();
  await call('setup', { words, chunksPerPage: CHUNKS_PER_PAGE, wordsPerChunk: WORDS_PER_CHUNK });
  // The worker's own V8 heap, after a full garbage collection (DevTools on the worker target).
  const worker = page.workers().find((w) => w.url().includes('scale-worker'));
  const workerSession = worker?.client;
  const heapUsed = async () => {
    if (!workerSession) return NaN;
    await workerSession.send('HeapProfiler.collectGarbage').catch(() => undefined);
    return (await workerSession.send('Runtime.getHeapUsage')).usedSize;
  };
  const baseHeap = await heapUsed();
  const baseRss = pid ? rssBytes(pid) : NaN;
  const result = {
    environment: { ...env, vocabulary: words.length, chunksPerPage: CHUNKS_PER_PAGE, wordsPerChunk: WORDS_PER_CHUNK },
    retrieval: [],
    writes: null,
    load: null,
    memory: null,
  };

  // 1. In memory, growing: retrieval at each size (without and with a course filter).
  const maxPages = Math.max(...sizes) / CHUNKS_PER_PAGE;
  for (const size of sizes) {
    const b = await call('build', { upTo: size / CHUNKS_PER_PAGE });
    log(`library scale: ${b.chunks.toLocaleString('en')} chunks in memory (built in ${(b.ms / 1000).toFixed(1)} s); querying`);
    const plain = await call('query', { n: queries, filter: false, seed: size });
    const filtered = await call('query', { n: Math.max(20, Math.floor(queries / 2)), filter: true, seed: size + 1 });
    const stats = await call('stats');
    result.retrieval.push({ chunks: b.chunks, buildMs: b.ms, plain, filtered, stats, rssBytes: pid ? rssBytes(pid) : NaN });
  }
  // 2. Memory at the largest size: the worker's JS heap with the indexes and after dropping them
  //    (typed arrays and WebAssembly memory live outside it: the dense vectors are counted apart),
  //    and the renderer's resident memory.
  const heapWith = await heapUsed();
  const withIndex = pid ? rssBytes(pid) : NaN;
  await call('drop');
  await new Promise((r) => setTimeout(r, 1500));
  const heapWithout = await heapUsed();
  const withoutIndex = pid ? rssBytes(pid) : NaN;
  const stats = result.retrieval.at(-1).stats;
  result.memory = {
    chunks: Math.max(...sizes),
    baseHeap,
    heapWith,
    heapWithout,
    heapBytes: heapWith - heapWithout,
    indexBytes: heapWith - heapWithout + stats.denseAllocatedBytes,
    baseRss,
    withIndex,
    withoutIndex,
    stats,
  };

  // 3. IndexedDB: the largest library written as the product writes it, then loaded back.
  log(`library scale: writing ${(maxPages * CHUNKS_PER_PAGE).toLocaleString('en')} chunks to IndexedDB`);
  const totals = { chunks: 0, pagesMs: 0, vectorsMs: 0, textBytes: 0 };
  const step = 500;
  const began = Date.now();
  for (let from = 0; from < maxPages; from += step) {
    const w = await call('write', { from, to: Math.min(maxPages, from + step), batch: 8 });
    for (const k of Object.keys(totals)) totals[k] += w[k];
    if ((from / step) % 4 === 3)
      log(`  ${totals.chunks.toLocaleString('en')} chunks written (${((Date.now() - began) / 1000).toFixed(0)} s)`);
  }
  result.writes = {
    ...totals,
    pages: maxPages,
    chunksPerSecond: (totals.chunks * 1000) / totals.pagesMs,
    vectorsPerSecond: (totals.chunks * 1000) / totals.vectorsMs,
    counts: await call('counts'),
  };
  log('library scale: loading the indexes back from IndexedDB (without, then with the snapshot)');
  result.load = await call('load');
  result.memory.afterLoadRss = pid ? rssBytes(pid) : NaN;
  await call('cleanup');
  await page.close();
  return result;
}
