/**
 * Formats the shared Presidio set does not show, written from the formats' specifications:
 * phone numbers per E.164 and national numbering plans (NANP, UK, DE, FR, VN, JP, AU, RU, BR, IN),
 * card numbers per ISO/IEC 7812 (every network's issuer range and length, Luhn-checked, in any
 * grouping), street addresses in the orders countries write them, postal codes, ages and US
 * driver's licences.
 */
import { describe, expect, it } from 'vitest';
import { detect, type Entity } from '../../lib/privacy/pii';
import { knownNetwork } from '../../lib/privacy/pii/recognizers/card-networks';
import { luhnValid } from '../../lib/privacy/pii/recognizers/credit-card';

const found = (entity: Entity, text: string) =>
  detect(text)
    .filter((s) => s.entity === entity)
    .map((s) => text.slice(s.start, s.end));

describe('PHONE_NUMBER in formats of the numbering plans', () => {
  it.each([
    ['Reach me at +44 20 7946 0958 tomorrow', '+44 20 7946 0958'],
    ['my cell: +442079460958', '+442079460958'],
    ['Office +1 (415) 555-2671', '+1 (415) 555-2671'],
    ['Call +1.415.555.2671 now', '+1.415.555.2671'],
    ['Berlin office +49 30 901820', '+49 30 901820'],
    ['+49 (0)30 901820 is the number', '+49 (0)30 901820'],
    ['Paris: +33 1 23 45 67 89', '+33 1 23 45 67 89'],
    ['Tokyo +81 3-1234-5678', '+81 3-1234-5678'],
    ['HCMC +84 28 3822 1234', '+84 28 3822 1234'],
    ['Lan +84 912 345 678', '+84 912 345 678'],
    ['Shanghai +86 138 0013 8000', '+86 138 0013 8000'],
    ['Delhi +91 98765 43210', '+91 98765 43210'],
    ['Sydney +61 2 9876 5432', '+61 2 9876 5432'],
    ['Moscow +7 (495) 123-45-67', '+7 (495) 123-45-67'],
    ['São Paulo +55 11 91234-5678', '+55 11 91234-5678'],
    ['dial 0044 20 7946 0958 from Europe', '0044 20 7946 0958'],
    ['from the US dial 011 44 20 7946 0958', '011 44 20 7946 0958'],
    ['Ring 415-555-2671 after 5', '415-555-2671'],
    ['(415) 555-2671 is mine', '(415) 555-2671'],
    ['It is 415.555.2671.', '415.555.2671'],
    ['phone 4155552671', '4155552671'],
    ['Toll free 1-800-555-0199', '1-800-555-0199'],
    ['1 (800) 555-0199 any time', '1 (800) 555-0199'],
    ['Desk 415-555-2671 ext. 204', '415-555-2671 ext. 204'],
    ['Desk 415-555-2671 x204', '415-555-2671 x204'],
    ['Desk (415) 555-2671 extension 204', '(415) 555-2671 extension 204'],
    ['London 020 7946 0958', '020 7946 0958'],
    ['mobile 07700 900123', '07700 900123'],
    ['(020) 7946 0958 is the office', '(020) 7946 0958'],
    ['Tel. 030 901820', '030 901820'],
    ['Tel. 030/901820', '030/901820'],
    ['Handy 0151 12345678', '0151 12345678'],
    ['Tél. 01 23 45 67 89', '01 23 45 67 89'],
    ['Tél. 01.23.45.67.89', '01.23.45.67.89'],
    ['Số điện thoại: 028 3822 1234', '028 3822 1234'],
    ['SĐT 0912 345 678', '0912 345 678'],
    ['SĐT: 0912.345.678', '0912.345.678'],
    ['gọi 091 234 5678', '091 234 5678'],
    ['電話 03-1234-5678', '03-1234-5678'],
    ['携帯 090-1234-5678', '090-1234-5678'],
    ['Phone (02) 9876 5432', '(02) 9876 5432'],
    ['mob 0412 345 678', '0412 345 678'],
    ['Tel 8 (495) 123-45-67', '8 (495) 123-45-67'],
    ['Tel (11) 91234-5678', '(11) 91234-5678'],
  ])('%s', (text, value) => {
    expect(found('PHONE_NUMBER', text)).toEqual([value]);
  });

  it.each([
    'In 1990-2000 we grew',
    'ISBN 978-0-306-40615-7',
    'The total is 1,234,567',
    'pp. 837-839',
    'Version 10.2.3.4',
    'on 12.03.2021',
    'costs $415 555 2671',
    'x = 415 555 2671 + 3',
    'order no. 0431 35 06 90',
  ])('not in %s', (text) => {
    expect(found('PHONE_NUMBER', text)).toEqual([]);
  });
});

/** A Luhn-valid number: `prefix`, filler digits, and the check digit that makes it valid. */
function pan(prefix: string, length: number): string {
  let body = prefix;
  for (let i = 0; body.length < length - 1; i++) body += String((i * 7 + 3) % 10);
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}
const group = (digits: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const n of sizes) parts.push(digits.slice(at, (at += n)));
  return parts.join(sep);
};

