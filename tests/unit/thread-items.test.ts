/** The study thread's pure helpers: what the composer sends, the library answer's sources, the live summary's place. */
import { describe, expect, it } from 'vitest';
import {
  canAskBigger,
  composerRequest,
  keptSummaryId,
  libraryAnswerText,
  newestOfKind,
  shortQuote,
  threadEntries,
} from '../../lib/panel/thread-items';
import type { ThreadItemRow } from '../../lib/store/db';

const URL = 'https://ocw.example/geo/plates';
const item = (id: number, kind: ThreadItemRow['kind'], created: number): ThreadItemRow => ({
  id,
  url: URL,
  kind,
  label: '',
  source: 'page',
  text: `text ${id}`,
  created,
  modelId: 'm',
});

describe('composerRequest', () => {
  it('sends the trimmed question to the page, or to the library when asked', () => {
    expect(composerRequest('  Why do plates move? \n', false)).toEqual({ kind: 'answer', question: 'Why do plates move?' });
    expect(composerRequest('Why?', true)).toEqual({ kind: 'library-answer', question: 'Why?' });
  });
  it('sends nothing for an empty or blank box', () => {
    expect(composerRequest('', false)).toBeNull();
    expect(composerRequest(' \n\t', true)).toBeNull();
  });
});

describe('libraryAnswerText', () => {
  it('lists the sources under the answer, numbered as cited, as links', () => {
    const text = libraryAnswerText('Mantle convection [1].', [{ title: 'Plates [week 2]', url: 'https://ocw.example/a b' }], 'Sources');
    expect(text).toBe('Mantle convection [1].\n\n**Sources**\n\n1. [Plates week 2](https://ocw.example/a%20b)');
  });
  it('leaves an answer without sources as it is', () => {
    expect(libraryAnswerText(' Nothing saved answers this. ', [], 'Sources')).toBe('Nothing saved answers this.');
  });
});

describe('threadEntries', () => {
  const items = [item(1, 'summary', 10), item(2, 'cards', 20), item(3, 'summary', 30)];
  it('shows the live summary last while it is not kept yet', () => {
    expect(threadEntries(items, null).map((e) => (e.kind === 'item' ? e.item.id : 'live'))).toEqual([1, 2, 3, 'live']);
  });
  it('shows the live summary in the place of the card it was kept as, once', () => {
    expect(threadEntries(items, 3).map((e) => (e.kind === 'item' ? e.item.id : 'live'))).toEqual([1, 2, 'live']);
    expect(threadEntries(items, 1).map((e) => (e.kind === 'item' ? e.item.id : 'live'))).toEqual(['live', 2, 3]);
  });
  it('shows the live summary last when its card is gone', () => {
    expect(threadEntries(items, 9).map((e) => (e.kind === 'item' ? e.item.id : 'live'))).toEqual([1, 2, 3, 'live']);
  });
});

describe('newestOfKind and keptSummaryId', () => {
  const items = [item(1, 'summary', 10), item(2, 'hints', 20), item(3, 'hints', 30), item(4, 'answer', 40)];
  it('finds the newest card of a kind', () => {
    expect(newestOfKind(items, 'hints')).toBe(3);
    expect(newestOfKind(items, 'cards')).toBeNull();
  });
  it('finds the summary a run kept, not an older one', () => {
    expect(keptSummaryId(items, 10)).toBe(1);
    expect(keptSummaryId(items, 11)).toBeNull();
  });
});

describe('canAskBigger', () => {
  const task = { kind: 'selection', action: 'explain' } as ThreadItemRow['selectionTask'];
  it('offers a bigger model for summaries (with their mode) and for what was asked about a selection', () => {
    expect(canAskBigger({ ...item(1, 'summary', 1), mode: 'tldr' })).toBe(true);
    expect(canAskBigger({ ...item(2, 'explain', 1), selectionTask: task })).toBe(true);
    expect(canAskBigger({ ...item(3, 'answer', 1), selectionTask: task })).toBe(true);
  });
  it('not for hints, cards, library answers, page answers (no cloud path), or what a bigger model wrote', () => {
    expect(canAskBigger(item(1, 'hints', 1))).toBe(false);
    expect(canAskBigger(item(2, 'cards', 1))).toBe(false);
    expect(canAskBigger({ ...item(3, 'library-answer', 1), selectionTask: task })).toBe(false);
    expect(canAskBigger(item(4, 'answer', 1))).toBe(false);
    expect(canAskBigger({ ...item(5, 'explain', 1), selectionTask: task, cloud: true })).toBe(false);
  });
});

describe('shortQuote', () => {
  it('keeps a short quote, flattened; cuts a long one at a word', () => {
    expect(shortQuote('  Plates\n move. ')).toBe('Plates move.');
    const long = 'word '.repeat(60);
    const cut = shortQuote(long, 30);
    expect(cut).toBe('word word word word word word …');
  });
});
