/**
 * A page's study thread (v5): its cards, oldest first, kept in the extension's IndexedDB per page
 * (lib/store/page-key.ts). Nothing here leaves the device.
 */
import Dexie from 'dexie';
import { pageKey } from './page-key';
import type { LocusDatabase, ThreadItemRow } from './db';

/** Cards kept per page; the oldest beyond this are deleted. */
export const MAX_THREAD_ITEMS_PER_PAGE = 100;

/** The page's thread, oldest first (ties in time: in the order they were added). */
export async function threadOf(db: LocusDatabase, url: string): Promise<ThreadItemRow[]> {
  const key = pageKey(url);
  const rows = await db.threadItems.where('[url+created]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray();
  return rows.sort((a, b) => a.created - b.created || (a.id ?? 0) - (b.id ?? 0));
}

/** Adds a card to its page's thread (in a transaction of the caller's, or its own). */
export async function addThreadItem(db: LocusDatabase, item: Omit<ThreadItemRow, 'id'>): Promise<number> {
  const url = pageKey(item.url);
  return db.transaction('rw', db.threadItems, async () => {
    const id = await db.threadItems.add({ ...item, url });
    const keys = await db.threadItems.where('[url+created]').between([url, Dexie.minKey], [url, Dexie.maxKey]).primaryKeys();
    const extra = keys.length - MAX_THREAD_ITEMS_PER_PAGE;
    if (extra > 0) await db.threadItems.bulkDelete(keys.slice(0, extra));
    return id;
  });
}

export async function deleteThreadItem(db: LocusDatabase, id: number): Promise<void> {
  await db.threadItems.delete(id);
}
