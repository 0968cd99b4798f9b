/**
 * DATE_OF_BIRTH: a date that a birth word introduces ("born on", "DOB:", "date of birth",
 * "geboren am", "né le", "fecha de nacimiento", "تاريخ الميلاد", "生年月日"…): the first date after
 * the word, starting within 30 characters on the same line; after a verb ("born") also in the same
 * sentence, while a label ("Date of birth. It's 3/23/1940") may cross one. Or "12/03/1995 (DOB)".
 * Other dates are not personal data in a student's text (deadlines, lecture dates, history) and stay.
 * Births before 1900 are history, not data about a living person, and stay too.
 *
 * Dates: 23/03/1990, 3-23-90, 1990-03-23 (optionally with a time), 23 March 1990, March 23rd, 1990,
 * 23. März 1990, 23 de marzo de 1990, 1990年3月23日, 1990년 3월 23일, and month + year ("born in March 1990"),
 * with English, German, French, Spanish, Italian, Portuguese and Dutch month names.
 */
import { cueRegex, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'januar',
  'jänner',
  'februar',
  'märz',
  'mai',
  'juni',
  'juli',
  'oktober',
  'dezember',
  'janvier',
  'février',
  'fevrier',
  'mars',
  'avril',
  'juin',
  'juillet',
  'août',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
  'decembre',
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'setiembre',
  'octubre',
  'noviembre',
  'diciembre',
  'gennaio',
  'febbraio',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'settembre',
  'ottobre',
  'dicembre',
  'janeiro',
  'fevereiro',
  'março',
  'maio',
  'junho',
  'julho',
  'setembro',
  'outubro',
  'dezembro',
  'januari',
  'februari',
  'maart',
  'mei',
  'augustus',
  'december',
];
const MONTH = `(?:${[...new Set(MONTHS)].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const ORD = String.raw`(?:st|nd|rd|th|er|e|º|ª|\.)?`;
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?`;
const DATE = new RegExp(
  [
    String.raw`(?<d1>\d{1,2})(?<s1>[./-])(?<m1>\d{1,2})\k<s1>(?<y1>\d{4}|\d{2})(?!\d)${TIME}`,
    String.raw`(?<y2>\d{4})(?<s2>[./-])(?<m2>\d{1,2})\k<s2>(?<d2>\d{1,2})(?!\d)${TIME}`,
    String.raw`(?<d3>\d{1,2})${ORD}\s+(?:of\s+|de\s+)?${MONTH},?\s+(?:de\s+|of\s+)?(?<y3>\d{4})`,
    String.raw`${MONTH}\s+(?<d4>\d{1,2})${ORD},?\s+(?<y4>\d{4})`,
    String.raw`${MONTH}\s+(?:de\s+|of\s+)?(?<y5>\d{4})`,
    String.raw`(?<y6>\d{4})\s?[年년]\s?(?<m6>\d{1,2})\s?[月월]\s?(?<d6>\d{1,2})\s?[日일]?`,
  ]
    .map((alt) => `(?:${alt})`)
    .join('|')
    .replace(/^/, String.raw`(?<!${SPACED_LETTER}|[\p{N}_./-])(?:`) + String.raw`)(?!${SPACED_LETTER}|[\p{N}_]|[./-]\d)`,
  'giu',
);

/** Labels: "Date of birth. It's 3/23/1940" may cross a sentence. */
const BIRTH_LABEL = cueRegex([
  'birthday',
  'birthdate',
  'birth date',
  'date of birth',
  'dob',
  'd.o.b',
  'd.o.b.',
  'd. o. b.',
  'geburtsdatum',
  'geburtstag',
  'geb.',
  'date de naissance',
  'fecha de nacimiento',
  'data di nascita',
  'data de nascimento',
  'geboortedatum',
  'data urodzenia',
  'дата рождения',
  'doğum tarihi',
  'تاريخ الميلاد',
  'تاريخ الولادة',
  'תאריך לידה',
  '生日',
  '出生日期',
  '生年月日',
  '생년월일',
]);
/** Verbs: "born on …" only within its sentence ("born in Lyon. On 12 May 2020 she moved" is not). */
const BIRTH_VERB = cueRegex([
  'born',
  'birth',
  'geboren',
  'né',
  'née',
  'né le',
  'née le',
  'naissance',
  'nacido',
  'nacida',
  'nació',
  'nacimiento',
  'nato il',
  'nata il',
  'nascido',
  'nascida',
  'urodzony',
  'urodzona',
  'urodził',
  'urodziła',
  'родился',
  'родилась',
  'doğdu',
  'مواليد',
  'ولد',
  'ولدت',
  'נולד',
  'נולדה',
  '出生',
  '출생',
  '태어났',
]);
const SENTENCE_END = /(?<!\b(?:St|Mt|Ft|Dr|Jr|Sr|No|Mr|Ms|Mrs|Prof))[.!?]\s+\p{Lu}/u;

