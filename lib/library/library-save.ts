/**
 * Saving a page to the library: its text chunked with the embedding model's tokenizer (a little room
 * kept in each chunk for the page's title and headings), written to IndexedDB with its metadata,
 * added to the in-memory indexes, and handed to the embedding queue. Saving a URL again replaces the
 * page under the same id.
 */
import type { Embedder } from '../engine-api/embedder';
import { statsWithoutText } from '../engine-api/generation-stats';
import { LocusError, cancelled } from '../errors';
import type { ChunkRow } from '../store/db';
import { chunkDocument, type DocumentChunk } from './chunk-document';
import type { Emit, LibraryContext } from './library-context';
import { siteOf } from './library-index';
import { chunkId, type PageMeta } from './library-store';

/** Tokens kept free in each chunk for its context (page title, headings) when it is embedded. */
const CONTEXT_TOKENS = 32;
/** Chunks longer than this cite less precisely; models that read more still get ≤ 256-token chunks. */
const MAX_CHUNK_TOKENS = 256;

export interface SaveInput {
  page: {
    url: string;
    title: string;
    lang: string;
    text: string;
    kind: 'web' | 'pdf';
    pageStarts?: number[] | undefined;
    textOrigin?: 'ocr' | 'transcript' | 'note' | undefined;
    video?: { platform: 'youtube' | 'html5'; marks: Array<{ at: number; t: number }> } | undefined;
  };
  course: string;
  tags: string[];
}

/** Tags trimmed, inner spaces folded, empty ones dropped, each once whatever its case (the first spelling wins). */
export function cleanTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags.map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
    if (!out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  return out;
}

function pageMetaOf(input: SaveInput, id: string, savedAt: number, chunks: number, embeddingModel: string): PageMeta {
  const { page } = input;
  return {
    id,
    url: page.url,
    title: page.title.trim() || page.url,
    lang: page.lang,
    course: input.course.trim(),
    tags: cleanTags(input.tags),
    site: siteOf(page.url),
    kind: page.kind,
    savedAt,
    chars: page.text.length,
    embeddedChunks: 0,
    totalChunks: chunks,
    embeddingModel,
    ...(page.pageStarts?.length ? { pageStarts: page.pageStarts } : {}),
    ...(page.textOrigin ? { textOrigin: page.textOrigin } : {}),
    ...(page.video?.marks.length ? { video: page.video } : {}),
  };
}

function chunkRowsOf(pageId: string, chunks: readonly DocumentChunk[]): ChunkRow[] {
  return chunks.map((c) => ({
    id: chunkId(pageId, c.index),
    pageId,
    start: c.start,
    end: c.end,
    text: c.text,
    headingPath: c.headings,
    tokens: c.tokens,
  }));
}

/** The page's chunks, each small enough to embed with its context; Stop ends the counting at once. */
function chunkForEmbedder(text: string, embedder: Embedder, signal: AbortSignal): Promise<DocumentChunk[]> {
  const maxTokens = Math.max(32, Math.min(embedder.info.maxTokens, MAX_CHUNK_TOKENS) - CONTEXT_TOKENS);
  const count = (s: string) => {
    if (signal.aborted) throw cancelled();
    return embedder.countTokens(s);
  };
  return chunkDocument(text, count, { maxTokens });
}

/** Saves a page (the `library.save` task): `library.saved`, then `done` with the chunking's figures. */
export async function savePage(library: LibraryContext, input: SaveInput, emit: Emit, signal: AbortSignal): Promise<void> {
  const { deps, store, queue } = library;
  const text = input.page.text;
  if (!text.trim()) throw new LocusError('empty-input', 'This page has no text to save.');
  const started = performance.now();
  const release = deps.hold();
  try {
    const embedder = await deps.exclusive(() => deps.prepareEmbedder(emit, signal));
    const chunks = await chunkForEmbedder(text, embedder, signal);
    if (signal.aborted) throw cancelled();
    const index = await library.index();
    const url = input.page.url;
    const existing = [...index.pages.values()].find((p) => p.url === url) ?? (await store.pageByUrl(url));
    if (existing) await queue.forget(existing.id);
    const now = deps.now?.() ?? Date.now();
    const id = existing?.id ?? deps.newId?.() ?? crypto.randomUUID();
    const savedAt = existing ? Math.max(now, existing.savedAt + 1) : now;
    const meta = pageMetaOf(input, id, savedAt, chunks.length, embedder.info.modelId);
    const rows = chunkRowsOf(id, chunks);
    await store.putPage(meta, text, rows);
    index.putPage(meta, rows);
    library.changed();
    emit({ kind: 'library.saved', pageId: id, chunks: rows.length, replaced: Boolean(existing) });
    void queue.kick();
    const promptTokens = rows.reduce((n, r) => n + r.tokens, 0);
    const totalMs = performance.now() - started;
    emit({ kind: 'done', text: '', stats: statsWithoutText(embedder.info, totalMs, { promptTokens, parts: Math.max(1, rows.length) }) });
  } finally {
    release();
  }
}
