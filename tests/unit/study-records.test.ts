/**
 * What Locus keeps per page, on a real Dexie database (fake-indexeddb): summaries (newest first,
 * capped, fragments of a URL are the same page), one conversation (appended, capped), decks with
 * practice results.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LocusDatabase } from '../../lib/store/db';
import {
  MAX_MESSAGES_PER_CONVERSATION,
  MAX_SUMMARIES_PER_PAGE,
  allDecks,
  appendMessages,
  clearConversation,
  conversationOf,
  decksOf,
  deleteSummary,
  recordPractice,
  saveDeck,
  saveSummary,
  summariesOf,
} from '../../lib/store/study-records';
import { pageKey } from '../../lib/store/page-key';

let opened: LocusDatabase[] = [];
let counter = 0;
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-study-test-${process.pid}-${counter}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened) await db.delete();
  opened = [];
});

const URL_A = 'https://ocw.example/rivers?id=4#erosion';

describe('page keys', () => {
  it('drop the fragment, keep the query', () => {
    expect(pageKey(URL_A)).toBe('https://ocw.example/rivers?id=4');
    expect(pageKey('not a url#x')).toBe('not a url');
  });
});

describe('summaries kept with the page', () => {
  it('lists a page’s summaries newest first, whatever fragment the page was opened at', async () => {
    const db = freshDb();
    await saveSummary(db, { url: URL_A, title: 'Rivers', mode: 'tldr', text: 'old', modelId: 'm', createdAt: 1000 });
    await saveSummary(db, {
      url: 'https://ocw.example/rivers?id=4',
      title: 'Rivers',
      mode: 'key-points',
      text: 'new',
      modelId: 'm',
      createdAt: 2000,
      outputLanguage: 'fr',
    });
    await saveSummary(db, { url: 'https://ocw.example/other', title: 'Other', mode: 'tldr', text: 'x', modelId: 'm', createdAt: 3000 });
    const list = await summariesOf(db, 'https://ocw.example/rivers?id=4#deltas');
    expect(list.map((s) => [s.text, s.mode, s.outputLanguage])).toEqual([
      ['new', 'key-points', 'fr'],
      ['old', 'tldr', undefined],
    ]);
    await deleteSummary(db, list[0]!.id!);
    expect((await summariesOf(db, URL_A)).map((s) => s.text)).toEqual(['old']);
  });

  it(`keeps the newest ${MAX_SUMMARIES_PER_PAGE} per page`, async () => {
    const db = freshDb();
    for (let i = 0; i < MAX_SUMMARIES_PER_PAGE + 5; i++)
      await saveSummary(db, { url: URL_A, title: 'R', mode: 'tldr', text: `s${i}`, modelId: 'm', createdAt: i });
    const list = await summariesOf(db, URL_A);
    expect(list).toHaveLength(MAX_SUMMARIES_PER_PAGE);
    expect(list[0]!.text).toBe(`s${MAX_SUMMARIES_PER_PAGE + 4}`);
    expect(list.at(-1)!.text).toBe('s5');
  });
});

describe('the conversation of a page', () => {
  it('appends turns, survives a reopening, is capped, and can be cleared', async () => {
    const db = freshDb();
    await appendMessages(db, { url: URL_A, title: 'Rivers' }, [
      { role: 'user', content: 'What is a delta?', at: 1 },
      { role: 'assistant', content: 'A landform.', at: 2 },
    ]);
    const again = await conversationOf(db, 'https://ocw.example/rivers?id=4');
    expect(again?.messages.map((m) => m.content)).toEqual(['What is a delta?', 'A landform.']);
    for (let i = 0; i < MAX_MESSAGES_PER_CONVERSATION; i++)
      await appendMessages(db, { url: URL_A, title: 'Rivers' }, [{ role: 'user', content: `q${i}`, at: 10 + i }]);
    const row = await conversationOf(db, URL_A);
    expect(row!.messages).toHaveLength(MAX_MESSAGES_PER_CONVERSATION);
    expect(row!.messages.at(-1)!.content).toBe(`q${MAX_MESSAGES_PER_CONVERSATION - 1}`);
    await clearConversation(db, URL_A);
    expect(await conversationOf(db, URL_A)).toBeUndefined();
  });
});

describe('decks', () => {
  it('are kept per page, newest first, and record practice results per card', async () => {
    const db = freshDb();
    const card = { kind: 'flashcard' as const, question: 'Q?', answer: 'A.', right: 0, wrong: 0 };
    await saveDeck(db, { id: 'd1', url: URL_A, title: 'Rivers', createdAt: 1, cards: [card, { ...card, question: 'Q2?' }] });
    await saveDeck(db, { id: 'd2', url: URL_A, title: 'Rivers 2', createdAt: 2, cards: [card] });
    await saveDeck(db, { id: 'd3', url: 'https://ocw.example/other', title: 'Other', createdAt: 3, cards: [card] });
    expect((await decksOf(db, URL_A)).map((d) => d.id)).toEqual(['d2', 'd1']);
    expect((await allDecks(db)).map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
    await recordPractice(db, 'd1', 1, true);
    await recordPractice(db, 'd1', 1, false);
    await recordPractice(db, 'd1', 1, true);
    const d1 = (await decksOf(db, URL_A)).find((d) => d.id === 'd1')!;
    expect(d1.cards.map((c) => [c.right, c.wrong])).toEqual([
      [0, 0],
      [2, 1],
    ]);
    expect(await recordPractice(db, 'nope', 0, true)).toBeUndefined();
  });
});
