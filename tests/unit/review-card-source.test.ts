/**
 * A card's link to its source passage: found on the page by the card's words (BM25 over the page's
 * passages), kept with a URL that opens it highlighted (the library's text fragments), a PDF at its
 * page, a video at its time; and what opening a card without a source does.
 */
import { describe, expect, it } from 'vitest';
import { findTextDirective, parseTextDirective } from '../../lib/library/citations';
import { cardSourceLink, locateCardSource, sourceAt, withCardSources } from '../../lib/review/card-source';
import type { DeckCard } from '../../lib/export/deck';
import { transcriptText } from '../../lib/video/transcript';

const TEXT = [
  '# Photosynthesis',
  '',
  'Photosynthesis turns light energy into chemical energy stored in sugar.',
  '',
  '## Light reactions',
  '',
  'The light reactions take place in the thylakoid membranes, where water is split and oxygen is released.',
  '',
  '## The Calvin cycle',
  '',
  'In the stroma, the Calvin cycle fixes carbon dioxide into three-carbon sugars using ATP and NADPH.',
].join('\n');

const card = (question: string, answer: string) => ({ kind: 'flashcard' as const, question, answer, right: 0, wrong: 0 });

describe('card sources', () => {
  it('finds the passage a card came from and links to it with a text fragment that lands on it', () => {
    const src = locateCardSource(
      { url: 'https://ocw.example/photo#top', text: TEXT, kind: 'web' },
      card('Where does the Calvin cycle happen?', 'In the stroma'),
    )!;
    expect(src.kind).toBe('web');
    expect(src.text).toContain('In the stroma, the Calvin cycle fixes carbon dioxide');
    expect(TEXT.slice(src.start, src.end)).toBe(src.text);
    expect(src.citationUrl.startsWith('https://ocw.example/photo#top:~:text=')).toBe(true);
    const landed = findTextDirective(TEXT, parseTextDirective(src.citationUrl)!)!;
    expect(TEXT.slice(landed.start, landed.end)).toContain('In the stroma');
  });

  it('keeps no source rather than a wrong one', () => {
    expect(locateCardSource({ url: 'u', text: TEXT, kind: 'web' }, card('Who wrote Hamlet?', 'Shakespeare'))).toBeUndefined();
    expect(locateCardSource({ url: 'u', text: '   ', kind: 'web' }, card('Q', 'A'))).toBeUndefined();
  });

  it('opens a PDF at the passage’s page', () => {
    const pages = ['Page one is about light.', 'Page two: the Calvin cycle fixes carbon dioxide in the stroma.'];
    const text = pages.join('\n\n');
    const src = locateCardSource(
      { url: 'https://uni.example/r.pdf', text, kind: 'pdf', pageStarts: [0, pages[0]!.length + 2] },
      card('What fixes carbon dioxide?', 'The Calvin cycle'),
    )!;
    expect(src).toMatchObject({ kind: 'pdf', pdfPage: 2, citationUrl: 'https://uni.example/r.pdf#page=2' });
    // Without page starts, form feeds count; without either, the PDF opens at its start (no stale fragment).
    expect(sourceAt({ url: 'https://uni.example/r.pdf#zoom=50', text: 'a\fb\fc', kind: 'pdf' }, 4, 5)).toMatchObject({
      pdfPage: 3,
      citationUrl: 'https://uni.example/r.pdf#page=3',
    });
    const unpaged = sourceAt({ url: 'https://uni.example/r.pdf#zoom=50', text: 'abc', kind: 'pdf' }, 1, 2);
    expect(unpaged.citationUrl).toBe('https://uni.example/r.pdf');
    expect(unpaged).not.toHaveProperty('pdfPage');
  });

  it('opens a video at the time the passage is said', () => {
    const { text, marks } = transcriptText([
      { start: 0, end: 5, text: 'Welcome to the lecture.' },
      { start: 65, end: 70, text: 'Glaciers carve U-shaped valleys as they move.' },
    ]);
    const src = locateCardSource(
      { url: 'https://www.youtube.com/watch?v=abc', text, kind: 'video', marks, platform: 'youtube' },
      card('What shape of valley do glaciers carve?', 'U-shaped valleys'),
    )!;
    expect(src).toMatchObject({ kind: 'video', seconds: 65, citationUrl: 'https://www.youtube.com/watch?v=abc&t=65s' });
  });

  it('gives a new deck’s cards their sources, keeping any they have', () => {
    const cards = withCardSources<DeckCard>(
      [
        card('Where is water split?', 'In the thylakoid membranes'),
        { ...card('x', 'y'), source: { url: 'kept', kind: 'web' as const, start: 0, end: 1, text: 'k', citationUrl: 'kept' } },
      ],
      { url: 'https://ocw.example/photo', text: TEXT, kind: 'web' },
    );
    expect(cards[0]!.source?.text).toContain('thylakoid membranes');
    expect(cards[1]!.source?.url).toBe('kept');
  });

  it('links a card without a source to its page, to look for its answer there', () => {
    expect(cardSourceLink({ url: 'https://ocw.example/photo' }, card('Q', 'the stroma'))).toEqual({
      citationUrl: 'https://ocw.example/photo',
      kind: 'web',
      text: 'the stroma',
      seconds: null,
      exact: false,
    });
    expect(cardSourceLink({ url: 'https://uni.example/r.pdf' }, card('Q', 'A')).kind).toBe('pdf');
  });
});
