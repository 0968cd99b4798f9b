/**
 * What Locus keeps of a student's study, per page (see lib/store/page-key.ts): summaries (a
 * history, newest first), one conversation, and decks of cards with practice results. All in the
 * extension's IndexedDB; nothing here leaves the device.
 */
import { pageKey } from './page-key';
import { addThreadItem } from './thread-records';
import { newReviewState, summaryThreadItem, type ConversationRow, type DeckRow, type LocusDatabase, type SummaryRow } from './db';

/** Summaries kept per page; older ones beyond this are deleted. */
export const MAX_SUMMARIES_PER_PAGE = 30;
/** Messages kept per conversation (the oldest go first). */
export const MAX_MESSAGES_PER_CONVERSATION = 400;

// ── summaries ──────────────────────────────────────────────────────────────────────────────────
/** Keeps a summary, and puts it in its page's study thread as a card. */
export async function saveSummary(db: LocusDatabase, row: Omit<SummaryRow, 'id' | 'url'> & { url: string }): Promise<number> {
  const url = pageKey(row.url);
  return db.transaction('rw', db.summaries, db.threadItems, async () => {
    const id = await db.summaries.add({ ...row, url });
    await addThreadItem(db, summaryThreadItem({ ...row, url }, id));
    const all = await db.summaries.where('url').equals(url).sortBy('createdAt');
    const extra = all.length - MAX_SUMMARIES_PER_PAGE;
    if (extra > 0) await db.summaries.bulkDelete(all.slice(0, extra).map((r) => r.id!));
    return id;
  });
}

/** The page's summaries, newest first. */
export async function summariesOf(db: LocusDatabase, url: string): Promise<SummaryRow[]> {
  const rows = await db.summaries.where('url').equals(pageKey(url)).toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt || (b.id ?? 0) - (a.id ?? 0));
}

/** Deletes a summary and its card in the thread. */
export async function deleteSummary(db: LocusDatabase, id: number): Promise<void> {
  await db.transaction('rw', db.summaries, db.threadItems, async () => {
    const row = await db.summaries.get(id);
    await db.summaries.delete(id);
    if (row)
      await db.threadItems
        .where('url')
        .equals(row.url)
        .filter((item) => item.summaryId === id)
        .delete();
  });
}

// ── conversations ──────────────────────────────────────────────────────────────────────────────
export type ConversationMessage = ConversationRow['messages'][number];

export async function conversationOf(db: LocusDatabase, url: string): Promise<ConversationRow | undefined> {
  return db.conversations.get(pageKey(url));
}

export async function appendMessages(
  db: LocusDatabase,
  page: { url: string; title: string },
  messages: ConversationMessage[],
): Promise<ConversationRow> {
  const url = pageKey(page.url);
  return db.transaction('rw', db.conversations, async () => {
    const current = await db.conversations.get(url);
    const all = [...(current?.messages ?? []), ...messages].slice(-MAX_MESSAGES_PER_CONVERSATION);
    const row: ConversationRow = { url, title: page.title || current?.title || url, messages: all, updatedAt: Date.now() };
    await db.conversations.put(row);
    return row;
  });
}

export async function clearConversation(db: LocusDatabase, url: string): Promise<void> {
  await db.conversations.delete(pageKey(url));
}

// ── decks ──────────────────────────────────────────────────────────────────────────────────────
/** Saves a deck; each of its cards joins spaced review as a new card (a card already there keeps its state). */
export async function saveDeck(db: LocusDatabase, deck: Omit<DeckRow, 'url'> & { url: string }): Promise<DeckRow> {
  const row: DeckRow = { ...deck, url: pageKey(deck.url) };
  await db.transaction('rw', db.decks, db.reviewStates, async () => {
    await db.decks.put(row);
    const have = new Set(await db.reviewStates.where('deckId').equals(row.id).primaryKeys());
    const fresh = row.cards.map((card, i) => newReviewState(row.id, i, card.question, row.createdAt)).filter((s) => !have.has(s.id));
    if (fresh.length) await db.reviewStates.bulkAdd(fresh);
  });
  return row;
}

/** Decks of a page, newest first. */
export async function decksOf(db: LocusDatabase, url: string): Promise<DeckRow[]> {
  const rows = await db.decks.where('url').equals(pageKey(url)).toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

/** Every deck, newest first (for the deck list across pages). */
export async function allDecks(db: LocusDatabase, limit = 50): Promise<DeckRow[]> {
  return db.decks.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** Records a practice result on one card. */
export async function recordPractice(db: LocusDatabase, deckId: string, cardIndex: number, right: boolean): Promise<DeckRow | undefined> {
  return db.transaction('rw', db.decks, async () => {
    const deck = await db.decks.get(deckId);
    const card = deck?.cards[cardIndex];
    if (!deck || !card) return deck;
    if (right) card.right += 1;
    else card.wrong += 1;
    await db.decks.put(deck);
    return deck;
  });
}

/** Deletes a deck with its cards' review states and review history. */
export async function deleteDeck(db: LocusDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.decks, db.reviewStates, db.reviewLogs, async () => {
    await db.decks.delete(id);
    await db.reviewStates.where('deckId').equals(id).delete();
    await db.reviewLogs.where('deckId').equals(id).delete();
  });
}
