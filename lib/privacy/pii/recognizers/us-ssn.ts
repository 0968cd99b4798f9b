/**
 * US_SSN: AAA-GG-SSSS. Written with hyphens it is an SSN by shape alone; with spaces, dots or no
 * separator (nine digits could be anything) only when "SSN" or "social security" is near. Numbers
 * the SSA never issues are excluded: area 000, 666 or 900–999, group 00, serial 0000, and the
 * numbers published in advertisements (078-05-1120, 219-09-9999, 457-55-5462).
 */
import { cueRegex, hasCue, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

const HYPHENATED = new RegExp(
  String.raw`(?=\d)(?<!${SPACED_LETTER}|[\p{N}_\-./])(\d{3})-(\d{2})-(\d{4})(?!${SPACED_LETTER}|[\p{N}_]|[\-.\/]\d)`,
  'gu',
);
const OTHER = new RegExp(
  String.raw`(?=\d)(?<!${SPACED_LETTER}|[\p{N}_\-./])(\d{3})([ .]?)(\d{2})\2(\d{4})(?!${SPACED_LETTER}|[\p{N}_]|[\-. /]\d)`,
  'gu',
);
const SSN_CUE = cueRegex([
  'ssn',
  'ssns',
  'ss#',
  'ss #',
  'ssn#',
  'social security',
  'social-security',
  'social sec',
  'soc sec',
  'taxpayer',
  'itin',
]);
const NEVER_ISSUED = new Set(['078051120', '219099999', '457555462']);

export function isIssuableSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !NEVER_ISSUED.has(area + group + serial);
}

export const usSsn: Recognizer = {
  entity: 'US_SSN',
  priority: 7,
  find(text) {
    const spans: Span[] = [];
    for (const m of matchAll(HYPHENATED, text)) {
      if (isIssuableSsn(m[1]!, m[2]!, m[3]!)) spans.push({ entity: 'US_SSN', start: m.index, end: m.index + m[0].length });
    }
    for (const m of matchAll(OTHER, text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!isIssuableSsn(m[1]!, m[3]!, m[4]!)) continue;
      if (hasCue(text, start, end, SSN_CUE, { before: 40, after: 16 })) spans.push({ entity: 'US_SSN', start, end });
    }
    return spans;
  },
};
