/**
 * The plumbing from a token-classification model's output to redaction spans (PERSON, LOCATION,
 * ORGANIZATION). No NER model exists in this build: these tests feed the output shape of
 * transformers.js's token-classification pipeline by hand; they prove the alignment and merging,
 * not any model's quality.
 */
import { describe, expect, it } from 'vitest';
import { nerRecognizer, spansFromTokens, splitForNer, type TokenClassification } from '../../lib/privacy/ner';
import { redactWithNer } from '../../lib/privacy/pii';

const tok = (entity: string, word: string, score = 0.99): TokenClassification => ({ entity, word, score });

describe('NER output to spans', () => {
  it('aligns WordPiece tokens without offsets and merges B-/I- pieces', () => {
    const text = 'Ada Lovelace met Charles Babbage at the University of London in 1833.';
    const tokens = [
      tok('B-PER', 'Ada'),
      tok('I-PER', 'Love'),
      tok('I-PER', '##lace'),
      tok('O', 'met'),
      tok('B-PER', 'Charles'),
      tok('I-PER', 'Bab'),
      tok('I-PER', '##bage'),
      tok('B-ORG', 'University'),
      tok('I-ORG', 'of'),
      tok('I-ORG', 'London'),
    ];
    const spans = spansFromTokens(text, tokens);
    expect(spans.map((s) => [s.entity, text.slice(s.start, s.end)])).toEqual([
      ['PERSON', 'Ada Lovelace'],
      ['PERSON', 'Charles Babbage'],
      ['ORGANIZATION', 'University of London'],
    ]);
  });

  it('reads BPE markers, plain labels and given offsets; drops low scores and unplaceable tokens', () => {
    const text = 'She moved from Paris to Lyon.';
    const spans = spansFromTokens(text, [tok('LOC', 'ĠParis'), tok('LOC', '▁Lyon', 0.3), tok('B-LOC', 'Atlantis')]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Paris']);
    const given = spansFromTokens(text, [{ entity: 'B-GPE', word: 'x', score: 0.9, start: 24, end: 28 }]);
    expect(given).toEqual([{ entity: 'LOCATION', start: 24, end: 28, score: 0.9 }]);
    // Two B- tags of one type side by side are two entities.
    const two = 'Paris Lyon';
    expect(spansFromTokens(two, [tok('B-LOC', 'Paris'), tok('B-LOC', 'Lyon')]).length).toBe(2);
  });

  it('splits long text for the model and shifts spans back', async () => {
    const text = `${'Some filler words here. '.repeat(120)}Grace Hopper wrote it.`;
    const parts = splitForNer(text, 1500);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    for (const p of parts.slice(0, -1)) expect(p.text.endsWith('. ')).toBe(true); // cut between sentences
    // A stand-in classifier that tags the words it sees (as a model would, token by token).
    const recognizer = nerRecognizer(async (chunk) =>
      chunk
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => (w === 'Grace' ? tok('B-PER', w) : w === 'Hopper' ? tok('I-PER', w) : tok('O', w))),
    );
    const r = await redactWithNer(`Mail a@b.io. ${text}`, recognizer);
    expect(r.text.endsWith('[PERSON_1] wrote it.')).toBe(true);
    expect(r.counts).toMatchObject({ EMAIL_ADDRESS: 1, PERSON: 1 });
  });
});