const LABEL_ALL = new RegExp(BIRTH_LABEL.source, 'giu');
const VERB_ALL = new RegExp(BIRTH_VERB.source, 'giu');
/** "12/03/1995 (DOB)": a label in parentheses right after the date. */
const LABEL_AFTER = /\(\s*(?:dob|d\.o\.b\.?|born|date of birth)\s*\)/giu;
/** How far after its birth word a date may start, and how long a date can be. */
const GAP = 30;
const LONGEST_DATE = 40;

function plausible(groups: Record<string, string | undefined>): boolean {
  const year = Number(groups.y1 ?? groups.y2 ?? groups.y3 ?? groups.y4 ?? groups.y5 ?? groups.y6);
  const fullYear = year < 100 ? 1900 + year : year; // two-digit years: 19xx or 20xx, both ≥ 1900
  if (fullYear < 1900 || fullYear > 2100) return false;
  if (groups.d1 !== undefined) {
    const a = Number(groups.d1);
    const b = Number(groups.m1);
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
  }
  if (groups.y2 !== undefined)
    return Number(groups.m2) >= 1 && Number(groups.m2) <= 12 && Number(groups.d2) >= 1 && Number(groups.d2) <= 31;
  if (groups.y6 !== undefined)
    return Number(groups.m6) >= 1 && Number(groups.m6) <= 12 && Number(groups.d6) >= 1 && Number(groups.d6) <= 31;
  const day = Number(groups.d3 ?? groups.d4 ?? 1);
  return day >= 1 && day <= 31;
}

/** The first plausible date in `window`, with its offsets in the window. */
function firstDate(window: string): { start: number; end: number } | null {
  for (const m of matchAll(DATE, window)) if (plausible(m.groups ?? {})) return { start: m.index, end: m.index + m[0].length };
  return null;
}

export const dateOfBirth: Recognizer = {
  entity: 'DATE_OF_BIRTH',
  priority: 4,
  // Dates are only looked for right after a birth word (and before "(DOB)"), so a long text costs a
  // scan for the words, not a date parse at every position.
  find(text) {
    const spans: Span[] = [];
    for (const [cues, isVerb] of [
      [LABEL_ALL, false],
      [VERB_ALL, true],
    ] as const) {
      for (const cue of text.matchAll(cues)) {
        const from = cue.index + cue[0].length;
        const line = text.slice(from, from + GAP + LONGEST_DATE).split('\n')[0]!;
        const date = firstDate(line);
        if (!date || date.start > GAP) continue;
        // A verb only within its sentence: "born in Lyon. On 12 May 2020 she moved" is not a birth date.
        if (isVerb && SENTENCE_END.test(line.slice(0, date.start + 1))) continue;
        spans.push({ entity: 'DATE_OF_BIRTH', start: from + date.start, end: from + date.end });
      }
    }
    for (const label of text.matchAll(LABEL_AFTER)) {
      const from = Math.max(0, label.index - LONGEST_DATE);
      const before = text.slice(from, label.index);
      const dates = [...matchAll(DATE, before)].filter(
        (m) => plausible(m.groups ?? {}) && /^\s*$/.test(before.slice(m.index + m[0].length)),
      );
      const last = dates.pop();
      if (last) spans.push({ entity: 'DATE_OF_BIRTH', start: from + last.index, end: from + last.index + last[0].length });
    }
    // The same date found from two words is one detection.
    const seen = new Set<string>();
    return spans.filter((s) => !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`));
  },
};
