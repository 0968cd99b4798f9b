/**
 * From a retrieved chunk back to its passage on the page, and the decision to say "nothing relevant".
 *
 * 1. Text fragments. A citation opens `page#:~:text=[prefix-,]start[,end]` (WICG Scroll-to-Text
 *    Fragment, supported by Chromium), which scrolls to and highlights the passage. Built from the
 *    page text Locus stored (lib/capture/dom-text.ts: blocks, '#' heading and '- ' list markers),
 *    with these rules:
 *      - the markers are not on the rendered page, so they are never part of a term;
 *      - a term never crosses a line or a table cell (browsers match a term within one block);
 *      - terms are whole words (browsers only match on word boundaries) and are grown word by word,
 *        from 4 up to 12, until the stored text contains no earlier match (browsers take the first
 *        one); when the directive still lands elsewhere, the words just before the passage become a
 *        prefix, then the words just after it a suffix (checked with `findTextDirective`);
 *      - only the stored text is checked: words the page shows outside the captured article (menus,
 *        sidebars) can still match first, a limit of doing this without the live page;
 *      - each term is percent-encoded, and the directive's own syntax characters - , & are too.
 *    `findTextDirective` does the browser's matching on a plain string (case-insensitive, whitespace
 *    runs equal, word boundaries), so a fragment is checked without a DOM.
 * 2. When the page changed: lib/library/relocate-passage.ts.
 * 3. "Nothing relevant". See `judgeRelevance`.
 */
import type { HybridHit } from '../search/fusion';

// ————————————————————————————————————— matching on plain text —————————————————————————————————————

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** The text lowercased with whitespace runs as one space, and where each folded char came from. */
interface Folded {
  text: string;
  /** Index in the original of each folded char, plus one past the end. */
  map: number[];
}

/** '#' heading and '- ' list markers at line starts: in the stored text, not on the rendered page. */
const MARKER = /^[^\S\n]*(?:#{1,6}|[-*•])[^\S\n]+/;

function fold(original: string, markers = true): Folded {
  let text = '';
  const map: number[] = [];
  let inSpace = false;
  let markerEnd = -1;
  for (let i = 0; i < original.length;) {
    if (markers && (i === 0 || original[i - 1] === '\n')) {
      const marker = MARKER.exec(original.slice(i, i + 16));
      if (marker) markerEnd = i + marker[0].length;
    }
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (i < markerEnd || /\s/.test(ch)) {
      if (!inSpace) {
        text += ' ';
        map.push(i);
      }
      inSpace = true;
    } else {
      inSpace = false;
      const lower = ch.toLowerCase();
      const out = lower.length === ch.length ? lower : ch; // keep lengths aligned (e.g. 'İ')
      for (let j = 0; j < out.length; j++) map.push(i + j);
      text += out;
    }
    i += ch.length;
  }
  map.push(original.length);
  return { text, map };
}

function foldTerm(term: string): string {
  return fold(term.trim(), false).text;
}

function isBoundary(text: string, index: number): boolean {
  // A word boundary lies between a word char and a non-word char (or the text's ends).
  const before = index > 0 ? WORD_CHAR.test(text[index - 1]!) : false;
  const after = index < text.length ? WORD_CHAR.test(text[index]!) : false;
  return !(before && after);
}

/** Folded-text positions of `term` (already folded) from `from` on, on word boundaries. */
function* occurrences(folded: string, term: string, from = 0): Generator<number> {
  if (!term) return;
  for (let i = folded.indexOf(term, from); i >= 0; i = folded.indexOf(term, i + 1)) {
    if (isBoundary(folded, i) && isBoundary(folded, i + term.length)) yield i;
  }
}

function firstOccurrence(folded: string, term: string, from = 0): number {
  for (const i of occurrences(folded, term, from)) return i;
  return -1;
}

/** Position in the folded text of an original index (the first folded char at or after it). */
function foldedIndex(f: Folded, original: number): number {
  let lo = 0;
  let hi = f.map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.map[mid]! < original) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ————————————————————————————————————— text fragment directives —————————————————————————————————————

export interface TextDirective {
  prefix?: string;
  start: string;
  end?: string;
  suffix?: string;
}

/** Percent-encoding of one term: encodeURIComponent leaves '-' alone, which the syntax reserves. */
export function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D');
}

export function formatTextDirective(d: TextDirective): string {
  const parts: string[] = [];
  if (d.prefix) parts.push(`${encodeFragmentTerm(d.prefix)}-`);
  parts.push(encodeFragmentTerm(d.start));
  if (d.end) parts.push(encodeFragmentTerm(d.end));
  if (d.suffix) parts.push(`-${encodeFragmentTerm(d.suffix)}`);
  return `text=${parts.join(',')}`;
}

