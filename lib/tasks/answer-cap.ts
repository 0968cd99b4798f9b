/**
 * An optional build-time cap on the length of every answer, for benchmark builds only
 * (`WXT_LOCUS_MAX_NEW_TOKENS=64 npm run build`, done by tests/bench): on slow devices (a software
 * WebGPU adapter takes seconds per token) the benchmark keeps generations short while prompts and
 * everything else stay as in a normal build. Unset, as in every normal build: no cap.
 */
function buildCap(): number {
  const env = (import.meta as { env?: Record<string, string | undefined> }).env;
  const n = Number(env?.WXT_LOCUS_MAX_NEW_TOKENS);
  return Number.isInteger(n) && n > 0 ? n : Number.POSITIVE_INFINITY;
}

export const ANSWER_TOKEN_CAP = buildCap();
