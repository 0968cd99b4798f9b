/**
 * A megabyte of text, redacted and restored correctly: a page full of personal data, and inputs
 * shaped to make regular expressions backtrack (long digit chains, runs of "@", dots, colons,
 * brackets). Speed is not asserted here (`npm run bench` reports it); a quadratic path, which on a
 * megabyte takes minutes, is caught by the test timeout below.
 */
import { describe, expect, it } from 'vitest';
import { redact, restore } from '../../lib/privacy/pii';

const MB = 1 << 20;
const HANG_GUARD_MS = 120_000;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

describe('performance on 1 MB', () => {
  it(
    'redacts and restores a realistic megabyte full of personal data',
    () => {
      const paragraph =
        'Lecture notes, week 7: enzyme kinetics (Michaelis–Menten, 1913), see pp. 45-67 and table 3.2. ' +
        'Questions to ta.jones@uni.example or call (617) 555-0123. Student S1234567 paid with 4111 1111 1111 1111; ' +
        'refund to DE89 3704 0044 0532 0130 00. Lab PC 10.0.0.12. Vmax = 12.5 µmol/min at 37 °C. ';
      const text = fill(paragraph);
      const r = redact(text, { studentIdPattern: /\bS\d{7}\b/ });
      const copies = Math.floor(MB / paragraph.length);
      expect(r.counts.EMAIL_ADDRESS).toBeGreaterThanOrEqual(copies);
      expect(r.counts.CREDIT_CARD).toBeGreaterThanOrEqual(copies);
      expect(Object.keys(r.mapping).length).toBeLessThan(20); // the same values, the same placeholders
      const back = restore(r.text, r.mapping);
      expect(back).toBe(text);
    },
    HANG_GUARD_MS,
  );

  it.each([
    ['spaced digits', '1 '],
    ['hyphenated digit pairs', '12-'],
    ['one long number', '7'],
    ['at signs', 'a@'],
    ['a domain that never ends', 'a.'],
    ['dotted digits', '1.'],
    ['colons', 'ab::'],
    ['IBAN-like starts', 'GB12'],
    ['parentheses', '(1) '],
    ['plus signs', '+1 '],
    ['brackets', '[EMAIL_'],
    ['phone words and numbers', 'call me 555 '],
    ['birth words and dates', 'born 12/12/1990 '],
    ['extensions', '555 1234 x'],
    ['letters', 'a'],
  ])(
    'handles a megabyte of %s',
    (_, unit) => {
      const text = fill(unit);
      const r = redact(text);
      expect(restore(r.text, r.mapping)).toBe(text);
    },
    HANG_GUARD_MS,
  );
});
