/**
 * IBAN_CODE: country code, two check digits and the BBAN, in the length the SWIFT IBAN registry
 * sets for that country, passing the ISO 7064 mod-97-10 check; upper or lower case, written solid
 * or in groups separated by single spaces or hyphens. The length table and the checksum are here
 * rather than in a library: both are small, standard and change only when a country joins.
 */
import { SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

/** IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** ISO 7064 mod-97-10 over an IBAN in electronic form (upper case, no separators). */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48; // A=10 … Z=35
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Whether `value` (any case, any single-space/hyphen grouping) is a valid IBAN. */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/[ -]/g, '').toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  return length === iban.length && /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) && ibanChecksumValid(iban);
}

const START = new RegExp(String.raw`(?<!${SPACED_LETTER}|[\p{N}_])([A-Za-z]{2})\d{2}`, 'gu');
const GLUE_AFTER = new RegExp(String.raw`^(?:${SPACED_LETTER}|[\p{N}_])`, 'u');
const ALNUM = /[A-Za-z0-9]/;

export const ibanCode: Recognizer = {
  entity: 'IBAN_CODE',
  priority: 9,
  find(text) {
    const spans: Span[] = [];
    START.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = START.exec(text)) !== null) {
      const length = IBAN_LENGTHS[m[1]!.toUpperCase()];
      if (!length) continue;
      // Walk over exactly `length` characters, allowing one space or hyphen between them.
      let i = m.index;
      let taken = 0;
      while (i < text.length && taken < length) {
        if (ALNUM.test(text[i]!)) {
          taken++;
          i++;
        } else if ((text[i] === ' ' || text[i] === '-') && taken >= 4 && ALNUM.test(text[i + 1] ?? '')) {
          i++;
        } else break;
      }
      if (taken !== length || GLUE_AFTER.test(text[i] ?? '')) continue;
      const candidate = text.slice(m.index, i);
      if (!isValidIban(candidate)) continue;
      spans.push({ entity: 'IBAN_CODE', start: m.index, end: i });
      START.lastIndex = i;
    }
    return spans;
  },
};
