/**
 * CREDIT_CARD: 13–19 digits, plain or in groups of 3–6 with one consistent separator (space or
 * hyphen), starting like a card of a major network (2–6: Mastercard, Mir, Amex, Diners, JCB, Visa,
 * Maestro, Discover, UnionPay, RuPay), and passing the Luhn check. The Luhn check is written here:
 * it is five lines and has no variants.
 */
import { matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

/** A chain of digit groups joined by single spaces or hyphens; cards are looked for inside it. */
const CHAIN = new RegExp(String.raw`(?=\d)(?<!${SPACED_LETTER}|[\p{N}_\-.,/])\d+(?:[ -]\d+)*(?!${SPACED_LETTER}|[\p{N}_]|[.,/]\d)`, 'gu');

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

function wellGrouped(candidate: string): boolean {
  const separators = new Set(candidate.match(/[ -]/g) ?? []);
  if (separators.size === 0) return true;
  if (separators.size > 1) return false;
  return candidate.split(/[ -]/).every((g) => g.length >= 3 && g.length <= 6);
}

function isCard(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^[2-6]/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  return wellGrouped(candidate) && luhnValid(digits);
}

export const creditCard: Recognizer = {
  entity: 'CREDIT_CARD',
  priority: 8,
  find(text) {
    const spans: Span[] = [];
    for (const m of matchAll(CHAIN, text)) {
      if (m[0].length < 13) continue; // fewer than 13 digits
      // Groups with their offsets; a card is a run of whole groups ("4111 1111 1111 1111 123" holds
      // a card and a security code), the longest from the left first.
      const groups = [...m[0].matchAll(/\d+/g)].map((g) => ({ start: m.index + g.index, end: m.index + g.index + g[0].length }));
      const len = (k: number) => groups[k]!.end - groups[k]!.start;
      for (let i = 0; i < groups.length;) {
        let found = -1;
        if (len(i) >= 13 && len(i) <= 19) {
          if (isCard(text.slice(groups[i]!.start, groups[i]!.end))) found = i;
        } else if (len(i) >= 3 && len(i) <= 6) {
          // Grouped: every group 3–6 digits long.
          let digits = len(i);
          for (let j = i + 1; j < groups.length && len(j) >= 3 && len(j) <= 6 && digits + len(j) <= 19; j++) {
            digits += len(j);
            if (digits >= 13 && isCard(text.slice(groups[i]!.start, groups[j]!.end))) found = j;
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