/** The first `text=` directive of a URL or fragment, decoded; undefined when there is none. */
export function parseTextDirective(urlOrFragment: string): TextDirective | undefined {
  const at = urlOrFragment.indexOf(':~:');
  if (at < 0) return undefined;
  const directive = urlOrFragment
    .slice(at + 3)
    .split('&')
    .find((d) => d.startsWith('text='));
  if (!directive) return undefined;
  const parts = directive.slice(5).split(',');
  const decode = (s: string) => decodeURIComponent(s);
  const out: Partial<TextDirective> = {};
  if (parts[0]?.endsWith('-')) out.prefix = decode(parts.shift()!.slice(0, -1));
  if (parts.at(-1)?.startsWith('-')) out.suffix = decode(parts.pop()!.slice(1));
  if (parts.length < 1 || parts.length > 2 || !parts[0]) return undefined;
  out.start = decode(parts[0]);
  if (parts[1]) out.end = decode(parts[1]);
  return out as TextDirective;
}

/**
 * Where a directive lands in `text`, as a browser would find it: [start, end) in `text`, or undefined.
 * Like the specification's algorithm: each match of (prefix then) start is tried in order; the end
 * term is the first match after it; a suffix that does not follow rejects that match and the search
 * goes on. Between prefix, terms and suffix only whitespace (and markers) may stand.
 */
export function findTextDirective(text: string, d: TextDirective): { start: number; end: number } | undefined {
  const f = fold(text);
  const start = foldTerm(d.start);
  const prefix = d.prefix ? foldTerm(d.prefix) : undefined;
  const suffix = d.suffix ? foldTerm(d.suffix) : undefined;
  const end = d.end ? foldTerm(d.end) : undefined;
  const skipSpace = (i: number) => (f.text[i] === ' ' ? i + 1 : i);
  const followsAt = (i: number, term: string) => f.text.startsWith(term, i) && isBoundary(f.text, i) && isBoundary(f.text, i + term.length);
  const candidates = prefix
    ? (function* () {
        for (const p of occurrences(f.text, prefix)) {
          const i = skipSpace(p + prefix.length);
          if (followsAt(i, start)) yield i;
        }
      })()
    : occurrences(f.text, start);
  for (const at of candidates) {
    let endAt = at + start.length;
    if (end) {
      const e = firstOccurrence(f.text, end, endAt);
      if (e < 0) return undefined;
      endAt = e + end.length;
    }
    if (suffix && !followsAt(skipSpace(endAt), suffix)) continue;
    return { start: f.map[at]!, end: f.map[endAt - 1]! + 1 };
  }
  return undefined;
}

interface Word {
  start: number;
  end: number;
}

/** The passage's lines (and table cells) without their '#', '- ' markers: where terms may be taken. */
function contentSegments(text: string, start: number, end: number): Word[][] {
  const segments: Word[][] = [];
  const passage = text.slice(start, end);
  for (const line of passage.matchAll(/[^\n\t]+/g)) {
    const lineStart = start + line.index;
    // Markers only where a line truly starts (a passage may begin mid-line, after a real dash).
    const atLineStart = lineStart === 0 || text[lineStart - 1] === '\n';
    const marker = atLineStart ? (MARKER.exec(line[0])?.[0].length ?? 0) : 0;
    const words: Word[] = [];
    for (const w of line[0].slice(marker).matchAll(/\S+/g)) {
      const s = lineStart + marker + w.index;
      words.push({ start: s, end: s + w[0].length });
    }
    if (words.length) segments.push(words);
  }
  return segments;
}

const MIN_TERM_WORDS = 4;
const MAX_TERM_WORDS = 12;

/** Up to `n` words of the nearest text before `at` (same line, else earlier lines), markers excluded. */
function wordsBefore(text: string, at: number, n: number): string | undefined {
  let lineEnd = at;
  while (lineEnd > 0) {
    const lineStart = Math.max(text.lastIndexOf('\n', lineEnd - 1), text.lastIndexOf('\t', lineEnd - 1)) + 1;
    const words = text.slice(lineStart, lineEnd).replace(MARKER, '').trim().split(/\s+/).filter(Boolean);
    if (words.length) return words.slice(-n).join(' ');
    lineEnd = lineStart - 1;
  }
  return undefined;
}

