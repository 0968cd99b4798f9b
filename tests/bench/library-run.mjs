#!/usr/bin/env node
// `npm run bench -- --library`: the library's figures (issue 5).
//   1. Chunks embedded per second when saving a page (Locus, product path) next to plain
//      transformers.js on the same texts in the same browser, on WASM and WebGPU, batch 1, 8, 32,
//      with the all-MiniLM-L6-v2 random-weight stand-in (tests/bench/library-embed.mjs).
//   2. Retrieval p50/p95 at 10k, 100k and 200k chunks, IndexedDB write throughput, index loading
//      and memory at 200k, on SYNTHETIC chunks (tests/bench/library-scale.mjs).
// Flags (after --library): --library-devices wasm,webgpu  --library-batches 1,8,32  --library-runs N
//   --library-chunks N (sections of the study page, WASM)  --library-webgpu-chunks N
//   --library-sizes 10000,100000,200000  --library-queries N  --library-skip-embed  --library-skip-scale
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumPath, launchWithExtension } from '../support/browser.mjs';
import { buildWithStandin } from '../support/library-build.mjs';
import { ensureMinilmStandin, minilmMount } from '../support/library-standin.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { repoRoot, sharedPath } from '../support/shared-data.mjs';
import { buildLibraryPages } from './library-build.mjs';
import { embedBench, syntheticStudyPage } from './library-embed.mjs';
import { scaleBench } from './library-scale.mjs';
import { startRawServer } from './raw-server.mjs';

const REPORT = path.join(repoRoot, 'tests/bench/.reports/bench-library.json');
const began = Date.now();
const log = (line) => process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

function parse(argv) {
  const o = {
    devices: ['wasm', 'webgpu'],
    batches: [1, 8, 32],
    runs: 3,
    chunks: 64,
    webgpuChunks: 32,
    sizes: [10_000, 100_000, 200_000],
    queries: 100,
    embed: true,
    scale: true,
  };
  const list = (v) =>
    String(v)
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    switch (argv[i]) {
      case '--library-devices':
        o.devices = list(v());
        break;
      case '--library-batches':
        o.batches = list(v()).map(Number);
        break;
      case '--library-runs':
        o.runs = Number(v());
        break;
      case '--library-chunks':
        o.chunks = Number(v());
        break;
      case '--library-webgpu-chunks':
        o.webgpuChunks = Number(v());
        break;
      case '--library-sizes':
        o.sizes = list(v()).map(Number);
        break;
      case '--library-queries':
        o.queries = Number(v());
        break;
      case '--library-skip-embed':
        o.embed = false;
        break;
      case '--library-skip-scale':
        o.scale = false;
        break;
      default:
        break; // other flags belong to the rest of `npm run bench`
    }
  }
  return o;
}

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const mb = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MiB` : '—');

function markdown(r) {
  const out = ['## Library (issue 5)', ''];
  if (r.embed.length) {
    out.push('### Chunks embedded per second: Locus (save to library) vs plain transformers.js, same texts, same browser', '');
    out.push(
      '| device | batch | chunks | Locus chunks/s (median, min–max) | raw chunks/s (median, min–max) | ratio (target ≥ 0.95) |',
      '|---|---:|---:|---|---|---:|',
    );
    for (const d of r.embed) {
      for (const row of d.rows) {
        out.push(
          `| ${row.device} (${d.dtype}) | ${row.batch} | ${row.chunks} | ${f(row.locus.median)} (${f(row.locus.min)}–${f(row.locus.max)}) | ${f(row.raw.median)} (${f(row.raw.min)}–${f(row.raw.max)}) | ${f(row.ratio)} |`,
        );
      }
    }
    out.push(
      '',
      `Model: all-MiniLM-L6-v2 random-weight stand-in (architecture-exact; vectors meaningless). ONNX Runtime threads: ${r.embed.map((d) => `${d.device} ${d.numThreads} (raw ${d.rawThreads}, isolated ${d.rawIsolated})`).join('; ')}. Locus's figure is its whole embedding job for the page (chunks read from IndexedDB, embedded, quantized to int8, written back with the page's progress, added to the index); raw is the same texts through pipeline('feature-extraction', { pooling: 'mean', normalize: true }). WebGPU here is SwiftShader (software): its speed says nothing about a real GPU.`,
      '',
    );
  }
  if (r.scale) {
    const s = r.scale;
    out.push('### Retrieval at scale (SYNTHETIC chunks: SciFact vocabulary, Zipf-skewed, ~150 words; random 384-dim vectors)', '');
    out.push(
      '| chunks | hybrid p50 | hybrid p95 | max | with a course filter p50 / p95 | BM25 postings | dense int8 | built in |',
      '|---:|---:|---:|---:|---|---:|---:|---:|',
    );
    for (const x of s.retrieval) {
      out.push(
        `| ${x.chunks.toLocaleString('en')} | ${f(x.plain.p50)} ms | ${f(x.plain.p95)} ms | ${f(x.plain.max)} ms | ${f(x.filtered.p50)} / ${f(x.filtered.p95)} ms | ${x.stats.postings.toLocaleString('en')} | ${mb(x.stats.denseBytes)} | ${f(x.buildMs / 1000, 1)} s |`,
      );
    }
    out.push(
      '',
      'One query = BM25 (top 100) + int8 dense scan (top 100, WebAssembly SIMD) + reciprocal rank fusion + the "nothing relevant" decision, in a dedicated worker; target p95 < 50 ms at 200k.',
      '',
    );
    const w = s.writes;
    out.push('### IndexedDB and memory', '');
    out.push('| what | figure |', '|---|---|');
    out.push(
      `| pages with text and chunks, one transaction per page | ${f(w.chunksPerSecond, 0)} chunks/s (${w.pages.toLocaleString('en')} pages, ${w.chunks.toLocaleString('en')} chunks, ${f(w.pagesMs / 1000, 1)} s) |`,
    );
    out.push(`| vectors, batches of 8 with the page's counter | ${f(w.vectorsPerSecond, 0)} vectors/s (${f(w.vectorsMs / 1000, 1)} s) |`);
    out.push(
      `| loading the indexes at ${w.chunks.toLocaleString('en')} chunks | ${f(s.load.coldMs / 1000, 1)} s without the snapshot (every chunk re-analysed), ${f(s.load.warmMs / 1000, 1)} s with it (snapshot written in ${f(s.load.snapshotMs / 1000, 1)} s) |`,
    );
    out.push(
      `| memory of the indexes at ${s.memory.chunks.toLocaleString('en')} chunks | ${mb(s.memory.indexBytes)}: JS heap ${mb(s.memory.heapBytes)} (BM25 ${s.memory.stats.postings.toLocaleString('en')} postings over ${s.memory.stats.terms.toLocaleString('en')} terms, ids, page metadata) + dense int8 ${mb(s.memory.stats.denseAllocatedBytes)} allocated (${mb(s.memory.stats.denseBytes)} used). The worker's renderer process: ${mb(s.memory.baseRss)} before, ${mb(s.memory.withIndex)} with the indexes |`,
    );
    out.push('');
  }
  return out.join('\n');
}

