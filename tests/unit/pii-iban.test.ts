/** IBAN_CODE: lengths per country, the mod-97 check, groupings and case, and near misses. */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';
import { ibanChecksumValid, isValidIban } from '../../lib/privacy/pii/recognizers/iban-code';

const ibans = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'IBAN_CODE')
    .map((s) => text.slice(s.start, s.end));

describe('isValidIban', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'GB82 WEST 1234 5698 7654 32',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91 ABNA 0417 1643 00',
    'BE68 5390 0754 7034',
    'CH93 0076 2011 6238 5295 7',
    'ES91 2100 0418 4502 0005 1332',
    'IT60 X054 2811 1010 0000 0123 456',
    'NO93 8601 1117 947',
    'PL61 1090 1014 0000 0712 1981 2874',
    'SA03 8000 0000 6080 1016 7519',
    'AE07 0331 2345 6789 0123 456',
  ])('%s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it('rejects wrong check digits, wrong lengths and unknown countries', () => {
    expect(isValidIban('DE88 3704 0044 0532 0130 00')).toBe(false);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isValidIban('DE89 3704 0044 0532 0130 0')).toBe(false);
    expect(isValidIban('DE89 3704 0044 0532 0130 000')).toBe(false);
    expect(isValidIban('XX89 3704 0044 0532 0130 00')).toBe(false);
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
  });
});

describe('IBAN_CODE in text', () => {
  it.each([
    ['grouped', 'Transfer the fee to DE89 3704 0044 0532 0130 00 by Friday.', 'DE89 3704 0044 0532 0130 00'],
    ['solid', 'IBAN: GB82WEST12345698765432', 'GB82WEST12345698765432'],
    ['lower case', 'my iban is nl91abna0417164300', 'nl91abna0417164300'],
    ['hyphens', 'BE68-5390-0754-7034', 'BE68-5390-0754-7034'],
    ['followed by more words', 'FR14 2004 1010 0505 0001 3M02 606 is the school account', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['in Arabic text', 'رقم الآيبان SA03 8000 0000 6080 1016 7519 شكرا', 'SA03 8000 0000 6080 1016 7519'],
    ['in Hebrew text', 'החשבון שלי AE07 0331 2345 6789 0123 456 תודה', 'AE07 0331 2345 6789 0123 456'],
  ])('%s', (_, text, value) => {
    expect(ibans(text)).toEqual([value]);
  });

  it.each([
    ['wrong check digits', 'DE88 3704 0044 0532 0130 00'],
    ['a digit missing', 'DE89 3704 0044 0532 0130 0'],
    ['running into more digits', 'DE89370400440532013000123'],
    ['inside a word', 'XDE89370400440532013000'],
    ['a standard number', 'ISO 9001 and DIN 4844 and EN 1090'],
    ['a postcode', 'SW1A 1AA London'],
  ])('not %s', (_, text) => {
    expect(ibans(text)).toEqual([]);
  });
});
