// What the text around a name says about it (lib/privacy/names/organization-cues.ts and the name
// finder's rules): a description after it, a business noun ending it, the list it stands in, a street
// corner, a Vietnamese organization's kind, a company's verbs. Sentences written for these tests, each
// paired with the person the rule must not take.
import { describe, expect, test } from 'vitest';
import { findNames } from '../../lib/privacy/names/name-finder';

function found(text: string): Array<[string, string]> {
  return findNames(text).map((s) => [s.entity, text.slice(s.start, s.end)]);
}
const people = (text: string) =>
  found(text)
    .filter(([e]) => e === 'PERSON')
    .map(([, v]) => v);

describe('what a description after a name says', () => {
  test('a company or a nonprofit is an organization; a film or a novel is no one', () => {
    expect(found('Brightwave is a British software company founded in 2009.')).toContainEqual(['ORGANIZATION', 'Brightwave']);
    expect(found('Kelora is a 501(c)(3) that teaches coding.')).toContainEqual(['ORGANIZATION', 'Kelora']);
    expect(people('Moonrise is a 2012 American coming-of-age film directed by Wes Anderson.')).toEqual(['Wes Anderson']);
  });

  test('a person described by a job stays a person', () => {
    expect(people('Ngozi is a company director in Lagos.')).toEqual(['Ngozi']);
    expect(people('My tutor Brannagh is a firm believer in flashcards.')).toEqual(['Brannagh']);
  });
});

describe('how firms are named', () => {
  test('capitalized words ending with a business noun, without a given name, are a firm', () => {
    expect(found('We ordered the boxes from Harbor Analytics last week.')).toContainEqual(['ORGANIZATION', 'Harbor Analytics']);
    expect(found('The tiles came from Kestrel Outfitters yesterday.')).toContainEqual(['ORGANIZATION', 'Kestrel Outfitters']);
    expect(found('Please thank Mary Price for the notes.')).toContainEqual(['PERSON', 'Mary Price']);
  });

  test('a company does what companies do', () => {
    expect(found('Quillonex was founded in 1998 by two students.')).toContainEqual(['ORGANIZATION', 'Quillonex']);
    expect(found('The shop grew fast, and the firm, which later became Norvatek, moved to Berlin.')).toContainEqual([
      'ORGANIZATION',
      'Norvatek',
    ]);
  });

  test('names next to a firm in a list are firms; a given name keeps a person a person', () => {
    expect(found('Our sponsors are Zentrix, Qualora and Brightline Inc. this year.').map(([e]) => e)).toEqual([
      'ORGANIZATION',
      'ORGANIZATION',
      'ORGANIZATION',
    ]);
    expect(people('The card is for Anna, Minh and Lan.')).toEqual(['Anna', 'Minh', 'Lan']);
  });

  test('Vietnamese organizations open with their kind, and Vietnamese names stay people', () => {
    expect(found('Chị Lan làm ở Công ty TNHH Minh Phát từ năm 2020.')).toContainEqual(['ORGANIZATION', 'Công ty TNHH Minh Phát']);
    expect(found('Em thực tập tại Ngân hàng Vietcombank và Tập đoàn Hòa Phát.')).toEqual(
      expect.arrayContaining([
        ['ORGANIZATION', 'Ngân hàng Vietcombank'],
        ['ORGANIZATION', 'Tập đoàn Hòa Phát'],
      ]),
    );
    expect(found('Nguyễn Văn An học ở Trường Đại học Bách khoa Hà Nội.')).toEqual([
      ['PERSON', 'Nguyễn Văn An'],
      ['ORGANIZATION', 'Trường Đại học Bách khoa Hà Nội'],
    ]);
  });
});

describe('people and places by the words around', () => {
  test('a name, "and", a street with its number, after a place word, is a street corner', () => {
    expect(found('Please deliver it to Harriet and 14 Lincoln Road tomorrow.')).toContainEqual(['LOCATION', 'Harriet and 14 Lincoln Road']);
    expect(found('We meet at Florence and Kastanienallee 12 on Monday.')).toContainEqual(['LOCATION', 'Florence and Kastanienallee 12']);
    expect(people('I went to the fair with Harriet and 3 friends.')).toEqual(['Harriet']);
  });

  test('a name between house numbers or before a number and a unit names a street; a year before a name does not', () => {
    expect(found('Send it to 12 48 Dimitri Karas Suite 3 Limassol please.')).toEqual([
      ['LOCATION', 'Dimitri Karas'],
      ['LOCATION', 'Limassol'],
    ]);
    expect(found('The entrance is on Marianne 15 Street, behind the bank.')).toContainEqual(['LOCATION', 'Marianne']);
    expect(people('In 2019 Anna Berg moved to Oslo.')).toEqual(['Anna Berg']);
    expect(people('Room 12 Anna Smith, the tutor, helps.')).toEqual(['Anna Smith']);
  });

  test('"here\'s" is not an owner, and an owner\'s cue still counts', () => {
    expect(people("As promised, here's Anouk's address.")).toEqual(['Anouk']);
  });

  test('"is from" follows a person; plural nouns and number words are no one', () => {
    expect(people('Yusra is from Amman.')).toEqual(['Yusra']);
    expect(people('The poem is about Goblins, dragons and kings.')).toEqual([]);
    expect(people('We read The Famous Five and liked it.')).toEqual([]);
  });
});

describe('the whole name of a firm', () => {
  test("capitalized ordinary words opening a firm's name belong to it", () => {
    expect(found('Golden Meadow Analytics is the brainchild of two students.')).toContainEqual(['ORGANIZATION', 'Golden Meadow Analytics']);
    expect(found('Yesterday Brightline Inc. called.')).toContainEqual(['ORGANIZATION', 'Brightline Inc.']);
  });
});
