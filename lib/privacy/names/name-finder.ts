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
 *
 * The parts: name-terms.ts (the words), name-runs.ts (words grouped into candidate names),
 * name-types.ts (what kind of name each is), name-lists.ts (names read together); this file joins them.
 */
import type { Span } from '../pii';
import { capitalized, has, isInitial, termsOf } from './name-terms';
import { runsOf } from './name-runs';
import { classify, context, honorificBefore } from './name-types';
import { partnerships, spreadInLists, widenOrganizations } from './name-lists';
import { ORG_DESIGNATORS, VIETNAMESE_SURNAMES } from './name-words';
import { spreadOrganizationsInLists, vietnameseOrganizations } from './organization-cues';
import { streetCornerEnd } from './street-cues';

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
