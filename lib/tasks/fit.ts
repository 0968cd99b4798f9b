/**
 * Cutting text to a number of tokens of the model that will read it: the longest beginning that
 * fits, or the widest span around a passage that fits. Token counts come from the model's own
 * tokenizer; the search is a bisection on characters (counts grow with length), so a 2 MB page
 * costs a few dozen counts of at most the span kept, never one of the whole text.
 */
import type { TokenCounter } from '../capture/chunk';

export interface Fitted {
  text: string;
  /** Something was left out. */
  cut: boolean;
}

/** Moves a cut back to the previous whitespace when one is close, so words stay whole. */
function wordStart(text: string, end: number): number {
  if (end >= text.length) return text.length;
  const floor = Math.floor(end * 0.85);
  for (let i = end; i > floor; i--) if (/\s/.test(text[i]!)) return i;
  return end;
}

/** The longest beginning of `text` (cut between words where possible) of at most `maxTokens`. */
export async function fitStart(text: string, maxTokens: number, count: TokenCounter): Promise<Fitted> {
  if (maxTokens <= 0 || !text) return { text: '', cut: text.length > 0 };
  // An upper bound that does not fit (or the whole text), found without counting all of a long text.
  let hi = Math.min(text.length, Math.max(64, maxTokens * 8));
  while ((await count(text.slice(0, hi))) <= maxTokens) {
    if (hi >= text.length) return { text, cut: false };
    hi = Math.min(text.length, hi * 2);
  }
  let lo = 0; // fits (the empty text)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await count(text.slice(0, mid))) <= maxTokens) lo = mid;
    else hi = mid;
  }
  const end = wordStart(text, lo);
  return { text: text.slice(0, end).trimEnd(), cut: true };
}

/**
 * The widest span of `text` around [start, end) (the passage the student selected) that fits in
 * `maxTokens`, grown equally on both sides; the passage's own beginning when even it does not fit.
 */
export async function fitAround(text: string, start: number, end: number, maxTokens: number, count: TokenCounter): Promise<Fitted> {
  if ((await count(text)) <= maxTokens) return { text, cut: false };
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  if ((await count(text.slice(s, e))) > maxTokens) {
    const inner = await fitStart(text.slice(s, e), maxTokens, count);
    return { text: inner.text, cut: true };
  }
  const span = (r: number) => text.slice(Math.max(0, s - r), Math.min(text.length, e + r));
  let lo = 0;
  let hi = Math.max(s, text.length - e);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await count(span(mid))) <= maxTokens) lo = mid;
    else hi = mid;
  }
  // Trim partial words at both edges of the span.
  let from = Math.max(0, s - lo);
  let to = Math.min(text.length, e + lo);
  if (from > 0) {
    const space = text.slice(from, s).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  if (to < text.length) to = Math.max(e, wordStart(text, to));
  return { text: text.slice(from, to).trim(), cut: true };
}

/** Where `quote` sits in `text` (whitespace-insensitive); null when it is not there. */
export function locate(text: string, quote: string): { start: number; end: number } | null {
  const q = quote.trim();
  if (!q) return null;
  const direct = text.indexOf(q);
  if (direct >= 0) return { start: direct, end: direct + q.length };
  // Selections and extracted text often differ in whitespace only (line breaks, double spaces).
  const words = q
    .split(/\s+/)
    .slice(0, 40)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) return null;
  const found = new RegExp(words.join('\\s+')).exec(text);
  if (!found) return null;
  return { start: found.index, end: found.index + Math.max(found[0].length, Math.min(q.length, text.length - found.index)) };
}

/**
 * Up to `maxChars` of `text` centred on `quote`, by characters (when no tokenizer is at hand: the
 * background); '' when the quote is not found.
 */
export function fitAroundChars(text: string, quote: string, maxChars: number): string {
  const at = locate(text, quote.slice(0, 400));
  if (!at) return '';
  const side = Math.max(0, Math.floor((maxChars - (at.end - at.start)) / 2));
  let from = Math.max(0, at.start - side);
  let to = Math.min(text.length, at.end + side);
  // Start and end on paragraph boundaries inside the span when there are any, else between words.
  if (from > 0) {
    const para = text.indexOf('\n\n', from);
    from = para >= 0 && para < at.start ? para + 2 : Math.min(at.start, text.indexOf(' ', from) + 1 || at.start);
  }
  if (to < text.length) {
    const para = text.lastIndexOf('\n\n', to);
    to = para > at.end ? para : Math.max(at.end, text.lastIndexOf(' ', to));
  }
  return text.slice(from, to).trim();
}
