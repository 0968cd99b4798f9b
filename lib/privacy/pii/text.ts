/**
 * Small text helpers shared by the recognizers: a same-length normalization so rules only ever see
 * ASCII digits, dashes and spaces, and context windows for cue words ("phone", "born", "SSN").
 */

/** Zero code points of the decimal-digit blocks students are likely to type (all in the BMP). */
const DIGIT_ZEROS = [
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Persian, Urdu)
  0x07c0, // N'Ko
  0x0966, // Devanagari
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0b66, // Oriya
  0x0be6, // Tamil
  0x0c66, // Telugu
  0x0ce6, // Kannada
  0x0d66, // Malayalam
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x17e0, // Khmer
  0x1810, // Mongolian
  0xff10, // Fullwidth
];
const DIGITS = new RegExp(`[${DIGIT_ZEROS.map((z) => `\\u{${z.toString(16)}}-\\u{${(z + 9).toString(16)}}`).join('')}]`, 'gu');
/** Hyphens, dashes and minus signs people type inside numbers. */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** Spaces inside numbers: no-break, narrow no-break (French), thin, figure, ideographic. */
const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
const FULLWIDTH = /[\uff0b\uff08\uff09\uff0e\uff20]/g; // ＋ （ ） ． ＠

/**
 * The text with every Unicode decimal digit as its ASCII digit, every dash as '-', every space as
 * ' ' and fullwidth + ( ) . @ as ASCII. Each replaced character is one UTF-16 unit and so is its
 * replacement, so offsets into the result are offsets into the original.
 */
export function normalizeForMatching(text: string): string {
  return text
    .replace(DIGITS, (d) => {
      const cp = d.codePointAt(0)!;
      const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9)!;
      return String(cp - zero);
    })
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Regex source for a letter of a script that separates words with spaces. A number glued to such a
 * letter is part of a word ("A56319335", "v1.2.3.4"); Chinese, Japanese, Korean particles, Thai…
 * glue numbers to words without spaces ("电话13812345678", "010-1234-5678입니다"), so their letters
 * do not count as glue.
 */
export const SPACED_LETTER = String.raw`(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])\p{L})`;

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * A case-insensitive regex matching any of `words` as whole words (a word may contain spaces and
 * punctuation, e.g. "date of birth", "d.o.b"). Words in scripts written without spaces (Chinese,
 * Japanese) match anywhere.
 */
export function cueRegex(words: readonly string[]): RegExp {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  // Longer words first, so "zip code" wins over "zip" where both start.
  words = [...words].sort((a, b) => b.length - a.length);
  const spaced = words.filter((w) => !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(w));
  const unspaced = words.filter((w) => /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(w));
  const parts: string[] = [];
  if (spaced.length) parts.push(`(?<![\\p{L}\\p{N}])(?:${spaced.map(escape).join('|')})(?![\\p{L}])`);
  if (unspaced.length) parts.push(`(?:${unspaced.map(escape).join('|')})`);
  return new RegExp(parts.join('|'), 'iu');
}

export interface Window {
  /** Characters looked at before the span. */
  before: number;
  /** Characters looked at after the span. */
  after: number;
  /** Stop at line breaks (a label on the next line is about something else). Default true. */
  sameLine?: boolean;
}

/** The text around `[start, end)` within the window. */
export function around(text: string, start: number, end: number, window: Window): { before: string; after: string } {
  const from = Math.max(0, start - window.before);
  const to = Math.min(text.length, end + window.after);
  let before = text.slice(from, start);
  let after = text.slice(end, to);
  // A word cut by the window's edge is dropped: "Spring" cut to "ring", "telescope" to "tel".
  if (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1]!)) before = before.replace(/^[\p{L}\p{N}]+/u, '');
  if (to < text.length && /[\p{L}\p{N}]/u.test(text[to]!)) after = after.replace(/[\p{L}\p{N}]+$/u, '');
  if (window.sameLine !== false) {
    const lastBreak = before.lastIndexOf('\n');
    if (lastBreak >= 0) before = before.slice(lastBreak + 1);
    const firstBreak = after.indexOf('\n');
    if (firstBreak >= 0) after = after.slice(0, firstBreak);
  }
  return { before, after };
}

/** Whether a cue occurs in the window around the span. */
export function hasCue(text: string, start: number, end: number, cue: RegExp, window: Window): boolean {
  const { before, after } = around(text, start, end, window);
  return cue.test(before) || cue.test(after);
}

/** A copy of `pattern` that runs globally over the whole text (other flags kept, sticky dropped). */
export function globalCopy(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, '');
  return new RegExp(pattern.source, flags + 'g');
}

const globalCopies = new WeakMap<RegExp, RegExp>();

/**
 * Every match of `pattern` over the whole text (as if global), robust to empty matches. Eager, so
 * the cached global copy is never shared between two loops in progress.
 */
export function matchAll(pattern: RegExp, text: string): RegExpExecArray[] {
  let re = globalCopies.get(pattern);
  if (!re) {
    re = globalCopy(pattern);
    globalCopies.set(pattern, re);
  }
  const matches: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    matches.push(m);
  }
  re.lastIndex = 0;
  return matches;
}
