/**
 * The on-device name finder: PERSON, LOCATION and ORGANIZATION spans with nothing downloaded. The
 * part-of-speech tagger and lexicon of `compromise` (an established English NLP library, ~300 kB,
 * no model files) say which words are proper nouns and which are known first names, last names,
 * places and organizations; the rules here group them into names and type the ones the lexicon
 * does not know, from what a reader would use: an honorific before ("Dr. Ngo"), an organization
 * designator ("… Corp.", "… University"), the words around ("lives in …", "works at …", "… said"),
 * name lists in a row ("Nardone, Schulz and Ball"), and name morphology ("-ović", "-sson").
 *
 * Measured against wink-nlp (see tests/eval/pii.ts and the README): compromise types names itself and
 * is a tenth of the size; wink's English model tags proper nouns but has no person/place/organization
 * entities. Runs in the engine worker; about 100 ms per 10 kB of English text on a slow core.
 */
import nlp from 'compromise/two';
import type { NerEntity, Span } from '../pii';
import {
  HONORIFICS,
  NAME_PARTICLES,
  LANGUAGES,
  NOT_A_NAME,
  ORG_AFTER,
  ORG_BEFORE,
  ORG_DESIGNATORS,
  ORG_DESIGNATORS_FIRST,
  ORG_SUFFIX,
  PERSON_AFTER,
  PERSON_BEFORE,
  PERSON_SUFFIX,
  PLACE_BEFORE_STRONG,
  PLACE_PARTICLES,
  PLACE_BEFORE,
  PLACE_SUFFIX,
  VIETNAMESE_SURNAMES,
} from './name-words';
import { describedAs, endsWithBusinessNoun, spreadOrganizationsInLists, vietnameseOrganizations } from './organization-cues';
import { streetCornerEnd, streetNameAround } from './street-cues';

interface Term {
  text: string;
  lower: string;
  start: number;
  end: number;
  tags: Set<string>;
  /** Text between this term and the next (compromise's `post` plus the next `pre`). */
  gap: string;
  /** First term of its sentence. */
  first: boolean;
}

interface Run {
  terms: Term[];
  start: number;
  end: number;
  type: NerEntity | null;
  /** Where a street corner this name opens ends ("Eloise and 226 Thomas Avenue"): the span runs to there. */
  cornerEnd?: number;
}

/** Texts are parsed in pieces of about this size, cut at line ends: compromise's cost grows with the piece. */
const PIECE = 4000;

function pieces(text: string): Array<{ offset: number; text: string }> {
  const out: Array<{ offset: number; text: string }> = [];
  let offset = 0;
  while (offset < text.length) {
    let end = Math.min(text.length, offset + PIECE);
    if (end < text.length) {
      const cut = Math.max(text.lastIndexOf('\n', end), text.lastIndexOf('. ', end) + 1);
      if (cut > offset + PIECE / 2) end = cut + 1;
    }
    out.push({ offset, text: text.slice(offset, end) });
    offset = end;
  }
  return out;
}

interface CompromiseTerm {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}

/** Whether a word at `start` opens a sentence, a line, a quotation or a label's value ("Title: Geology"). */
function opensSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || /[\n.!?:;"“(>*•#\-–\]]/.test(text[i]!);
}

function termsOf(text: string): Term[] {
  const out: Term[] = [];
  for (const piece of pieces(text)) {
    const sentences = nlp(piece.text).json({ offset: true, terms: { offset: true } }) as Array<{ terms: CompromiseTerm[] }>;
    for (const sentence of sentences) {
      sentence.terms.forEach((t, i) => {
        if (!t.text) return;
        const start = piece.offset + t.offset.start;
        out.push({
          text: t.text,
          lower: t.text.toLowerCase(),
          start,
          end: start + t.text.length,
          tags: new Set(t.tags),
          gap: t.post + (sentence.terms[i + 1]?.pre ?? ''),
          first: opensSentence(text, start),
        });
      });
    }
  }
  return out;
}

