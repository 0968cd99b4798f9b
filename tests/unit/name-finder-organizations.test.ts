// Organization forms the on-device name finder reads from how firms and institutions are named
// (lib/privacy/names): an ampersand between names, a designator with "of" and what follows it
// (across "and"), designators that come first in other languages, two family names joined by a
// hyphen with no given name, and "joining" before a name. Each paired with the person it must not take.
import { describe, expect, test } from 'vitest';
import { findNames } from '../../lib/privacy/names/name-finder';

function found(text: string): Array<[string, string]> {
  return findNames(text).map((s) => [s.entity, text.slice(s.start, s.end)]);
}

describe('organizations by the form of their name', () => {
  test('an ampersand between names joins one firm', () => {
    expect(found('She spent two summers at Procter & Gamble last year.')).toContainEqual(['ORGANIZATION', 'Procter & Gamble']);
    expect(found('Smith & Wesson makes the tools.')).toContainEqual(['ORGANIZATION', 'Smith & Wesson']);
  });

  test('a designator with "of" keeps the capitalized words after it, across "and"', () => {
    expect(found('The grant comes from the Ministry of Health and Welfare this year.')).toContainEqual([
      'ORGANIZATION',
      'Ministry of Health and Welfare',
    ]);
    expect(found('He studies at the University of Arts and Design in Oslo.')).toContainEqual([
      'ORGANIZATION',
      'University of Arts and Design',
    ]);
    // "and" between two separate names is not swallowed when no designator opened the name.
    const pair = found('Yesterday Thomas Becker and Laura Stein met.');
    expect(pair).toContainEqual(['PERSON', 'Thomas Becker']);
    expect(pair).toContainEqual(['PERSON', 'Laura Stein']);
  });

  test('designators that open a name in other languages', () => {
    expect(found('Ask about the exchange at Lycée Jean Moulin next week.')).toContainEqual(['ORGANIZATION', 'Lycée Jean Moulin']);
    expect(found('The form goes to Clínica Santa Elena today.')).toContainEqual(['ORGANIZATION', 'Clínica Santa Elena']);
  });

  test('two family names joined by a hyphen, with no given name or title, name a firm; with one, a person', () => {
    expect(found('The report was written for Garcia-Miller in 2019.')).toContainEqual(['ORGANIZATION', 'Garcia-Miller']);
    expect(found('Mary Garcia-Miller wrote the report.')).toContainEqual(['PERSON', 'Mary Garcia-Miller']);
    expect(found('Dr. Garcia-Miller wrote the report.')).toContainEqual(['PERSON', 'Garcia-Miller']);
  });

  test('three names in a list taking a singular verb are one firm; three classmates are three people', () => {
    expect(found('Last year Carter, Hughes and Bennett was sold to a bank.')).toContainEqual([
      'ORGANIZATION',
      'Carter, Hughes and Bennett',
    ]);
    const friends = found('I made a card for Anna, Minh and Lan yesterday.');
    expect(friends.map(([e]) => e)).toEqual(['PERSON', 'PERSON', 'PERSON']);
  });

  test('"joining" before a name says it is an employer', () => {
    expect(found('She worked in retail before joining Accenture.')).toContainEqual(['ORGANIZATION', 'Accenture']);
  });
});
