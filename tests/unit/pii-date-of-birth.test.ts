/**
 * DATE_OF_BIRTH: dates a birth word introduces, in several languages and formats; every other date
 * (deadlines, lectures, history) stays in the text.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';

const births = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'DATE_OF_BIRTH')
    .map((s) => text.slice(s.start, s.end));

describe('DATE_OF_BIRTH', () => {
  it.each([
    ['I was born on 12 March 1995 in Lyon.', '12 March 1995'],
    ['DOB: 03/12/1995', '03/12/1995'],
    ['Date of birth: 1995-03-12', '1995-03-12'],
    ['born March 12th, 1995', 'March 12th, 1995'],
    ['Birthday: 12.03.95', '12.03.95'],
    ['Please enter your date of birth. It is 7/4/2001', '7/4/2001'],
    ['12/03/1995 (DOB)', '12/03/1995'],
    ['born in March 1995', 'March 1995'],
    ['Ich bin am 12. März 1995 geboren; geboren am 12. März 1995', '12. März 1995'],
    ['née le 12 mars 1995 à Paris', '12 mars 1995'],
    ['Fecha de nacimiento: 12 de marzo de 1995', '12 de marzo de 1995'],
    ['nato il 12/03/1995 a Roma', '12/03/1995'],
    ['تاريخ الميلاد: 12/03/1995', '12/03/1995'],
    ['תאריך לידה: 12.03.1995', '12.03.1995'],
    ['生年月日：1995年3月12日', '1995年3月12日'],
    ['생년월일 1995년 3월 12일', '1995년 3월 12일'],
    ['Дата рождения: 12.03.1995', '12.03.1995'],
  ])('%j', (text, value) => {
    expect(births(text)).toContain(value);
  });

  it.each([
    ['a deadline', 'The essay is due on 12 March 2025.'],
    ['a lecture date', 'Lecture 4 (2024-10-01): enzymes'],
    ['a historical birth', 'Darwin was born on 12 February 1809 in Shrewsbury.'],
    ['a birth year alone', 'She was born in 1995.'],
    ['a date in the next sentence after a verb', 'She was born in Lyon. On 12 May 2020 she moved to Berlin.'],
    ['a date far from the birth word', 'He was born in a small village near the coast, and on 12 May 2020 he moved.'],
    ['an impossible date', 'born on 31/31/1990'],
    ['a birth rate', 'The birth rate fell between 1990 and 2000.'],
  ])('not %s', (_, text) => {
    expect(births(text)).toEqual([]);
  });

  it('takes only the date right after the birth word, not the next one', () => {
    expect(births('born on 1 May 1990, graduated on 5 June 2012')).toEqual(['1 May 1990']);
  });
});