/** Up to `n` words of the nearest text after `at` (same line, else later lines), markers excluded. */
function wordsAfter(text: string, at: number, n: number): string | undefined {
  let lineStart = at;
  while (lineStart < text.length) {
    const next = text.slice(lineStart).search(/[\n\t]/);
    const lineEnd = next < 0 ? text.length : lineStart + next;
    const segment = text.slice(lineStart, lineEnd);
    const words = (lineStart === at ? segment : segment.replace(MARKER, '')).trim().split(/\s+/).filter(Boolean);
    if (words.length) return words.slice(0, n).join(' ');
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * The text directive for the passage `text.slice(start, end)` of a page whose stored text is `text`.
 * Undefined when the passage has no words.
 */
export function textDirectiveFor(text: string, start: number, end: number): TextDirective | undefined {
  const segments = contentSegments(text, start, end);
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last) return undefined;
  const f = fold(text);
  const phrase = (a: Word, b: Word) => text.slice(a.start, b.end).replace(/\s+/g, ' ');
  const target = { start: first[0]!.start, end: last.at(-1)!.end };

  // textStart: grown until no earlier match.
  const startAt = foldedIndex(f, first[0]!.start);
  let n = Math.min(MIN_TERM_WORDS, first.length);
  while (n < Math.min(MAX_TERM_WORDS, first.length) && firstOccurrence(f.text, foldTerm(phrase(first[0]!, first[n - 1]!))) !== startAt)
    n += 1;
  const directive: TextDirective = { start: phrase(first[0]!, first[n - 1]!) };

  // textEnd: the passage's last words after the start term, grown until their first match after
  // the start term is ours.
  const tail = segments.length === 1 ? last.slice(n) : last;
  if (tail.length) {
    const startEndFolded = foldedIndex(f, first[n - 1]!.end);
    const endAt = foldedIndex(f, tail.at(-1)!.end);
    let m = Math.min(MIN_TERM_WORDS, tail.length);
    const endTerm = () => phrase(tail[tail.length - m]!, tail.at(-1)!);
    const lands = () => {
      const t = foldTerm(endTerm());
      const at = firstOccurrence(f.text, t, startEndFolded);
      return at >= 0 && at + t.length === endAt;
    };
    while (m < Math.min(MAX_TERM_WORDS, tail.length) && !lands()) m += 1;
    directive.end = endTerm();
  }

  // Still landing elsewhere (the same words earlier on the page): add the words around the passage.
  const lands = (d: TextDirective) => {
    const found = findTextDirective(text, d);
    return found?.start === target.start && found.end === target.end;
  };
  if (!lands(directive)) {
    const prefix = wordsBefore(text, first[0]!.start, MIN_TERM_WORDS);
    if (prefix) directive.prefix = prefix;
  }
  if (!lands(directive)) {
    const suffix = wordsAfter(text, last.at(-1)!.end, MIN_TERM_WORDS);
    if (suffix) directive.suffix = suffix;
  }
  return directive;
}

/** `pageUrl` with a text fragment pointing at `text.slice(start, end)` (any earlier directive replaced). */
export function citationUrl(pageUrl: string, text: string, start: number, end: number): string {
  const hashAt = pageUrl.indexOf('#');
  const base = hashAt < 0 ? pageUrl : pageUrl.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : pageUrl.slice(hashAt + 1).split(':~:')[0]!;
  const directive = textDirectiveFor(text, start, end);
  if (!directive) return pageUrl;
  return `${base}#${fragment}:~:${formatTextDirective(directive)}`;
}

// ————————————————————————————————————— "nothing relevant" —————————————————————————————————————

export interface RelevanceThresholds {
  /**
   * IDF-weighted share of the question's terms a chunk must contain (LexicalHit.coverage).
   * Default DEFAULT_COVERAGE_THRESHOLD, calibrated on SciFact (tests/eval/retrieval.ts).
   */
  coverage?: number;
  /**
   * Cosine a chunk's embedding must reach. Per embedding model, and only once calibrated on real
   * weights: cosines of unrelated texts differ by model (near 0.1 for MiniLM, above 0.5 for BGE), so
   * there is no default and, without one, the dense score is not used for this decision.
   */
  dense?: number;
}

/**
 * Chosen on SciFact train claims (tests/eval/retrieval.ts, "nothing relevant" section; top 5 hits):
 *   threshold                        0.5    0.6    0.7
 *   true abstract retrieved: passes  0.79   0.64   0.47
 *   true abstracts removed: "found"  0.57   0.34   0.16   (same field, same words: the hard case)
 *   off-topic questions:    "found"  0.30   0.10   0.00   (20 hand-written questions)
 * 0.6 leans to "nothing relevant": a wrong answer from unrelated passages costs a student more than
 * a refusal they can rephrase, and a calibrated dense threshold (rule b) brings back paraphrases,
 * which are what coverage misses. Claims are long (about 8 content words); short questions pass
 * more easily. Lexical coverage alone separates answerable from not only moderately (AUC 0.73 on
 * the hard case, 0.90 against off-topic questions).
 */
export const DEFAULT_COVERAGE_THRESHOLD = 0.6;

export interface RelevanceDecision {
  /** False: Locus says it found nothing relevant and does not answer from the library. */
  found: boolean;
  /** The hits that passed, in their order: the only ones given to the model and cited. */
  relevant: HybridHit[];
}

/**
 * The rule. A retrieved chunk counts as relevant evidence when either
 *   (a) it contains enough of the question: lexical coverage ≥ thresholds.coverage, or
 *   (b) the embedding model, calibrated, says so: cosine ≥ thresholds.dense (when that is set).
 * If no retrieved chunk passes, Locus answers that it found nothing relevant in the library,
 * instead of letting the model answer from unrelated passages (or invent one). Rank-based scores
 * (RRF, BM25) are never thresholded: they say which chunk is best, not whether any is good.
 */
export function judgeRelevance(hits: readonly HybridHit[], thresholds: RelevanceThresholds = {}): RelevanceDecision {
  const coverage = thresholds.coverage ?? DEFAULT_COVERAGE_THRESHOLD;
  const relevant = hits.filter(
    (h) =>
      (h.lexical !== undefined && h.lexical.coverage >= coverage) ||
      (thresholds.dense !== undefined && h.dense !== undefined && h.dense.score >= thresholds.dense),
  );
  return { found: relevant.length > 0, relevant };
}
