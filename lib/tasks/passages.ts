/**
 * The parts of a page that matter for a question, for prompts that cannot hold the whole page
 * (follow-up chat): the page cut into passages along its blocks (each remembering its heading),
 * ranked by BM25 against the question with the library's index and analyzer (stemming, stop
 * words, any script), and the best ones kept, in page order, within a character budget. With nothing matching
 * (a question like "and then?"), the page's beginning is kept: it usually says what the page is.
 */
import { Bm25Index } from '../search/bm25-index';

export interface Passage {
  /** [start, end) in the page text. */
  start: number;
  end: number;
  text: string;
  /** The nearest heading above it ('' when none). */
  heading: string;
  /** Position among the page's passages, from 0. */
  index: number;
}

const HEADING = /^#{1,6}\s+(.+)$/;

/** The page's blocks (split on blank lines) packed into passages of at most `maxChars`. */
export function splitPassages(text: string, maxChars = 1200): Passage[] {
  const out: Array<Omit<Passage, 'index'>> = [];
  let heading = '';
  let current: Omit<Passage, 'index'> | null = null;
  const re = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g; // blocks: runs of non-blank lines
  for (const m of text.matchAll(re)) {
    const block = m[0].trim();
    if (!block) continue;
    const start = m.index + m[0].indexOf(block);
    const end = start + block.length;
    const h = HEADING.exec(block);
    if (h) {
      heading = h[1]!.trim();
      if (current) out.push(current);
      current = { start, end, text: block, heading };
      continue;
    }
    if (current && end - current.start <= maxChars) {
      current.end = end;
      current.text = text.slice(current.start, end);
      continue;
    }
    if (current) out.push(current);
    if (block.length <= maxChars) {
      current = { start, end, text: block, heading };
      continue;
    }
    // A block longer than a passage: cut between sentences (or words) near maxChars.
    let from = start;
    while (from < end) {
      let to = Math.min(end, from + maxChars);
      if (to < end) {
        const slice = text.slice(from, to);
        const stop = Math.max(slice.lastIndexOf('. '), slice.lastIndexOf('? '), slice.lastIndexOf('! '));
        const space = slice.lastIndexOf(' ');
        to = from + (stop > maxChars / 2 ? stop + 1 : space > maxChars / 2 ? space : maxChars);
      }
      out.push({ start: from, end: to, text: text.slice(from, to).trim(), heading });
      from = to;
      while (from < end && /\s/.test(text[from]!)) from += 1;
    }
    current = null;
  }
  if (current) out.push(current);
  return out.filter((p) => p.text.length > 0).map((p, index) => ({ ...p, index }));
}

export interface RankedPassage extends Passage {
  score: number;
}

/**
 * BM25 of each passage (its heading counted with it) for the query: the library's own index
 * (lib/search/bm25-index.ts, k1 1.2, b 0.75), built over this page's passages. A passage that
 * matches no query term scores 0.
 */
export function rankPassages(passages: readonly Passage[], query: string): RankedPassage[] {
  const index = new Bm25Index();
  for (const p of passages) index.add({ id: String(p.index), text: p.text, ...(p.heading ? { title: p.heading } : {}) });
  const scores = new Map(index.search(query, { limit: passages.length }).map((hit) => [hit.id, hit.score]));
  return passages.map((p) => ({ ...p, score: scores.get(String(p.index)) ?? 0 }));
}

export interface Selection {
  passages: Passage[];
  /** Passages of the page in all. */
  total: number;
  /** Some passage matched the query (false: the page's beginning was used). */
  matched: boolean;
}

/**
 * The best passages for `query` within `maxChars`, in page order. Passages next to a chosen one
 * are not added for their own sake: the budget goes to what matches.
 */
export function selectPassages(text: string, query: string, maxChars: number, passageChars = 1200): Selection {
  const passages = splitPassages(text, Math.max(200, Math.min(passageChars, maxChars)));
  const ranked = rankPassages(passages, query);
  const matching = ranked.filter((p) => p.score > 0).sort((a, b) => b.score - a.score || a.start - b.start);
  const order = matching.length ? matching : ranked;
  const chosen: Passage[] = [];
  let used = 0;
  for (const p of order) {
    if (used + p.text.length + 2 > maxChars) {
      if (chosen.length) continue;
      chosen.push({ ...p, text: p.text.slice(0, maxChars), end: p.start + Math.min(p.text.length, maxChars) });
      break;
    }
    chosen.push(p);
    used += p.text.length + 2;
  }
  chosen.sort((a, b) => a.index - b.index);
  return { passages: chosen, total: passages.length, matched: matching.length > 0 };
}

/** Chosen passages as text for a prompt: each under its heading, gaps marked. */
export function passagesText(passages: readonly Passage[]): string {
  const out: string[] = [];
  let lastHeading = '';
  for (const [i, p] of passages.entries()) {
    if (i > 0 && passages[i - 1]!.index < p.index - 1) out.push('[…]');
    if (p.heading && p.heading !== lastHeading && !p.text.startsWith('#')) out.push(`## ${p.heading}`);
    lastHeading = p.heading;
    out.push(p.text);
  }
  return out.join('\n\n');
}
