/**
 * The sources an answer from the library may cite: each retrieved passage with its page, headings
 * and the address that opens it where it stands (a text fragment on a web page, `#page=` in a PDF,
 * the moment in a lecture video).
 */
import type { LibrarySource } from '../messaging/library-protocol';
import type { HybridHit } from '../search/fusion';
import type { ChunkRow } from '../store/db';
import { timeOfSpan, videoTimeUrl } from '../video/transcript';
import { citationUrl } from './citations';
import type { LibraryIndex } from './library-index';
import { pageIdOf, type LibraryStore, type PageMeta } from './library-store';
import { pdfPageOf, pdfPageUrl } from './pdf-pages';

/** Where a passage opens: the video's moment, the PDF's page, or the web page's text fragment (the page when none fits). */
function passageUrl(page: PageMeta, text: string, row: ChunkRow, pdfPage: number | null, seconds: number | null): string {
  if (seconds !== null && page.video) return videoTimeUrl(page.url, seconds, page.video.platform);
  if (page.kind === 'pdf') return pdfPage ? pdfPageUrl(page.url, pdfPage) : page.url;
  return text.slice(row.start, row.end) === row.text ? citationUrl(page.url, text, row.start, row.end) : page.url;
}

/** The sources an answer may cite, with their passages and the URLs that open them, numbered from 1. */
export async function sourcesFor(index: LibraryIndex, store: LibraryStore, hits: readonly HybridHit[]): Promise<LibrarySource[]> {
  const rows = await store.chunks(hits.map((h) => h.id));
  const texts = new Map<string, string>();
  const sources: LibrarySource[] = [];
  for (const [i, hit] of hits.entries()) {
    const row = rows[i];
    const page = index.pages.get(pageIdOf(hit.id));
    if (!row || !page) continue;
    if (!texts.has(page.id)) texts.set(page.id, (await store.pageText(page.id)) ?? '');
    const text = texts.get(page.id)!;
    const pdfPage = page.kind === 'pdf' ? pdfPageOf(text, row.start, page.pageStarts) : null;
    // A video's transcript: the passage opens the video where it is said.
    const seconds = page.video ? timeOfSpan(text, page.video.marks, row.start, row.end) : null;
    sources.push({
      n: sources.length + 1,
      chunkId: hit.id,
      pageId: page.id,
      title: page.title,
      url: page.url,
      kind: page.kind,
      headings: [...row.headingPath],
      text: row.text,
      start: row.start,
      end: row.end,
      citationUrl: passageUrl(page, text, row, pdfPage, seconds),
      pdfPage,
      ...(page.video ? { seconds } : {}),
      coverage: hit.lexical?.coverage ?? 0,
      cosine: hit.dense?.score ?? null,
    });
  }
  return sources;
}
