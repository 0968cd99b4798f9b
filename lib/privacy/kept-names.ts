/**
 * Names from the page the student is studying, kept as written in a cloud request (issue 13). A
 * course page full of scientists (Newton, Maxwell, Curie) and places (Geneva) is study material:
 * replacing them by [PERSON_1] and [LOCATION_1] makes the answer useless and protects nobody. But
 * the same page text can carry a classmate's name, and the student's own words are where their
 * private life is. So a name, place or organization stays as written only when all of these hold:
 *
 * 1. It is a name, place or organization. Pattern entities (e-mail addresses, phone numbers, card
 *    numbers, IBANs, SSNs, street addresses, student IDs…) are never kept, even when the page shows
 *    them: a page can be a class list with everyone's phone number, and a contact detail is personal
 *    wherever it is printed. (`redactSpans` never asks about them.)
 * 2. It is in the text captured from the tab the request is about (`NameSources.page`: the page,
 *    or a selection of page text and the section around it).
 * 3. It is not in the student's own words (`NameSources.own`: the question they typed, a selection
 *    inside a text field they wrote and its surroundings, the text they edited in the dialog). A name
 *    the student wrote is redacted everywhere in the request, page included, and so is any name
 *    sharing a word with it ("Minh" written, "Nguyễn Minh Anh" on the page): Locus cannot tell the
 *    scientist from a classmate of the same name, and the student's words are the likelier one.
 * 4. No occurrence of it stands in a personal context: in the same sentence or line as a contact
 *    detail or another pattern entity (a roster: "Lan Pham, 0912 345 678"), after a relation word
 *    ("my classmate", "her tutor") or a greeting or signature ("Dear", "Hi", "Regards,", "From:").
 *    Names sharing a word with such a name are not kept either.
 *
 * The decision is per value over the whole request: a value is kept everywhere or nowhere, so the
 * cloud never sees a name in one sentence and its placeholder in the next. Pure logic.
 */
import { NAME_PARTICLES, ORG_DESIGNATORS } from './names/name-words';
import { isNerEntity, type NerEntity, type Span } from './pii';

export interface NameSources {
  /** Text captured from the tab the request is about ('' when the request carries none). */
  page: string;
  /** The student's own words. */
  own: readonly string[];
}

/** A name as found in the student's own words. */
export interface OwnName {
  entity: NerEntity;
  value: string;
}

/** A message of the request with every detection in it (rules and names, overlaps resolved). */
export interface DetectedText {
  text: string;
  spans: readonly Span[];
}

