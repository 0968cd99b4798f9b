/**
 * `npm run eval` with no evaluation named: every evaluation on its default data in ../shared/data,
 * over the catalog's models that are present (../shared/models, and the architecture-exact
 * stand-ins of ../shared/tools/make-standins.py when generated), written as one report — Markdown
 * and JSON, with the charts as PNG images — so a maintainer can compare models before changing the
 * default. What is missing (a model, a data set) is listed in the report, never silently skipped.
 *
 *   --out <dir>        where to write (default eval-report/<date>)
 *   --limit N          SciTLDR items per chat model (default 25: stand-ins of real sizes are slow)
 *   --standins <dir>   stand-in folder (default ~/.cache/locus/standins when it exists)
 *   --no-charts        skip the images (no Chromium)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalog } from '../../lib/catalog/catalog';
import { numberArg, stringArg, type EvalArgs, type EvalResult, type Evaluation } from './evaluation';
import { renderCharts, type ChartSpec } from './report-charts';

interface SummarizeModelMetrics {
  rouge1F1: number;
  rouge2F1: number;
  rougeLF1: number;
  timeMs: { mean: number; p50: number; p95: number } | null;
  testModel: boolean;
  standIn?: boolean;
  dtype: string;
  items: number;
}

async function load(name: string): Promise<Evaluation> {
  return (await import(`./${name}.ts`)).default as Evaluation;
}

async function attempt(name: string, args: EvalArgs, missing: string[]): Promise<EvalResult | null> {
  try {
    const result = await (await load(name)).run(args);
    missing.push(...result.missing.map((m) => `${name}: ${m}`));
    return result;
  } catch (error) {
    missing.push(`${name}: not run: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export async function writeReport(args: EvalArgs): Promise<{ dir: string; files: string[] }> {
  const date = new Date().toISOString().slice(0, 10);
  const dir = path.resolve(stringArg(args, 'out') ?? path.join('eval-report', date));
  mkdirSync(dir, { recursive: true });
  const limit = numberArg(args, 'limit', 25);
  const defaultStandins = path.join(os.homedir(), '.cache', 'locus', 'standins');
  const standins = stringArg(args, 'standins') ?? (existsSync(defaultStandins) ? defaultStandins : undefined);
  const missing: string[] = [];
  if (!standins)
    missing.push(
      `stand-ins: none found (generate them with /usr/bin/python3 ../shared/tools/make-standins.py ${defaultStandins}); only the real models in ../shared/models are compared.`,
    );

  const chatIds = catalog.models.filter((m) => m.task === 'chat').map((m) => m.id);
  const summarize = await attempt(
    'summarize',
    { model: chatIds.join(','), limit: String(limit), ...(standins ? { standins } : {}) },
    missing,
  );
  const embeddingModel = catalog.defaults.embedding ?? 'Xenova/all-MiniLM-L6-v2';
  const standInEmbedding =
    standins && existsSync(path.join(standins, embeddingModel, 'STANDIN.md')) ? path.join(standins, embeddingModel) : undefined;
  const retrieval = await attempt(
    'retrieval',
    { mode: standInEmbedding ? 'all' : 'lexical', ...(standInEmbedding ? { 'model-dir': standInEmbedding } : {}), scale: '0' },
    missing,
  );
  if (!standInEmbedding) missing.push(`retrieval: dense and hybrid not run: no embedding model present (${embeddingModel}).`);
  const pii = await attempt('pii', {}, missing);

  // ── charts ──────────────────────────────────────────────────────────────────────────────────
  const charts: ChartSpec[] = [];
  const models = (summarize?.metrics.models ?? {}) as Record<string, SummarizeModelMetrics>;
  const lead = (summarize?.metrics.baselines as { lead1?: { rouge1F1: number; rouge2F1: number; rougeLF1: number } } | undefined)?.lead1;
  const modelLabel = (id: string, m: SummarizeModelMetrics) =>
    `${id.split('/').pop()}${m.standIn ? ' (stand-in)' : m.testModel ? ' (test)' : ''}`;
  if (Object.keys(models).length) {
    const ids = Object.keys(models);
    charts.push({
      file: 'summaries-rouge.png',
      title: 'Summaries on SciTLDR: ROUGE F1 × 100 (test models and stand-ins: meaningless)',
      labels: [...ids.map((id) => modelLabel(id, models[id]!)), 'Lead-1 baseline'],
      series: [
        { label: 'ROUGE-1', values: [...ids.map((id) => models[id]!.rouge1F1 * 100), (lead?.rouge1F1 ?? 0) * 100], color: '#1a73e8' },
        { label: 'ROUGE-2', values: [...ids.map((id) => models[id]!.rouge2F1 * 100), (lead?.rouge2F1 ?? 0) * 100], color: '#f9ab00' },
        { label: 'ROUGE-L', values: [...ids.map((id) => models[id]!.rougeLF1 * 100), (lead?.rougeLF1 ?? 0) * 100], color: '#188038' },
      ],
      yTitle: 'F1 × 100',
    });
    charts.push({
      file: 'summaries-time.png',
      title: 'Summaries: seconds per item on this CPU (real for stand-ins too)',
      labels: ids.map((id) => modelLabel(id, models[id]!)),
      series: [
        { label: 'p50', values: ids.map((id) => (models[id]!.timeMs?.p50 ?? 0) / 1000), color: '#1a73e8' },
        { label: 'p95', values: ids.map((id) => (models[id]!.timeMs?.p95 ?? 0) / 1000), color: '#d93025' },
      ],
      yTitle: 'seconds',
    });
  }
  const r = retrieval?.metrics as Record<string, { ndcg10?: number; recall10?: number; meaningless?: boolean }> | undefined;
  if (r) {
    const modes = ['lexical', 'dense', 'hybrid'].filter((m) => r[m]?.ndcg10 !== undefined);
    charts.push({
      file: 'retrieval.png',
      title: 'Retrieval on SciFact (train claims); dense/hybrid with a stand-in: meaningless',
      labels: modes.map((m) => `${m}${r[m]?.meaningless ? ' (stand-in)' : ''}`),
      series: [
        { label: 'nDCG@10', values: modes.map((m) => r[m]!.ndcg10 ?? null), color: '#1a73e8' },
        { label: 'Recall@10', values: modes.map((m) => r[m]!.recall10 ?? null), color: '#188038' },
      ],
      yTitle: 'score',
      max: 1,
    });
  }
  const span = (pii?.metrics.span ?? {}) as Record<string, { precision: number | null; recall: number | null }>;
  const entities = [
    'EMAIL_ADDRESS',
    'PHONE_NUMBER',
    'CREDIT_CARD',
    'IBAN_CODE',
    'US_SSN',
    'IP_ADDRESS',
    'DATE_OF_BIRTH',
    'PERSON',
    'LOCATION',
    'ORGANIZATION',
  ].filter((e) => span[e]);
  if (entities.length) {
    charts.push({
      file: 'pii.png',
      title: 'PII redaction on Presidio generated_large.json (names/places/orgs: on-device name finder)',
      labels: entities,
      series: [
        { label: 'precision', values: entities.map((e) => span[e]!.precision), color: '#1a73e8' },
        { label: 'recall', values: entities.map((e) => span[e]!.recall), color: '#188038' },
      ],
      yTitle: 'score',
      max: 1,
    });
  }
  let images: string[] = [];
  if (!args['no-charts']) {
    try {
      images = await renderCharts(charts, dir);
    } catch (error) {
      missing.push(`charts: not drawn (${error instanceof Error ? error.message : String(error)}); the figures are in the tables.`);
    }
  }

  // ── the report ──────────────────────────────────────────────────────────────────────────────
  const results = [summarize, retrieval, pii].filter((x): x is EvalResult => x !== null);
  const present = Object.entries(models).map(
    ([id, m]) => `${id} (${m.dtype}${m.standIn ? ', stand-in: random weights' : m.testModel ? ', test model' : ''})`,
  );
  const md = [
    `# Locus evaluation report, ${date}`,
    '',
    'Every evaluation on its default data in ../shared/data, over the catalog models present on this machine.',
    'Quality figures of test models and random-weight stand-ins are meaningless; their speed figures are real.',
    '',
    `Models evaluated: ${present.length ? present.join('; ') : 'none'}.`,
    '',
    ...images.map((f) => `![${path.basename(f, '.png')}](${path.basename(f)})`),
    '',
    ...results.map((x) => x.markdown),
    '',
    '## Missing (not evaluated)',
    '',
    ...(missing.length ? missing.map((m) => `- ${m}`) : ['- nothing']),
    '',
  ].join('\n');
  const json = {
    date,
    limit,
    standins: standins ?? null,
    results: Object.fromEntries(results.map((x) => [x.name, { title: x.title, metrics: x.metrics }])),
    charts: images.map((f) => path.basename(f)),
    missing,
  };
  const mdFile = path.join(dir, 'report.md');
  const jsonFile = path.join(dir, 'report.json');
  writeFileSync(mdFile, md);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  return { dir, files: [mdFile, jsonFile, ...images] };
}
