/**
 * Quiz and flashcards: reading cards out of model output (the strict format, and the ways models
 * drift from it), exporting decks as an Anki-importable CSV (file headers, RFC 4180 quoting of
 * commas, quotes and line breaks, records that start with '#') and as Markdown.
 */
import { describe, expect, it } from 'vitest';
import { ANKI_HEADER, ankiHtml, csvField, deckToAnkiCsv } from '../../lib/export/anki-csv';
import { parseCards } from '../../lib/tasks/card-parser';
import { exportFileName, toDeckCard, type DeckCard } from '../../lib/export/deck';
import { conversationToMarkdown, deckToMarkdown, escapeMarkdownLine, neutralizeHtml } from '../../lib/export/markdown-export';

describe('parseCards: flashcards', () => {
  it('reads the strict format', () => {
    const r = parseCards(
      'Q: What is a delta?\nA: A landform at a river mouth, built of sediment.\n\nQ: What carries sediment?\nA: Rivers.',
      'flashcards',
    );
    expect(r.dropped).toBe(0);
    expect(r.cards).toEqual([
      { kind: 'flashcard', question: 'What is a delta?', answer: 'A landform at a river mouth, built of sediment.' },
      { kind: 'flashcard', question: 'What carries sediment?', answer: 'Rivers.' },
    ]);
  });

  it('reads numbering variants, bold labels, bullets, answers over several lines, and ignores chatter', () => {
    const raw = [
      'Sure! Here are your flashcards:',
      '',
      '1. Q: What is erosion?',
      '   A: The wearing away of rock',
      '   by water, wind or ice.',
      '',
      '**Q2:** What is a mineral?',
      '**A2:** A naturally occurring solid with a crystal structure.',
      '',
      '- Question 3 - Who proposed continental drift?',
      '- Answer: Alfred Wegener',
      '',
      'Question: What is magma? Answer: Molten rock below the surface.',
      '',
      '4) Which layer lies under the crust?',
      'A: The mantle.',
      '',
      'I hope these help with your studies!',
    ].join('\n');
    const r = parseCards(raw, 'flashcards');
    expect(r.dropped).toBe(0);
    expect(r.cards.map((c) => c.question)).toEqual([
      'What is erosion?',
      'What is a mineral?',
      'Who proposed continental drift?',
      'What is magma?',
      'Which layer lies under the crust?',
    ]);
    expect(r.cards[0]).toMatchObject({ answer: 'The wearing away of rock by water, wind or ice.' });
    expect(r.cards[3]).toMatchObject({ answer: 'Molten rock below the surface.' });
    // The closing chatter did not become part of the last answer.
    expect(r.cards[4]).toMatchObject({ answer: 'The mantle.' });
  });

  it('drops a question without an answer and a question asked twice, and says why', () => {
    const raw =
      'Q: What is a fault?\n\nQ: What is a fold?\nA: A bend in rock layers.\n\nQ: what is a FOLD\nA: Bent layers.\n\nQ: What is a joint?\nA:';
    const r = parseCards(raw, 'flashcards');
    expect(r.cards.map((c) => c.question)).toEqual(['What is a fold?']);
    expect(r.dropped).toBe(3);
    expect(r.reasons.sort()).toEqual(['duplicate', 'no-answer', 'no-answer']);
  });

  it('reads "A." written with a full stop as the answer', () => {
    expect(parseCards('Q: Capital of France?\nA. Paris', 'flashcards').cards).toEqual([
      { kind: 'flashcard', question: 'Capital of France?', answer: 'Paris' },
    ]);
  });

  it('finds nothing in text that has no cards (a small model telling a story)', () => {
    const r = parseCards('Once upon a time, there was a little girl named Lily. She liked to play outside.', 'flashcards');
    expect(r.cards).toEqual([]);
    expect(r.dropped).toBe(0);
  });
});

