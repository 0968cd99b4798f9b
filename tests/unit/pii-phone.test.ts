/**
 * PHONE_NUMBER: the shapes that are phone numbers on their own, the local numbers that need a phone
 * word nearby, and the many numbers in study texts that must stay (years, prices, ranges, ISBNs,
 * versions, dates, math, counts, house numbers, citations).
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';

const phones = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'PHONE_NUMBER')
    .map((s) => text.slice(s.start, s.end));

describe('PHONE_NUMBER by shape alone', () => {
  it.each([
    ['Office hours are posted; questions to (617) 555-0123 please.', '(617) 555-0123'],
    ['617-555-0123 is the front desk.', '617-555-0123'],
    ['Front desk 617.555.0123', '617.555.0123'],
    ['Toll free 1-800-555-0199 for the library.', '1-800-555-0199'],
    ['Lab 120-555-0199 (area code starting with 1)', '120-555-0199'],
    ['Ask for 555.867.5309 ext. 42 in the lab.', '555.867.5309 ext. 42'],
    ['Reception: +44 20 7946 0958.', '+44 20 7946 0958'],
    ['Secretariat +44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
    ['+33 1 23 45 67 89 is the Paris office', '+33 1 23 45 67 89'],
    ['In Berlin: 030 12345678', '030 12345678'],
    ['Le secrétariat : 01 23 45 67 89.', '01 23 45 67 89'],
    ['Sydney 0412 345 678', '0412 345 678'],
    ['Roma 06-1234-5678', '06-1234-5678'],
    ['Tokyo (03) 1234 5678', '(03) 1234 5678'],
    ['São Paulo (11) 98765-4321', '(11) 98765-4321'],
    ['0049 30 1234567 from abroad', '0049 30 1234567'],
  ])('%j', (text, value) => {
    expect(phones(text)).toEqual([value]);
  });
});

describe('PHONE_NUMBER with a phone word nearby', () => {
  it.each([
    ['Call me at 555 0123 after class.', '555 0123'],
    ['my cell: 0612345678', '0612345678'],
    ['WhatsApp 98765 43210 for the group project', '98765 43210'],
    ['Phone 12 34 56 78', '12 34 56 78'],
    ['reach me at 8123 4567 tonight', '8123 4567'],
    ['7654321 (home)', '7654321'],
    ['Handy: 0171 2345678', '0171 2345678'],
    ['Telefonnummer 1234567', '1234567'],
  ])('%j', (text, value) => {
    expect(phones(text)).toEqual([value]);
  });

  it('keeps the same numbers without a phone word', () => {
    expect(phones('Sample 555 0123 had the highest yield.')).toEqual([]);
    expect(phones('Reference 2813882583 in the appendix.')).toEqual([]);
    expect(phones('The two values 12 34 56 78 were averaged.')).toEqual([]);
  });
});

describe('PHONE_NUMBER in other scripts and digits', () => {
  it('finds numbers glued to Chinese and Korean text', () => {
    expect(phones('我的电话是13812345678，谢谢')).toEqual(['13812345678']);
    expect(phones('전화번호는 010-1234-5678입니다')).toEqual(['010-1234-5678']);
  });

  it('finds numbers in Arabic and Hebrew sentences, also in Arabic-Indic digits', () => {
    expect(phones('اتصل بي على +971 50 123 4567 من فضلك')).toEqual(['+971 50 123 4567']);
    expect(phones('هاتفي ٠٥٠١٢٣٤٥٦٧')).toEqual(['٠٥٠١٢٣٤٥٦٧']);
    expect(phones('הטלפון שלי 052-1234567 תודה')).toEqual(['052-1234567']);
  });

  it('reads no-break spaces and typographic dashes as separators', () => {
    expect(phones('Tél. : 06\u202f12\u202f34\u202f56\u202f78')).toEqual(['06\u202f12\u202f34\u202f56\u202f78']);
    expect(phones('Call 617\u2013555\u20130123')).toEqual(['617\u2013555\u20130123']);
  });

  it('finds a number between right-to-left marks', () => {
    expect(phones('رقم الهاتف: \u200f+971 4 123 4567\u200f')).toEqual(['+971 4 123 4567']);
  });
});

describe('PHONE_NUMBER hard negatives', () => {
  it.each([
    ['years', 'Between 1914 and 1918, then 1939-1945; call for papers 2023 2024.'],
    ['a year range after a phone word', 'Call history 1990-2005 was archived.'],
    ['prices', 'Tuition is $12 500 per year; the lab cost € 1 250 000; call it £ 1 250 000.'],
    ['a count with a verb of calling', 'They called 1 234 567 voters.'],
    ['a decimal', 'pi is 3.14159265 and e is 2.71828182'],
    ['an ISBN-10', 'ISBN 0-306-40615-2 (call number QA76)'],
    ['an ISBN-13', 'ISBN 978-0-306-40615-7'],
    ['an ISBN-13 without hyphens next to a phone word', 'Phone book: ISBN 9780306406157'],
    ['an order number', 'Please call about order 4839 2211 0098.'],
    ['a tracking number', 'Tracking 1Z 999 AA1 0123 4567 84'],
    ['a version number', 'Update to version 10.0.19041.1288 then call the helpdesk.'],
    ['dates', 'Call on 12.03.2024 or 2024-03-12 or 03/12/2024 or 12-03-2024.'],
    ['a date and time', 'Phone log: 2024-03-12 14:30:00'],
    ['times', 'Call between 14:30 and 16:45.'],
    ['an IPv4 address', 'Phone home to 192.168.100.200'],
    ['math', 'Call x = 123 456 + 789 012 and 123-456 = -333'],
    ['a page range', 'Cell 67:837-839 (1991); see also Nature 412, 544-555.'],
    ['a numeric range', 'Call volumes of 100-200 per day, 1200-1500 at peak.'],
    ['a percentage', 'Calls rose 12 345% '],
    ['a house number', "I'll call a cab to 12 345 Main Street."],
    ['a zip+4 code', 'Cambridge, MA 02139-4307'],
    ['course numbers', 'MIT 6.0001 and 18.06; room 32-123'],
    ['coordinates', 'Call sign at 48.8566, 2.3522'],
    ['a credit card', '4111 1111 1111 1111'],
    ['short numbers', 'call 911 or 112; dial 0800'],
  ])('%s', (_, text) => {
    expect(phones(text)).toEqual([]);
  });
});
