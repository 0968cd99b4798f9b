/** The name finder's runs: neighbouring words that can be a name, grouped into one candidate name. */
import type { NerEntity } from '../pii';
import {
  capitalized,
  CONTRACTION,
  NOT_NAME_TAGS,
  has,
  isInitial,
  numberWord,
  ordinaryWord,
  possessive,
  type Term,
  unknownWord,
  verbWord,
} from './name-terms';
import { HONORIFICS, LANGUAGES, NAME_PARTICLES, NOT_A_NAME, ORG_DESIGNATORS } from './name-words';

export interface Run {
  terms: Term[];
  start: number;
  end: number;
  type: NerEntity | null;
  /** Where a street corner this name opens ends ("Eloise and 226 Thomas Avenue"): the span runs to there. */
  cornerEnd?: number;
}

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
export function designatorOf(current: readonly Term[]): boolean {
  return current.some((t, i) => ORG_DESIGNATORS.has(t.lower) && /^(?:of|for)$/.test(current[i + 1]?.lower ?? ''));
}

export function runsOf(terms: Term[], textIsLowerCase: boolean): Run[] {
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
