/**
 * Schema migration v2 → v3 on a real Dexie database (fake-indexeddb): a database written by the
 * previous version, with data in every table, is opened by the current code; the upgrade moves each
 * page's text to `pageTexts` and nothing is lost: every row of every table is still there, equal,
 * and the library reads the upgraded pages (search finds their text, citations map back into it).
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LibraryIndex } from '../../lib/library/library-index';
import { LibraryStore } from '../../lib/library/library-store';
import { LocusDatabase } from '../../lib/store/db';
import { fillTables, openShipped, throwawayDatabases, untouchedRows } from '../support/shipped-schemas';

const TEXT_A =
  '# Plate tectonics\n\nThe lithosphere is broken into plates that move a few centimeters per year.\n\n## Boundaries\n\nAt divergent boundaries new crust forms; at convergent ones it is subducted.';
const TEXT_B = 'Office hours are on Tuesdays. The final exam covers chapters three to seven.';

/** One row in every v2 table (two pages with chunks and vectors). */
async function fillV2(db: Dexie): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {
    ...untouchedRows(),
    pages: [
      {
        id: 'p1',
        url: 'https://ocw.example/geo/plates',
        title: 'Plates',
        lang: 'en',
        course: 'Geology',
        tags: ['exam 1', 'week 2'],
        site: 'ocw.example',
        kind: 'web',
        savedAt: 1000,
        text: TEXT_A,
        embeddedChunks: 2,
        totalChunks: 2,
        embeddingModel: 'Xenova/all-MiniLM-L6-v2',
      },
      {
        id: 'p2',
        url: 'https://lms.example/course/info',
        title: 'Info',
        lang: 'en',
        course: '',
        tags: [],
        site: 'lms.example',
        kind: 'web',
        savedAt: 2000,
        text: TEXT_B,
        embeddedChunks: 0,
        totalChunks: 1,
        embeddingModel: 'Xenova/all-MiniLM-L6-v2',
      },
    ],
    chunks: [
      { id: 'p1:0', pageId: 'p1', start: 0, end: 94, text: TEXT_A.slice(0, 94), headingPath: ['Plate tectonics'], tokens: 20 },
      {
        id: 'p1:1',
        pageId: 'p1',
        start: 96,
        end: TEXT_A.length,
        text: TEXT_A.slice(96),
        headingPath: ['Plate tectonics', 'Boundaries'],
        tokens: 18,
      },
      { id: 'p2:0', pageId: 'p2', start: 0, end: TEXT_B.length, text: TEXT_B, headingPath: [], tokens: 14 },
    ],
    vectors: [
      { model: 'Xenova/all-MiniLM-L6-v2', chunkId: 'p1:0', pageId: 'p1', data: Int8Array.from([1, -2, 3, 127]), scale: 0.01 },
      { model: 'Xenova/all-MiniLM-L6-v2', chunkId: 'p1:1', pageId: 'p1', data: Int8Array.from([-127, 5, 0, 9]), scale: 0.02 },
    ],
    decks: [
      {
        id: 'd1',
        url: 'https://ocw.example/geo/plates',
        title: 'Plates',
        createdAt: 7,
        cards: [{ kind: 'flashcard', question: 'Q', answer: 'A', right: 1, wrong: 0 }],
      },
    ],
  };
  return fillTables(db, rows);
}

const newDatabase = throwawayDatabases('locus-migration');

describe('schema v2 → v3', () => {
  it('upgrades a v2 database with data in every table, losing nothing', async () => {
    const name = newDatabase();
    const old = openShipped(name, 2);
    const written = await fillV2(old);
    expect(old.verno).toBe(2);
    old.close();

    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5); // v4 (spaced review), v5 (study threads) follow v3
    // Every table but pages: exactly as written.
    for (const [table, rows] of Object.entries(written)) {
      if (table === 'pages') continue;
      expect(await db.table(table).toArray(), table).toEqual(rows);
    }
    // Pages: the same rows, their text now in pageTexts (with its length on the page row).
    const pages = await db.pages.orderBy('id').toArray();
    expect(pages).toEqual(
      (written.pages as Array<Record<string, unknown> & { text: string }>).map(({ text, ...page }) => ({ ...page, chars: text.length })),
    );
    expect(await db.pageTexts.toArray()).toEqual([
      { pageId: 'p1', text: TEXT_A },
      { pageId: 'p2', text: TEXT_B },
    ]);
    // The indexes still answer (v2 indexes kept, v3 tables usable).
    expect(await db.pages.where('tags').equals('exam 1').primaryKeys()).toEqual(['p1']);
    expect(await db.vectors.where('pageId').equals('p1').count()).toBe(2);
    await db.libraryMeta.put({ key: 'k', value: 1 });
    // …and v4 on top: the deck's card has joined spaced review.
    expect(await db.reviewStates.toCollection().primaryKeys()).toEqual(['d1#0']);

    // The library reads the upgraded data: its search finds the pages' words, offsets still map.
    const store = new LibraryStore(db);
    const index = await LibraryIndex.load(store, 'Xenova/all-MiniLM-L6-v2');
    expect(index.pages.size).toBe(2);
    const [hit] = index.search({ text: 'subducted crust at convergent boundaries' });
    expect(hit?.id).toBe('p1:1');
    const chunk = (await store.chunks([hit!.id]))[0]!;
    expect((await store.pageText('p1'))!.slice(chunk.start, chunk.end)).toBe(chunk.text);
    db.close();
  });

  it('opens an empty v2 database and a new one alike', async () => {
    const name = newDatabase('empty');
    const old = openShipped(name, 2);
    await old.open();
    old.close();
    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5); // v4 (spaced review), v5 (study threads) follow v3
    expect(await db.pages.count()).toBe(0);
    expect(await db.pageTexts.count()).toBe(0);
    db.close();
  });
});
