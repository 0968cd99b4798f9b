// `npm run eval` with no evaluation named, as a maintainer runs it: every evaluation on the shared
// data over the models present (stories260K, and the SmolLM2-135M and MiniLM stand-ins, generated when
// missing), one report in Markdown and JSON with the charts as PNG images (drawn by Chart.js in
// Chromium), and every model of the catalog that is absent listed as missing.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { catalog } from '../../lib/catalog/catalog';
import { BENCH_MODELS } from '../bench/models.mjs';
import { ensureStandins, standinsDir } from '../bench/standins.mjs';
import { ensureMinilmStandin } from '../support/library-standin.mjs';
import { repoRoot } from '../support/shared-data.mjs';

const out = mkdtempSync(path.join(os.tmpdir(), 'locus-eval-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runEval(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'eval', '--', ...args], { cwd: repoRoot, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const SMOLLM2 = BENCH_MODELS.smollm2!;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('npm run eval writes one report over stories260K and the stand-ins, with charts, listing what is missing', async () => {
  ensureMinilmStandin();
  ensureStandins([SMOLLM2], (line: string) => process.stderr.write(`${line}\n`));
  // Exactly these two stand-ins (the cache may hold others, e.g. the benchmark's Qwen2.5).
  const standins = path.join(out, 'standins');
  for (const id of [SMOLLM2.hubId, 'Xenova/all-MiniLM-L6-v2']) {
    mkdirSync(path.dirname(path.join(standins, id)), { recursive: true });
    symlinkSync(path.join(standinsDir, id), path.join(standins, id));
  }
  const run = await runEval(['--out', path.join(out, 'report'), '--limit', '2', '--standins', standins]);
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  expect(run.stdout).toContain(`Report written to ${path.join(out, 'report')}`);

  const report = JSON.parse(readFileSync(path.join(out, 'report', 'report.json'), 'utf8'));
  const markdown = readFileSync(path.join(out, 'report', 'report.md'), 'utf8');

  // Summaries: the real test model and the stand-in, each scored on 2 SciTLDR items, both flagged.
  const models = report.results.summarize.metrics.models;
  expect(Object.keys(models).sort()).toEqual(['HuggingFaceTB/SmolLM2-135M-Instruct', 'stories260K']);
  for (const m of Object.values(models) as Array<{ items: number; rouge1F1: number; timeMs: { mean: number } }>) {
    expect(m.items).toBe(2);
    expect(m.rouge1F1).toBeGreaterThanOrEqual(0);
    expect(m.timeMs.mean).toBeGreaterThan(0);
  }
  expect(markdown).toMatch(/STAND-IN/);
  expect(markdown).toMatch(/TEST MODEL/);

  // Retrieval on SciFact: lexical at the published BM25 level; dense and hybrid run, marked meaningless.
  const retrieval = report.results.retrieval.metrics;
  expect(retrieval.lexical.ndcg10).toBeGreaterThanOrEqual(0.665);
  expect(retrieval.dense.meaningless).toBe(true);
  expect(retrieval.hybrid.meaningless).toBe(true);

  // PII on the Presidio-format data: every pattern entity scored.
  expect(markdown).toMatch(/PII redaction/);

  // The charts: real PNG files, one per figure the report names.
  expect(report.charts.length).toBeGreaterThanOrEqual(3);
  for (const file of report.charts as string[]) {
    const bytes = readFileSync(path.join(out, 'report', file));
    expect(bytes.subarray(0, 8).equals(PNG), file).toBe(true);
    expect(statSync(path.join(out, 'report', file)).size).toBeGreaterThan(5_000);
    expect(markdown).toContain(`](${file})`);
  }

  // Every chat model of the catalog that is not present is listed, by id.
  const absent = catalog.models.filter(
    (m) => m.task === 'chat' && m.purpose !== 'test' && m.id !== 'HuggingFaceTB/SmolLM2-135M-Instruct' && m.id !== 'chrome/built-in',
  );
  for (const m of absent) expect(report.missing.join('\n')).toContain(m.id);
}, 900_000);
