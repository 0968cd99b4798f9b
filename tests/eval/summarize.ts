/**
 * `npm run eval -- summarize`: Locus's own summarize task (lib/tasks/summarize-task.ts, map-reduce and
 * all) with a real transformers.js engine on the CPU in Node, scored with ROUGE on SciTLDR.
 *
 *   --data <file>      SciTLDR jsonl: `source` (sentences of the paper text), `target` (human TLDRs);
 *                      default ../shared/data/scitldr/dev.jsonl
 *   --model <ids>      catalog id(s), comma-separated, or 'all' (every chat model of the catalog);
 *                      default stories260K. Models not on the model host are reported as missing.
 *   --mode <mode>      tldr (default) | key-points | study-notes | eli5
 *   --limit N          the first N items only
 *   --dtype <dtype>    build to run (default: the catalog's CPU/WASM build of each model)
 *   --no-stem          ROUGE without Porter stemming (default: stemming, as SciTLDR reports)
 *   --save <file>      write every prediction with its scores as JSON lines
 *   --cache <dir>      keep downloaded model files there between runs (default: a temp folder)
 *   --standins <dir>   also serve this folder of architecture-exact random-weight stand-ins
 *                      (../shared/tools/make-standins.py); models found there are labelled stand-ins:
 *                      their ROUGE means nothing, their time per item is real
 *
 * The page text is the source sentences joined by spaces, with no title (SciTLDR's abstract-only
 * setting). Each item's score is the max over its references (per ROUGE type), averaged over items;
 * an item whose summary fails scores 0 and is counted as an error. Time per item is the whole task
 * (token counting, every map and reduce generation), one item at a time.
 *
 * A lead-1 baseline (the first source sentence, no model) is scored alongside, to give the figures a
 * floor any useful summarizer should clear.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DTYPES, catalog, findModel, transformersFiles, type CatalogModel, type Dtype } from '../../lib/catalog/catalog';
import { TransformersEngine, configureTransformers } from '../../lib/engines/transformers-engine';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import { mean, percentile } from '../../lib/insights/percentiles';
import { SUMMARY_MODES, type SummaryMode } from '../../lib/messaging/engine-protocol';
import { downloadModelFiles } from '../../lib/model-files/download';
import { FsModelStore } from '../support/fs-store';
import { runSummarizeTask } from '../../lib/tasks/summarize-task';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath, sharedRoot } from '../support/shared-data.mjs';
import { markdownTable, numberArg, stringArg, type EvalArgs, type EvalResult, type Evaluation } from './evaluation';
import { ROUGE_TYPES, rougeMax, type RougeScores, type RougeType } from './metrics/rouge';

const DEFAULT_DATA = 'data/scitldr/dev.jsonl';
const DEFAULT_MODEL = 'stories260K';

const itemSchema = z.object({
  paper_id: z.string().optional(),
  source: z.array(z.string()).min(1),
  target: z.array(z.string()).min(1),
});
type Item = z.infer<typeof itemSchema> & { line: number };

interface ItemResult {
  id: string;
  prediction: string;
  scores: RougeScores;
  ms: number;
  generations: number;
  notices: number;
  error?: string;
}

interface RunSummary {
  label: string;
  items: number;
  rouge: Record<RougeType, number>;
  timeMs: { mean: number; p50: number; p95: number } | null;
  generationsPerItem: number | null;
  notices: number;
  errors: number;
  firstErrors: string[];
}

function loadItems(file: string, limit: number): Item[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const items: Item[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}, line ${i + 1}: not JSON.`);
    }
    const parsed = itemSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${file}, line ${i + 1}: not a SciTLDR item (needs source: string[] and target: string[]).`);
    items.push({ ...parsed.data, line: i + 1 });
    if (items.length >= limit) break;
  }
  if (!items.length) throw new Error(`${file} has no items.`);
  return items;
}

const pageText = (item: Item) => item.source.map((s) => s.trim()).join(' ');
const itemId = (item: Item) => item.paper_id ?? `line-${item.line}`;

function summarizeRun(label: string, results: readonly ItemResult[], timed: boolean): RunSummary {
  const avg = (type: RougeType) => mean(results.map((r) => r.scores[type].f1)) ?? 0;
  const times = results.map((r) => r.ms);
  const errors = results.filter((r) => r.error);
  return {
    label,
    items: results.length,
    rouge: { rouge1: avg('rouge1'), rouge2: avg('rouge2'), rougeL: avg('rougeL') },
    timeMs: timed && times.length ? { mean: mean(times)!, p50: percentile(times, 50)!, p95: percentile(times, 95)! } : null,
    generationsPerItem: timed ? mean(results.map((r) => r.generations)) : null,
    notices: results.reduce((n, r) => n + r.notices, 0),
    errors: errors.length,
    firstErrors: [...new Set(errors.map((r) => r.error!))].slice(0, 3),
  };
}

/** Why `model` cannot be evaluated here, or the dtype to run. */
function resolveDtype(model: CatalogModel, wanted: string | undefined): { dtype: Dtype } | { reason: string } {
  if (model.task !== 'chat') return { reason: `${model.id}: not a chat model (${model.task}).` };
  const t = model.engines.transformers;
  if (!t) return { reason: `${model.id}: no transformers.js build in the catalog (this evaluation runs transformers.js on the CPU).` };
  if (wanted !== undefined && !(DTYPES as readonly string[]).includes(wanted))
    return { reason: `${model.id}: unknown dtype "${wanted}" (${DTYPES.join(', ')}).` };
  const dtype = (wanted as Dtype | undefined) ?? t.preferred.wasm;
  if (!dtype)
    return {
      reason: `${model.id}: the catalog names no CPU (WASM) build (builds: ${Object.keys(t.dtypes).join(', ')}; --dtype forces one).`,
    };
  if (!t.dtypes[dtype]) return { reason: `${model.id}: no ${dtype} build in the catalog (builds: ${Object.keys(t.dtypes).join(', ')}).` };
  return { dtype };
}

