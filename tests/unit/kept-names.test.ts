/**
 * Which names of the page being studied may go to the cloud as written (lib/privacy/kept-names.ts):
 * page names yes; names in the student's own words, names next to contact details or after a
 * relation word or greeting, and anything a pattern finds, never.
 */
import { describe, expect, it } from 'vitest';
import { editedPart, keptNameKeys, nameKey, ownNameOccurrences, ownNames, type DetectedText } from '../../lib/privacy/kept-names';
import { findNames } from '../../lib/privacy/names/name-finder';
import { detect, type Entity, type Span } from '../../lib/privacy/pii';

/** A text with its detections as the cloud service makes them (rules, then the name finder's spans). */
function detected(text: string): DetectedText {
  return { text, spans: detect(text, { extraSpans: findNames(text) }) };
}

/** Spans for the given values (each occurrence), for texts where the test says exactly what was found. */
function marked(text: string, found: Array<[Entity, string]>): DetectedText {
  const spans: Span[] = [];
  for (const [entity, value] of found) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) spans.push({ entity, start: at, end: at + value.length });
  }
  return { text, spans: spans.sort((a, b) => a.start - b.start) };
}

const keys = (values: string[]) => values.map(nameKey).sort();
const sorted = (set: Set<string>) => [...set].sort();

