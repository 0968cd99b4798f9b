// The benchmark's output: a Markdown table (stdout) and the full results as JSON.
import { BENCH_MODELS } from './models.mjs';
import { summary } from './stats.mjs';

const MB = 1e6;
const finite = (fmt) => (x) => (Number.isFinite(x) ? fmt(x) : 'n/a');
const fmtMs = finite((ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`));
const fmtTps = finite((t) => `${t.toFixed(t < 1 ? 3 : 2)} tok/s`);
const fmtMB = finite((b) => `${Math.round(b / MB).toLocaleString('en-US')} MB`);
const fmtRatio = (r) => (Number.isFinite(r) ? r.toFixed(3) : 'n/a');

/** "median (min–max)" of one figure over runs. */
function cell(runs, key, fmt) {
  const s = summary(runs.map((r) => r[key]));
  if (s.n === 0) return { text: 'n/a', median: NaN };
  return { text: s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median), median: s.median, min: s.min, max: s.max };
}

function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

/**
 * Within the 5% target? Times and memory: Locus/raw ≤ 1.05. Speeds: Locus/raw ≥ 0.95. When the
 * medians miss it but the two sides' ranges over the runs overlap, the runs cannot tell.
 */
function verdict(r, higherIsBetter, l, raw) {
  if (!Number.isFinite(r)) return '';
  if (higherIsBetter ? r >= 0.95 : r <= 1.05) return 'yes';
  const overlap = l && raw && l.min <= raw.max && raw.min <= l.max && (l.min !== l.max || raw.min !== raw.max);
  return overlap ? 'cannot tell (ranges overlap)' : 'NO';
}

const FIGURES = [
  { key: 'ttftMs', label: 'time to first token (first words shown)', fmt: fmtMs },
  { key: 'tokensPerSecond', label: 'decode', fmt: fmtTps, higherIsBetter: true },
  { key: 'totalMs', label: 'total', fmt: fmtMs },
  { key: 'peakBytes', label: 'peak memory during runs', fmt: fmtMB },
];

function modelLabel(key) {
  return BENCH_MODELS[key].hubId.split('/')[1].replace('-Instruct', '');
}

function comparisonRows(c) {
  const rows = [];
  const what = `**${modelLabel(c.model)} · ${c.device === 'wasm' ? 'WASM' : 'WebGPU (SwiftShader)'}**<br>${c.dtype}, prompt ${c.promptTokens} tok, ${c.outputTokens.join('/')} new tok, ${c.locus.runs.length} runs`;
  const figures = [...FIGURES];
  const peak = { key: 'peakWithLoad', label: 'peak memory incl. model load', fmt: fmtMB };
  const withLoad = (side) => [{ peakWithLoad: side.peakBytesWithLoad }];
  for (const [i, f] of figures.entries()) {
    const l = cell(c.locus.runs, f.key, f.fmt);
    const r = cell(c.raw.runs, f.key, f.fmt);
    const q = ratio(l.median, r.median);
    rows.push([i === 0 ? what : '', f.label, l.text, r.text, fmtRatio(q), verdict(q, f.higherIsBetter, l, r)]);
  }
  {
    const l = cell(withLoad(c.locus), peak.key, peak.fmt);
    const r = cell(withLoad(c.raw), peak.key, peak.fmt);
    const q = ratio(l.median, r.median);
    rows.push(['', peak.label, l.text, r.text, fmtRatio(q), verdict(q, false)]);
  }
  {
    const l = c.locus.rssBeforeLoad;
    const r = c.raw.rssBeforeLoad;
    const shared = c.locus.sharesProcessWith?.length ? ` (Locus's process also hosts: ${c.locus.sharesProcessWith.join(', ')})` : '';
    rows.push(['', `memory before the model loads${shared}`, fmtMB(l), fmtMB(r), fmtRatio(ratio(l, r)), '']);
    // What the model and its runs add on each side, without the fixed cost of the pages themselves.
    const lg = summary(c.locus.runs.map((x) => x.peakBytes)).median - l;
    const rg = summary(c.raw.runs.map((x) => x.peakBytes)).median - r;
    rows.push([
      '',
      'peak during runs minus memory before load',
      fmtMB(lg),
      fmtMB(rg),
      fmtRatio(ratio(lg, rg)),
      verdict(ratio(lg, rg), false),
    ]);
  }
  if (c.device === 'webgpu') {
    const l = cell(c.locus.runs, 'gpuPeakBytes', fmtMB);
    const r = cell(c.raw.runs, 'gpuPeakBytes', fmtMB);
    const q = ratio(l.median, r.median);
    rows.push(['', 'GPU process peak during runs', l.text, r.text, fmtRatio(q), verdict(q, false, l, r)]);
  }
  if (c.idleCpu) {
    rows.push([
      '',
      'CPU while idle, model loaded (share of a core)',
      `${(c.idleCpu.locus * 100).toFixed(1)}%`,
      `${(c.idleCpu.raw * 100).toFixed(1)}%`,
      '',
      '',
    ]);
  }
  rows.push(['', 'same output tokens and text on both sides', c.sameOutputText ? 'yes' : 'NO', '', '', '']);
  return rows;
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** @param {any} results the object run.mjs writes as JSON */
export function markdown(results) {
  const out = [];
  out.push(
    `## Summarize a page: Locus vs raw transformers.js (${results.environment.chromium}, ${results.environment.cores} cores, no GPU)`,
  );
  out.push('');
  out.push('Median of the measured runs (min–max), after one warm-up per side; sides alternate run by run.');
  const loads = results.comparisons.flatMap((c) => [...c.locus.runs, ...c.raw.runs].map((r) => r.loadAvg1m)).filter(Number.isFinite);
  if (loads.length) {
    const s = summary(loads);
    out.push(
      `Machine load during the runs (1-min load average, ${results.environment.cores} cores): median ${s.median.toFixed(1)}, max ${s.max.toFixed(1)}${s.median > results.environment.cores ? ': other processes were competing for the cores, so times are noisy' : ''}.`,
    );
  }
  out.push('Models are random-weight stand-ins with the real architectures: speed and memory only; their text is meaningless.');
  out.push('');
  const rows = results.comparisons.flatMap(comparisonRows);
  if (rows.length) out.push(table(['Model · device · work', 'Figure', 'Locus', 'Raw transformers.js', 'Locus/raw', 'within 5%'], rows));
  else out.push('(no comparison ran)');

  const ort = results.comparisons.filter((c) => c.rawPlain);
  if (ort.length) {
    out.push('');
    out.push('### ONNX Runtime WASM build, raw page only: asyncify (what Locus ships) vs plain SIMD-threaded');
    out.push('');
    const ortRows = ort.flatMap((c) =>
      FIGURES.slice(0, 3).map((f, i) => {
        const a = cell(c.raw.runs, f.key, f.fmt);
        const p = cell(c.rawPlain.runs, f.key, f.fmt);
        return [
          i === 0 ? `**${modelLabel(c.model)} · WASM**, ${c.promptTokens}-tok prompt, ${c.outputTokens.join('/')} new tok` : '',
          f.label,
          a.text,
          p.text,
          fmtRatio(ratio(a.median, p.median)),
        ];
      }),
    );
    out.push(table(['Model', 'Figure', 'asyncify', 'plain', 'asyncify/plain'], ortRows));
  }

  if (results.longPage) {
    const l = results.longPage;
    out.push('');
    out.push('### Long page end to end (Locus only, map-reduce, WASM, model already loaded, no answer cap)');
    out.push('');
    out.push(
      table(
        ['Page', 'Model', 'Steps', 'Total', 'First words after', 'Final step decode', 'Peak memory'],
        [
          [
            `${l.url.split('/').slice(-2).join('/')} (${l.pageChars.toLocaleString('en-US')} chars)`,
            modelLabel(l.model),
            String(l.steps),
            fmtMs(l.totalMs),
            fmtMs(l.firstTextMs),
            fmtTps(l.final.tokensPerSecond),
            fmtMB(l.peakBytes),
          ],
        ],
      ),
    );
    if (l.notices.length) out.push(`\nNotices: ${l.notices.join(' ')}`);
  }
  out.push('');
  out.push('### How each figure is measured');
  out.push(...results.notes.map((n) => `- ${n}`));
  if (results.warnings.length) {
    out.push('');
    out.push('### Warnings');
    out.push(...results.warnings.map((w) => `- ${w}`));
  }
  return out.join('\n');
}