describe('parseCards: multiple choice', () => {
  it('reads the strict format', () => {
    const raw = 'Q: Which rock forms from cooled magma?\nA) Igneous\nB) Sedimentary\nC) Metamorphic\nD) Limestone\nAnswer: A';
    expect(parseCards(raw, 'multiple-choice')).toEqual({
      cards: [
        {
          kind: 'multiple-choice',
          question: 'Which rock forms from cooled magma?',
          options: ['Igneous', 'Sedimentary', 'Metamorphic', 'Limestone'],
          answer: 'Igneous',
        },
      ],
      dropped: 0,
      reasons: [],
    });
  });

  it('reads option and answer variants: "(b)", "B.", "A:", "Answer: B) text", the answer as text, "Correct answer:"', () => {
    const raw = [
      '1. Q: What drives plate motion?',
      '(a) Tides',
      '(b) Mantle convection',
      '(c) Wind',
      'Answer: (b)',
      '',
      'Question 2: What is the hardest mineral?',
      'A. Talc',
      'B. Quartz',
      'C. Diamond',
      'Correct answer: C. Diamond',
      '',
      'Q3: Where do deltas form?',
      'A: In deserts',
      'B: At river mouths',
      'C: On mountain tops',
      'Answer: At river mouths',
    ].join('\n');
    const r = parseCards(raw, 'multiple-choice');
    expect(r.dropped).toBe(0);
    expect(r.cards.map((c) => (c.kind === 'multiple-choice' ? [c.question, c.answer, c.options.length] : null))).toEqual([
      ['What drives plate motion?', 'Mantle convection', 3],
      ['What is the hardest mineral?', 'Diamond', 3],
      ['Where do deltas form?', 'At river mouths', 3],
    ]);
  });

  it('merges duplicate options and keeps the answer on the merged one', () => {
    const raw = 'Q: What is H2O?\nA) Water\nB) water\nC) Salt\nD) Sand\nAnswer: B';
    const [card] = parseCards(raw, 'multiple-choice').cards;
    expect(card).toEqual({ kind: 'multiple-choice', question: 'What is H2O?', options: ['Water', 'Salt', 'Sand'], answer: 'Water' });
  });

  it('drops what cannot be a question: no answer, too few options, an answer that is no option', () => {
    const raw = [
      'Q: One option only?',
      'A) Yes',
      'Answer: A',
      '',
      'Q: Options but no answer?',
      'A) One',
      'B) Two',
      '',
      'Q: Answer out of range?',
      'A) One',
      'B) Two',
      'Answer: F',
      '',
      'Q: All options the same?',
      'A) Same',
      'B) same',
      'Answer: A',
      '',
      'Q: A good one?',
      'A) No',
      'B) Yes',
      'Answer: B',
    ].join('\n');
    const r = parseCards(raw, 'multiple-choice');
    expect(r.cards.map((c) => c.question)).toEqual(['A good one?']);
    expect(r.dropped).toBe(4);
    expect(r.reasons.sort()).toEqual(['answer-not-an-option', 'no-answer', 'too-few-options', 'too-few-options']);
  });

  it('keeps what is valid in a half-written stream (the last card still being written is not counted yet)', () => {
    const raw = 'Q: First?\nA) x\nB) y\nAnswer: A\n\nQ: Second?\nA) p\nB) q';
    const r = parseCards(raw, 'multiple-choice');
    expect(r.cards).toHaveLength(1);
    expect(r.reasons).toEqual(['no-answer']);
  });
});

const cards: DeckCard[] = [
  toDeckCard({ kind: 'flashcard', question: 'What is "erosion", in short?', answer: 'Wearing away, by water, wind\nand ice.' }),
  toDeckCard({ kind: 'flashcard', question: '#1 rule of field trips?', answer: 'Safety <first> & always' }),
  toDeckCard({ kind: 'multiple-choice', question: 'Hardest mineral?', options: ['Talc', 'Quartz, clear', 'Diamond'], answer: 'Diamond' }),
];

/** A strict RFC 4180 reader, as Anki's (Rust csv crate) reads records, with '#' lines as comments. */
function readCsv(text: string): { meta: string[]; records: string[][] } {
  const meta: string[] = [];
  const records: string[][] = [];
  let i = 0;
  while (text.startsWith('#', i)) {
    const end = text.indexOf('\n', i);
    meta.push(text.slice(i, end));
    i = end + 1;
  }
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (atStart && c === '#') throw new Error('a record starting with # would be read as a comment');
    atStart = false;
    if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atStart = true;
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return { meta, records };
}