describe('CREDIT_CARD per ISO/IEC 7812 issuer ranges, any grouping', () => {
  it.each([
    ['Visa 13', '4', 13, [4, 3, 3, 3]],
    ['Visa 19', '4', 19, [4, 4, 4, 4, 3]],
    ['Mastercard 2-series', '2720', 16, [4, 4, 4, 4]],
    ['American Express', '37', 15, [4, 6, 5]],
    ['Diners Club 300', '305', 14, [4, 6, 4]],
    ['Discover 644', '645', 16, [4, 4, 4, 4]],
    ['JCB', '3589', 16, [4, 4, 4, 4]],
    ['JCB legacy 15', '2131', 15, [4, 6, 5]],
    ['UnionPay 19', '6212', 19, [6, 13]],
    ['Maestro 12', '6759', 12, [4, 4, 4]],
    ['Mir', '2202', 16, [4, 4, 4, 4]],
    ['RuPay 508', '508', 16, [4, 4, 4, 4]],
    ['Verve', '506105', 16, [4, 4, 4, 4]],
    ['Troy', '9792', 16, [4, 4, 4, 4]],
    ['UATP', '1', 15, [4, 5, 6]],
  ] as const)('%s', (_, prefix, length, sizes) => {
    const digits = pan(prefix, length);
    expect(knownNetwork(digits)).toBe(true);
    for (const sep of [' ', '-', ' - ', '  ']) {
      const written = group(digits, [...sizes], sep);
      expect(found('CREDIT_CARD', `Paid with ${written} today`)).toEqual([written]);
    }
    expect(found('CREDIT_CARD', `number ${digits}.`)).toEqual([digits]);
    const pairs = [...Array(Math.floor(length / 2) - 1).fill(2), length % 2 ? 3 : 2];
    expect(found('CREDIT_CARD', `in pairs ${group(digits, pairs, ' ')} ok`)).toHaveLength(1);
  });

  it('takes a Luhn-valid number of no listed network only with a card word near', () => {
    const digits = pan('8400', 16); // 84: no network issues it
    expect(knownNetwork(digits)).toBe(false);
    expect(found('CREDIT_CARD', `ref ${digits}`)).toEqual([]);
    expect(found('CREDIT_CARD', `my store card ${digits}`)).toEqual([digits]);
  });

  it('refuses a network prefix at a length that network does not issue', () => {
    expect(found('CREDIT_CARD', `Paid with ${pan('37', 16)}`)).toEqual([]); // Amex is 15 digits
  });
});

describe('STREET_ADDRESS, POSTAL_CODE, AGE, US_DRIVER_LICENSE', () => {
  it.each([
    ['I live at 221B Baker Street, London NW1 6XE now.', '221B Baker Street, London NW1 6XE'],
    ['Send it to 1600 Pennsylvania Ave NW, Washington, DC 20500', '1600 Pennsylvania Ave NW, Washington, DC 20500'],
    ['Our office: Unter den Linden 77, 10117 Berlin', 'Unter den Linden 77, 10117 Berlin'],
    ['Wir wohnen in der Hauptstraße 5', 'Hauptstraße 5'],
    ['Rendez-vous au 12 rue de la Paix, Paris', '12 rue de la Paix, Paris'],
    ['Calle Mayor 12, Madrid', 'Calle Mayor 12, Madrid'],
    ['Nhà em ở 123 Đường Lê Lợi, Quận 1', '123 Đường Lê Lợi'],
    ['Her flat: Apt. 4B', 'Apt. 4B'],
    ['mail to P.O. Box 1234', 'P.O. Box 1234'],
    ['PSC 1234, Box 12345, APO AE 09204', 'PSC 1234, Box 12345, APO AE 09204'],
    ['We met on the corner of 5th Avenue and Main Street.', 'corner of 5th Avenue and Main Street'],
  ])('address in %s', (text, value) => {
    const spans = found('STREET_ADDRESS', text);
    expect(spans.join(' | ')).toContain(value);
  });

  it.each(['He ran an avenue of research.', 'See Main Street.', 'In 12 March 2001 it rained.', 'Chapter 3 Section 12'])(
    'no address in %s',
    (text) => {
      expect(found('STREET_ADDRESS', text)).toEqual([]);
    },
  );

  it.each([
    ['My zip code is 02139', '02139'],
    ['ZIP: 94105-1234', '94105-1234'],
    ['Springfield, IL 62704', '62704'],
    ['postcode SW1A 1AA', 'SW1A 1AA'],
    ['Ottawa K1A 0B1', 'K1A 0B1'],
    ['CEP 01310-100', '01310-100'],
    ['mã bưu chính 700000', '700000'],
  ])('postal code in %s', (text, value) => {
    expect(found('POSTAL_CODE', text)).toEqual([value]);
  });
  it.each(['We sold 94105 copies', 'Room 12345'])('no postal code in %s', (text) => {
    expect(found('POSTAL_CODE', text)).toEqual([]);
  });

  it.each([
    ['He is a 50 year old man', '50'],
    ['my 34-year-old brother', '34'],
    ['aged 17', '17'],
    ['Age: 21', '21'],
    ['at the age of 7 she moved', '7'],
    ['she is 16 years old', '16'],
    ['Em năm nay 19 tuổi', '19'],
    ['she just turned 21', '21'],
  ])('age in %s', (text, value) => {
    expect(found('AGE', text)).toEqual([value]);
  });
  it.each(['3 years ago', 'for 5 years', 'the age of enlightenment', 'aged cheese'])('no age in %s', (text) => {
    expect(found('AGE', text)).toEqual([]);
  });

  it.each([
    ["My driver's license number is D1234567", 'D1234567'],
    ['DL# A123-456-78-901-0', 'A123-456-78-901-0'],
    ['driving licence no. 123456789', '123456789'],
    ['license number: LH329609T', 'LH329609T'],
  ])('licence in %s', (text, value) => {
    expect(found('US_DRIVER_LICENSE', text)).toEqual([value]);
  });
  it.each(['D1234567 is the code', 'my license is valid until 2030', 'the licence of this book is CC-BY'])('no licence in %s', (text) => {
    expect(found('US_DRIVER_LICENSE', text)).toEqual([]);
  });
});
