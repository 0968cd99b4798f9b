/**
 * PDF pages of saved text: which page an offset falls on, and the address that opens a PDF there
 * (`#page=N`, which Chromium's and Firefox's viewers follow). Used by the library's sources and by
 * review cards' sources alike, so a citation and a card open the same page for the same passage.
 */

/**
 * The page (from 1) that the offset `start` falls on: from the capture's page starts when it gave
 * them, else by counting the form feeds before it (null when the text has none).
 */
export function pdfPageOf(text: string, start: number, pageStarts?: readonly number[]): number | null {
  if (pageStarts?.length) {
    let page = 0;
    while (page + 1 < pageStarts.length && pageStarts[page + 1]! <= start) page += 1;
    return page + 1;
  }
  if (!text.includes('\f')) return null;
  let n = 1;
  for (let i = text.indexOf('\f'); i >= 0 && i < start; i = text.indexOf('\f', i + 1)) n += 1;
  return n;
}

/** `url` without its fragment (`#…`). */
export function withoutFragment(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}

/** The address that opens the PDF at `url` on page `page` (any fragment it had is replaced). */
export function pdfPageUrl(url: string, page: number): string {
  return `${withoutFragment(url)}#page=${page}`;
}
