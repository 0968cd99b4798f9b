/**
 * What kind of name a run is (PERSON, LOCATION, ORGANIZATION, or none): from the lexicon, the
 * words around it, designators, morphology and how the text describes it.
 */
import type { NerEntity } from '../pii';
import { capitalized, has, LEXICON, pluralNoun, possessive, type Term } from './name-terms';
import { designatorOf, type Run } from './name-runs';
import {
  HONORIFICS,
  NAME_PARTICLES,
  ORG_AFTER,
  ORG_BEFORE,
  ORG_DESIGNATORS,
  ORG_DESIGNATORS_FIRST,
  ORG_SUFFIX,
  PERSON_AFTER,
  PERSON_BEFORE,
  PERSON_SUFFIX,
  PLACE_BEFORE,
  PLACE_BEFORE_STRONG,
  PLACE_PARTICLES,
  PLACE_SUFFIX,
  VIETNAMESE_SURNAMES,
} from './name-words';
import { commonWord } from './common-words';
import { describedAs, endsWithBusinessNoun } from './organization-cues';
import { streetNameAround } from './street-cues';

/** The text before a run on its line (at most 40 characters), lower case, and after it. */
export function context(text: string, run: Run): { before: string; after: string } {
  let before = text.slice(Math.max(0, run.start - 40), run.start);
  before = before.slice(before.lastIndexOf('\n') + 1);
  let after = text.slice(run.end, run.end + 40);
  const nl = after.indexOf('\n');
  if (nl >= 0) after = after.slice(0, nl);
  return { before: before.toLowerCase(), after };
}

/** The term just before the run, if it is an honorific ("Dr", "Mrs", "Prof"). */
export function honorificBefore(terms: Term[], index: number): boolean {
  const prev = terms[index - 1];
  return !!prev && (has(prev, 'Honorific') || HONORIFICS.has(prev.lower)) && /^\.?[ \t]+$/.test(prev.gap);
}

export function classify(text: string, run: Run, terms: Term[], firstIndex: number): NerEntity | null {
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
  // "Geology is the study of rocks", "Introduction", "Week 2": one common word whose capital only
  // opens a sentence, a heading or a line is not a name, unless the tagger knows it as a given name
  // ("Mark is…") or it is spoken to ('Rose: "…"', "Grant, can you…"). Vietnamese names are not English words.
  if (ts.length === 1 && ts[0]!.first && commonWord(ts[0]!.lower) && !any('FirstName', 'Person') && !ADDRESSED.test(after)) return null;
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
