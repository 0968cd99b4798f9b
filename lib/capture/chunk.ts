/**
 * Splits text into pieces of at most `maxTokens` tokens of the model that will read them, along
 * its structure: paragraphs first, then sentences (Intl.Segmenter, so any language), then words.
 */
export type TokenCounter = (text: string) => Promise<number>;

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

function segments(text: string, segmenter: Intl.Segmenter): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment).filter((s) => s.length > 0);
}

/** Cuts one oversized block into pieces that each fit, by sentences, then words, then characters. */
async function splitBlock(block: string, maxTokens: number, count: TokenCounter): Promise<string[]> {
  const levels: Array<(s: string) => string[]> = [
    (s) => segments(s, sentenceSegmenter),
    (s) => segments(s, wordSegmenter),
    (s) => Array.from(s),
  ];
  const split = async (text: string, level: number): Promise<string[]> => {
    if ((await count(text)) <= maxTokens) return [text];
    const cut = levels[level];
    if (!cut) return [text]; // A single character over budget cannot happen with real tokenizers.
    const parts = cut(text);
    if (parts.length <= 1) return split(text, level + 1);
    return pack(parts, maxTokens, count, '', (p) => split(p, level + 1));
  };
  return split(block, 0);
}

/**
 * Greedy packing of pieces into chunks that fit; oversize pieces are handed to `onOversize`.
 * Each piece is counted once and sums are used while packing (token counts are nearly additive);
 * every closed chunk is then counted exactly, and gives back pieces until it truly fits.
 */
async function pack(
  pieces: string[],
  maxTokens: number,
  count: TokenCounter,
  joiner: string,
  onOversize: (piece: string) => Promise<string[]>,
): Promise<string[]> {
  const joinCost = joiner ? Math.max(1, await count(joiner)) : 0;
  const out: string[] = [];
  const queue: Array<{ text: string; tokens: number }> = [];
  for (const piece of pieces) {
    const tokens = await count(piece);
    if (tokens > maxTokens)
      queue.push(...(await Promise.all((await onOversize(piece)).map(async (p) => ({ text: p, tokens: await count(p) })))));
    else queue.push({ text: piece, tokens });
  }
  let start = 0;
  while (start < queue.length) {
    let end = start;
    let sum = 0;
    while (end < queue.length && sum + queue[end]!.tokens + (end > start ? joinCost : 0) <= maxTokens) {
      sum += queue[end]!.tokens + (end > start ? joinCost : 0);
      end += 1;
    }
    end = Math.max(end, start + 1);
    const text = (to: number) =>
      queue
        .slice(start, to)
        .map((q) => q.text)
        .join(joiner);
    // Exact check of the chunk; give pieces back until it fits (a single piece always fits).
    while (end > start + 1 && (await count(text(end))) > maxTokens) end -= 1;
    out.push(text(end));
    start = end;
  }
  return out;
}

export async function chunkByTokens(text: string, maxTokens: number, count: TokenCounter): Promise<string[]> {
  if (maxTokens < 1) throw new Error('maxTokens must be at least 1');
  const blocks = text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  const chunks = await pack(blocks, maxTokens, count, '\n\n', (b) => splitBlock(b, maxTokens, count));
  // A cut between words can leave a chunk of nothing but a space; it would cost a model call for nothing.
  return chunks.filter((c) => c.trim().length > 0);
}
