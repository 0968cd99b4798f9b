/**
 * US_DRIVER_LICENSE: a licence number only where the text says it is one ("driver's license",
 * "DL #", "driving licence number") and the value has the shape of a state's format (AAMVA DL/ID
 * card design standard, annex of state formats): 1–2 letters then 4–14 digits (FL, IL, MI, WI,
 * MD, NY…), 4–13 digits (most states), 7–9 digits with a trailing letter or two (IA, NH, NY…),
 * Florida's and Wisconsin's hyphenated forms, and Washington's name-based "SMITHJA123QZ". Without
 * the words, such numbers are indistinguishable from any other ID, so they are left alone.
 */
import { cueRegex, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

const CUE = cueRegex([
  "driver's license",
  'drivers license',
  'driver license',
  "driver's licence",
  'drivers licence',
  'driver licence',
  'driving license',
  'driving licence',
  "driver's lic",
  'license number',
  'licence number',
  'license no',
  'licence no',
  'license #',
  'licence #',
  'lic #',
  'lic#',
  'lic. no',
  'dl',
  'dl#',
  'dl #',
  'dl no',
  'dln',
  'cdl',
  'permit number',
]);
const STATE_FORMAT = [
  String.raw`[A-Z]{1,2}\d{4,14}`, // letters + digits
  String.raw`\d{4,13}`, // digits only
  String.raw`\d{6,9}[A-Z]{1,2}`, // digits + letters (IA, NY, NH)
  String.raw`[A-Z]{1,2}\d{5,8}[A-Z]`, // letters, digits, check letter (MN, NY legacy, KS)
  String.raw`\d{3}[A-Z]{2}\d{4,5}`, // NH "12ABC34567"-like, IA "123AB4567"
  String.raw`[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d`, // FL hyphenated
  String.raw`[A-Z]\d{3}-\d{4}-\d{4}-\d{2}`, // WI hyphenated
  String.raw`[A-Z]{1,5}\*{0,4}[A-Z]{1,2}\d{3}[A-Z0-9]{2}`, // WA (legacy)
];
const VALUE = new RegExp(String.raw`(?<!${SPACED_LETTER}|[\p{N}_-])(?:${STATE_FORMAT.join('|')})(?!${SPACED_LETTER}|[\p{N}_]|-\d)`, 'iuy');

export const usDriverLicense: Recognizer = {
  entity: 'US_DRIVER_LICENSE',
  priority: 6,
  find(text) {
    const spans: Span[] = [];
    for (const cue of text.matchAll(new RegExp(CUE.source, 'giu'))) {
      const from = cue.index + cue[0].length;
      const lead = /^\s*(?:number|no\.?|num\.?|#|id)?\s*(?:is|was|:|#|=)?\s*(?:number\s*)?[:#]?\s*/iu.exec(text.slice(from, from + 30))!;
      VALUE.lastIndex = from + lead[0].length;
      const m = VALUE.exec(text);
      if (!m) continue;
      // At least four digits: "license is valid" or "DL in 2 weeks" are not numbers.
      if ((m[0].match(/\d/g) ?? []).length < 4) continue;
      spans.push({ entity: 'US_DRIVER_LICENSE', start: m.index, end: m.index + m[0].length });
    }
    return spans;
  },
};