const has = (t: Term, ...tags: string[]) => tags.some((g) => t.tags.has(g));
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, unknown> } }).one.lexicon;
const GUESSED_TAGS = new Set(['Noun', 'Singular', 'ProperNoun', 'Plural', 'Hyphenated', 'TitleCase']);
/** A word compromise does not know and could only guess as a noun: in running text, most often a name. */
const unknownWord = (t: Term) =>
  /^[\p{L}\p{M}'’\-]+$/u.test(t.text) && !(t.lower in LEXICON) && [...t.tags].every((g) => GUESSED_TAGS.has(g));
const CONTRACTION = /^(?:what|who|where|when|how|why|that|it|there|here|he|she|let)['’]s$/iu;
/** "Kian's", not "here's": a contraction is not an owner. */
const possessive = (t: Term) => (/['’]s$/iu.test(t.text) && !CONTRACTION.test(t.text)) || /^['’]s\b/u.test(t.gap);
const capitalized = (t: Term) => /^\p{Lu}/u.test(t.text);
const isInitial = (t: Term) => /^\p{Lu}$/u.test(t.text) && /^\.\s/.test(t.gap);
const NOT_NAME_TAGS = 'Pronoun Determiner Conjunction Preposition Date Month WeekDay Value Expression Honorific QuestionWord Demonym'.split(
  ' ',
);
const NAME_LEXICON_TAGS = new Set(
  'FirstName LastName Person MaleName FemaleName Place Country City Region Organization ProperNoun Honorific'.split(' '),
);
/** A capitalized word the lexicon knows as an ordinary word ("Can", "Outside"), and the tagger did not read as a person. */
const ordinaryWord = (t: Term) => {
  const known = LEXICON[t.lower];
  return typeof known === 'string' && !NAME_LEXICON_TAGS.has(known) && !has(t, 'Person', 'Place', 'Organization');
};
const lowerCache = new Map<string, Set<string>>();
/** The tags compromise gives the word alone, in lower case: what it is as an ordinary word. */
const lowerTags = (t: Term) => {
  let tags = lowerCache.get(t.lower);
  if (tags === undefined) {
    tags = new Set((nlp(t.lower).json({ terms: { tags: true } }) as Array<{ terms: Array<{ tags: string[] }> }>)[0]?.terms[0]?.tags ?? []);
    if (lowerCache.size > 5000) lowerCache.clear();
    lowerCache.set(t.lower, tags);
  }
  return tags;
};
/** Whether the word alone, in lower case, is a verb ("Compare", "Write"): an imperative, not a name. */
const verbWord = (t: Term) => lowerTags(t).has('Verb') && !lowerTags(t).has('Noun');
/** "Three", "Hundred": a number word, not a name. */
const numberWord = (t: Term) => lowerTags(t).has('Cardinal');
/** "Hobbits", "Stripes": read alone, a plural common noun; a person's name is not one. */
const pluralNoun = (t: Term) =>
  /^[A-Za-z]+s$/.test(t.text) && lowerTags(t).has('Plural') && !has(t, 'Person', 'FirstName', 'LastName', 'Place', 'Organization');

/** Whether a term can be (part of) a name. */
function nameLike(t: Term, textIsLowerCase: boolean): boolean {
  if (
    NOT_A_NAME.has(t.lower) ||
    LANGUAGES.has(t.lower) ||
    has(t, ...NOT_NAME_TAGS) ||
    /[\d;/@#&]/.test(t.text) ||
    // Short capital abbreviations ("TL", "DR", "OK") are not names.
    (/^\p{Lu}{1,3}$/u.test(t.text) && !isInitial(t)) ||
    CONTRACTION.test(t.text) ||
    ordinaryWord(t)
  )
    return false;
  if (capitalized(t) && !has(t, 'Person', 'Place', 'Organization', 'FirstName', 'LastName') && (verbWord(t) || numberWord(t))) return false;
  if (has(t, 'Person', 'FirstName', 'LastName', 'Place', 'Country', 'City', 'Region', 'Organization'))
    return capitalized(t) || textIsLowerCase || has(t, 'FirstName', 'Country');
  if (!capitalized(t)) return textIsLowerCase && unknownWord(t) && t.text.length > 2;
  if (isInitial(t)) return true;
  // A capitalized word at the start of a sentence is a name only if the tagger says it is a proper noun,
  // or it is not an English word at all ("Oline is very reliable").
  if (t.first) return (has(t, 'ProperNoun') && !has(t, 'Verb', 'Adjective', 'Adverb')) || unknownWord(t);
  if (/^\p{Lu}+$/u.test(t.text) && t.text.length > 1)
    return (has(t, 'ProperNoun', 'Acronym') && t.text.length > 2) || (t.text.length > 3 && unknownWord(t));
  return has(t, 'ProperNoun', 'Noun', 'Adjective', 'Singular') || !has(t, 'Verb');
}

/** Whether two neighbouring terms belong to one name: only a space, a hyphen or an initial's dot between. */
function joins(a: Term, b: Term): boolean {
  if (/\n/.test(a.gap)) return false;
  if (/^[ \t]*$|^-$|^'$/.test(a.gap)) return true;
  if (/^\.[ \t]+$/.test(a.gap))
    return isInitial(a) || HONORIFICS.has(a.lower) || (/^\p{Lu}[\p{Ll}]{0,3}$/u.test(a.text) && has(a, 'Abbreviation'));
  return false;
}

/** Whether the run so far holds a designator followed by "of" or "for" ("Ministry of …"). */
function designatorOf(current: readonly Term[]): boolean {
  return current.some((t, i) => ORG_DESIGNATORS.has(t.lower) && /^(?:of|for)$/.test(current[i + 1]?.lower ?? ''));
}

function runsOf(terms: Term[], textIsLowerCase: boolean): Run[] {
  const runs: Run[] = [];
  let current: Term[] = [];
  const flush = () => {
    // Lower-case particles at either end ("de", "van" alone) and roles at the start ("Producer", "Princess")
    // are not part of the name; a capitalized one is ("Da Nang", "Van Morrison").
    const particle = (t: Term) => NAME_PARTICLES.has(t.lower) && !capitalized(t);
    while (current.length && (particle(current[0]!) || (has(current[0]!, 'Actor') && !has(current[0]!, 'Person')))) current.shift();
    while (current.length && particle(current[current.length - 1]!)) current.pop();
    if (current.length) runs.push({ terms: current, start: current[0]!.start, end: current[current.length - 1]!.end, type: null });
    current = [];
  };
  const particleThenName = (i: number) => {
    let j = i;
    while (j < terms.length && j - i < 3 && NAME_PARTICLES.has(terms[j]!.lower)) j++;
    return j > i && j < terms.length && nameLike(terms[j]!, textIsLowerCase);
  };
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const prev = current[current.length - 1];
    const ok =
      nameLike(t, textIsLowerCase) ||
      (prev !== undefined && capitalized(t) && ORG_DESIGNATORS.has(t.lower)) ||
      (prev !== undefined && particleThenName(i)) ||
      // "University of Technology", "Bank of America", "Ministry of Education"
      (prev !== undefined &&
        ORG_DESIGNATORS.has(prev.lower) &&
        /^(?:of|for)$/.test(t.lower) &&
        !!terms[i + 1] &&
        capitalized(terms[i + 1]!)) ||
      // "Ministry of Education": a capitalized word after a designator and "of" is part of the name.
      (prev !== undefined && /^(?:of|for|and)$/.test(prev.lower) && capitalized(t) && designatorOf(current)) ||
      // "Ministry of Education and Training", "University of Science and Technology": after a designator
      // and "of", "and" between capitalized words stays inside the name.
      (prev !== undefined &&
        t.lower === 'and' &&
        capitalized(prev) &&
        !!terms[i + 1] &&
        capitalized(terms[i + 1]!) &&
        designatorOf(current)) ||
      // "tracy wiśniewska": an unknown word right after a known first name is the family name.
      (prev !== undefined && has(prev, 'FirstName') && unknownWord(t));
    if (ok && (!prev || (joins(prev, t) && !possessive(prev)))) {
      current.push(t);
      continue;
    }
    flush();
    if (ok) current.push(t);
  }
  flush();
  return runs;
}

/** The text before a run on its line (at most 40 characters), lower case, and after it. */
function context(text: string, run: Run): { before: string; after: string } {
  let before = text.slice(Math.max(0, run.start - 40), run.start);
  before = before.slice(before.lastIndexOf('\n') + 1);
  let after = text.slice(run.end, run.end + 40);
  const nl = after.indexOf('\n');
  if (nl >= 0) after = after.slice(0, nl);
  return { before: before.toLowerCase(), after };
}

/** The term just before the run, if it is an honorific ("Dr", "Mrs", "Prof"). */
function honorificBefore(terms: Term[], index: number): boolean {
  const prev = terms[index - 1];
  return !!prev && (has(prev, 'Honorific') || HONORIFICS.has(prev.lower)) && /^\.?[ \t]+$/.test(prev.gap);
}

function classify(text: string, run: Run, terms: Term[], firstIndex: number): NerEntity | null {
  const ts = run.terms;
  const last = ts[ts.length - 1]!;
  const { before, after } = context(text, run);
  const all = (...tags: string[]) => ts.every((t) => has(t, ...tags) || NAME_PARTICLES.has(t.lower));
  const any = (...tags: string[]) => ts.some((t) => has(t, ...tags));
  if (ORG_DESIGNATORS.has(last.lower.replace(/\.$/, '')) && ts.length > 1) return 'ORGANIZATION';
  // "Bank of America", "Ministry of Education and Training"; "Lycée Victor Hugo", "Clínica San Martín".
  if (ts.length > 2 && designatorOf(ts)) return 'ORGANIZATION';
  if (ts.length > 1 && ORG_DESIGNATORS_FIRST.has(ts[0]!.lower) && capitalized(ts[0]!)) return 'ORGANIZATION';
  // Lower-case words the lexicon does not know (a text typed without capitals) need a cue.
  if (!ts.some(capitalized) && !any('Person', 'FirstName', 'LastName', 'Place', 'Country', 'City', 'Region', 'Organization')) {
    // "the idea was born": a determiner says it is a common noun.
    if (/\b(?:the|a|an|this|that|our|my|their|his|her)\s+$/.test(before)) return null;
    if (PLACE_BEFORE.test(before) && !PERSON_BEFORE.test(before)) return 'LOCATION';
    if (PERSON_BEFORE.test(before) || PERSON_AFTER.test(after)) return 'PERSON';
    return null;
  }
  // compromise's organization tag, when its lexicon knows the name ("Google", "UNESCO") or the run
  // carries a designator; its guess from a following common noun ("Geology office hours") is not enough.
  const knownOrg = ts.some((t) => LEXICON[t.lower] === 'Organization' || ORG_DESIGNATORS.has(t.lower.replace(/\.$/, '')));
  if (any('Organization') && !any('Person') && (knownOrg || capitalizedRunOf(ts) > 1)) return 'ORGANIZATION';
  const afterOwner = possessive(last) && !/^['’]s/u.test(after) ? `'s${after}` : after;
  // "Zoolander is a 2001 American comedy film", "Iphix is a 501(c)3": what the text says the name is.
  const described = describedAs(text.slice(run.end, run.end + 120).split('\n')[0]!);
  if (described) return described === 'WORK' ? null : 'ORGANIZATION';
  if (honorificBefore(terms, firstIndex)) return 'PERSON';
  // "79 291 Adelianos Kambos Suite 477": between house numbers, a name is a street's.
  if (streetNameAround(text.slice(Math.max(0, run.start - 20), run.start), after)) return 'LOCATION';
  const prevTerm = terms[firstIndex - 1];
  // "Elizabeth Mitchell's Cautionary Tales": what follows a possessive name is a thing, not a person.
  if (prevTerm && possessive(prevTerm) && !any('FirstName')) return null;
  // "the Devil", "the White Stripes": "the" before a single word or a plural is not how people are named.
  if (
    /\bthe\s+$/.test(before) &&
    (ts.length === 1 || has(last, 'Plural')) &&
    !any('Person', 'FirstName', 'Place', 'Organization') &&
    !ORG_AFTER.test(after)
  )
    return null;
  // "Hobbits": people's names are not plural nouns.
  if (ts.length === 1 && has(last, 'Plural') && !any('Person', 'FirstName', 'LastName', 'Place', 'Organization')) return null;
  // A title in quotes ("The Big Three Killed My Baby", "Tube Snake Boogie") is a work, not a person.
  if (insideQuotedTitle(text, run)) return null;
  // "the Civil drafter", "the Outside order clerk": a capitalized word used as an adjective.
  if (/\bthe\s+$/.test(before) && /^\s+\p{Ll}/u.test(after) && !any('Person', 'FirstName', 'Place', 'Organization')) return null;
  if (PLACE_DESIGNATOR.test(last.text) && ts.length > 1) return 'LOCATION';
  // "in Quincy", "arrived at Turnbull Thomson": the preposition decides over a given name's look.
  if (PLACE_BEFORE_STRONG.test(before) && !/\bto\s*$/.test(before) && !any('Organization') && !/^\s*['’]s/.test(after)) return 'LOCATION';
  if (VIETNAMESE_SURNAMES.has(ts[0]!.lower) && ts.length >= 2) return 'PERSON';
  if (ts.some((t) => PLACE_PARTICLES.has(t.lower))) return 'LOCATION';
  // "Garcia-Smith", "Mayer-Watkins": two family names joined, with no given name, is how partnerships are named
  // (a person with a double family name is written with a given name or a title: "Dr. Garcia-Smith").
  if (
    ts.length === 2 &&
    /^-$/.test(ts[0]!.gap) &&
    !has(ts[0]!, 'FirstName') &&
    !honorificBefore(terms, firstIndex) &&
    ts.every(capitalized)
  )
    return 'ORGANIZATION';
  // "Propeller Health", "Wise Appraisals": no given name, and a business noun at the end.
  if (!any('FirstName') && endsWithBusinessNoun(ts.map((t) => t.text))) return 'ORGANIZATION';
  const placeTagged = all('Place', 'Country', 'City', 'Region');
  const personTagged = any('FirstName') || (any('Person', 'LastName') && !any('Place'));
  if (ORG_AFTER.test(after) || ORG_BEFORE.test(before)) return personTagged && !ORG_AFTER.test(after) ? 'PERSON' : 'ORGANIZATION';
  if (placeTagged && !any('FirstName')) return 'LOCATION';
  if (personTagged) return 'PERSON';
  const single = ts.length === 1;
  // "Newton's laws", "Maxwell's equations", "Pascal's triangle": a name used for a law or a thing, not a person in the text.
  if (EPONYM_AFTER.test(possessive(last) ? `'s${after}` : after)) return null;
  // Coined company names: "Politify", "Civinomics", "BioFlower".
  if (single && (ORG_SUFFIX.test(last.text) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(last.text)) && !PERSON_SUFFIX.test(last.text))
    return 'ORGANIZATION';
  if (PERSON_AFTER.test(afterOwner)) return 'PERSON';
  if (PLACE_BEFORE.test(before) && !PERSON_BEFORE.test(before)) return 'LOCATION';
  if (PERSON_BEFORE.test(before)) return 'PERSON';
  // "Hobbits", "Stripes": read alone, a plural common noun, and nothing around says person.
  if (single && pluralNoun(last) && !possessive(last)) return null;
  if (single && PLACE_SUFFIX.test(last.text) && !PERSON_SUFFIX.test(last.text)) return 'LOCATION';
  // A lone all-capitals word nothing explains is more often an acronym than a name.
  if (single && /^\p{Lu}+$/u.test(last.text)) return null;
  // A lone unknown word opening a sentence ("Battery is where…", "Title: …") is a name only when it speaks or is
  // spoken to: 'Kalman: "Who are you?"', "Vittore, can I…".
  if (single && ts[0]!.first && !ADDRESSED.test(after) && !PERSON_SUFFIX.test(last.text)) return null;
  return 'PERSON';
}

/** How many capitalized words a run has. */
const capitalizedRunOf = (ts: readonly Term[]) => ts.filter(capitalized).length;
const PLACE_DESIGNATOR =
  /^(?:City|Town|Province|County|District|Prefecture|Island|Islands|Beach|Valley|Mountains?|Lake|River|Bay|Village|Region|Oblast|Krai|Canton|Parish|Borough|Municipality|Quarter)$/u;
const EPONYM_AFTER =
  /^['’]s\s+(?:law|laws|equation|equations|theorem|theory|principle|constant|rule|method|effect|paradox|conjecture|lemma|formula|triangle|number|numbers|series|model|experiment|disease|syndrome|razor|wager|identity|inequality|algorithm|problem|test|scale|cycle|notation)\b/iu;
const ADDRESSED = /^\s*(?::\s*\\?["“]|,\s*(?:can|could|would|will|please|i|you|we|thanks|thank|how|what|are|is|do|did|have|let|don't)\b)/iu;

/** Whether the run lies inside a quotation of three or more words, all capitalized (a song, film or book title). */
function insideQuotedTitle(text: string, run: Run): boolean {
  const open = Math.max(text.lastIndexOf('"', run.start - 1), text.lastIndexOf('“', run.start - 1));
  if (open < 0 || run.start - open > 80) return false;
  const closeAt = text.slice(run.end, run.end + 80).search(/["”]/);
  if (closeAt < 0) return false;
  const quoted = text.slice(open + 1, run.end + closeAt);
  if (/\n/.test(quoted)) return false;
  const words = quoted.match(/[\p{L}'’]+/gu) ?? [];
  return words.length >= 3 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= words.length - 1;
}

/**
 * "The Jones, Mitchell and Williams office", "recorded for Thomas, Holt and Myers": family names
 * in a list of three, with "the" before or an organization word after, name one firm; it is kept
 * as one span.
 */
function partnerships(text: string, runs: Run[]): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < runs.length; i++) {
    const [a, b, c] = [runs[i]!, runs[i + 1], runs[i + 2]];
    // "Ernst & Young", "Johnson & Johnson", "Procter & Gamble": an ampersand between names joins one firm's name.
    if (b && /^[ \t]*&[ \t]*$/.test(text.slice(a.end, b.start)) && a.terms.every(capitalized) && b.terms.every(capitalized)) {
      out.push({ terms: [...a.terms, ...b.terms], start: a.start, end: b.end, type: 'ORGANIZATION' });
      i += 1;
      continue;
    }
    const single = (r: Run | undefined) => !!r && r.terms.length === 1 && capitalized(r.terms[0]!) && !has(r.terms[0]!, 'Place');
    if (single(a) && single(b) && single(c)) {
      const list = text.slice(a.start, c!.end);
      const joined = /^[^,]+,\s*[^,]+,?\s+(?:and|&)\s+\S+$/u.test(list);
      const before = text.slice(Math.max(0, a.start - 12), a.start);
      const after = text.slice(c!.end, c!.end + 40);
      // "The Jones, Mitchell and Williams office", "Davis, Reynolds and Williamson is…": three names
      // that take a singular verb or "the" are one firm, whatever given-name look they have;
      // "for"/"at" before three names is a weaker cue, taken only when none is a given name ("for Anna, Minh and Lan").
      const strong = /\bthe\s+$/i.test(before) || ORG_AFTER.test(after) || /^\s+(?:is|was|has|does)\b/u.test(after);
      const weak = /\b(?:for|at)\s+$/i.test(before) && ![a, b!, c!].some((r) => has(r.terms[0]!, 'FirstName'));
      if (joined && (strong || weak)) {
        out.push({ terms: [...a.terms, ...b!.terms, ...c!.terms], start: a.start, end: c!.end, type: 'ORGANIZATION' });
        i += 2;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** Names in a list ("Nardone, Schulz and Ball") share the type of the ones the lexicon knows. */
function spreadInLists(text: string, runs: Run[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      for (const j of [i - 1, i + 1]) {
        const other = runs[j];
        if (!other || other.type !== 'PERSON' || run.type === 'PERSON' || run.type === 'ORGANIZATION' || run.cornerEnd !== undefined)
          continue;
        const between = j < i ? text.slice(other.end, run.start) : text.slice(run.end, other.start);
        if (/^\s*(?:,|and|&|or|,\s*and)\s*$/i.test(between) && !run.terms.some((t) => has(t, 'Country', 'City', 'Region')))
          run.type = 'PERSON';
      }
    }
  }
}

/**
 * "Golden Helix", "Social Health Insights": a firm's name often opens with capitalized ordinary words
 * ("Golden", "Social") that no name run takes; an organization run takes them back.
 */
function widenOrganizations(terms: Term[], runs: Run[], index: Map<Term, number>): void {
  const taken = new Set(runs.flatMap((r) => r.terms));
  for (const run of runs.filter((r) => r.type === 'ORGANIZATION')) {
    for (let prev = terms[index.get(run.terms[0]!)! - 1]; prev; prev = terms[index.get(prev)! - 1]) {
      const joinable = capitalized(prev) && /^[ \t]+$/.test(prev.gap) && !possessive(prev) && !taken.has(prev);
      if (!joinable || has(prev, 'Determiner', 'Pronoun', 'Preposition', 'Conjunction', 'Honorific', 'QuestionWord', 'Value')) break;
      if (NOT_A_NAME.has(prev.lower) || HONORIFICS.has(prev.lower)) break;
      run.terms.unshift(prev);
      run.start = prev.start;
    }
  }
}

/** PERSON, LOCATION and ORGANIZATION spans in `text` (UTF-16 offsets), honorifics left outside. */
export function findNames(text: string): Span[] {
  if (!/\p{L}/u.test(text)) return [];
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => /\p{Lu}/u.test(c)).length;
  const textIsLowerCase = upper / letters.length < 0.01;
  const terms = termsOf(text);
  const runs = runsOf(terms, textIsLowerCase);
  const index = new Map(terms.map((t, i) => [t, i]));
  for (const run of runs) {
    const at = index.get(run.terms[0]!)!;
    run.type = classify(text, run, terms, at);
    const cornerEnd = run.type === 'ORGANIZATION' ? -1 : streetCornerEnd(text, context(text, run).before, run.end);
    if (cornerEnd >= 0) Object.assign(run, { type: 'LOCATION', cornerEnd });
  }
  // The street of a corner is inside its span, not a name of its own.
  for (const corner of runs.filter((r) => r.cornerEnd !== undefined))
    for (const run of runs) if (run.start > corner.start && run.start < corner.cornerEnd!) run.type = null;
  // A given name, a title before, a Vietnamese family name, or a lower-case word in capitalized text: no list makes these a firm.
  spreadOrganizationsInLists(
    text,
    runs,
    (run) =>
      run.terms.some((t) => has(t, 'FirstName') || (!capitalized(t) && !textIsLowerCase)) ||
      honorificBefore(terms, index.get(run.terms[0]!)!) ||
      (VIETNAMESE_SURNAMES.has(run.terms[0]!.lower) && run.terms.length > 1),
  );
  spreadInLists(text, runs);
  widenOrganizations(terms, runs, index);
  const companies = vietnameseOrganizations(text);
  const spans: Span[] = [];
  for (const run of partnerships(text, runs)) {
    if (!run.type || companies.some((c) => c.start < run.end && run.start < c.end)) continue;
    if (run.cornerEnd !== undefined) {
      spans.push({ entity: run.type, start: run.start, end: run.cornerEnd });
      continue;
    }
    let end = run.end;
    // "Corp." and an initial keep their dot; a sentence's full stop is not part of the name.
    const lastTerm = run.terms[run.terms.length - 1]!;
    if (/^\./.test(lastTerm.gap) && (ORG_DESIGNATORS.has(lastTerm.lower) || isInitial(lastTerm))) end += 1;
    const owner = /['’]s$/iu.exec(lastTerm.text);
    if (owner) end -= owner[0].length;
    spans.push({ entity: run.type, start: run.start, end });
  }
  for (const c of companies) spans.push({ entity: 'ORGANIZATION', ...c });
  return spans.sort((a, b) => a.start - b.start);
}
