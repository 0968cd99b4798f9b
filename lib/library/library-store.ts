/**
 * The library's rows in IndexedDB (lib/store/db.ts, schema v3): pages (small rows), their texts,
 * chunks, and int8 vectors per embedding model. Every write that must stay consistent with another
 * is one transaction: a page with its text and chunks; a batch of vectors with the page's progress
 * counter (so `embeddedChunks` always equals the vectors stored, which is what resuming relies on).
 * Writes are batched (bulkPut of whole batches), reads are paged by primary key (no cursor held
 * across awaits, so 200,000 chunks stream through without a long transaction).
 */
import type { ChunkRow, LocusDatabase, SavedPageRow, VectorRow } from '../store/db';

/** A page as the library keeps it in memory and lists it: the row without any text. */
export type PageMeta = Omit<SavedPageRow, 'text' | 'chars'> & { chars: number };

export const chunkId = (pageId: string, index: number): string => `${pageId}:${index}`;

export function pageIdOf(id: string): string {
  const at = id.lastIndexOf(':');
  return at < 0 ? id : id.slice(0, at);
}

export function chunkIdsOf(page: Pick<PageMeta, 'id' | 'totalChunks'>, from = 0, to = page.totalChunks): string[] {
  const ids: string[] = [];
  for (let i = from; i < to; i++) ids.push(chunkId(page.id, i));
  return ids;
}

export function toMeta(row: SavedPageRow): PageMeta {
  const { text, chars, ...rest } = row;
  return { ...rest, chars: chars ?? (typeof text === 'string' ? text.length : 0) };
}

export interface VectorInput {
  chunkId: string;
  data: Int8Array;
  scale: number;
}

export interface Counts {
  pages: number;
  chunks: number;
  vectors: number;
}

const READ_BATCH = 2000;

export class LibraryStore {
  constructor(readonly db: LocusDatabase) {}

  async allPages(): Promise<PageMeta[]> {
    const out: PageMeta[] = [];
    let last: string | undefined;
    for (;;) {
      const batch = await (last === undefined ? this.db.pages.orderBy(':id') : this.db.pages.where(':id').above(last)).limit(500).toArray();
      if (!batch.length) return out;
      for (const row of batch) out.push(toMeta(row));
      last = batch.at(-1)!.id;
    }
  }

  async page(id: string): Promise<PageMeta | undefined> {
    const row = await this.db.pages.get(id);
    return row ? toMeta(row) : undefined;
  }

  async pageByUrl(url: string): Promise<PageMeta | undefined> {
    const row = await this.db.pages.where('url').equals(url).first();
    return row ? toMeta(row) : undefined;
  }

  async pageText(id: string): Promise<string | undefined> {
    return (await this.db.pageTexts.get(id))?.text;
  }

