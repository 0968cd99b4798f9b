// Chunks embedded per second when a page is saved to the library, in the real product path (panel →
// engine worker: chunks read from IndexedDB, embedded by transformers.js in batches, quantized,
// written back with the page's progress, added to the index), next to plain transformers.js
// feature extraction on the same texts in the same browser (tests/bench/library-pages/raw-worker.js),
// on WASM and on WebGPU, at several batch sizes. The model is the random-weight MiniLM stand-in:
// the speed is the real architecture's; the vectors mean nothing.
import { chooseEmbeddingModel, configureModels, openLibrary, saveToLibrary } from '../support/panel.mjs';
import { MINILM_STANDIN_ID } from '../support/library-standin.mjs';
import { summary, rotation } from './stats.mjs';

/** A study page of `sections` sections of ~100 SciFact words each (~170 MiniLM tokens): one chunk per section. */
export function syntheticStudyPage(words, sections, seed = 1) {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const para = () => {
    const sentences = [];
    for (let s = 0; s < 6; s++) sentences.push(Array.from({ length: 16 }, () => words[Math.floor(r() * words.length)]).join(' ') + '.');
    return sentences.map((x) => x[0].toUpperCase() + x.slice(1)).join(' ');
  };
  const body = Array.from({ length: sections }, (_, i) => `<h2>Section ${i + 1}</h2><p>${para()}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embedding benchmark page</title></head><body><main><h1>Embedding benchmark page</h1>${body}</main></body></html>`;
}

/** The texts Locus embedded for the page at `url` (chunk context + text, as embeddingText() builds them). */
async function embeddedTexts(panel, url) {
  return panel.evaluate(
    (pageUrl) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('locus');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['pages', 'chunks'], 'readonly');
          const pages = tx.objectStore('pages').index('url').getAll(pageUrl);
          pages.onsuccess = () => {
            const page = pages.result[0];
            const chunks = tx.objectStore('chunks').index('pageId').getAll(page.id);
            chunks.onsuccess = () => {
              const position = (id) => Number(id.slice(id.lastIndexOf(':') + 1));
              const rows = chunks.result.sort((x, y) => position(x.id) - position(y.id));
              resolve(rows.map((c) => `${[page.title, ...c.headingPath].filter((s) => s && s.trim()).join(' › ')}\n${c.text}`));
              db.close();
            };
          };
        };
      }),
    url,
  );
}

async function lastRun(panel) {
  return panel.evaluate(() => {
    const el = document.querySelector('.embed-speed');
    return el ? { ...el.dataset } : null;
  });
}

/** Saves the study page (again) and waits for its embedding to finish; Locus's own figures. */
async function locusRun(panel, batch, device) {
  const before = (await lastRun(panel))?.ms;
  await saveToLibrary(panel, {}, 600_000);
  await panel.waitForFunction(
    (prev) => {
      const el = /** @type {HTMLElement | null} */ (document.querySelector('.embed-speed'));
      return Boolean(el && el.dataset.ms !== prev && !document.querySelector('.library-progress[data-state="running"]'));
    },
    { timeout: 1_800_000, polling: 200 },
    before ?? '',
  );
  const run = await lastRun(panel);
  if (Number(run.batch) !== batch) throw new Error(`Locus ran batch ${run.batch}, not ${batch}`);
  if (run.device !== device) throw new Error(`Locus embedded on ${run.device}, not ${device}`);
  return { chunks: Number(run.chunks), ms: Number(run.ms), embedMs: Number(run.embedMs), dtype: run.dtype };
}

let currentBatch = 0;

