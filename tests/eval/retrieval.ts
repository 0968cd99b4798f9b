/**
 * `npm run eval -- retrieval`: Locus's retrieval core (lib/library) on a BEIR-format dataset.
 *
 *   --data <folder>        corpus.jsonl, queries.jsonl, qrels/ (default ../shared/data/scifact)
 *   --queries <file>       default <data>/queries.jsonl; only queries that have qrels are run
 *   --qrels <file>         default <data>/qrels/test.tsv, else the first .tsv there
 *   --mode lexical|dense|hybrid|all   (default lexical)
 *   --model <catalog id>   embedding model (default the catalog's default embedding model)
 *   --model-dir <folder>   a local transformers.js model folder instead
 *   --dtype q8|fp32|…      (default q8)
 *   --limit-queries N
 *   --chunk-tokens N       index chunks of N tokens (lib/library/chunk-document.ts, the model's
 *                          tokenizer) instead of whole documents; documents ranked by their best chunk
 *   --precision int8|float32   dense storage used for the main figures (default int8)
 *   --k1 --b --separate --title-boost --coordination --no-stem   lexical tuning (defaults: the library's)
 *   --lexical-index minisearch|compact   LexicalIndex on MiniSearch (default, the reference) or the
 *                          compact Bm25Index the library runs on (same scores; combined field only)
 *   --depth N (candidates per retriever, default 100) --rrf-k N (default 60)
 *   --judge-k N            hits the "nothing relevant" rule looks at (default 5)
 *   --scale N              synthetic vectors for the dense speed check (default 100000; 0 to skip)
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { judgeRelevance } from '../../lib/library/citations';
import { chunkContext, chunkDocument } from '../../lib/library/chunk-document';
import { DenseIndex, type Precision } from '../../lib/search/dense-index';
import { HybridRetriever, type HybridHit, type SearchMode } from '../../lib/search/fusion';
import { Bm25Index, type Bm25Snapshot } from '../../lib/search/bm25-index';
import { DEFAULT_BM25 } from '../../lib/search/lexical-search';
import { LexicalIndex } from '../support/lexical-index';
import type { Dtype } from '../../lib/catalog/catalog';
import { sharedPath } from '../support/shared-data.mjs';
import { fmt, markdownTable, numberArg, stringArg, type EvalArgs, type EvalResult, type Evaluation } from './evaluation';
import { defaultQrelsFile, loadCorpus, loadQrels, loadQueries, type BeirDoc } from './retrieval/beir';
import { Embedder, resolveModel } from './retrieval/embedder';
import { percentile, scoreRuns, type RankingScores } from './retrieval/metrics';
import { OFF_TOPIC_QUESTIONS } from './retrieval/off-topic';

interface Unit {
  id: string;
  docId: string;
  title: string;
  text: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

/** Documents in rank order from chunk hits (a document ranks at its best chunk). */
function docRanking(hits: readonly HybridHit[], docOf: (id: string) => string, limit: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    const d = docOf(h.id);
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}

