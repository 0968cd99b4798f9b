/**
 * Schema migration v4 → v5 on a real Dexie database (fake-indexeddb): a database as v4 shipped it,
 * with summaries of two pages in it, is opened by the current code; every summary becomes a card of
 * its page's study thread (mode, language, model and time kept), the summaries stay listed, and
 * every other row reads back equal.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { libraryBiggerBlock } from '../../lib/panel/library-question';
import { canAskBigger, splitLibraryAnswer } from '../../lib/panel/thread-items';
import { LocusDatabase } from '../../lib/store/db';
import { deleteSummary, saveSummary, summariesOf } from '../../lib/store/study-records';
import { addThreadItem, threadOf } from '../../lib/store/thread-records';
import { fillTables, openShipped, throwawayDatabases, untouchedRows } from '../support/shipped-schemas';

const PLATES = 'https://ocw.example/geo/plates';
const CELLS = 'https://lms.example/bio/cells?id=42';

function v4Rows(): Record<string, unknown[]> {
  return {
    ...untouchedRows(),
    summaries: [
      { id: 1, url: PLATES, title: 'Plates', mode: 'tldr', text: 'Plates move.', modelId: 'm', createdAt: 5 },
      {
        id: 2,
        url: PLATES,
        title: 'Plates',
        mode: 'key-points',
        text: '- Crust\n- Mantle',
        modelId: 'm2',
        createdAt: 9,
        outputLanguage: 'vi',
      },
      { id: 3, url: CELLS, title: 'Cells', mode: 'study-notes', text: 'Cells divide.', modelId: 'm', createdAt: 7 },
    ],
    decks: [{ id: 'd1', url: PLATES, title: 'Plates · flashcards', createdAt: 3, cards: [] }],
    reviewStates: [],
    ocrPages: [{ key: 'k:1:eng', docKey: 'k', page: 1, languages: 'eng', text: 'Scanned', confidence: 90, at: 4 }],
  };
}

const newDatabase = throwawayDatabases('locus-thread-migration');

describe('schema v4 → v5', () => {
  it('turns every kept summary into a card of its page thread and keeps every row', async () => {
    const name = newDatabase();
    const old = openShipped(name, 4);
    const written = await fillTables(old, v4Rows());
    expect(old.verno).toBe(4);
    old.close();

    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);
    for (const [table, rows] of Object.entries(written)) expect(await db.table(table).toArray(), table).toEqual(rows);

    const plates = await threadOf(db, PLATES + '#week-2');
    expect(plates.map(({ id: _id, ...item }) => item)).toEqual([
      {
        url: PLATES,
        kind: 'summary',
        label: 'tldr',
        source: 'page',
        text: 'Plates move.',
        created: 5,
        modelId: 'm',
        mode: 'tldr',
        summaryId: 1,
      },
      {
        url: PLATES,
        kind: 'summary',
        label: 'key-points',
        source: 'page',
        text: '- Crust\n- Mantle',
        created: 9,
        modelId: 'm2',
        mode: 'key-points',
        language: 'vi',
        summaryId: 2,
      },
    ]);
    expect((await threadOf(db, CELLS)).map((i) => i.text)).toEqual(['Cells divide.']);
    expect((await summariesOf(db, PLATES)).map((s) => s.id)).toEqual([2, 1]); // still listed, newest first

    // Deleting a migrated summary deletes its card; new summaries and cards join the same thread.
    await deleteSummary(db, 1);
    await saveSummary(db, { url: PLATES, title: 'Plates', mode: 'eli5', text: 'Big rocks move.', modelId: 'm', createdAt: 20 });
    await addThreadItem(db, { url: PLATES, kind: 'answer', label: 'Why?', source: 'page', text: 'Heat.', created: 30, modelId: 'm' });
    expect((await threadOf(db, PLATES)).map((i) => [i.kind, i.text])).toEqual([
      ['summary', '- Crust\n- Mantle'],
      ['summary', 'Big rocks move.'],
      ['answer', 'Heat.'],
    ]);
    db.close();
  });

  it('opens an empty v4 database: an empty thread table', async () => {
    const name = newDatabase('empty');
    const old = openShipped(name, 4);
    await old.open();
    old.close();
    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.threadItems.count()).toBe(0);
    db.close();
  });
});

describe('library answer cards kept before their passages (v5 as a6b5709 shipped it)', () => {
  const OLD_CARD = {
    id: 1,
    url: PLATES,
    kind: 'library-answer',
    label: 'How fast do plates move?',
    source: 'library',
    text: 'A few centimetres a year [1].\n\n**Sources**\n\n1. [Plates](https://ocw.example/geo/plates)',
    created: 5,
    modelId: 'm',
  };

  it('reads them back unchanged, readable, offering no bigger model (and saying why); new cards keep their passages beside them', async () => {
    const name = newDatabase('library-cards');
    const old = openShipped(name, 5);
    await fillTables(old, { threadItems: [OLD_CARD] });
    old.close();

    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5); // the passages are not indexed: no schema change, nothing to rewrite
    const [card] = await threadOf(db, PLATES);
    expect(card).toEqual(OLD_CARD);
    expect(splitLibraryAnswer(card!.text).sources).toEqual([{ title: 'Plates', url: 'https://ocw.example/geo/plates' }]);
    expect([canAskBigger(card!), libraryBiggerBlock(card!)]).toEqual([false, 'old']);

    const passages = [{ title: 'Plates', url: PLATES, headings: ['Speed'], text: 'Plates move a few centimetres a year.' }];
    const { id: _id, ...asked } = card!;
    await addThreadItem(db, { ...asked, created: 9, libraryQuestion: { outputLanguage: '', passages } });
    const cards = await threadOf(db, PLATES);
    expect(cards.map((c) => [canAskBigger(c), libraryBiggerBlock(c)])).toEqual([
      [false, 'old'],
      [true, null],
    ]);
    expect(cards[1]!.libraryQuestion?.passages).toEqual(passages);
    db.close();
  });
});
