#!/usr/bin/env node
// `npm run bench`: "summarize a page" measured in the real browser, Locus against the same
// generation through plain transformers.js, on WASM and WebGPU, with architecture-exact stand-ins
// of the real models. See USAGE in args.mjs, and the notes printed under the table for how each
// figure is measured.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startModelHost } from '../support/model-host.mjs';
import { startPageServer } from '../support/page-server.mjs';
import { repoRoot, sharedPath } from '../support/shared-data.mjs';
import { USAGE, parseArgs } from './args.mjs';
import { buildExtension, buildRawPage } from './build.mjs';
import { writeCatalogExtra } from './catalog-extra.mjs';
import { compareSummarize } from './compare.mjs';
import { startLocusSide } from './locus-side.mjs';
import { longPageEndToEnd } from './long-page.mjs';
import { BENCH_MODELS } from './models.mjs';
import { startRawServer } from './raw-server.mjs';
import { startRawSide } from './raw-side.mjs';
import { markdown } from './report.mjs';
import { ensureStandins, standinsDir } from './standins.mjs';
import { LONG_PAGE, pageForPromptTokens } from './study-page.mjs';
import { NOTES } from './notes.mjs';

/** Prompt sizes of the study pages: ~500 tokens on WASM; the shortest useful page on SwiftShader WebGPU. */
const PROMPT_TOKENS = { wasm: 500, webgpu: 200 };
const MODE = 'tldr'; // the panel's default summary mode
const RUN_TIMEOUT_MS = 45 * 60_000;
const LONG_PAGE_TIMEOUT_MS = 150 * 60_000; // ~25 min on an idle 2-core machine; far more on a busy one
const REPORT = path.join(repoRoot, 'tests/bench/.reports/bench-summarize.json');

const began = Date.now();
const log = (line) => process.stderr.write(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function main() {
  if (process.argv.includes('--library')) return (await import('./library-run.mjs')).runLibraryBench(process.argv.slice(2)); // issue 5: the library's figures
  if (process.argv.includes('--engines-rates')) return (await import('./engines-rates.mjs')).runEnginesRates(process.argv.slice(2)); // issue 12: prompt and decode alone, by depth
  if (process.argv.includes('--engines')) return (await import('./engines-run.mjs')).runEnginesBench(process.argv.slice(2)); // issue 12: CPU engines side by side
  if (process.argv.includes('--llama-threads')) return (await import('./llama-threads.mjs')).runLlamaThreadsBench(process.argv.slice(2)); // issue 12: llama.cpp's threads on a busy CPU
  if (process.argv.includes('--lifecycle')) return (await import('./lifecycle-run.mjs')).runLifecycleBench(process.argv.slice(2)); // issue 3: the model lifecycle
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const models = options.models.map((k) => BENCH_MODELS[k]);
  const longModel = BENCH_MODELS.smollm2;
  const needed = options.long && !models.includes(longModel) ? [...models, longModel] : models;
  ensureStandins(needed, log);

  log('building the extension with the stand-ins in its catalog, and the raw page');
  const workDir = path.join(repoRoot, '.output/bench-work');
  const extra = await writeCatalogExtra(needed, path.join(workDir, 'catalog-extra.json'));
  const builds = {};
  for (const device of options.devices) builds[device] = await buildExtension(extra, options.newTokens[device]);
  if (options.long) builds.long = await buildExtension(extra, 0);
  const rawDir = await buildRawPage();
  const anyBuild = Object.values(builds)[0];

  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
  const ortPlainDir = path.dirname(fromTransformers.resolve('onnxruntime-web'));
  const modelHost = await startModelHost({
    roots: [...new Set(needed.map((m) => m.hubId.split('/')[0]))].map((org) => ({ prefix: 'standin', dir: path.join(standinsDir, org) })),
  });
  const pages = await startPageServer({ coursePagesDir: sharedPath('data/course-pages') });
  const rawServer = await startRawServer({ pageDir: rawDir, ortDir: path.join(anyBuild, 'ort'), ortPlainDir });

  const results = {
    date: new Date().toISOString(),
    options,
    environment: { chromium: '', cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1e9), standinsDir },
    comparisons: [],
    longPage: null,
    notes: NOTES,
    warnings: [],
  };
  const cleanups = [() => modelHost.stop(), () => pages.stop(), () => rawServer.stop()];
  try {
    for (const device of options.devices) {
      const webgpu = device === 'webgpu';
      const runs = webgpu ? options.webgpuRuns : options.runs;
      for (const model of models) {
        // Fresh browsers per model: a WASM heap never shrinks, so a model loaded before would stay in the figures.
        log(`${model.key} on ${device}: starting Chromium with Locus, and a second Chromium for the raw page`);
        const locus = await startLocusSide({ extension: builds[device], webgpu, modelHost: modelHost.origin, timeoutMs: RUN_TIMEOUT_MS });
        const raw = await startRawSide({ webgpu, rawOrigin: rawServer.origin, modelHost: modelHost.origin });
        results.environment.chromium = await locus.browser.version();
        try {
          const page = await pageForPromptTokens(model, PROMPT_TOKENS[device], MODE);
          const studyUrl = pages.add(`/bench/${model.key}-${device}.html`, page.html);
          const comparison = await compareSummarize({
            locus,
            raw,
            model,
            device,
            studyUrl,
            cap: options.newTokens[device],
            runs,
            ortCompare: options.ortCompare,
            log,
          });
          results.comparisons.push(comparison);
          checkComparison(comparison, results.warnings);
          writeReport(results, options);
        } catch (error) {
          // One failed comparison (a WebGPU adapter missing, say) should not hide the others' figures.
          failed(results, `${model.key} on ${device}`, error);
        } finally {
          await locus.close();
          await raw.close();
        }
      }
    }
    if (options.long) {
      log('long page: starting Chromium with an uncapped Locus build');
      const locus = await startLocusSide({
        extension: builds.long,
        webgpu: false,
        modelHost: modelHost.origin,
        timeoutMs: LONG_PAGE_TIMEOUT_MS,
      });
      try {
        const warm = await pageForPromptTokens(longModel, PROMPT_TOKENS.webgpu, MODE);
        results.longPage = await longPageEndToEnd({
          locus,
          model: longModel,
          warmUrl: pages.add('/bench/long-warm.html', warm.html),
          longUrl: `${pages.origin}/course/${LONG_PAGE.dir}/${LONG_PAGE.file}`,
          log,
        });
        if (results.longPage.reloadedModel)
          results.warnings.push('Long page: the model was (re)loaded during the measured run; its time includes loading.');
      } catch (error) {
        failed(results, 'long page', error);
      } finally {
        await locus.close();
      }
    }
  } finally {
    for (const stop of cleanups) await stop().catch(() => undefined);
  }
  writeReport(results, options);
  console.log(markdown(results));
  log(
    `done in ${((Date.now() - began) / 60_000).toFixed(1)} min; JSON: ${path.relative(process.cwd(), REPORT)}${options.json ? ` and ${options.json}` : ''}`,
  );
}

