/**
 * The name finder's words: compromise's terms of a text (parsed in pieces), and what each word is
 * by itself (unknown to the lexicon, possessive, capitalized, an initial, an ordinary word, a verb).
 */
import nlp from 'compromise/two';

export interface Term {
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

export function termsOf(text: string): Term[] {
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

export const has = (t: Term, ...tags: string[]) => tags.some((g) => t.tags.has(g));
export const LEXICON = (nlp.model() as { one: { lexicon: Record<string, unknown> } }).one.lexicon;
const GUESSED_TAGS = new Set(['Noun', 'Singular', 'ProperNoun', 'Plural', 'Hyphenated', 'TitleCase']);
/** A word compromise does not know and could only guess as a noun: in running text, most often a name. */
export const unknownWord = (t: Term) =>
  /^[\p{L}\p{M}'’\-]+$/u.test(t.text) && !(t.lower in LEXICON) && [...t.tags].every((g) => GUESSED_TAGS.has(g));
export const CONTRACTION = /^(?:what|who|where|when|how|why|that|it|there|here|he|she|let)['’]s$/iu;
/** "Kian's", not "here's": a contraction is not an owner. */
export const possessive = (t: Term) => (/['’]s$/iu.test(t.text) && !CONTRACTION.test(t.text)) || /^['’]s\b/u.test(t.gap);
export const capitalized = (t: Term) => /^\p{Lu}/u.test(t.text);
export const isInitial = (t: Term) => /^\p{Lu}$/u.test(t.text) && /^\.\s/.test(t.gap);
export const NOT_NAME_TAGS =
  'Pronoun Determiner Conjunction Preposition Date Month WeekDay Value Expression Honorific QuestionWord Demonym'.split(' ');
const NAME_LEXICON_TAGS = new Set(
  'FirstName LastName Person MaleName FemaleName Place Country City Region Organization ProperNoun Honorific'.split(' '),
);
/** A capitalized word the lexicon knows as an ordinary word ("Can", "Outside"), and the tagger did not read as a person. */
export const ordinaryWord = (t: Term) => {
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
export const verbWord = (t: Term) => lowerTags(t).has('Verb') && !lowerTags(t).has('Noun');
/** "Three", "Hundred": a number word, not a name. */
export const numberWord = (t: Term) => lowerTags(t).has('Cardinal');
/** "Hobbits", "Stripes": read alone, a plural common noun; a person's name is not one. */
export const pluralNoun = (t: Term) =>
  /^[A-Za-z]+s$/.test(t.text) && lowerTags(t).has('Plural') && !has(t, 'Person', 'FirstName', 'LastName', 'Place', 'Organization');