export async function runLibraryBench(argv) {
  const o = parse(argv);
  const results = { date: new Date().toISOString(), options: o, embed: [], scale: null };
  ensureMinilmStandin(log);
  log('library: building the extension with the MiniLM stand-in, and the benchmark pages');
  const extension = await buildWithStandin('.output/bench-library');
  const pagesDir = await buildLibraryPages();
  const words = [
    ...new Set(
      readFileSync(path.join(sharedPath('data/scifact'), 'corpus.jsonl'), 'utf8')
        .toLowerCase()
        .match(/[a-z]{3,}/g),
    ),
  ].slice(0, 20000);
  const modelHost = await startModelHost({ roots: [minilmMount()] });
  const pages = await startPageServer();
  const raw = await startRawServer({ pageDir: pagesDir, ortDir: path.join(extension, 'ort'), ortPlainDir: path.join(extension, 'ort') });
  try {
    if (o.embed) {
      const session = await launchWithExtension({ extension, webgpu: true });
      results.environment = { chromium: await session.browser.version(), cores: os.cpus().length };
      try {
        const rawPage = await session.browser.newPage();
        await rawPage.goto(`${raw.origin}/raw.html`);
        await rawPage.waitForFunction(() => window.rawBenchReady === true);
        for (const device of o.devices) {
          const sections = device === 'webgpu' ? o.webgpuChunks : o.chunks;
          const studyUrl = pages.add(`/bench/library-${device}.html`, syntheticStudyPage(words, sections));
          results.embed.push(
            await embedBench({
              session,
              rawPage,
              rawOrigin: raw.origin,
              modelHost: modelHost.origin,
              studyUrl,
              device,
              batches: o.batches,
              runs: o.runs,
              log,
            }),
          );
          writeReport(results);
        }
      } finally {
        await session.close();
      }
    }
    if (o.scale) {
      const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'locus-bench-scale-'));
      const browser = await puppeteer.launch({
        executablePath: chromiumPath(),
        headless: true,
        userDataDir,
        args: [
          '--no-sandbox',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--js-flags=--expose-gc',
        ],
        protocolTimeout: 3_600_000,
      });
      try {
        results.scale = await scaleBench({ browser, origin: raw.origin, sizes: o.sizes, queries: o.queries, log });
      } finally {
        await browser.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await modelHost.stop();
    await pages.stop();
    await raw.stop();
  }
  writeReport(results);
  console.log(markdown(results));
  log(`library: done in ${((Date.now() - began) / 60_000).toFixed(1)} min; JSON: ${path.relative(process.cwd(), REPORT)}`);
}

function writeReport(results) {
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, JSON.stringify(results, null, 2));
}
