/**
 * Splits a saved page's text into chunks for retrieval: by its structure (headings, then blocks:
 * paragraphs and list items), each chunk at most `maxTokens` tokens of the model that will embed it,
 * with an overlap of trailing sentences between consecutive chunks of the same section. Every chunk
 * knows where it came from, for citations: its [start, end) character offsets in the page text
 * (`text.slice(start, end) === chunk.text`, always) and its heading path.
 *
 * Page text is what lib/capture/dom-text.ts produces: blocks separated by blank lines, headings as
 * '#'…'######' + space, list items as '- '. Blocks too large for one chunk are cut by sentences
 * (Intl.Segmenter) and sentences too large by lib/capture/chunk.ts (words, then characters).
 *
 * Rules:
 *   - a heading starts a new chunk, unless the chunk so far is smaller than `minSectionTokens`
 *     (tiny sections such as "## Prerequisites / 8.01" are merged with what follows rather than
 *     becoming chunks of a few tokens); a chunk never ends with a heading when more text follows;
 *   - blocks are kept whole when they fit; a block that does not fit in the current chunk starts
 *     the next one, unless the chunk so far is only headings or under `minSectionTokens`: then the
 *     block is cut into sentences that fill it;
 *   - the overlap repeats the previous chunk's last blocks or sentences (up to `overlapTokens`)
 *     at the start of the next chunk, only within a section (never across a heading);
 *   - a chunk's heading path is the part shared by all its blocks (the path of a heading includes
 *     the heading itself), outermost first, without the '#' markers.
 */
import { chunkByTokens, type TokenCounter } from '../capture/chunk';

export type { TokenCounter };

export interface DocumentChunk {
  /** Position of the chunk in the page, from 0. */
  index: number;
  /** [start, end) in the page text. */
  start: number;
  end: number;
  /** `pageText.slice(start, end)`. */
  text: string;
  /** Heading path, outermost first (e.g. ["Syllabus", "Grading"]). */
  headings: string[];
  /** Tokens of `text` by the counter given. */
  tokens: number;
}

export interface ChunkDocumentOptions {
  maxTokens: number;
  /** Overlap between consecutive chunks of a section (default 15% of maxTokens; 0 for none). */
  overlapTokens?: number;
  /** A heading does not start a new chunk while the current one has fewer tokens (default maxTokens / 4). */
  minSectionTokens?: number;
}

interface Unit {
  start: number;
  end: number;
  tokens: number;
  heading: boolean;
  path: readonly string[];
}

const HEADING = /^(#{1,6})[ \t]+(\S[\s\S]*)$/;

/** Blocks: spans between blank lines, trimmed. */
function blockSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from]!)) from += 1;
    while (to > from && /\s/.test(text[to - 1]!)) to -= 1;
    if (to > from) spans.push({ start: from, end: to });
  };
  let pos = 0;
  for (const m of text.matchAll(/\n[^\S\n]*\n\s*/g)) {
    push(pos, m.index);
    pos = m.index + m[0].length;
  }
  push(pos, text.length);
  return spans;
}

let sentenceSegmenter: Intl.Segmenter | undefined;

/** Sentence spans of text.slice(start, end), trimmed, in page offsets. */
function sentenceSpans(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  sentenceSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const out: Array<{ start: number; end: number }> = [];
  for (const s of sentenceSegmenter.segment(text.slice(start, end))) {
    let a = start + s.index;
    let b = a + s.segment.length;
    while (a < b && /\s/.test(text[a]!)) a += 1;
    while (b > a && /\s/.test(text[b - 1]!)) b -= 1;
    if (b > a) out.push({ start: a, end: b });
  }
  return out;
}

/** Spans of at most maxTokens covering text.slice(start, end): sentences, then chunk.ts's cuts. */
async function splitOversize(text: string, start: number, end: number, maxTokens: number, count: TokenCounter) {
  const out: Array<{ start: number; end: number; tokens: number }> = [];
  for (const s of sentenceSpans(text, start, end)) {
    const tokens = await count(text.slice(s.start, s.end));
    if (tokens <= maxTokens) {
      out.push({ ...s, tokens });
      continue;
    }
    // chunk.ts returns pieces that are consecutive substrings of the sentence (possibly with
    // surrounding spaces); find each from where the previous one ended.
    const sentence = text.slice(s.start, s.end);
    let cursor = 0;
    for (const piece of await chunkByTokens(sentence, maxTokens, count)) {
      const trimmed = piece.trim();
      const at = sentence.indexOf(trimmed, cursor);
      if (at < 0) throw new Error('chunking lost its place in the text'); // chunk.ts keeps text verbatim
      cursor = at + trimmed.length;
      out.push({ start: s.start + at, end: s.start + cursor, tokens: await count(trimmed) });
    }
  }
  return out;
}

function commonPrefix(paths: ReadonlyArray<readonly string[]>): string[] {
  const first = paths[0] ?? [];
  let n = first.length;
  for (const p of paths) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i += 1;
    n = i;
  }
  return first.slice(0, n);
}

/** One call's settings, resolved from ChunkDocumentOptions. */
interface Packing {
  text: string;
  count: TokenCounter;
  max: number;
  overlap: number;
  minSection: number;
}

/** A chunk's start offset and token count when it repeats the previous chunk's tail. */
type Carry = { start: number; tokens: number } | undefined;

/** Estimated cost of the blank line between blocks while packing; every chunk is then counted exactly. */
const SEP = 1;