describe('names kept as written', () => {
  const PAGE =
    'Maxwell unified electricity and magnetism. Marie Curie worked in Paris; the accelerator is at CERN near Geneva.\n' +
    'Tutors: Lan Pham, 0912 345 678.';

  it('keeps page names; never a contact detail, nor the name on its line', () => {
    const doc = detected(PAGE);
    expect(doc.spans.map((s) => [s.entity, PAGE.slice(s.start, s.end)])).toEqual(
      expect.arrayContaining([
        ['PERSON', 'Marie Curie'],
        ['PHONE_NUMBER', '0912 345 678'],
      ]),
    );
    const kept = keptNameKeys([doc], { page: PAGE, own: [] }, []);
    expect(kept.has(nameKey('Marie Curie'))).toBe(true);
    expect(kept.has(nameKey('Geneva'))).toBe(true);
    expect(kept.has(nameKey('Lan Pham'))).toBe(false);
    // Nothing but names, places and organizations is ever a candidate.
    for (const k of kept) expect(k).not.toMatch(/\d/);
  });

  it('keeps only what the captured page text has', () => {
    const doc = marked('Ask Quentin about Geneva.', [
      ['PERSON', 'Quentin'],
      ['LOCATION', 'Geneva'],
    ]);
    expect(sorted(keptNameKeys([doc], { page: 'A lesson about Geneva.', own: [] }, []))).toEqual(keys(['Geneva']));
    expect(sorted(keptNameKeys([doc], { page: '', own: [] }, []))).toEqual([]);
  });

  it('never keeps a name the student wrote, in any case, nor a page name sharing a word with it', () => {
    const text = 'Marie Curie and Pierre Curie isolated radium. Edmond Halley predicted the comet. Isaac Newton wrote the Principia.';
    const doc = marked(text, [
      ['PERSON', 'Marie Curie'],
      ['PERSON', 'Pierre Curie'],
      ['PERSON', 'Edmond Halley'],
      ['PERSON', 'Isaac Newton'],
    ]);
    const sources = { page: text, own: ['why did curie stop?', 'My friend Halley says hi'] };
    const own = ownNames(sources, (t) =>
      t.includes('Halley') ? [{ entity: 'PERSON' as const, start: t.indexOf('Halley'), end: t.indexOf('Halley') + 6 }] : [],
    );
    expect(own).toEqual([{ entity: 'PERSON', value: 'Halley' }]);
    expect(sorted(keptNameKeys([doc], sources, own))).toEqual(keys(['Isaac Newton']));
  });

  it('a personal context anywhere keeps the name nowhere: relation words, greetings, signatures, a contact detail in the sentence', () => {
    const cases: Array<[string, string]> = [
      ['Tuesday: my classmate Priya Raman explained titration.', 'Priya Raman'],
      ['Notes by our tutor, Priya Raman.', 'Priya Raman'],
      ['Dear Priya Raman, the lab is closed.', 'Priya Raman'],
      ['Best regards,\nPriya Raman', 'Priya Raman'],
      ['Priya Raman (my roommate) lent me the book.', 'Priya Raman'],
      ['From: Priya Raman', 'Priya Raman'],
      ['Em chào cô Priya Raman.', 'Priya Raman'],
      ['Priya Raman lives at 42 Elm Street, Springfield.', 'Priya Raman'],
      ['Write to Priya Raman (priya@uni.edu) for the slides.', 'Priya Raman'],
    ];
    for (const [sentence, name] of cases) {
      const text = `Priya Raman is cited in chapter 2. ${sentence}`;
      const doc = detected(text);
      const spans = doc.spans.some((s) => text.slice(s.start, s.end) === name) ? doc : marked(text, [['PERSON', name]]);
      const withRules = { text, spans: [...spans.spans, ...detect(text).filter((s) => !spans.spans.some((o) => o.start === s.start))] };
      expect(keptNameKeys([withRules], { page: text, own: [] }, []).has(nameKey(name)), sentence).toBe(false);
    }
    // The control: the same name in study material alone is kept.
    const plain = marked('Priya Raman is cited in chapter 2.', [['PERSON', 'Priya Raman']]);
    expect(keptNameKeys([plain], { page: plain.text, own: [] }, []).has(nameKey('Priya Raman'))).toBe(true);
  });

  it('a name sharing a word with a personal one is not kept either ("Lan" after "my classmate Lan Pham")', () => {
    const text = 'My classmate Lan Pham sent the notes. Lan writes clearly.';
    const doc = marked(text, [
      ['PERSON', 'Lan Pham'],
      ['PERSON', 'Lan'],
    ]);
    // "Lan" alone is found twice: inside "Lan Pham" (a test artefact, resolved in real detections) and alone.
    expect(keptNameKeys([doc], { page: text, own: [] }, [])).toEqual(new Set());
  });

  it('an edited preview keeps no name the earlier one did not', () => {
    const doc = marked('Newton and Leibniz both invented calculus.', [
      ['PERSON', 'Newton'],
      ['PERSON', 'Leibniz'],
    ]);
    const sources = { page: doc.text, own: [] };
    expect(sorted(keptNameKeys([doc], sources, []))).toEqual(keys(['Leibniz', 'Newton']));
    expect(sorted(keptNameKeys([doc], sources, [], new Set([nameKey('Newton')])))).toEqual(keys(['Newton']));
  });
});

describe("the student's own names everywhere", () => {
  it('finds every occurrence, whole words only, in any case', () => {
    const text = 'Anh wrote to ANH; Anhalt is a state. anh!';
    expect(ownNameOccurrences(text, [{ entity: 'PERSON', value: 'Anh' }]).map((s) => text.slice(s.start, s.end))).toEqual([
      'Anh',
      'ANH',
      'anh',
    ]);
    const two = 'Trần Thu  Hà and Trần Thu Hà';
    expect(ownNameOccurrences(two, [{ entity: 'PERSON', value: "Trần Thu Hà's" }])).toHaveLength(2);
  });
});

describe('what the student changed in an edit', () => {
  it('is the part between the common beginning and end, widened to whole words', () => {
    expect(editedPart('Week 3: notes', 'Week 3 (with Ngô Bảo Châu): notes')).toBe('3 (with Ngô Bảo Châu)');
    expect(editedPart('Ask Minh', 'Ask Minhh')).toBe('Minhh');
    expect(editedPart('same text', 'same text')).toBe('');
    expect(editedPart('', 'all new')).toBe('all new');
  });
});
