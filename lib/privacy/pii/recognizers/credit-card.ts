/**
 * CREDIT_CARD: a primary account number as ISO/IEC 7812 defines it: 12–19 digits ending in a Luhn
 * check digit, written solid or in groups of 2–16 digits with one kind of separator (spaces, or
 * hyphens with or without spaces around them: "4111 1111 1111 1111", "3782-822463-10005",
 * "5555 - 5555 - 5555 - 4444"). It is a card when its leading digits are an issuer range of a
 * network with that length (./card-networks.ts), or, for other Luhn-valid numbers, when a card word
 * is near ("card", "Visa", "thẻ"…). The Luhn check is written here: five lines, no variants.
 */
import { cueRegex, hasCue, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';
import { knownNetwork } from './card-networks';

const SEPARATOR = String.raw`(?: ?- ?| {1,2})`;
/** A chain of digit groups joined by separators; cards are looked for inside it. */
const CHAIN = new RegExp(
  String.raw`(?=\d)(?<!${SPACED_LETTER}|[\p{N}_\-.,/])\d+(?:${SEPARATOR}\d+)*(?!${SPACED_LETTER}|[\p{N}_]|[.,/]\d)`,
  'gu',
);
const CARD_CUE = cueRegex([
  'card',
  'cards',
  'credit card',
  'debit card',
  'cc',
  'cc#',
  'visa',
  'mastercard',
  'master card',
  'amex',
  'american express',
  'discover',
  'jcb',
  'unionpay',
  'union pay',
  'maestro',
  'diners',
  'rupay',
  'mir',
  'pan',
  'thẻ',
  'số thẻ',
  'karte',
  'kreditkarte',
  'carte',
  'carte bancaire',
  'tarjeta',
  'carta',
  'cartão',
  'kaart',
  'karta',
  'кредитная карта',
  'карта',
  'بطاقة',
  'カード',
  '卡号',
  '카드',
]);

/** Luhn (mod 10): double every second digit from the right. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** One kind of separator throughout (spaces, or hyphens): "4111 1111-1111 1111" is not a card. */
function wellGrouped(candidate: string): boolean {
  const separators = new Set((candidate.match(/\D+/g) ?? []).map((s) => (s.includes('-') ? '-' : ' ')));
  return separators.size <= 1;
}

function isCard(candidate: string, cued: () => boolean): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 12 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  if (!wellGrouped(candidate) || !luhnValid(digits)) return false;
  return knownNetwork(digits) || (digits.length >= 13 && cued());
}

export const creditCard: Recognizer = {
  entity: 'CREDIT_CARD',
  priority: 8,
  find(text) {
    const spans: Span[] = [];
    for (const m of matchAll(CHAIN, text)) {
      if (m[0].length < 12) continue; // fewer than 12 digits
      // Groups with their offsets; a card is a run of whole groups ("4111 1111 1111 1111 123" holds
      // a card and a security code), the longest from the left first.
      const groups = [...m[0].matchAll(/\d+/g)].map((g) => ({ start: m.index + g.index, end: m.index + g.index + g[0].length }));
      const len = (k: number) => groups[k]!.end - groups[k]!.start;
      const cued = () => hasCue(text, m.index, m.index + m[0].length, CARD_CUE, { before: 40, after: 20 });
      for (let i = 0; i < groups.length;) {
        let found = -1;
        if (len(i) >= 12 && len(i) <= 19) {
          if (isCard(text.slice(groups[i]!.start, groups[i]!.end), cued)) found = i;
        }
        if (found < 0 && len(i) >= 2 && len(i) <= 16) {
          // Grouped: every group 2–16 digits long; the longest run of groups that is a card wins.
          let digits = len(i);
          for (let j = i + 1; j < groups.length && len(j) >= 2 && len(j) <= 16 && digits + len(j) <= 19; j++) {
            digits += len(j);
            if (digits >= 12 && isCard(text.slice(groups[i]!.start, groups[j]!.end), cued)) found = j;
          }
        }
        if (found < 0) {
          i++;
          continue;
        }
        spans.push({ entity: 'CREDIT_CARD', start: groups[i]!.start, end: groups[found]!.end });
        i = found + 1;
      }
    }
    return spans;
  },
};
