/**
 * Schema migration v3 → v4 on a real Dexie database (fake-indexeddb): a database written by the
 * previous version, with decks and data in every table, is opened by the current code; every card
 * of every deck joins spaced review as a new card, and nothing is lost: every row of every v3 table
 * is still there, equal, and the decks are reviewed, exported and deleted like new ones.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { createEmptyCard } from 'ts-fsrs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/review/clock';
import { reviewLogToCsv } from '../../lib/review/review-export';
import { answerCard, loadReviewQueue } from '../../lib/review/review-store';
import { LocusDatabase } from '../../lib/store/db';
import { allDecks, deleteDeck } from '../../lib/store/study-records';
import { deckToAnkiCsv } from '../../lib/export/anki-csv';

/** The schema as version 3 shipped it (lib/store/db.ts at 9b58478): a fixture, never to be edited. */
function openV3(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({ settings: '&key' });
  db.version(2).stores({
    pages: '&id, url, course, *tags, site, savedAt',
    chunks: '&id, pageId',
    vectors: '&[model+chunkId], pageId, model',
    summaries: '++id, url, createdAt',
    conversations: '&url, updatedAt',
    decks: '&id, url, createdAt',
    requests: '++id, time, task, where',
    audit: '++id, time',
    consents: '&site',
    providers: '&id',
  });
  db.version(3).stores({ pageTexts: '&pageId', libraryMeta: '&key' });
  return db;
}

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
    settings: [{ key: 'settings', value: { privacyMode: true, idleUnloadMinutes: 7 } }],
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
    summaries: [
      { id: 1, url: 'https://ocw.example/geo/plates', title: 'Plates', mode: 'tldr', text: 'Plates move.', modelId: 'm', createdAt: 5 },
    ],
    conversations: [
      { url: 'https://ocw.example/geo/plates', title: 'Plates', messages: [{ role: 'user', content: 'Why?', at: 6 }], updatedAt: 6 },
    ],
    decks: [DECK_A, DECK_B],
    requests: [{ id: 1, time: 8, task: 'quiz', where: 'local', record: { ok: true } }],
    audit: [
      {
        id: 1,
        time: 9,
        provider: 'x',
        model: 'y',
        destination: 'https://api.example',
        bytes: 10,
        redactions: {},
        payloadSha256: 'a'.repeat(64),
        outcome: 'sent',
      },
    ],
    consents: [{ site: 'ocw.example', providerId: 'x', grantedAt: 10 }],
    providers: [
      {
        id: 'x',
        kind: 'ollama',
        name: 'Local',
        baseUrl: 'http://127.0.0.1:11434',
        model: 'llama',
        apiKey: '',
        inputPricePerMTok: 0,
        outputPricePerMTok: 0,
      },
    ],
  };
  for (const [table, values] of Object.entries(rows)) await db.table(table).bulkAdd(values);
  return rows;
}

let names: string[] = [];
afterEach(async () => {
  for (const name of names) await Dexie.delete(name);
  names = [];
});

describe('schema v3 → v4', () => {
  it('upgrades a v3 database with decks in it: every card gets a new review state, nothing else changes', async () => {
    const name = `locus-review-migration-${process.pid}-${Date.now()}`;
    names.push(name);
    const old = openV3(name);
    const written = await fillV3(old);
    expect(old.verno).toBe(3);
    old.close();

    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
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
    const name = `locus-review-migration-empty-${process.pid}-${Date.now()}`;
    names.push(name);
    const old = openV3(name);
    await old.open();
    old.close();
    const db = new LocusDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.reviewStates.count()).toBe(0);
    db.close();
  });

  it('upgrades straight from v2 too (texts moved, review states made)', async () => {
    const name = `locus-review-migration-v2-${process.pid}-${Date.now()}`;
    names.push(name);
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