/** A seeded PRNG (mulberry32) and Gaussian draws, for the synthetic dense check. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

function overlapAt10(a: readonly string[], b: readonly string[]): number {
  const set = new Set(b.slice(0, 10));
  return a.slice(0, 10).filter((x) => set.has(x)).length / Math.max(1, Math.min(10, a.length));
}

async function run(args: EvalArgs): Promise<EvalResult> {
  const dataDir = stringArg(args, 'data') ?? sharedPath('data/scifact');
  const corpusFile = path.join(dataDir, 'corpus.jsonl');
  const queriesFile = stringArg(args, 'queries') ?? path.join(dataDir, 'queries.jsonl');
  const qrelsFile = stringArg(args, 'qrels') ?? defaultQrelsFile(dataDir);
  const modeArg = stringArg(args, 'mode', 'lexical')!;
  if (!['lexical', 'dense', 'hybrid', 'all'].includes(modeArg))
    throw new Error(`--mode must be lexical, dense, hybrid or all (got ${modeArg})`);
  const modes: SearchMode[] = modeArg === 'all' ? ['lexical', 'dense', 'hybrid'] : [modeArg as SearchMode];
  const chunkTokens = numberArg(args, 'chunk-tokens', 0);
  const depth = numberArg(args, 'depth', 100);
  const rrfK = numberArg(args, 'rrf-k', 60);
  const judgeK = numberArg(args, 'judge-k', 5);
  const precision = (stringArg(args, 'precision', 'int8') as Precision) ?? 'int8';
  const missing: string[] = [];
  const md: string[] = [];
  const metrics: Record<string, unknown> = {};

  // ——— data
  const docs = await loadCorpus(corpusFile);
  const qrels = loadQrels(qrelsFile);
  let queries = (await loadQueries(queriesFile)).filter((q) => qrels.has(q.id));
  const limitQueries = numberArg(args, 'limit-queries', 0);
  if (limitQueries > 0) queries = queries.slice(0, limitQueries);
  const judged = new Map([...qrels].filter(([qid]) => queries.some((q) => q.id === qid)));
  const docById = new Map<string, BeirDoc>(docs.map((d) => [d.id, d]));

  // ——— embedding model (dense/hybrid, or chunking by its tokenizer)
  const needsVectors = modes.some((m) => m !== 'lexical');
  let embedder: Embedder | undefined;
  if (needsVectors || chunkTokens > 0) {
    const resolved = resolveModel({
      ...(stringArg(args, 'model') ? { model: stringArg(args, 'model')! } : {}),
      ...(stringArg(args, 'model-dir') ? { modelDir: stringArg(args, 'model-dir')! } : {}),
      dtype: stringArg(args, 'dtype', 'q8') as Dtype,
    });
    if ('missing' in resolved) {
      missing.push(resolved.missing);
      if (chunkTokens > 0) throw new Error(`--chunk-tokens needs the model's tokenizer: ${resolved.missing}`);
    } else {
      embedder = new Embedder(resolved);
      await embedder.load();
    }
  }
  const runnable = modes.filter((m) => m === 'lexical' || embedder);
  const standin = embedder?.spec.standin ?? false;
  if (standin) {
    const warning =
      `**WARNING: the embedding model is a RANDOM-WEIGHT STAND-IN (${embedder!.spec.dir}). Its vectors mean nothing: ` +
      'the dense and hybrid quality figures below are MEANINGLESS (hybrid is expected to be WORSE than lexical, since ' +
      'fusion mixes in a random ranking). Only the speed, memory and int8-vs-float32 agreement figures are real.**';
    md.push(warning, '');
    console.error(`\n${'!'.repeat(100)}\n${warning.replace(/\*/g, '')}\n${'!'.repeat(100)}\n`);
  }

  // ——— units: whole documents (as BEIR) or chunks
  let units: Unit[];
  const chunkStarted = performance.now();
  if (chunkTokens > 0) {
    units = [];
    for (const d of docs) {
      const chunks = await chunkDocument(d.text, embedder!.countTokens, { maxTokens: chunkTokens });
      for (const c of chunks) units.push({ id: `${d.id}#${c.index}`, docId: d.id, title: chunkContext(c, d.title), text: c.text });
    }
  } else units = docs.map((d) => ({ id: d.id, docId: d.id, title: d.title, text: d.text }));
  const chunkMs = performance.now() - chunkStarted;
  const docOf = new Map(units.map((u) => [u.id, u.docId]));
  const unitDepth = chunkTokens > 0 ? Math.max(depth, 1000) : depth;

  // ——— lexical index
  const lexicalOptions = {
    fields: (args.separate === true ? 'separate' : 'combined') as 'separate' | 'combined',
    bm25: { k1: numberArg(args, 'k1', DEFAULT_BM25.k1), b: numberArg(args, 'b', DEFAULT_BM25.b) },
    titleBoost: numberArg(args, 'title-boost', 1),
    coordination: args.coordination === true,
    analyzer: { stem: args['no-stem'] !== true },
  };
  const lexicalKind = stringArg(args, 'lexical-index', 'minisearch');
  if (lexicalKind !== 'minisearch' && lexicalKind !== 'compact')
    throw new Error(`--lexical-index must be minisearch or compact (got ${lexicalKind})`);
  if (lexicalKind === 'compact' && (lexicalOptions.fields !== 'combined' || lexicalOptions.coordination))
    throw new Error('--lexical-index compact scores one combined field, without coordination');
  const lexical =
    lexicalKind === 'compact'
      ? new Bm25Index({ bm25: lexicalOptions.bm25, analyzer: lexicalOptions.analyzer })
      : new LexicalIndex(lexicalOptions);
  const lexBuild = timed(() => {
    for (const u of units) lexical.add({ id: u.id, title: u.title, text: u.text });
  });
  // Persisted form: MiniSearch's JSON, or the compact index's typed arrays (sized as stored).
  const lexPersisted = timed(() => (lexical instanceof Bm25Index ? lexical.snapshot() : lexical.toJSON()));
  const snapshotBytes = (sn: Bm25Snapshot) =>
    sn.postings.byteLength +
    sn.offsets.byteLength +
    sn.lengths.byteLength +
    sn.terms.length +
    sn.ids.reduce((n, id) => n + id.length + 8, 0);
  const lexJson = {
    ms: lexPersisted.ms,
    bytes: typeof lexPersisted.value === 'string' ? Buffer.byteLength(lexPersisted.value) : snapshotBytes(lexPersisted.value),
  };
  const lexLoad = timed(() =>
    typeof lexPersisted.value === 'string' ? LexicalIndex.fromJSON(lexPersisted.value) : Bm25Index.fromSnapshot(lexPersisted.value),
  );
  void lexLoad.value;

  // ——— dense index
  let dense: DenseIndex | undefined;
  let denseOther: DenseIndex | undefined;
  let denseUncentered: DenseIndex | undefined;
  let queryVectors = new Map<string, Float32Array>();
  let embedDocsSeconds = 0;
  let denseBuildMs = 0;
  const queryEmbedMs: number[] = [];
  if (embedder) {
    if (needsVectors) {
      const before = embedder.computeSeconds;
      const t = performance.now();
      const vectors = await embedder.embed(
        units.map((u) => `${u.title} ${u.text}`.trim()),
        { label: 'documents' },
      );
      embedDocsSeconds = (performance.now() - t) / 1000;
      const cached = embedder.computeSeconds === before;
      metrics.embedDocuments = { seconds: embedDocsSeconds, cached, perSecond: cached ? null : units.length / embedDocsSeconds };
      const build = (p: Precision, centered = true) => {
        const index = new DenseIndex(embedder!.dims, { precision: p });
        if (centered) index.addAll(units.map((u, i) => [u.id, vectors[i]!] as const));
        else units.forEach((u, i) => index.add(u.id, vectors[i]!));
        return index;
      };
      const built = timed(() => build(precision));
      dense = built.value;
      denseBuildMs = built.ms;
      denseOther = build(precision === 'int8' ? 'float32' : 'int8');
      denseUncentered = build('int8', false);
      // One query at a time, as the product does, for latency; the rest in batches (and cached).
      for (const q of queries.slice(0, 50)) {
        const t0 = performance.now();
        await embedder.embed([q.text], { query: true, cache: false });
        queryEmbedMs.push(performance.now() - t0);
      }
      const qv = await embedder.embed(
        queries.map((q) => q.text),
        { query: true, label: 'queries' },
      );
      queryVectors = new Map(queries.map((q, i) => [q.id, qv[i]!]));
    }
  }

  // ——— header
  md.push(`## Retrieval on ${path.basename(dataDir)}`, '');
  md.push(
    markdownTable(
      ['what', 'value'],
      [
        ['corpus', `${docs.length} documents (${corpusFile})`],
        [
          'queries',
          `${queries.length} with qrels (${path.basename(queriesFile)}, qrels ${path.basename(qrelsFile)}, ${[...judged.values()].reduce((s, m) => s + m.size, 0)} judgements)`,
        ],
        [
          'indexed units',
          chunkTokens > 0
            ? `${units.length} chunks of ≤ ${chunkTokens} tokens (chunked in ${seconds(chunkMs)}); documents ranked by best chunk`
            : `${units.length} whole documents (title + text)`,
        ],
        [
          'lexical',
          `${lexical instanceof Bm25Index ? "compact Bm25Index (the library's)" : 'LexicalIndex (MiniSearch)'}: BM25 k1=${lexicalOptions.bm25.k1} b=${lexicalOptions.bm25.b}, ${lexicalOptions.fields === 'combined' ? 'title + text as one field' : `fields title (boost ${lexicalOptions.titleBoost}) + text, scores summed`}, ${lexicalOptions.coordination ? 'with' : 'without'} coordination factor, Porter stemming ${lexicalOptions.analyzer.stem ? 'on' : 'off'}, Lucene English stop words`,
        ],
        [
          'embedding model',
          embedder
            ? `${embedder.spec.id} ${embedder.spec.dtype} (${embedder.spec.pooling} pooling, ${embedder.spec.maxTokens} tokens, ${embedder.dims} dims)${standin ? ' — RANDOM-WEIGHT STAND-IN' : ''}`
            : needsVectors
              ? 'missing'
              : 'not used',
        ],
        ['fusion', `RRF k=${rrfK}, ${depth} candidates per retriever`],
      ],
    ),
    '',
  );

  // ——— runs
  const runs = new Map<SearchMode, Map<string, string[]>>();
  const latency = new Map<SearchMode, number[]>();
  const rows: Array<Array<string | number>> = [];
  for (const mode of runnable) {
    const retriever = new HybridRetriever(lexical, dense);
    const ranked = new Map<string, string[]>();
    const times: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const hits = retriever.search({
        text: q.text,
        ...(mode !== 'lexical' ? { vector: queryVectors.get(q.id)! } : {}),
        mode,
        limit: unitDepth,
        depth: unitDepth,
        rrfK,
      });
      times.push(performance.now() - t0);
      ranked.set(
        q.id,
        docRanking(hits, (id) => docOf.get(id)!, 100),
      );
    }
    runs.set(mode, ranked);
    latency.set(mode, times);
    const s = scoreRuns(ranked, judged);
    metrics[mode] = {
      ...s,
      latencyP50Ms: percentile(times, 50),
      latencyP95Ms: percentile(times, 95),
      ...(mode !== 'lexical' ? { meaningless: standin } : {}),
    };
    rows.push([
      mode + (mode !== 'lexical' && standin ? ' (stand-in: meaningless)' : ''),
      fmt(s.ndcg10),
      fmt(s.recall10),
      fmt(s.recall100),
      fmt(s.mrr10),
      ms(percentile(times, 50)),
      ms(percentile(times, 95)),
    ]);
  }
  md.push('### Quality and query latency', '');
  md.push(markdownTable(['mode', 'nDCG@10', 'Recall@10', 'Recall@100', 'MRR@10', 'search p50', 'search p95'], rows), '');
  md.push(
    'Search latency is the library call per query (analysis, BM25, vector scan, fusion), one query at a time on this machine; ' +
      (queryEmbedMs.length
        ? `embedding the query adds p50 ${ms(percentile(queryEmbedMs, 50))}, p95 ${ms(percentile(queryEmbedMs, 95))} (${queryEmbedMs.length} single queries, onnxruntime-node).`
        : 'no query embedding in lexical mode.'),
    '',
  );
  md.push(
    'Reference: BEIR reports BM25 nDCG@10 = 0.665 on SciFact (test claims, Anserini multifield); these are the claims of the qrels file above.',
    '',
  );

  // ——— build time and size
  const lexBytes = lexJson.bytes;
  const sizeRows: Array<Array<string | number>> = [
    ['lexical index build', seconds(lexBuild.ms), `${units.length} units`],
    [
      lexical instanceof Bm25Index ? 'lexical index snapshot (compact, typed arrays)' : 'lexical index JSON',
      kb(lexBytes),
      `${(lexBytes / units.length).toFixed(0)} B per unit; serialize ${ms(lexJson.ms)}, load ${ms(lexLoad.ms)}`,
    ],
  ];
  metrics.lexicalIndex = {
    buildMs: lexBuild.ms,
    jsonBytes: lexBytes,
    bytesPerUnit: lexBytes / units.length,
    serializeMs: lexJson.ms,
    loadMs: lexLoad.ms,
  };
  if (dense) {
    sizeRows.push([
      'embedding the units',
      seconds(embedDocsSeconds * 1000),
      (metrics.embedDocuments as { cached: boolean }).cached
        ? 'read from the cache (~/.cache/locus/embeddings)'
        : `${(units.length / embedDocsSeconds).toFixed(1)} units/s, computed`,
    ]);
    sizeRows.push(['dense index build', ms(denseBuildMs), `${dense.precision}, from vectors in memory`]);
    for (const index of [dense, denseOther!])
      sizeRows.push([
        `dense vectors (${index.precision})`,
        kb(index.size * index.bytesPerVector),
        `${index.bytesPerVector} B per chunk (+ id and Map entry)`,
      ]);
    metrics.denseIndex = {
      buildMs: denseBuildMs,
      precision: dense.precision,
      bytesPerVector: dense.bytesPerVector,
      otherBytesPerVector: denseOther!.bytesPerVector,
    };
  }
  md.push('### Index build and size', '', markdownTable(['what', 'value', 'notes'], sizeRows), '');

  // ——— int8 vs float32
  if (dense && denseOther) {
    const [i8, f32] = dense.precision === 'int8' ? [dense, denseOther] : [denseOther, dense];
    const compare: Array<Array<string | number>> = [];
    const rankedBy = new Map<string, Map<string, string[]>>();
    const label = (index: DenseIndex) =>
      index === denseUncentered ? 'int8, no center' : index.precision === 'int8' ? 'int8, centered' : 'float32';
    for (const index of [f32, i8, denseUncentered!]) {
      const ranked = new Map<string, string[]>();
      const times: number[] = [];
      for (const q of queries) {
        const t0 = performance.now();
        const hits = index.search(queryVectors.get(q.id)!, unitDepth);
        times.push(performance.now() - t0);
        ranked.set(
          q.id,
          docRanking(
            hits.map((h) => ({ id: h.id, score: h.score })),
            (id) => docOf.get(id)!,
            100,
          ),
        );
      }
      rankedBy.set(label(index), ranked);
      const s = scoreRuns(ranked, judged);
      const agreement =
        index === f32
          ? undefined
          : queries.map((q) => overlapAt10(ranked.get(q.id)!, rankedBy.get('float32')!.get(q.id)!)).reduce((a, b) => a + b, 0) /
            queries.length;
      compare.push([
        label(index),
        `${index.bytesPerVector} B`,
        fmt(s.ndcg10),
        fmt(s.recall100),
        ms(percentile(times, 50)),
        agreement === undefined ? '' : fmt(agreement),
      ]);
      metrics[`dense_${label(index)}`] = { ...s, scanP50Ms: percentile(times, 50), top10AgreementWithFloat32: agreement };
    }
    md.push('### Dense storage: int8 vs float32 (same vectors)', '');
    md.push(markdownTable(['storage', 'bytes/chunk', 'nDCG@10', 'Recall@100', 'scan p50', 'top-10 agreement with float32'], compare), '');
    if (standin)
      md.push(
        '(nDCG here is meaningless with the stand-in; the agreement between the two storages is real: it measures rounding, not meaning.)',
        '',
      );
  }

  // ——— synthetic scale check for the dense scan
  const scale = numberArg(args, 'scale', 100_000);
  if (needsVectors && scale > 0) {
    const dims = embedder?.dims ?? 384;
    const rand = gaussian(42);
    const indexes = (['float32', 'int8'] as Precision[]).map((p) => new DenseIndex(dims, { precision: p }));
    const v = new Float32Array(dims);
    for (let i = 0; i < scale; i++) {
      for (let j = 0; j < dims; j++) v[j] = rand();
      for (const index of indexes) index.add(`s${i}`, v); // isotropic: no center needed
    }
    const probes = Array.from({ length: 20 }, () => Float32Array.from({ length: dims }, rand));
    const scaleRows: Array<Array<string | number>> = [];
    const tops: string[][][] = [];
    for (const index of indexes) {
      index.search(probes[0]!, 10); // warm up
      const times: number[] = [];
      tops.push(
        probes.map((p) => {
          const t0 = performance.now();
          const hits = index.search(p, 10);
          times.push(performance.now() - t0);
          return hits.map((h) => h.id);
        }),
      );
      scaleRows.push([
        index.precision,
        `${((index.size * index.bytesPerVector) / 2 ** 20).toFixed(1)} MiB`,
        `${(index.allocatedBytes / 2 ** 20).toFixed(1)} MiB`,
        ms(percentile(times, 50)),
        ms(percentile(times, 95)),
      ]);
    }
    const agreement = tops[0]!.map((t, i) => overlapAt10(tops[1]![i]!, t)).reduce((a, b) => a + b, 0) / probes.length;
    md.push(`### Dense scan at ${scale.toLocaleString('en')} chunks (random Gaussian vectors, ${dims} dims)`, '');
    md.push(markdownTable(['storage', 'vectors', 'allocated', 'top-10 p50', 'top-10 p95'], scaleRows), '');
    md.push(
      `int8 top-10 agreement with float32 on random vectors (the hardest case: neighbours barely closer than the rest): ${fmt(agreement)}.`,
      '',
    );
    metrics.scale = { chunks: scale, agreement, rows: scaleRows };
  }

  // ——— "nothing relevant" calibration
  {
    const retriever = new HybridRetriever(lexical, dense);
    const thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const denseMode: SearchMode = dense ? 'hybrid' : 'lexical';
    const maxCoverage = (hits: HybridHit[]) => Math.max(0, ...hits.map((h) => h.lexical?.coverage ?? 0));
    const answerable: number[] = [];
    const relevantCov: number[] = [];
    const unanswerable: number[] = [];
    const offTopic = OFF_TOPIC_QUESTIONS.map((q) => maxCoverage(retriever.search({ text: q, limit: judgeK, mode: 'lexical' })));
    for (const q of queries) {
      const rel = judged.get(q.id)!;
      const hits = retriever.search({ text: q.text, limit: judgeK, mode: 'lexical' });
      answerable.push(maxCoverage(hits));
      const relHit = hits.find((h) => rel.has(docOf.get(h.id)!));
      if (relHit) relevantCov.push(relHit.lexical?.coverage ?? 0);
      // The same question once its true documents are gone from the library.
      const excluded = lexical.search(q.text, { limit: judgeK, filter: (id) => !rel.has(docOf.get(id)!) });
      unanswerable.push(Math.max(0, ...excluded.map((h) => h.coverage)));
    }
    const rate = (values: number[], t: number) => values.filter((v) => v >= t).length / Math.max(1, values.length);
    const rows = thresholds.map((t) => [
      t,
      fmt(rate(answerable, t)),
      fmt(rate(relevantCov, t)),
      fmt(rate(unanswerable, t)),
      fmt(rate(offTopic, t)),
    ]);
    md.push(`### "Nothing relevant": lexical coverage threshold (top ${judgeK} hits)`, '');
    md.push(
      'Coverage = IDF-weighted share of the question\'s terms found in a chunk. "found" = some hit among the top ' +
        `${judgeK} reaches the threshold. Unanswerable = the same claims with their true abstracts removed from the index ` +
        '(a hard case: same field, same vocabulary); off-topic = 20 hand-written questions with no answer in the corpus.',
      '',
    );
    md.push(
      markdownTable(
        ['threshold', 'answerable: found', 'true doc in top k: passes', 'unanswerable: found (false)', 'off-topic: found (false)'],
        rows,
      ),
      '',
    );
    metrics.nothingRelevant = Object.fromEntries(
      rows.map((r) => [String(r[0]), { answerable: r[1], truePasses: r[2], unanswerable: r[3], offTopic: r[4] }]),
    );
    const decision = judgeRelevance(retriever.search({ text: OFF_TOPIC_QUESTIONS[0]!, limit: judgeK, mode: 'lexical' }));
    md.push(
      `With the library default, "${OFF_TOPIC_QUESTIONS[0]}" → ${decision.found ? `found ${decision.relevant.length} hit(s)` : 'nothing relevant'}.`,
      '',
    );
    if (dense && queryVectors.size) {
      const denseTop = (hits: HybridHit[]) => Math.max(-1, ...hits.map((h) => h.dense?.score ?? -1));
      const a: number[] = [];
      const u: number[] = [];
      for (const q of queries) {
        const rel = judged.get(q.id)!;
        const v = queryVectors.get(q.id)!;
        a.push(denseTop(retriever.search({ text: q.text, vector: v, limit: judgeK, mode: denseMode })));
        u.push(Math.max(-1, ...dense.search(v, judgeK, { predicate: (id) => !rel.has(docOf.get(id)!) }).map((h) => h.score)));
      }
      const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / Math.max(1, x.length);
      md.push(
        `Dense top-${judgeK} cosine: answerable mean ${fmt(mean(a))} (p5 ${fmt(percentile(a, 5))}), unanswerable mean ${fmt(mean(u))} (p95 ${fmt(percentile(u, 95))})` +
          (standin ? ' — stand-in weights: meaningless; calibrate `thresholds.dense` on the real model.' : '.'),
        '',
      );
      metrics.denseCosine = { answerableMean: mean(a), unanswerableMean: mean(u), meaningless: standin };
    }
  }

  if (embedder) await embedder.dispose();
  const corpusBytes = statSync(corpusFile).size;
  metrics.data = { corpusBytes, documents: docs.length, queries: queries.length, units: units.length };
  return { name: 'retrieval', title: `Retrieval on ${path.basename(dataDir)}`, markdown: md.join('\n'), metrics, missing };
}

const evaluation: Evaluation = {
  name: 'retrieval',
  usage:
    'BEIR retrieval with lib/library: --data <folder> [--queries f] [--qrels f] [--mode lexical|dense|hybrid|all] [--model id | --model-dir d] [--limit-queries N] [--chunk-tokens N]',
  run,
};

export default evaluation;
