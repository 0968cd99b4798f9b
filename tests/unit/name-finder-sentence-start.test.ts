// A capital that only opens a sentence, a heading or a line (lib/privacy/names/name-types.ts, with
// common-words.ts): a common English word there is not a person ("Geology is the core discipline…"
// was sent as [PERSON_1]), while names there, Vietnamese and English, are still found.
import { describe, expect, test } from 'vitest';
import { commonWord } from '../../lib/privacy/names/common-words';
import { findNames } from '../../lib/privacy/names/name-finder';
import { detect, redactSpans } from '../../lib/privacy/pii';

const people = (text: string) =>
  findNames(text)
    .filter((s) => s.entity === 'PERSON')
    .map((s) => text.slice(s.start, s.end));

describe('a common word opening a sentence, heading or line', () => {
  test('subjects and course words are not people, even where a person cue follows', () => {
    for (const text of [
      'Geology is the core discipline of the earth sciences.',
      'Introduction is the first part of the course.',
      'Chapter 3 is about igneous rocks.',
      'Week 2 is about minerals.',
      'Sociology is the study of society. Thermodynamics is a branch of physics.',
      'Course home\nChemistry is the study of matter.',
      '# Ecology\nHomework was due on Friday.',
      'Overview: Statistics is a very useful tool.',
    ])
      expect(people(text), text).toEqual([]);
  });

  test("redaction leaves the page's first word as written", () => {
    const text = 'Geology is the core discipline of the earth sciences. Nguyễn Văn An teaches it.';
    const spans = detect(text, { extraSpans: findNames(text) });
    const { text: redacted } = redactSpans(text, spans, {});
    expect(redacted).toMatch(/^Geology is the core discipline/);
    expect(redacted).toContain('[PERSON_1] teaches it.');
    expect(redacted).not.toContain('Nguyễn');
  });
});

describe('names opening a sentence are still names', () => {
  test('Vietnamese full names', () => {
    expect(people('Nguyễn Văn An is the class monitor.')).toEqual(['Nguyễn Văn An']);
    expect(people('Trần Thị Bình said the exam moved. Nguyễn Văn An agreed.')).toEqual(['Trần Thị Bình', 'Nguyễn Văn An']);
    expect(people('Week 3\nTrần Thị Bình is the teaching assistant.')).toEqual(['Trần Thị Bình']);
  });

  test('a lone given name that is no English word, or one the tagger knows as a given name', () => {
    expect(people('Bình is a student in my group.')).toEqual(['Bình']);
    expect(people('Mark is a student in my group.')).toEqual(['Mark']);
    expect(people('Grant wrote the notes for week 2.')).toEqual(['Grant']);
  });

  test('a common word after a title, or one the tagger knows as a family name, is a person', () => {
    expect(people('Dr. Baker is the lecturer.')).toEqual(['Baker']);
    expect(people('Prof. Young is the lecturer.')).toEqual(['Young']);
    expect(people('Smith wrote the notes for week 2.')).toEqual(['Smith']);
  });

  test('mid-sentence, the rule does not apply', () => {
    expect(people('Yesterday I met Trần Thị Bình at the library.')).toEqual(['Trần Thị Bình']);
  });
});

describe('the word list', () => {
  test('has common words and subjects, not Vietnamese or uncommon given names', () => {
    for (const w of ['geology', 'introduction', 'chapter', 'week', 'sociology', 'homework']) expect(commonWord(w), w).toBe(true);
    for (const w of ['nguyễn', 'bình', 'trần', 'brannagh', 'ngozi']) expect(commonWord(w), w).toBe(false);
  });
});