/** Files of the model's build that a model host folder does not have. */
function absentFiles(modelsDir: string, model: CatalogModel, dtype: Dtype): string[] {
  return transformersFiles(model, dtype)
    .map((f) => f.path)
    .filter((p) => !existsSync(path.join(modelsDir, model.id, p)));
}

function pct(v: number): string {
  return (v * 100).toFixed(2);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function progress(label: string, done: number, total: number, elapsedMs: number): void {
  const per = elapsedMs / done;
  const left = ((total - done) * per) / 1000;
  process.stderr.write(
    `[summarize] ${label}: ${done}/${total} items, ${seconds(per)} per item, about ${left < 90 ? `${Math.round(left)} s` : `${Math.round(left / 60)} min`} left\n`,
  );
}

const evaluation: Evaluation = {
  name: 'summarize',
  usage:
    'summarize --data <SciTLDR jsonl> --model <catalog id>[,<id>…|all] [--limit N] [--mode tldr|key-points|study-notes|eli5] [--dtype q4] [--no-stem] [--save <file>] [--cache <dir>]',

  async run(args: EvalArgs): Promise<EvalResult> {
    const missing: string[] = [];
    const mode = (stringArg(args, 'mode', 'tldr') ?? 'tldr') as SummaryMode;
    if (!SUMMARY_MODES.includes(mode)) throw new Error(`Unknown --mode "${mode}". Modes: ${SUMMARY_MODES.join(', ')}.`);
    const limit = numberArg(args, 'limit', Number.POSITIVE_INFINITY);
    if (!(limit >= 1)) throw new Error('--limit needs a positive number of items.');
    const stem = args['no-stem'] !== true;
    const wantedDtype = stringArg(args, 'dtype');
    const modelArg = stringArg(args, 'model', DEFAULT_MODEL)!;
    const modelIds =
      modelArg === 'all'
        ? catalog.models.filter((m) => m.task === 'chat').map((m) => m.id)
        : modelArg
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);

    // The data: a clear "missing" rather than a stack trace when ../shared is not there.
    let dataFile: string;
    try {
      dataFile = path.resolve(stringArg(args, 'data') ?? sharedPath(DEFAULT_DATA));
      if (!existsSync(dataFile)) throw new Error(`Missing ${dataFile} (the SciTLDR jsonl given with --data).`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        name: 'summarize',
        title: 'Summaries: ROUGE on SciTLDR',
        markdown: `## Summaries: ROUGE on SciTLDR\n\nNot run: the data is missing.`,
        metrics: {},
        missing: [message],
      };
    }
    const items = loadItems(dataFile, limit);
    const scoreOf = (item: Item, prediction: string) => rougeMax(item.target, prediction, { stem });

    // Lead-1: the first sentence of the paper text, no model.
    const lead = summarizeRun(
      'Lead-1 baseline (first sentence, no model)',
      items.map((item) => ({
        id: itemId(item),
        prediction: item.source[0]!,
        scores: scoreOf(item, item.source[0]!),
        ms: 0,
        generations: 0,
        notices: 0,
      })),
      false,
    );

    // Which models can run: in the catalog, a chat model with a CPU build, and on the model host.
    let modelsDir: string | undefined;
    try {
      modelsDir = sharedPath('models');
    } catch (error) {
      missing.push(error instanceof Error ? error.message : String(error));
    }
    const standinsDir = stringArg(args, 'standins');
    const runnable: Array<{ model: CatalogModel; dtype: Dtype; standIn: boolean }> = [];
    for (const id of modelIds) {
      const model = findModel(id);
      if (!model) {
        missing.push(`${id}: not in Locus's model catalog (models/catalog.json).`);
        continue;
      }
      const resolved = resolveDtype(model, wantedDtype);
      if ('reason' in resolved) {
        missing.push(resolved.reason);
        continue;
      }
      if (!modelsDir) {
        missing.push(`${id}: not evaluated, there is no model host folder.`);
        continue;
      }
      const absent = absentFiles(modelsDir, model, resolved.dtype);
      if (
        absent.length &&
        standinsDir &&
        existsSync(path.join(standinsDir, model.id, 'STANDIN.md')) &&
        absentFiles(standinsDir, model, resolved.dtype).length === 0
      ) {
        runnable.push({ model, dtype: resolved.dtype, standIn: true });
        continue;
      }
      if (absent.length) {
        missing.push(
          `${id} (${resolved.dtype}): not on the model host (${path.join(modelsDir, model.id)}): ${absent.length} of ${transformersFiles(model, resolved.dtype).length} files absent, e.g. ${absent[0]}.`,
        );
        continue;
      }
      runnable.push({ model, dtype: resolved.dtype, standIn: false });
    }

    const runs: Array<{ model: CatalogModel; dtype: Dtype; standIn: boolean; loadMs: number; summary: RunSummary; results: ItemResult[] }> =
      [];
    const cacheArg = stringArg(args, 'cache');
    const storeDir = cacheArg ? path.resolve(cacheArg) : mkdtempSync(path.join(os.tmpdir(), 'locus-eval-store-'));
    if (cacheArg) mkdirSync(storeDir, { recursive: true });
    const host = runnable.length ? await startModelHost({ roots: [modelsDir!, ...(standinsDir ? [standinsDir] : [])] }) : undefined;
    try {
      for (const { model, dtype, standIn } of runnable) {
        const loadStarted = performance.now();
        let engine: TransformersEngine;
        try {
          // As the product does: Locus's verified downloader from the model host into a store, then
          // transformers.js reading only from that store. The CPU device is Node's onnxruntime.
          const store = new FsModelStore(storeDir);
          await downloadModelFiles(
            { modelId: model.id, revision: model.revision, host: host!.origin, files: transformersFiles(model, dtype) },
            { store, fetch: (url, init) => fetch(url, init) },
          );
          const cache = new VerifiedFileCache(store);
          cache.register(model.id, model.revision);
          configureTransformers({ cache });
          engine = new TransformersEngine(model, 'cpu', dtype);
          await engine.load();
        } catch (error) {
          missing.push(`${model.id} (${dtype}): could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const loadMs = performance.now() - loadStarted;
        const results: ItemResult[] = [];
        const started = performance.now();
        let lastReport = started;
        try {
          for (const item of items) {
            let notices = 0;
            let generations = 0;
            const t0 = performance.now();
            let prediction = '';
            let error: string | undefined;
            try {
              const outcome = await runSummarizeTask(
                { mode, page: { url: `scitldr:${itemId(item)}`, title: '', lang: 'en', text: pageText(item) }, outputLanguage: '' },
                engine,
                (event) => {
                  if (event.kind === 'notice') notices += 1;
                },
                new AbortController().signal,
              );
              prediction = outcome.text;
              generations = outcome.parts; // one generation per part: each map note, each combining step, the final answer
            } catch (e) {
              error = e instanceof Error ? e.message : String(e);
            }
            const ms = performance.now() - t0;
            results.push({
              id: itemId(item),
              prediction,
              scores: scoreOf(item, prediction),
              ms,
              generations,
              notices,
              ...(error ? { error } : {}),
            });
            const now = performance.now();
            if (now - lastReport > 15_000 || results.length === items.length) {
              lastReport = now;
              progress(model.id, results.length, items.length, now - started);
            }
          }
        } finally {
          await engine.unload();
        }
        runs.push({ model, dtype, standIn, loadMs, summary: summarizeRun(model.name, results, true), results });
      }
    } finally {
      await host?.stop();
      if (!cacheArg) rmSync(storeDir, { recursive: true, force: true });
    }

    const savePath = stringArg(args, 'save');
    if (savePath) {
      const lines = runs.flatMap((r) =>
        r.results.map((x) =>
          JSON.stringify({
            model: r.model.id,
            dtype: r.dtype,
            id: x.id,
            prediction: x.prediction,
            rouge1: x.scores.rouge1.f1,
            rouge2: x.scores.rouge2.f1,
            rougeL: x.scores.rougeL.f1,
            ms: Math.round(x.ms),
            generations: x.generations,
            ...(x.error ? { error: x.error } : {}),
          }),
        ),
      );
      writeFileSync(savePath, lines.join('\n') + (lines.length ? '\n' : ''));
    }

    // ── report ────────────────────────────────────────────────────────────────────────────────
    const testModels = runs.filter((r) => r.model.purpose === 'test');
    const header = [
      'summarizer',
      'build',
      'items',
      'ROUGE-1',
      'ROUGE-2',
      'ROUGE-L',
      'time/item mean',
      'p50',
      'p95',
      'generations/item',
      'errors',
    ];
    const row = (s: RunSummary, build: string) => [
      s.label,
      build,
      s.items,
      pct(s.rouge.rouge1),
      pct(s.rouge.rouge2),
      pct(s.rouge.rougeL),
      s.timeMs ? seconds(s.timeMs.mean) : '–',
      s.timeMs ? seconds(s.timeMs.p50) : '–',
      s.timeMs ? seconds(s.timeMs.p95) : '–',
      s.generationsPerItem === null ? '–' : s.generationsPerItem.toFixed(2),
      s.timeMs ? s.errors : '–',
    ];
    const rows = [
      ...runs.map((r) =>
        row(
          {
            ...r.summary,
            label: `${r.model.id}${r.model.purpose === 'test' ? ' (TEST MODEL)' : ''}${r.standIn ? ' (STAND-IN: random weights)' : ''}`,
          },
          `transformers.js ${r.dtype}, cpu`,
        ),
      ),
      row(lead, '–'),
    ];
    const lines = [
      '## Summaries: ROUGE on SciTLDR',
      '',
      `${items.length} item${items.length === 1 ? '' : 's'} of ${dataFile}; mode \`${mode}\`; Locus's summarize task (lib/tasks/summarize-task.ts) with a real engine on the CPU in Node.`,
      `ROUGE F1 × 100, as rouge-score computes it (${stem ? 'use_stemmer=True' : 'no stemming'}): max over each item's human references, mean over items. Time per item: the whole task, items one at a time.`,
      '',
    ];
    for (const r of runs.filter((x) => x.standIn)) {
      lines.push(
        `> **${r.model.id} ran as a STAND-IN** (random weights of the real architecture, from ../shared/tools/make-standins.py): its text is noise, so its ROUGE is MEANINGLESS; its time per item is the real cost of that architecture on this CPU.`,
        '',
      );
    }
    for (const r of testModels) {
      lines.push(
        `> **${r.model.id} is a test model** (catalog purpose "test"): a ${r.model.params}-parameter model that writes children's stories and follows no instructions. ` +
          'Its ROUGE figures are MEANINGLESS as a measure of summary quality; they only show that the whole pipeline (download, load, map-reduce, generation, scoring) runs end to end on real data.',
        '',
      );
    }
    if (!runs.length) lines.push('**No model was evaluated** (see Missing below); only the baseline is scored.', '');
    lines.push(markdownTable(header, rows), '');
    for (const r of runs) {
      const s = r.summary;
      lines.push(
        `- ${r.model.id}: loaded in ${seconds(r.loadMs)} (download from the local host into the store, then load); ` +
          `${s.notices} notice${s.notices === 1 ? '' : 's'} (page too long for the model)` +
          (s.errors ? `; ${s.errors} error${s.errors === 1 ? '' : 's'}, e.g. "${s.firstErrors.join('"; "')}"` : '; no errors') +
          '.',
      );
    }
    if (savePath) lines.push(`- Predictions written to ${path.resolve(savePath)}.`);

    const summaryMetrics = (s: RunSummary) => ({
      items: s.items,
      rouge1F1: s.rouge.rouge1,
      rouge2F1: s.rouge.rouge2,
      rougeLF1: s.rouge.rougeL,
      timeMs: s.timeMs,
      generationsPerItem: s.generationsPerItem,
      notices: s.notices,
      errors: s.errors,
    });
    return {
      name: 'summarize',
      title: 'Summaries: ROUGE on SciTLDR',
      markdown: lines.join('\n'),
      metrics: {
        data: dataFile,
        items: items.length,
        mode,
        stemming: stem,
        rougeTypes: ROUGE_TYPES,
        sharedRoot,
        models: Object.fromEntries(
          runs.map((r) => [
            r.model.id,
            {
              dtype: r.dtype,
              device: 'cpu',
              testModel: r.model.purpose === 'test',
              standIn: r.standIn,
              loadMs: r.loadMs,
              ...summaryMetrics(r.summary),
            },
          ]),
        ),
        baselines: { lead1: summaryMetrics(lead) },
      },
      missing,
    };
  },
};

export default evaluation;
