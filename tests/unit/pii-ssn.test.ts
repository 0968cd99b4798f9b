/** US_SSN: the hyphenated shape, other writings with context, and numbers the SSA never issues. */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';
import { isIssuableSsn } from '../../lib/privacy/pii/recognizers/us-ssn';

const ssns = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'US_SSN')
    .map((s) => text.slice(s.start, s.end));

describe('isIssuableSsn', () => {
  it('excludes the ranges the SSA never assigns', () => {
    expect(isIssuableSsn('536', '22', '1234')).toBe(true);
    expect(isIssuableSsn('000', '22', '1234')).toBe(false);
    expect(isIssuableSsn('666', '22', '1234')).toBe(false);
    expect(isIssuableSsn('900', '22', '1234')).toBe(false);
    expect(isIssuableSsn('999', '22', '1234')).toBe(false);
    expect(isIssuableSsn('536', '00', '1234')).toBe(false);
    expect(isIssuableSsn('536', '22', '0000')).toBe(false);
    expect(isIssuableSsn('078', '05', '1120')).toBe(false); // the Woolworth wallet card
  });
});

describe('US_SSN', () => {
  it.each([
    ['hyphenated, no context needed', 'Form W-4 line 2: 536-22-1234', '536-22-1234'],
    ['spaces with "SSN"', 'SSN 536 22 1234', '536 22 1234'],
    ['solid with "social security"', 'my social security number is 536221234.', '536221234'],
    ['dots with "SSN#"', 'SSN#: 536.22.1234', '536.22.1234'],
    ['after an Arabic sentence', 'رقم الضمان SSN: 536-22-1234', '536-22-1234'],
  ])('%s', (_, text, value) => {
    expect(ssns(text)).toEqual([value]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx', 'SSN 923-45-6789'],
    ['group 00', '536-00-1234'],
    ['serial 0000', '536-22-0000'],
    ['an advertised number', 'SSN 078-05-1120'],
    ['nine digits without context', 'Sample 536221234 was sequenced.'],
    ['spaced digits without context', 'The values 536 22 1234 were measured.'],
    ['part of a longer number', '1536-22-1234 and 536-22-12345'],
    ['glued to a letter', 'lot 536-22-1234b'],
  ])('not %s', (_, text) => {
    expect(ssns(text)).toEqual([]);
  });
});
