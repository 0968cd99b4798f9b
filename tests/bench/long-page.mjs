// "Long page end to end": Locus summarizes a really long course page the way a student would, map-
// reduce and all, on WASM, with the model already loaded. One run, no raw baseline (transformers.js
// alone has no map-reduce to compare with). Uses a build without the benchmark's answer cap, so
// every step asks for the tokens the product asks for.

/**
 * @param {{ locus: any, model: import('./models.mjs').BenchModel, warmUrl: string, longUrl: string, log: (s: string) => void }} o
 */
export async function longPageEndToEnd({ locus, model, warmUrl, longUrl, log }) {
  await locus.prepare(model, 'wasm', warmUrl);
  log(`long page: loading ${model.key} (one summary started and stopped)`);
  await locus.warmUp();
  await locus.openStudy(longUrl);
  log('long page: summarizing (map-reduce)');
  let said = '';
  const ticker = setInterval(async () => {
    const step = await locus.progress().catch(() => null);
    const now = step ? `step ${step.index} of ${step.total} (${step.stage})` : '';
    if (now && now !== said) log(`long page: ${(said = now)}`);
  }, 5000);
  const run = await locus.summarize().finally(() => clearInterval(ticker));
  return {
    model: model.key,
    device: 'wasm',
    url: longUrl,
    pageChars: run.request.page.text.length,
    steps: run.stats.parts,
    totalMs: run.totalMs,
    firstTextMs: run.firstTextMs,
    captureMs: run.captureMs,
    final: { promptTokens: run.stats.promptTokens, outputTokens: run.stats.outputTokens, tokensPerSecond: run.stats.tokensPerSecond },
    notices: run.notices,
    peakBytes: run.peakBytes,
    reloadedModel: run.loadedModel,
  };
}
