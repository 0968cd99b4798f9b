/**
 * When a summary point was said: the caption it shares the most words with. A model seldom copies
 * the transcript's "[12:34]" heads into its points (a small one never does), so each point without
 * a time of its own gets the time of its closest caption, found by the words they share. Common
 * words are left out, so a point that shares nothing else with the video gets no time at all.
 */
import type { TimeMark } from './transcript';

/** One caption of the transcript: when it is said, and its words. */
export interface CaptionWords {
  t: number;
  words: Set<string>;
}

const COMMON = new Set(
  (
    'the and for are but not you all any can had her was one our out his has him how its may new now old see two way who did get let ' +
    'say she too use that with have this will your from they know want been good much some time very when come here just like long ' +
    'make many more only over such take than them well were what into then there their these those would could should about after ' +
    'also because before being both each even from most other said same so than through under which while where why'
  ).split(' '),
);

/** The words of a text that say something: letters, three or more, common English words left out. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const w of text.toLowerCase().match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? []) {
    if (w.length >= 3 && !COMMON.has(w)) words.add(w);
  }
  return words;
}

/** The transcript's captions with their words (a caption runs from its mark to the next one). */
export function captionWords(text: string, marks: readonly TimeMark[]): CaptionWords[] {
  return marks.map((m, i) => {
    const end = marks[i + 1]?.at ?? text.length;
    return { t: m.t, words: contentWords(text.slice(m.at, end)) };
  });
}

/** The time of the caption sharing the most content words with `point` (earliest on a tie); null if none. */
export function pointTime(point: string, captions: readonly CaptionWords[]): number | null {
  const words = contentWords(point);
  let best: { t: number; shared: number } | null = null;
  for (const caption of captions) {
    let shared = 0;
    for (const w of words) if (caption.words.has(w)) shared++;
    if (shared > 0 && (!best || shared > best.shared)) best = { t: caption.t, shared };
  }
  return best ? best.t : null;
}
