/** The study thread's pure helpers: what the composer sends, the library answer's sources, the live summary's place. */
import { describe, expect, it } from 'vitest';
import {
  canAskBigger,
  cardOf,
  composerRequest,
  hintLadder,
  hintLevelOf,
  keptSummaryId,
  libraryAnswerText,
  newestOfKind,
  shortQuote,
  splitLibraryAnswer,
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

describe('splitLibraryAnswer', () => {
  const sources = [
    { title: 'Plates [week 2]', url: 'https://ocw.example/a b' },
    { title: 'Field trip', url: 'https://ocw.example/trip.html?x=1' },
  ];
  it('gives back the answer and the sources libraryAnswerText listed under it', () => {
    const text = libraryAnswerText('Mantle convection [1].\n\nAnd a trip [2].', sources, 'Sources');
    expect(splitLibraryAnswer(text)).toEqual({
      answer: 'Mantle convection [1].\n\nAnd a trip [2].',
      sources: [
        { title: 'Plates week 2', url: 'https://ocw.example/a%20b' },
        { title: 'Field trip', url: 'https://ocw.example/trip.html?x=1' },
      ],
    });
  });
  it('reads a list whose heading was written in another language', () => {
    expect(splitLibraryAnswer(libraryAnswerText('Đối lưu [1].', sources.slice(0, 1), 'Nguồn')).sources).toHaveLength(1);
  });
  it('leaves a text without a list of sources whole', () => {
    expect(splitLibraryAnswer('Nothing saved answers this.')).toEqual({ answer: 'Nothing saved answers this.', sources: [] });
    const bold = 'A story.\n\n**Bold**\n\nNot a list.';
    expect(splitLibraryAnswer(bold)).toEqual({ answer: bold, sources: [] });
  });
});

describe('hintLadder', () => {
  const hint = (id: number, rung: string) => ({ ...item(id, 'hints', id), label: rung });
  it('gives the newest hints back to the last first rung, with their rungs', () => {
    const items = [hint(1, '1'), hint(2, '2'), item(3, 'answer', 3), hint(4, '1'), hint(5, '2'), hint(6, '3')];
    expect(hintLadder(items)).toEqual([
      { level: 1, text: 'text 4' },
      { level: 2, text: 'text 5' },
      { level: 3, text: 'text 6' },
    ]);
  });
  it('is empty without hint cards, and passes over a card without a rung', () => {
    expect(hintLadder([item(1, 'summary', 1)])).toEqual([]);
    expect(hintLadder([hint(1, '1'), hint(2, 'x')])).toEqual([{ level: 1, text: 'text 1' }]);
  });
  it('passes over the solution: a solution card has its rung (4) but is not a hint given', () => {
    expect(hintLevelOf(hint(3, '4'))).toBe(4);
    expect(hintLevelOf(hint(3, '5'))).toBeNull();
    expect(hintLevelOf({ ...item(3, 'answer', 3), label: '4' })).toBeNull();
    expect(hintLadder([hint(1, '1'), hint(2, '2'), hint(3, '4')])).toEqual([
      { level: 1, text: 'text 1' },
      { level: 2, text: 'text 2' },
    ]);
  });
});

describe('cardOf', () => {
  const result = { url: URL, kind: 'answer' as const, label: 'Why?', source: 'page' as const, text: 'Because.', modelId: 'm' };
  const made = { created: 5, modelId: 'm' };
  it('keeps the page’s language when the answer is in it (no language asked): the card reads in its direction', () => {
    expect(cardOf({ ...result, pageLang: 'ar' }, made)).toEqual({ ...result, ...made, pageLang: 'ar' });
  });
  it('keeps the language asked and not the page’s; nothing when neither is known', () => {
    expect(cardOf({ ...result, pageLang: 'ar' }, { ...made, language: 'fr' })).toEqual({ ...result, ...made, language: 'fr' });
    expect(cardOf(result, made)).toEqual({ ...result, ...made });
  });
});

describe('canAskBigger', () => {
  const task = { kind: 'selection', action: 'explain' } as ThreadItemRow['selectionTask'];
  it('offers a bigger model for summaries (with their mode) and for what was asked about a selection', () => {
    expect(canAskBigger({ ...item(1, 'summary', 1), mode: 'tldr' })).toBe(true);
    expect(canAskBigger({ ...item(2, 'explain', 1), selectionTask: task })).toBe(true);
    expect(canAskBigger({ ...item(3, 'answer', 1), selectionTask: task })).toBe(true);
  });
  it('offers it for a question about the page that kept its language and page text hash, not once a bigger model answered it', () => {
    const pageQuestion = { outputLanguage: '', pageSha256: 'a'.repeat(64) };
    expect(canAskBigger({ ...item(1, 'answer', 1), label: 'What is a plate?', pageQuestion })).toBe(true);
    expect(canAskBigger({ ...item(2, 'answer', 1), label: 'What is a plate?', pageQuestion, cloud: true })).toBe(false);
    expect(canAskBigger({ ...item(3, 'library-answer', 1), label: 'What is a plate?', pageQuestion })).toBe(false);
  });
  it('not for hints kept without their problem, cards, library answers, page answers kept without their page hash, or what a bigger model wrote', () => {
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