describe('Anki CSV export', () => {
  it('starts with the file headers Anki reads: separator before columns, html, note type, tags column', () => {
    const csv = deckToAnkiCsv({ title: 'Geology, week 3', cards });
    const lines = csv.split('\n');
    expect(lines.slice(0, ANKI_HEADER.length)).toEqual([
      '#separator:Comma',
      '#html:true',
      '#notetype:Basic',
      '#columns:Front,Back,Tags',
      '#tags column:3',
    ]);
  });

  it('quotes every field (commas, quotes, line breaks survive) and reads back to the cards', () => {
    const csv = deckToAnkiCsv({ title: 'Geology, week 3', cards });
    const { records } = readCsv(csv);
    expect(records).toHaveLength(3);
    for (const r of records) expect(r).toHaveLength(3);
    expect(records[0]![0]).toBe('What is &quot;erosion&quot;, in short?');
    expect(records[0]![1]).toBe('Wearing away, by water, wind<br>and ice.');
    // HTML in a card is shown as text, never as markup.
    expect(records[1]![1]).toBe('Safety &lt;first&gt; &amp; always');
    // A question starting with '#' is inside quotes, so Anki does not take it for a comment.
    expect(records[1]![0]).toBe('#1 rule of field trips?');
    expect(csv).toContain('\n"#1 rule of field trips?"');
    // Multiple choice: options on the front, the right one on the back.
    expect(records[2]![0]).toBe('Hardest mineral?<br><br>A) Talc<br>B) Quartz, clear<br>C) Diamond');
    expect(records[2]![1]).toBe('C) Diamond');
    // Tags: no spaces inside a tag, the deck's title as one tag.
    expect(records[0]![2]).toBe('locus Geology_week_3');
  });

  it('doubles quotes inside fields and keeps raw line breaks inside quotes', () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(ankiHtml('a\r\nb\nc')).toBe('a<br>b<br>c');
  });

  it('names the files after the deck, safely', () => {
    expect(exportFileName('Week 3: rocks/minerals?', 'csv')).toBe('Week 3 rocks minerals.csv');
    expect(exportFileName('   ', 'md')).toBe('locus-deck.md');
  });
});

describe('Markdown export', () => {
  it('writes a deck with questions, options marked, and answers; page text cannot become structure', () => {
    const md = deckToMarkdown({ title: 'Rocks', url: 'https://ocw.example/rocks', createdAt: Date.UTC(2025, 0, 2, 3, 4), cards });
    expect(md).toContain('# Rocks');
    expect(md).toContain('Source: <https://ocw.example/rocks>');
    expect(md).toContain('## 1. What is "erosion", in short?');
    expect(md).toContain('**Answer:** Wearing away, by water, wind  \nand ice.');
    expect(md).toContain('## 2. #1 rule of field trips?');
    expect(md).toContain('**Answer:** Safety \\<first\\> & always');
    expect(md).toContain('- C) Diamond ✔');
    expect(md).toContain('**Answer:** C) Diamond');
    expect(md).toContain('2025-01-02 03:04 UTC');
  });

  it('escapes Markdown structure in a line', () => {
    expect(escapeMarkdownLine('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdownLine('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdownLine('[link](http://x)')).toBe('\\[link\\](http://x)');
  });

  it('exports a conversation; raw HTML in an answer is made inert outside code', () => {
    const md = conversationToMarkdown({
      title: 'Rocks',
      url: 'https://ocw.example/rocks',
      messages: [
        { role: 'user', content: 'What is <b>magma</b>?', at: Date.UTC(2025, 0, 2) },
        {
          role: 'assistant',
          content: 'Molten rock. <img src=x onerror=alert(1)>\n\n```html\n<p>kept</p>\n```',
          at: Date.UTC(2025, 0, 2, 0, 1),
        },
      ],
    });
    expect(md).toContain('### You · 2025-01-02 00:00 UTC');
    expect(md).toContain('What is \\<b\\>magma\\</b\\>?');
    expect(md).toContain('Molten rock. &lt;img src=x onerror=alert(1)>');
    expect(md).toContain('```html\n<p>kept</p>\n```');
    expect(neutralizeHtml('`<a>` and <a>')).toBe('`<a>` and &lt;a>');
  });
});