function failed(results, what, error) {
  const message = error instanceof Error ? error.message : String(error);
  log(`${what} FAILED: ${message}`);
  results.warnings.push(`${what} failed: ${message.split('\n')[0]}`);
  process.exitCode = 1;
}

/** Warns when the two sides did not demonstrably run the same work, or not in the same conditions. */
function checkComparison(c, warnings) {
  const where = `${c.model} on ${c.device}`;
  for (const side of ['locus', 'raw', 'rawPlain']) {
    const nices = new Set((c[side]?.runs ?? []).map((r) => r.nice));
    if ([...nices].some((n) => n !== 0))
      warnings.push(`${where}: ${side}'s process ran at CPU priority (nice) ${[...nices].join('/')} in some runs, not 0 (foreground).`);
  }
  if (c.rawPlain && c.rawPlain.pid === c.raw.pid)
    warnings.push(`${where}: both raw pages ran in one process; their memory figures include each other's model.`);
  if (!c.sameOutputText)
    warnings.push(`${where}: the generated text differs between runs or sides (output tokens: ${c.outputTokens.join(', ')}).`);
  if (!c.threads.locus.crossOriginIsolated)
    warnings.push(`${where}: Locus's engine host is not cross-origin isolated: ONNX Runtime runs on one thread there.`);
  for (const [build, env] of Object.entries(c.threads.raw)) {
    if (!env.crossOriginIsolated) warnings.push(`${where}: the raw page (${build}) is not cross-origin isolated.`);
    if (env.numThreads !== c.threads.locus.numThreads)
      warnings.push(`${where}: thread counts differ (Locus ${c.threads.locus.numThreads}, raw ${build} ${env.numThreads}).`);
  }
}

function writeReport(results, options) {
  mkdirSync(path.dirname(REPORT), { recursive: true });
  const json = JSON.stringify(results, null, 2);
  writeFileSync(REPORT, json);
  if (options.json) writeFileSync(path.resolve(options.json), json);
}

main().catch((error) => {
  console.error(`\nnpm run bench failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.stack && !error.userFacing && !/^Missing /.test(error.message))
    console.error(error.stack.split('\n').slice(1, 6).join('\n'));
  process.exitCode = 1;
});
