/**
 * Ranking metrics as trec_eval / pytrec_eval (what BEIR reports) compute them:
 * nDCG@k with linear gains (rel / log2(rank + 1)), ideal from the qrels; Recall@k over the query's
 * relevant documents; MRR@k = 1 / rank of the first relevant document within k (0 if none).
 */
export function ndcgAt(ranked: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = relevant.get(id) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(ranked: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  if (relevant.size === 0) return 0;
  const found = ranked.slice(0, k).filter((id) => (relevant.get(id) ?? 0) > 0).length;
  return found / relevant.size;
}

export function mrrAt(ranked: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => (relevant.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface RankingScores {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
}

export function scoreRuns(
  runs: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, ReadonlyMap<string, number>>,
): RankingScores {
  const totals = { ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 };
  let n = 0;
  for (const [qid, relevant] of qrels) {
    const ranked = runs.get(qid);
    if (!ranked) continue;
    totals.ndcg10 += ndcgAt(ranked, relevant, 10);
    totals.recall10 += recallAt(ranked, relevant, 10);
    totals.recall100 += recallAt(ranked, relevant, 100);
    totals.mrr10 += mrrAt(ranked, relevant, 10);
    n += 1;
  }
  return {
    ndcg10: totals.ndcg10 / n,
    recall10: totals.recall10 / n,
    recall100: totals.recall100 / n,
    mrr10: totals.mrr10 / n,
  };
}
