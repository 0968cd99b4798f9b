/**
 * AGE: an age stated as such: "a 50 year old man", "34-year-old", "aged 34", "age: 34", "at the age
 * of 7", "34 y/o", "she is 34 years old", "turned 21", "34 tuổi", "34 Jahre alt", "34 ans". The span
 * is the number. Durations ("3 years ago", "for 5 years") are not ages and stay.
 */
import type { Recognizer, Span } from '../types';

const N = String.raw`(?<n>1[01]\d|120|\d{1,2})`;
const PATTERNS = [
  // "50 year old", "34-year-old", "34 years old", "34 yrs old", "34 y/o", "34 yo", "34 y.o."
  String.raw`(?<![\p{L}\p{N}.,])${N}(?:[\s-]*(?:years?|yrs?)[\s-]*old|\s?(?:y\/o|y\.o\.|yo)(?![\p{L}\p{N}]))`,
  // "aged 34", "age 34", "age: 34", "at the age of 34", "age of 7"
  String.raw`(?<![\p{L}])(?:aged|age(?:\s+of)?|ages?:)\s*:?\s*${N}(?![\p{N}.,]\d|\s*(?:%|percent|years?\s+ago|years?\s+later|BC|AD|million|thousand))`,
  // "turned 21", "just turned 21"
  String.raw`(?<![\p{L}])turn(?:ed|s)\s+${N}(?![\p{N}]|\s*(?:%|percent|times|degrees|°|pages?|points?|times))`,
  // "34 tuổi" (Vietnamese), "34 Jahre alt", "34 ans" (French), "34 años", "34 anni", "34 anos", "34 lat", "34 лет"
  String.raw`(?<![\p{L}\p{N}.,])${N}\s?(?:tuổi|jahre\s+alt|jährige[rn]?|ans(?![\p{L}])|años(?!\s+(?:después|antes))|anni(?!\s+fa)|anos(?!\s+depois)|lat(?![\p{L}])|лет(?![\p{L}])|歳|岁|살)`,
];
const AGE = new RegExp(
  PATTERNS.map((p) => `(?:${p})`)
    .join('|')
    .replace(
      /\(\?<n>/g,
      (() => {
        let i = 0;
        return () => `(?<n${i++}>`;
      })(),
    ),
  'giu',
);

export const age: Recognizer = {
  entity: 'AGE',
  priority: 3,
  find(text) {
    const spans: Span[] = [];
    for (const m of text.matchAll(AGE)) {
      const groups = m.groups ?? {};
      const key = Object.keys(groups).find((k) => groups[k] !== undefined);
      if (!key) continue;
      const value = groups[key]!;
      const at = m.index + m[0].indexOf(value, m[0].search(/\d/));
      spans.push({ entity: 'AGE', start: at, end: at + value.length });
    }
    return spans;
  },
};