  /**
   * Saves a page with its text and chunks, replacing whatever was stored under its id (old chunks
   * and vectors included): one transaction, so a page is never half saved.
   */
  async putPage(meta: PageMeta, text: string, chunks: ChunkRow[]): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.pages, db.pageTexts, db.chunks, db.vectors], async () => {
      await db.chunks.where('pageId').equals(meta.id).delete();
      await db.vectors.where('pageId').equals(meta.id).delete();
      await db.pages.put({ ...meta });
      await db.pageTexts.put({ pageId: meta.id, text });
      for (let i = 0; i < chunks.length; i += 1000) await db.chunks.bulkPut(chunks.slice(i, i + 1000));
    });
  }

  /** Chunks [from, to) of a page, in order (missing ones skipped). */
  async chunksOf(page: Pick<PageMeta, 'id' | 'totalChunks'>, from = 0, to = page.totalChunks): Promise<ChunkRow[]> {
    const rows = await this.db.chunks.bulkGet(chunkIdsOf(page, from, to));
    return rows.filter((r): r is ChunkRow => r !== undefined);
  }

  async chunks(ids: string[]): Promise<Array<ChunkRow | undefined>> {
    return this.db.chunks.bulkGet(ids);
  }

  /**
   * Stores a batch of a page's vectors and its new progress in one transaction. Returns false (and
   * writes nothing) when the page is gone or was replaced since `expected` was read.
   */
  async addVectors(
    expected: Pick<PageMeta, 'id' | 'savedAt' | 'totalChunks'>,
    model: string,
    vectors: VectorInput[],
    embeddedChunks: number,
  ): Promise<boolean> {
    const { db } = this;
    return db.transaction('rw', [db.pages, db.vectors], async () => {
      const page = await db.pages.get(expected.id);
      if (!page || page.savedAt !== expected.savedAt || page.totalChunks !== expected.totalChunks) return false;
      await db.vectors.bulkPut(
        vectors.map((v): VectorRow => ({ model, chunkId: v.chunkId, pageId: expected.id, data: v.data, scale: v.scale })),
      );
      await db.pages.update(expected.id, { embeddedChunks, embeddingModel: model });
      return true;
    });
  }

  /** Starts a page's embedding over for `model`: its vectors deleted, progress 0. */
  async resetEmbedding(pageId: string, model: string): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.pages, db.vectors], async () => {
      await db.vectors.where('pageId').equals(pageId).delete();
      await db.pages.update(pageId, { embeddedChunks: 0, embeddingModel: model });
    });
  }

  /** Deletes pages with their texts, chunks and vectors; returns what was removed. */
  async deletePages(ids: string[]): Promise<Counts> {
    const { db } = this;
    return db.transaction('rw', [db.pages, db.pageTexts, db.chunks, db.vectors], async () => {
      const removed: Counts = { pages: 0, chunks: 0, vectors: 0 };
      for (const id of ids) {
        if (!(await db.pages.get(id))) continue;
        removed.pages += 1;
        removed.chunks += await db.chunks.where('pageId').equals(id).delete();
        removed.vectors += await db.vectors.where('pageId').equals(id).delete();
        await db.pageTexts.delete(id);
        await db.pages.delete(id);
      }
      return removed;
    });
  }

  /** Rows as IndexedDB holds them: the figures the Library tab shows. */
  async counts(): Promise<Counts> {
    const [pages, chunks, vectors] = await Promise.all([this.db.pages.count(), this.db.chunks.count(), this.db.vectors.count()]);
    return { pages, chunks, vectors };
  }

  /** Every chunk, in primary-key order, `READ_BATCH` at a time. */
  async eachChunk(visit: (rows: ChunkRow[]) => void | Promise<void>, pageIds?: readonly string[]): Promise<void> {
    if (pageIds) {
      for (const id of pageIds) await visit(await this.db.chunks.where('pageId').equals(id).toArray());
      return;
    }
    let last: string | undefined;
    for (;;) {
      const batch = await (last === undefined ? this.db.chunks.orderBy(':id') : this.db.chunks.where(':id').above(last))
        .limit(READ_BATCH)
        .toArray();
      if (!batch.length) return;
      await visit(batch);
      last = batch.at(-1)!.id;
    }
  }

  /** Every vector of `model`, `READ_BATCH` at a time. */
  async eachVector(model: string, visit: (rows: VectorRow[]) => void | Promise<void>): Promise<void> {
    let last: [string, string] = [model, ''];
    for (;;) {
      const batch = await this.db.vectors
        .where('[model+chunkId]')
        .between(last, [model, '\uffff'], false, true)
        .limit(READ_BATCH)
        .toArray();
      if (!batch.length) return;
      await visit(batch);
      last = [model, batch.at(-1)!.chunkId];
    }
  }

  async meta<T>(key: string): Promise<T | undefined> {
    return (await this.db.libraryMeta.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.libraryMeta.put({ key, value });
  }

  async deleteMeta(key: string): Promise<void> {
    await this.db.libraryMeta.delete(key);
  }
}
