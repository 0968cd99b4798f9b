/**
 * STREET_ADDRESS: a street line (house number + street name + street type, in the orders countries
 * write them: "12 Main Street", "Genterstrasse 49", "95 Avenue des Tuileries", "ul. Lubartowska 42",
 * "Frankfurter Allee 73"), a secondary unit or post-office box ("Apt. 680", "P.O. Box 101"), and
 * the rest of the address that follows it: more units, the city, region, postal code and country,
 * on the same line after commas or on the next short lines of an address block. The street needs a
 * house number (or a unit), so "an avenue of research" or "Main Street" alone stay; the words are in
 * ./address-words.ts.
 */
import { cueRegex } from '../text';
import type { Recognizer, Span } from '../types';
import { MONTHS } from './date-of-birth';
import { VIETNAMESE_ADDRESS } from './vietnamese-address';
import { ADDRESS_CUES, SECONDARY_UNIT, TYPE_AFTER_NAME, TYPE_BEFORE_NAME, TYPE_SUFFIX, US_STATES } from './address-words';

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/** Words, numbers ("12", "12a", "12-14", "3/5"), abbreviations with their dot ("St.", "ul.", "N."). */
const TOKEN = /[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}'’\-/]*[\p{L}\p{M}\p{N}])?\.?/gu;
const HOUSE_NUMBER = /^\d{1,5}(?:[a-z]|[-/]\d{1,4}[a-z]?)?\.?$/iu;
const NAME_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’\-.]*$/u;
const CAPITALIZED = /^(?:\p{Lu}|\d)/u;
/** Small words inside street names: "Avenue des Tuileries", "Rua de São Bento", "Karl-Marx-Allee". */
const PARTICLE = new Set(
  'de des du la le les d del della dei di da do dos das van von der den ter y e und am an im zum zur of the'.split(' '),
);
/** Words that end an address in running text: verbs and function words ("... Main Street is closed"). */
const STOP = new Set(
  (
    'a an and or but if is are was were be been am do does did has have had will would can could should may might must ' +
    'i you he she it we they me him her us them my your his its our their this that these those there here what which who ' +
    'when where why how not no yes so too very just also then than for with without from into onto about after before ' +
    'since until while during last next night morning today tomorrow yesterday please thanks thank in at on by to of the ' +
    'for card number phone email call me case issue first three months'
  ).split(' '),
);
const UNIT = new RegExp(String.raw`^${SECONDARY_UNIT}\.?\s?#?\s?\d{1,6}[a-z]?\b`, 'iu');
const UNIT_START = new RegExp(String.raw`(?<![\p{L}\p{N}])${SECONDARY_UNIT}\.?\s?#?\s?\d{1,6}[a-z]?(?![\p{L}\p{N}])`, 'giu');
const POSTAL = /^(?:\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2})$/u;
const CUE = cueRegex(ADDRESS_CUES);
const PHONE_LABEL = /(?<![\p{L}])(?:office|fax|mobile|phone|tel|cell|home|work|direct|main)(?![\p{L}])/iu;
/**
 * US military and diplomatic mail (USPS Publication 28, section 24): "PSC 7004, Box 8380, APO AP 11949",
 * "Unit 4818 Box 0262 DPO AE 09498", "USS Dam FPO AE 94560", "CMR 450 Box 1234 APO AE 09180".
 */