async function setBatch(panel, batch) {
  if (batch === currentBatch) return;
  const open = await panel.$eval('details.library-settings', (d) => d.open);
  if (!open) await panel.click('details.library-settings > summary');
  await panel.click('input[name=embeddingBatchSize]', { count: 3 });
  await panel.keyboard.press('Backspace');
  await panel.type('input[name=embeddingBatchSize]', String(batch));
  await panel.click('::-p-text(Save batch size)');
  await panel
    .waitForFunction((n) => document.querySelector('.library-message')?.textContent === `Batch size saved: ${n}.`, {}, batch)
    .catch(async (error) => {
      throw new Error(`${error.message}; the panel says:\n${await panel.$eval('main', (m) => m.innerText)}`);
    });
  currentBatch = batch;
}

/**
 * @param {{ session: any, rawPage: import('puppeteer-core').Page, rawOrigin: string, modelHost: string, studyUrl: string,
 *   device: 'wasm' | 'webgpu', batches: number[], runs: number, log: (s: string) => void }} o
 */
export async function embedBench({ session, rawPage, rawOrigin, modelHost, studyUrl, device, batches, runs, log }) {
  currentBatch = 0;
  const study = await session.browser.newPage();
  await study.goto(studyUrl);
  await study.bringToFront();
  const panel = await session.browser.newPage();
  await panel.goto(session.panelUrl);
  await panel.waitForSelector('::-p-text(Summarize page)');
  await configureModels(panel, { host: modelHost, device });
  await openLibrary(panel);
  await chooseEmbeddingModel(panel, MINILM_STANDIN_ID);

  const call = (op, args) => rawPage.evaluate((o, a) => window.rawBench.call(o, a), op, args);
  const env = await call('env');
  const numThreads = Math.max(1, Math.min(4, env.hardwareConcurrency || 1)); // as Locus's engine worker sets it
  const loaded = await call('load', {
    host: modelHost,
    modelId: MINILM_STANDIN_ID,
    revision: 'main',
    device,
    dtype: device === 'webgpu' ? 'fp32' : 'q8',
    wasmPaths: {
      mjs: `${rawOrigin}/ort/ort-wasm-simd-threaded.asyncify.mjs`,
      wasm: `${rawOrigin}/ort/ort-wasm-simd-threaded.asyncify.wasm`,
    },
    numThreads,
  });

  // Warm-up: Locus downloads and loads the model, computes its int8 center, runs its first batch.
  log(`library embed ${device}: warm-up save`);
  await setBatch(panel, batches[0]);
  const warm = await locusRun(panel, batches[0], device);
  const texts = await embeddedTexts(panel, studyUrl);
  if (texts.length !== warm.chunks) throw new Error(`Read ${texts.length} texts, Locus embedded ${warm.chunks}`);
  await call('embed', { texts: texts.slice(0, Math.min(texts.length, 8)), batch: 8 });

  const rows = [];
  for (const batch of batches) {
    await setBatch(panel, batch);
    const locus = [];
    const raw = [];
    for (let i = 0; i < runs; i++) {
      for (const side of rotation(['locus', 'raw'], i)) {
        if (side === 'locus') {
          const r = await locusRun(panel, batch, device);
          locus.push((r.chunks * 1000) / r.ms);
          log(
            `  ${device} batch ${batch} run ${i + 1}: Locus ${((r.chunks * 1000) / r.ms).toFixed(2)} chunks/s (embedding calls ${((r.chunks * 1000) / r.embedMs).toFixed(2)})`,
          );
        } else {
          const r = await call('embed', { texts, batch });
          raw.push((r.chunks * 1000) / r.ms);
          log(`  ${device} batch ${batch} run ${i + 1}: raw ${((r.chunks * 1000) / r.ms).toFixed(2)} chunks/s`);
        }
      }
    }
    const l = summary(locus);
    const r = summary(raw);
    rows.push({ device, batch, chunks: texts.length, locus: l, raw: r, ratio: l.median / r.median });
  }
  await call('unload');
  await panel.close();
  await study.close();
  return {
    device,
    numThreads,
    rawLoadMs: loaded.loadMs,
    rawThreads: loaded.numThreads,
    rawIsolated: env.crossOriginIsolated,
    chunks: texts.length,
    dtype: warm.dtype,
    rows,
  };
}
