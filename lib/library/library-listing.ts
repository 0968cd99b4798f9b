/**
 * The library's list as the panel shows it: pages filtered by course, tag and site, searched by name
 * (title, address, course, tags) and then by their text, newest first; the facets to filter by, the
 * totals with an estimate of the bytes stored, and the queue's status.
 */
import type { LibraryListing, LibraryPageSummary, LibrarySearchFilter } from '../messaging/library-protocol';
import { EmbeddingQueue } from './embedding-queue';
import type { LibraryContext } from './library-context';
import type { LibraryIndex } from './library-index';
import { pageIdOf, type PageMeta } from './library-store';

export interface ListRequest {
  query?: string | undefined;
  filter?: LibrarySearchFilter | undefined;
  limit?: number | undefined;
}

/** A page as the panel sees it (no text, no chunks). */
export function pageSummary(page: PageMeta): LibraryPageSummary {
  return {
    id: page.id,
    url: page.url,
    title: page.title,
    course: page.course,
    tags: [...page.tags],
    site: page.site,
    kind: page.kind,
    savedAt: page.savedAt,
    chars: page.chars,
    totalChunks: page.totalChunks,
    embeddedChunks: page.embeddedChunks,
    embeddingModel: page.embeddingModel,
    ...(page.textOrigin ? { textOrigin: page.textOrigin } : {}),
  };
}

const newestFirst = (a: PageMeta, b: PageMeta) => b.savedAt - a.savedAt;

/** Pages whose names hold the query (newest first), then pages whose text matches it (best first). */
function pagesMatchingQuery(index: LibraryIndex, pages: PageMeta[], query: string): PageMeta[] {
  const allowed = new Set(pages.map((p) => p.id));
  const needle = query.toLowerCase();
  const named = pages.filter((p) => [p.title, p.url, p.course, ...p.tags].some((s) => s.toLowerCase().includes(needle)));
  const byText: PageMeta[] = [];
  const seen = new Set(named.map((p) => p.id));
  for (const hit of index.lexical.search(query, { limit: 2000, filter: (id) => allowed.has(pageIdOf(id)) })) {
    const page = index.pages.get(pageIdOf(hit.id));
    if (!page || seen.has(page.id)) continue;
    seen.add(page.id);
    byText.push(page);
  }
  return [...named.sort(newestFirst), ...byText];
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/** The `library.list` RPC. */
export async function listLibrary(library: LibraryContext, request: ListRequest): Promise<Omit<LibraryListing, 'status'>> {
  const index = await library.index();
  const all = [...index.pages.values()];
  const filtered = index.pagesMatching(request.filter);
  const query = request.query?.trim();
  const pages = query ? pagesMatchingQuery(index, filtered, query) : filtered.sort(newestFirst);
  const counts = await library.store.counts();
  const dims = index.dense?.dims ?? 384;
  // Page texts and chunk texts (UTF-16 at worst, usually one byte per character), vectors and keys.
  const textChars = all.reduce((n, p) => n + p.chars, 0);
  const bytes = Math.round(textChars * 2.3 + counts.chunks * 120 + counts.vectors * (dims + 110) + counts.pages * 400);
  // Pages waiting for vectors (the embedding model was changed, say) and a queue at rest: start it.
  const model = await library.modelId();
  const queue = library.queue;
  if (model && queue.status.state === 'idle' && EmbeddingQueue.pendingPages(index, model).length && !(await queue.isPaused()))
    void queue.kick();
  return {
    pages: pages.slice(0, request.limit ?? 500).map(pageSummary),
    matching: pages.length,
    facets: {
      courses: distinct(all.map((p) => p.course)),
      tags: distinct(all.flatMap((p) => p.tags)),
      sites: distinct(all.map((p) => p.site)),
    },
    totals: { ...counts, bytes },
    storage: (await library.deps.storageEstimate?.().catch(() => null)) ?? null,
  };
}