const MILITARY =
  /(?<![\p{L}\p{N}])(?:(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5},?|USNS|USS|USCGC)(?:\s+[\p{L}\p{M}'’.\-]+){0,3}?,?\s+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}(?:-\d{4})?(?![\p{L}\p{N}])/giu;
/** "the corner of Auenweg 85 and Kesä Street", "corner of 5th Ave and Main St": a place given by two streets. */
const CORNER =
  /(?<![\p{L}])(?:the\s+)?corner\s+of\s+(?:[\p{L}\p{M}\p{N}'’.\-]+\s+){1,6}?(?:and|&)\s+(?:[\p{L}\p{M}\p{N}'’.\-]+\s+){0,4}?(?:[\p{L}\p{M}\p{N}'’\-]+)(?=\s*(?:[.,;!?)]|$|\s+(?:in|at|on|for|to|last|this|next)\b))/giu;

/** An address word right before: "address: Kromwater 38", "lives at Grote Baan 477". */
const CUE_BEFORE = new RegExp(`(?:${cueRegex(ADDRESS_CUES).source})\\s*[:\\-–]?\\s*$`, 'iu');
const isYear = (t: Token) => /^(?:1[5-9]|20)\d\d\.?$/.test(t.text);
const MONTH_NAMES = new Set(MONTHS);
/** Words that number things, not houses: "Chapter 3 Section 12", "page 4 line 7". */
const NUMBERING = new Set(
  'chapter section page pages p pp line lines figure fig table step part volume vol no nr number unit lesson week day room exercise question problem item article paragraph verse act scene level grade class'.split(
    ' ',
  ),
);
/** "Unter den Linden 77, 10117 Berlin": street and number, then postal code and city (UPU address templates of Europe). */
const STREET_POSTAL_CITY =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’.\-]*(?:\s+(?:[\p{L}\p{M}'’.\-]+)){0,4}?\s+\d{1,5}[a-z]?,\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}[\p{L}\p{M}\-]+(?:\s+\p{Lu}[\p{L}\p{M}\-]+)?/gu;
const bare = (t: Token) => t.lower.replace(/\.$/, '');
const isNumber = (t: Token | undefined) => !!t && HOUSE_NUMBER.test(t.text);
const isNameWord = (t: Token | undefined) => !!t && NAME_WORD.test(t.text) && !STOP.has(bare(t));

function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

/** Whether only spaces, commas and dashes (no line break, no sentence end) separate two offsets. */
const sameRun = (text: string, a: number, b: number) => /^[ \t,\-–#]*$/.test(text.slice(a, b));

/** Street lines: [first token, last token] index pairs. */
function streets(text: string, toks: Token[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const lowerText = !/\p{Lu}/u.test(text);
  const near = (i: number, j: number) => j >= 0 && j < toks.length && sameRun(text, toks[Math.min(i, j)]!.end, toks[Math.max(i, j)]!.start);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const word = bare(t);
    // "Genterstrasse 49", "49 Genterstrasse"
    if (TYPE_SUFFIX.test(t.text.replace(/\.$/, '')) && t.text.length > 5 && /^\p{L}/u.test(t.text)) {
      let first = i;
      while (first > 0 && i - first < 3 && isNameWord(toks[first - 1]) && CAPITALIZED.test(toks[first - 1]!.text) && near(first - 1, first))
        first--;
      if (isNumber(toks[i + 1]) && near(i, i + 1))
        found.push([isNumber(toks[first - 1]) && near(first - 1, first) ? first - 1 : first, i + 1]);
      else if (isNumber(toks[first - 1]) && near(first - 1, first)) found.push([first - 1, i]);
      continue;
    }
    // "Rue de la Paix 12", "12 rue de la Paix", "ul. Lubartowska 42", "Rua Graciliano Ramos 1950"
    if (TYPE_BEFORE_NAME.has(word)) {
      let last = i;
      while (
        last + 1 < toks.length &&
        last - i < 5 &&
        near(last, last + 1) &&
        (isNameWord(toks[last + 1]) || PARTICLE.has(bare(toks[last + 1]!)))
      )
        last++;
      while (last > i && PARTICLE.has(bare(toks[last]!))) last--;
      if (last > i) {
        const before = isNumber(toks[i - 1]) && near(i - 1, i);
        const after = isNumber(toks[last + 1]) && near(last, last + 1);
        if (before || after) {
          found.push([before ? i - 1 : i, after ? last + 1 : last]);
          continue;
        }
      }
    }
    // "92 Eusebio Dávila 57", "35 Kromwater 38": a street name between a building number and a house
    // number, as many European addresses are written; or "Kromwater 38" right after an address word.
    if (isNumber(t) && !isYear(t) && !NUMBERING.has(bare(toks[i - 1] ?? t))) {
      let last = i;
      while (
        last + 1 < toks.length &&
        last - i < 4 &&
        near(last, last + 1) &&
        isNameWord(toks[last + 1]) &&
        (CAPITALIZED.test(toks[last + 1]!.text) || lowerText)
      )
        last++;
      // Not a date: "12 March 2001", "5 May 1850".
      const dateLike = last === i + 1 && MONTH_NAMES.has(bare(toks[i + 1]!));
      if (last > i && !dateLike && isNumber(toks[last + 1]) && near(last, last + 1) && !isYear(toks[last + 1]!)) {
        found.push([i, last + 1]);
        i = last + 1;
        continue;
      }
    }
    if (CAPITALIZED.test(t.text) && isNameWord(t) && CUE_BEFORE.test(text.slice(Math.max(0, t.start - 30), t.start))) {
      let last = i;
      while (last + 1 < toks.length && last - i < 3 && near(last, last + 1) && isNameWord(toks[last + 1])) last++;
      if (isNumber(toks[last + 1]) && near(last, last + 1)) {
        found.push([i, last + 1]);
        i = last + 1;
        continue;
      }
    }
    // "12 Main Street", "19 folkestone road", "Frankfurter Allee 73", "72 Essex Rd"
    if (TYPE_AFTER_NAME.has(word) && i > 0) {
      let first = i;
      while (
        first > 0 &&
        i - first < 4 &&
        near(first - 1, first) &&
        (isNameWord(toks[first - 1]) || /^\d{1,3}(?:st|nd|rd|th)$/i.test(toks[first - 1]!.text))
      )
        first--;
      if (first === i) continue;
      const before = isNumber(toks[first - 1]) && near(first - 1, first);
      const after = isNumber(toks[i + 1]) && near(i, i + 1);
      if (before || after) found.push([before ? first - 1 : first, after ? i + 1 : i]);
    }
  }
  return found;
}

/** Whether a line (of an address block) looks like a place line: short, no sentence, no function words. */
function placeLine(line: string): boolean {
  const trimmed = line.replace(/^[\s>|*•\-?]+/, '').trim();
  if (!trimmed || trimmed.length > 60 || /[!?;:@\\]|\.\s/.test(trimmed)) return false;
  // Phone and fax lines of a letterhead: more digits than any postal code, or digit groups in a chain.
  if ((trimmed.match(/\d/g) ?? []).length > 10 || /\d[-.]\d{2,}[-.]\d|\(\d+\)/.test(trimmed)) return false;
  if ((trimmed.match(/\d+/g) ?? []).length > 2 || PHONE_LABEL.test(trimmed)) return false;
  const toks = tokensOf(trimmed);
  if (!toks.length || toks.length > 6) return false;
  return toks.every((t) => !STOP.has(bare(t)) && (NAME_WORD.test(t.text) || /^\d/.test(t.text)));
}

/** How far the address goes on from `end`: units, city, region, postal code, country. */
function extend(text: string, end: number): number {
  let pos = end;
  // The same line: ", Apt. 3, Springfield, IL 62704", " Suite 485, GRIMSTAD, Fiji 34730"
  for (;;) {
    const rest = text.slice(pos, pos + 80);
    const m = /^[ \t]*,?[ \t]*/.exec(rest)!;
    const after = rest.slice(m[0].length);
    const unit = UNIT.exec(after);
    if (unit) {
      pos += m[0].length + unit[0].length;
      continue;
    }
    const word = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’\-]*\.?/u.exec(after);
    if (!word) break;
    const w = word[0];
    const plain = w.replace(/\.$/, '');
    if (STOP.has(plain.toLowerCase())) break;
    // A number is a postal code only if a phone number does not go on after it ("Mali 089 72 63 41").
    if (/^\d/.test(plain) && (!POSTAL.test(plain) || /^[ \t]*[(+]?\d/.test(after.slice(w.length)))) break;
    // Place words are capitalized (or the whole text is lower case), numbers are postal codes.
    const placeWord = CAPITALIZED.test(w) || US_STATES.has(plain.toUpperCase()) || (m[0].includes(',') && NAME_WORD.test(plain));
    if (!placeWord) break;
    if (w.endsWith('.') && !/^\p{Lu}{1,3}\.$/u.test(w)) {
      pos += m[0].length + plain.length; // the sentence ends here
      break;
    }
    pos += m[0].length + w.length;
  }
  // Following lines of an address block (at most one blank line between, at most four lines).
  for (let lines = 0; lines < 4; lines++) {
    const m = /^[ \t]*\r?\n(?:[ \t]*\r?\n)?/.exec(text.slice(pos, pos + 4));
    if (!m) break;
    const lineStart = pos + m[0].length;
    const lineEnd = text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd);
    if (!placeLine(line) && !UNIT.test(line.replace(/^[\s>|*•\-?]+/, ''))) break;
    pos = lineStart + line.trimEnd().length;
  }
  return pos;
}

export const streetAddress: Recognizer = {
  entity: 'STREET_ADDRESS',
  priority: 3,
  find(text) {
    const spans: Span[] = [];
    const toks = tokensOf(text);
    for (const [a, b] of streets(text, toks)) {
      const start = toks[a]!.start;
      spans.push({ entity: 'STREET_ADDRESS', start, end: extend(text, toks[b]!.end) });
    }
    for (const re of [MILITARY, CORNER, STREET_POSTAL_CITY, VIETNAMESE_ADDRESS])
      for (const m of text.matchAll(re)) spans.push({ entity: 'STREET_ADDRESS', start: m.index, end: m.index + m[0].length });
    for (const m of text.matchAll(UNIT_START)) {
      // A bare "box 12" or "room 5" needs an address word before it; "Apt. 5", "Suite 300", "P.O. Box 9" do not.
      if (
        /^(?:box|room|rm|floor|fl|lot|space|bp|cp|dept|building|bldg)\b/i.test(m[0]) &&
        !CUE.test(text.slice(Math.max(0, m.index - 40), m.index))
      )
        continue;
      spans.push({ entity: 'STREET_ADDRESS', start: m.index, end: extend(text, m.index + m[0].length) });
    }
    return spans;
  },
};
