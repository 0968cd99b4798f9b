import { describe, expect, test } from 'vitest';
import { captionWords, contentWords, pointTime } from '../../lib/video/point-times';
import { hasTimes, timePieces } from '../../lib/video/time-links';
import { transcriptText } from '../../lib/video/transcript';

describe('times in an answer', () => {
  test('bracketed times become pieces with their seconds; the text around them is kept', () => {
    expect(timePieces('Evaporation [0:04], clouds [12:34] and [1:02:03].')).toEqual([
      { text: 'Evaporation ' },
      { seconds: 4, label: '[0:04]' },
      { text: ', clouds ' },
      { seconds: 754, label: '[12:34]' },
      { text: ' and ' },
      { seconds: 3723, label: '[1:02:03]' },
      { text: '.' },
    ]);
  });

  test('bare clock times, ratios, impossible seconds and times past the end stay text', () => {
    const text = 'At 12:34 the ratio 3:4, then [0:75] and [9:00].';
    expect(timePieces(text, 300)).toEqual([{ text }]);
    expect(hasTimes(text, 300)).toBe(false);
    expect(hasTimes(text, null)).toBe(true); // [9:00] is a time when the length is unknown
  });

  test('a label is normalized ([01:05] → [1:05]); empty text gives nothing', () => {
    expect(timePieces('[01:05]')).toEqual([{ seconds: 65, label: '[1:05]' }]);
    expect(timePieces('')).toEqual([]);
  });
});

describe('the time of a summary point', () => {
  const { text, marks } = transcriptText([
    { start: 0.3, end: 4, text: "Welcome to today's lecture on the water cycle." },
    { start: 64, end: 70, text: 'Water evaporates from the oceans when the sun warms them.' },
    { start: 130, end: 140, text: 'The vapour cools and condenses into clouds.' },
    { start: 200, end: 210, text: 'Rain returns the water to the ground.' },
  ]);
  const captions = captionWords(text, marks);

  test('the caption sharing the most words gives the time', () => {
    expect(pointTime('Vapour condenses into clouds as it cools.', captions)).toBe(130);
    expect(pointTime('The sun warms the oceans, so water evaporates.', captions)).toBe(64);
  });

  test('a tie goes to the earliest caption; a point sharing only common words gets no time', () => {
    expect(pointTime('water', captions)).toBe(0.3);
    expect(pointTime('There was a time when they were here.', captions)).toBeNull();
    expect(pointTime('', captions)).toBeNull();
    expect(pointTime('clouds', [])).toBeNull();
  });

  test('content words: lower case, three letters or more, common words left out, any script', () => {
    expect([...contentWords('The Sun and THE oceans: it is a hồ nước!')]).toEqual(['sun', 'oceans', 'nước']);
  });
});