/** The form under which two writings of a name are the same value. */
export function nameKey(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/['’]s$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Words that say nothing about who or where on their own ("New", "University", "of"). */
const GENERIC = new Set(
  'the and of for new old north south east west upper lower saint st san santa great united republic kingdom city state county province island islands river lake mount'.split(
    ' ',
  ),
);

/** The words of a name that identify it: letters only, lower case, no particles, designators or generic words. */
function nameWords(value: string): string[] {
  return (
    value
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{M}]+/gu) ?? []
  ).filter((w) => w.length >= 2 && !NAME_PARTICLES.has(w) && !ORG_DESIGNATORS.has(w) && !GENERIC.has(w));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `phrase` as a whole-word, case-insensitive pattern (any run of spaces between its words). */
function wholeWords(phrase: string): RegExp {
  const body = phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
}

function occursIn(text: string, phrase: string): boolean {
  if (!phrase.trim()) return false;
  return wholeWords(phrase.normalize('NFKC')).test(text.normalize('NFKC'));
}

/** The names, places and organizations in the student's own words, by the given finder. */
export function ownNames(sources: NameSources, find: (text: string) => readonly Span[]): OwnName[] {
  const out: OwnName[] = [];
  const seen = new Set<string>();
  for (const text of sources.own) {
    if (!text.trim()) continue;
    for (const span of find(text)) {
      if (!isNerEntity(span.entity)) continue;
      const value = text.slice(span.start, span.end);
      const key = nameKey(value);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      out.push({ entity: span.entity, value });
    }
  }
  return out;
}

/**
 * Every occurrence in `text` of a name the student wrote, as a span of its kind: added to the
 * detections so it is redacted everywhere in the request, also where the finder did not see it.
 */
export function ownNameOccurrences(text: string, names: readonly OwnName[]): Span[] {
  const spans: Span[] = [];
  for (const name of names) {
    const value = name.value.replace(/['’]s$/u, '').trim();
    if (!value) continue;
    for (const m of text.matchAll(wholeWords(value))) spans.push({ entity: name.entity, start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** Relation words, greetings and signatures right before a name: someone the writer knows. */
const PERSONAL_BEFORE = new RegExp(
  String.raw`(?:` +
    // "my classmate", "her new tutor", "our friends"
    String.raw`\b(?:my|our|your|his|her|their)\s+(?:[\p{L}-]+\s+)?(?:classmate|friend|roommate|flatmate|housemate|teammate|labmate|lab mate|tutor|teacher|professor|lecturer|instructor|supervisor|advisor|adviser|mentor|coach|boss|manager|colleague|coworker|co-worker|neighbou?r|landlord|landlady|doctor|dentist|therapist|mother|father|mom|mum|dad|parent|brother|sister|sibling|cousin|aunt|uncle|grandmother|grandfather|grandma|grandpa|son|daughter|child|kid|wife|husband|partner|boyfriend|girlfriend|fiancée?|niece|nephew|guardian)s?\s*,?` +
    // greetings, headers and sign-offs: "Dear", "Hi", "From:", "Best regards," (the name may be on the next line)
    String.raw`|\b(?:dear|hi|hello|hey|thanks|thank you)\b\s*,?|\b(?:from|to|cc|bcc|attn|signed)\s*:|\b(?:regards|cheers|sincerely|best|love|yours|thanks)\s*,` +
    // Vietnamese words of address and relation: "bạn", "cô", "thầy", "mẹ"…
    String.raw`|(?<![\p{L}\p{M}])(?:bạn|lớp trưởng|em|anh|chị|cô|thầy|mẹ|bố|ba|má|ông|bà)` +
    String.raw`)\s*$`,
  'iu',
);
/** "Linh, my classmate," / "Linh (my tutor)": the relation said right after the name. */
const PERSONAL_AFTER = /^\s*[,(–-]\s*(?:my|our|your|his|her|their)\s+\p{L}/iu;
/** The end of a sentence, or a line break. */
const SENTENCE_END = /[.!?]["”’')\]]*\s|\n/gu;

/** The sentence (or line) around [start, end), at most 400 characters each side. */
function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  const from = Math.max(0, start - 400);
  let a = from;
  for (const m of text.slice(from, start).matchAll(SENTENCE_END)) a = from + m.index + m[0].length;
  const after = text.slice(end, end + 400);
  SENTENCE_END.lastIndex = 0;
  const next = after.search(SENTENCE_END);
  const b = next < 0 ? end + after.length : end + next;
  return { start: a, end: b };
}

/** Whether the occurrence `span` of a name in `doc` is in a personal context (see 4. above). */
function personalContext(doc: DetectedText, span: Span): boolean {
  const before = doc.text.slice(Math.max(0, span.start - 80), span.start);
  if (PERSONAL_BEFORE.test(before)) return true;
  if (PERSONAL_AFTER.test(doc.text.slice(span.end, span.end + 40))) return true;
  const sentence = sentenceAround(doc.text, span.start, span.end);
  return doc.spans.some((s) => !isNerEntity(s.entity) && s.start < sentence.end && s.end > sentence.start);
}

/** Whether two names share an identifying word ("Minh" and "Nguyễn Minh Anh"). */
function shareAWord(a: readonly string[], b: readonly string[]): boolean {
  return a.some((w) => b.includes(w));
}

/**
 * The names of `docs` that may stay as written (as `nameKey`s). `only`, when given, limits them to
 * those keys (an edited preview keeps what the earlier one kept, never more).
 */
export function keptNameKeys(
  docs: readonly DetectedText[],
  sources: NameSources,
  own: readonly OwnName[],
  only?: ReadonlySet<string>,
): Set<string> {
  const candidates = new Map<string, { value: string; personal: boolean }>();
  for (const doc of docs) {
    for (const span of doc.spans) {
      if (!isNerEntity(span.entity)) continue;
      const value = doc.text.slice(span.start, span.end);
      const key = nameKey(value);
      if (!key) continue;
      const entry = candidates.get(key) ?? { value, personal: false };
      entry.personal ||= personalContext(doc, span);
      candidates.set(key, entry);
    }
  }
  const ownWords = own.map((n) => nameWords(n.value));
  const personalWords = [...candidates.values()].filter((c) => c.personal).map((c) => nameWords(c.value));
  const kept = new Set<string>();
  for (const [key, { value, personal }] of candidates) {
    if (personal || (only && !only.has(key))) continue;
    const words = nameWords(value);
    if (!words.length) continue; // nothing identifying to judge it by
    if (!occursIn(sources.page, value.replace(/['’]s$/u, ''))) continue;
    if (sources.own.some((text) => occursIn(text, value) || words.some((w) => occursIn(text, w)))) continue;
    if (ownWords.some((w) => shareAWord(w, words))) continue;
    if (personalWords.some((w) => shareAWord(w, words))) continue;
    kept.add(key);
  }
  return kept;
}

/** The changed part of an edited text (everything between the common beginning and end): the student's own words. */
export function editedPart(before: string, after: string): string {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  // Nothing added (unchanged, or only deleted): no words of the student's.
  if (p >= after.length - s) return '';
  // Widen to whole words: a name typed inside another word's edit is still the student's.
  let start = p;
  let end = after.length - s;
  while (start > 0 && /[\p{L}\p{M}\p{N}]/u.test(after[start - 1]!)) start--;
  while (end < after.length && /[\p{L}\p{M}\p{N}]/u.test(after[end]!)) end++;
  return start < end ? after.slice(start, end) : '';
}
