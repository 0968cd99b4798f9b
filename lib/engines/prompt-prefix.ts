/**
 * Reusing the KV cache of the previous prompt: how much of it a new prompt can take. Reuse is by
 * exact token prefix, so it can never change an answer's meaning: a different page, model or
 * setting gives different tokens early on, and only what is truly shared (often just the system
 * prompt) is taken. At least one prompt token is always processed anew, for the next-token logits.
 */

/** Below this, reusing costs more bookkeeping than it saves. */
export const MIN_REUSED_TOKENS = 8;

export function commonPrefixLength(a: ArrayLike<bigint | number>, b: ArrayLike<bigint | number>): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Tokens of a cache holding `cachedIds` that a prompt `promptIds` can reuse: their common prefix,
 * short of the prompt's last token; 0 when that is too little to be worth it.
 */
export function reusableTokens(cachedIds: ArrayLike<bigint | number>, promptIds: ArrayLike<bigint | number>): number {
  const keep = Math.min(commonPrefixLength(cachedIds, promptIds), promptIds.length - 1);
  return keep >= MIN_REUSED_TOKENS ? keep : 0;
}
