/**
 * Schema migration v3 → v4 on a real Dexie database (fake-indexeddb): a database written by the
 * previous version, with decks and data in every table, is opened by the current code; every card
 * of every deck joins spaced review as a new card, and nothing is lost: every row of every v3 table
 * is still there, equal, and the decks are reviewed, exported and deleted like new ones.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { createEmptyCard } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/review/clock';
import { reviewLogToCsv } from '../../lib/review/review-export';
import { answerCard, loadReviewQueue } from '../../lib/review/review-store';
import { LocusDatabase } from '../../lib/store/db';
import { fillTables, openShipped, throwawayDatabases, untouchedRows } from '../support/shipped-schemas';
import { allDecks, deleteDeck } from '../../lib/store/study-records';
import { deckToAnkiCsv } from '../../lib/export/anki-csv';

const DECK_A = {
  id: 'd1',
  url: 'https://ocw.example/geo/plates',
  title: 'Plates · flashcards',
  createdAt: 1_700_000_000_000,
  cards: [
    { kind: 'flashcard', question: 'What moves the plates?', answer: 'Mantle convection', right: 2, wrong: 1 },
    { kind: 'flashcard', question: 'Where is crust made?', answer: 'At divergent boundaries', right: 0, wrong: 0 },
  ],
};
const DECK_B = {
  id: 'd2',
  url: 'https://lms.example/bio/cells',
  title: 'Cells · quiz',
  createdAt: 1_700_000_500_000,
  cards: [
    {
      kind: 'multiple-choice',
      question: 'Which organelle makes ATP?',
      answer: 'Mitochondrion',
      options: ['Nucleus', 'Mitochondrion', 'Ribosome'],
      right: 1,
      wrong: 0,
    },
  ],
};

/** One or more rows in every v3 table. */
async function fillV3(db: Dexie): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {
    ...untouchedRows(),
    pages: [
      {
        id: 'p1',
        url: 'https://ocw.example/geo/plates',
        title: 'Plates',
        lang: 'en',
        course: 'Geology',
        tags: ['exam 1'],
        site: 'ocw.example',
        kind: 'web',
        savedAt: 1000,
        chars: 20,
        embeddedChunks: 1,
        totalChunks: 1,
        embeddingModel: 'Xenova/all-MiniLM-L6-v2',
      },
    ],
    pageTexts: [{ pageId: 'p1', text: 'Plates move slowly.' }],
    libraryMeta: [{ key: 'queue', value: { paused: false } }],
    chunks: [{ id: 'p1:0', pageId: 'p1', start: 0, end: 19, text: 'Plates move slowly.', headingPath: [], tokens: 5 }],
    vectors: [{ model: 'Xenova/all-MiniLM-L6-v2', chunkId: 'p1:0', pageId: 'p1', data: Int8Array.from([1, -2, 3]), scale: 0.01 }],
    decks: [DECK_A, DECK_B],
  };
  return fillTables(db, rows);
}

const newDatabase = throwawayDatabases('locus-review-migration');

describe('schema v3 → v4', () => {
  it('upgrades a v3 database with decks in it: every card gets a new review state, nothing else changes', async () => {
    const name = newDatabase();
    const old = openShipped(name, 3);
    const written = await fillV3(old);
    expect(old.verno).toBe(3);
    old.close();

    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5); // v5 (study threads) follows; see thread-migration.test.ts
    for (const [table, rows] of Object.entries(written)) expect(await db.table(table).toArray(), table).toEqual(rows);

    const states = await db.reviewStates.orderBy('id').toArray();
    expect(states.map((s) => s.id)).toEqual(['d1#0', 'd1#1', 'd2#0']);
    const empty = createEmptyCard(new Date(DECK_A.createdAt));
    for (const s of states) {
      const deck = s.deckId === 'd1' ? DECK_A : DECK_B;
      expect(s).toEqual({
        id: `${deck.id}#${s.cardIndex}`,
        deckId: deck.id,
        cardIndex: s.cardIndex,
        question: deck.cards[s.cardIndex]!.question,
        addedAt: deck.createdAt,
        due: deck.createdAt,
        stability: empty.stability,
        difficulty: empty.difficulty,
        elapsedDays: empty.elapsed_days,
        scheduledDays: empty.scheduled_days,
        learningSteps: empty.learning_steps,
        reps: empty.reps,
        lapses: empty.lapses,
        state: 'new',
        lastReview: null,
      });
    }
    expect(await db.reviewLogs.count()).toBe(0);
    expect(await db.ocrPages.count()).toBe(0);
    expect(await db.reviewStates.where('deckId').equals('d1').count()).toBe(2);

    // The old decks are reviewed like new ones, exported as before, deleted with their reviews.
    const clock = new ManualClock(Date.UTC(2026, 0, 10, 10));
    const ctx = { db, clock, limits: { newPerDay: 20, reviewsPerDay: 200 }, day: { timeZone: 'UTC' } };
    const queue = await loadReviewQueue(ctx);
    expect(queue.cards.map((c) => c.id)).toEqual(['d1#0', 'd1#1', 'd2#0']); // oldest deck first
    await answerCard(ctx, 'd2#0', 'good');
    expect(reviewLogToCsv(await db.reviewLogs.toArray(), await allDecks(db)).split('\n')[1]).toContain('Which organelle makes ATP?');
    expect(deckToAnkiCsv((await db.decks.get('d1'))!)).toContain('"What moves the plates?"');
    await deleteDeck(db, 'd2');
    expect(await db.reviewStates.count()).toBe(2);
    expect(await db.reviewLogs.count()).toBe(0);
    db.close();
  });

  it('opens an empty v3 database and a new one alike', async () => {
    const name = newDatabase('empty');
    const old = openShipped(name, 3);
    await old.open();
    old.close();
    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(5); // v5 (study threads) follows; see thread-migration.test.ts
    expect(await db.reviewStates.count()).toBe(0);
    db.close();
  });

  it('upgrades straight from v2 too (texts moved, review states made)', async () => {
    const name = newDatabase('v2');
    const v2 = new Dexie(name);
    v2.version(1).stores({ settings: '&key' });
    v2.version(2).stores({ decks: '&id, url, createdAt', pages: '&id, url, course, *tags, site, savedAt' });
    await v2.table('decks').add(DECK_A);
    v2.close();
    const db = new LocusDatabase(name);
    await db.open();
    expect(await db.reviewStates.count()).toBe(2);
    expect(await db.decks.get('d1')).toEqual(DECK_A);
    db.close();
  });
});