export async function chunkDocument(text: string, count: TokenCounter, options: ChunkDocumentOptions): Promise<DocumentChunk[]> {
  const max = options.maxTokens;
  if (!(max >= 1)) throw new Error('maxTokens must be at least 1');
  const overlap = Math.max(0, Math.min(options.overlapTokens ?? Math.floor(max * 0.15), Math.floor(max / 2)));
  const packing: Packing = { text, count, max, overlap, minSection: options.minSectionTokens ?? Math.floor(max / 4) };
  const units = await documentUnits(text, count, max);

  // Greedy packing, exact counts, overlap carried within a section.
  const chunks: DocumentChunk[] = [];
  let u = 0;
  let carry: Carry;
  while (u < units.length) {
    const first = u;
    const { start, end: e, tokens } = await fitChunk(packing, units, first, await extendChunk(packing, units, first, carry), carry);
    const end = units[e - 1]!.end;
    chunks.push({
      index: chunks.length,
      start,
      end,
      text: text.slice(start, end),
      headings: commonPrefix(units.slice(first, e).map((x) => x.path)),
      tokens,
    });
    u = e;
    carry = undefined;
    if (u < units.length && overlap > 0 && !units[u]!.heading) carry = await overlapOf(packing, units.slice(first, e), start);
  }
  return chunks;
}

/** Units: headings and blocks, each with its heading path (oversize blocks cut into sentence-or-smaller pieces). */
async function documentUnits(text: string, count: TokenCounter, max: number): Promise<Unit[]> {
  const units: Unit[] = [];
  const stack: Array<{ level: number; title: string }> = [];
  let path: readonly string[] = [];
  for (const span of blockSpans(text)) {
    const block = text.slice(span.start, span.end);
    const heading = HEADING.exec(block);
    if (heading) {
      const level = heading[1]!.length;
      while (stack.length && stack.at(-1)!.level >= level) stack.pop();
      stack.push({ level, title: heading[2]!.replace(/\s+/g, ' ').trim() });
      path = stack.map((h) => h.title);
    }
    const tokens = await count(block);
    if (tokens <= max) {
      units.push({ ...span, tokens, heading: Boolean(heading), path });
      continue;
    }
    for (const piece of await splitOversize(text, span.start, span.end, max, count)) units.push({ ...piece, heading: false, path });
  }
  return units;
}

/**
 * The end (exclusive unit index) of the chunk that starts at `units[first]`, by estimated counts.
 * May cut a unit of `units` into its sentences in place (see the rules above).
 */
async function extendChunk({ text, count, max, minSection }: Packing, units: Unit[], first: number, carry: Carry): Promise<number> {
  let sum = carry ? carry.tokens + SEP : 0;
  let e = first;
  while (e < units.length) {
    const unit = units[e]!;
    const add = unit.tokens + (e > first || carry ? SEP : 0);
    if (e > first && unit.heading && sum >= minSection) break;
    if (e > first && sum + add > max) {
      // A block that does not fit normally starts the next chunk; but when the chunk so far is
      // only headings or too small, the block is cut into sentences to fill it instead.
      const small = sum < minSection || units.slice(first, e).every((x) => x.heading);
      if (small && !unit.heading) {
        const pieces = sentenceSpans(text, unit.start, unit.end);
        if (pieces.length > 1) {
          const counted = await Promise.all(
            pieces.map(async (p) => ({ ...p, tokens: await count(text.slice(p.start, p.end)), heading: false, path: unit.path })),
          );
          units.splice(e, 1, ...counted);
          continue;
        }
      }
      break;
    }
    sum += add;
    e += 1;
  }
  return e;
}

/** The chunk's exact start, end (exclusive unit index) and tokens: shortened until it fits, without an orphan heading at its end. */
async function fitChunk({ text, count, max }: Packing, units: Unit[], first: number, extent: number, carry: Carry) {
  let e = extent;
  let start = carry && carry.tokens + SEP + units[first]!.tokens <= max ? carry.start : units[first]!.start;
  const measure = (to: number) => count(text.slice(start, units[to - 1]!.end));
  let tokens = await measure(e);
  while (tokens > max && e > first + 1) tokens = await measure(--e);
  if (tokens > max && start < units[first]!.start) {
    start = units[first]!.start; // The overlap does not fit with this block: drop it.
    tokens = await measure(e);
  }
  // No orphan heading at the end of a chunk when text follows.
  while (e < units.length && e > first + 1 && units[e - 1]!.heading) tokens = await measure(--e);
  return { start, end: e, tokens };
}

/** The tail of a chunk to repeat: whole blocks, then sentences, up to `overlap` tokens. */
async function overlapOf({ text, count, overlap }: Packing, chunkUnits: Unit[], chunkStart: number): Promise<Carry> {
  const end = chunkUnits.at(-1)!.end;
  let from = end;
  let budget = overlap;
  for (let i = chunkUnits.length - 1; i >= 0; i--) {
    const unit = chunkUnits[i]!;
    if (unit.heading) break;
    if (unit.tokens + (from < end ? SEP : 0) <= budget) {
      budget -= unit.tokens + (from < end ? SEP : 0);
      from = unit.start;
      continue;
    }
    for (const s of sentenceSpans(text, unit.start, unit.end).reverse()) {
      const tokens = await count(text.slice(s.start, s.end));
      if (tokens + 1 > budget) break;
      budget -= tokens + 1;
      from = s.start;
    }
    break;
  }
  if (from >= end || from <= chunkStart) return undefined;
  return { start: from, tokens: await count(text.slice(from, end)) };
}

/** The chunk's context for indexing and display: page title and heading path ("Title › Syllabus › Grading"). */
export function chunkContext(chunk: Pick<DocumentChunk, 'headings'>, pageTitle?: string): string {
  return [pageTitle, ...chunk.headings].filter((s) => s && s.trim()).join(' › ');
}
