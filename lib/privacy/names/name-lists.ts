/** Names read together: partnerships ("Jones, Mitchell and Williams"), lists that share a type, firms' leading words. */
import { capitalized, has, possessive, type Term } from './name-terms';
import { type Run } from './name-runs';
import { HONORIFICS, NOT_A_NAME, ORG_AFTER } from './name-words';

/**
 * "The Jones, Mitchell and Williams office", "recorded for Thomas, Holt and Myers": family names
 * in a list of three, with "the" before or an organization word after, name one firm; it is kept
 * as one span.
 */
export function partnerships(text: string, runs: Run[]): Run[] {
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
export function spreadInLists(text: string, runs: Run[]): void {
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
export function widenOrganizations(terms: Term[], runs: Run[], index: Map<Term, number>): void {
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
