/** CREDIT_CARD: network prefixes, groupings, the Luhn check, and numbers that only look like cards. */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';
import { luhnValid } from '../../lib/privacy/pii/recognizers/credit-card';

const cards = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'CREDIT_CARD')
    .map((s) => text.slice(s.start, s.end));

describe('luhnValid', () => {
  it('accepts valid and rejects altered numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310006')).toBe(false);
  });
});

describe('CREDIT_CARD', () => {
  it.each([
    ['Visa, spaced', 'Paid with 4111 1111 1111 1111 yesterday', '4111 1111 1111 1111'],
    ['Visa, hyphens', 'card: 4012-8888-8888-1881.', '4012-8888-8888-1881'],
    ['Visa, solid', 'number 4111111111111111', '4111111111111111'],
    ['Mastercard', 'MC 5555 5555 5555 4444', '5555 5555 5555 4444'],
    ['Mastercard 2-series', '2223 0031 2200 3222', '2223 0031 2200 3222'],
    ['Amex 4-6-5', 'Amex 3782 822463 10005 exp 12/27', '3782 822463 10005'],
    ['Amex solid', '371449635398431', '371449635398431'],
    ['Discover', '6011 1111 1111 1117', '6011 1111 1111 1117'],
    ['JCB', 'JCB 3530111333300000', '3530111333300000'],
    ['Diners 14 digits, 4-6-4', 'Diners 3056 930902 5904', '3056 930902 5904'],
    ['19 digits', 'Karte 6304 0000 0000 0000 018', '6304 0000 0000 0000 018'],
    ['in Arabic text', 'رقم البطاقة 4111 1111 1111 1111 شكرا', '4111 1111 1111 1111'],
    ['glued to Chinese text', '卡号4111111111111111谢谢', '4111111111111111'],
    ['fullwidth digits', 'カード ４１１１１１１１１１１１１１１１', '４１１１１１１１１１１１１１１１'],
  ])('%s', (_, text, value) => {
    expect(cards(text)).toEqual([value]);
  });

  it('separates the card from a security code written after it', () => {
    expect(cards('4111 1111 1111 1111 123')).toEqual(['4111 1111 1111 1111']);
  });

  it.each([
    ['a Luhn-invalid number', 'card 4111 1111 1111 1112'],
    ['a Luhn-invalid Amex', '3782 822463 10006'],
    ['an order number that fails Luhn', 'Order 4000 1234 5678 9011 shipped'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['an ISBN-13', 'ISBN 978-0-306-40615-7 and 9780306406157'],
    ['a prefix no network uses', '9111 1111 1111 1117 and 1111 1111 1111 1117'],
    ['a millisecond timestamp', 'created 1700000000005'],
    ['too few digits', '4111 1111 1111'],
    ['too many digits', '41111111111111111111111'],
    ['a repeated digit', '5555555555555555'],
    ['part of a longer identifier', 'DOI 10.1000/4111111111111111 and ABC-4111111111111111'],
    ['a decimal with many digits', '0.4111111111111111 and 4111111111111111.5'],
  ])('not %s', (_, text) => {
    expect(cards(text)).toEqual([]);
  });
});
