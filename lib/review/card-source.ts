/**
 * A card's link to the passage it came from, so a review can open the page scrolled to it and
 * highlighted (the library's citation machinery: a text fragment, then the content script's
 * relocation), a PDF at its page, a video at the time the passage is said.
 *
 * The model writes cards without saying where each came from, so the passage is found afterwards:
 * the page's passages ranked by BM25 against the card's question and answer (lib/study/passages.ts);
 * a card that matches nothing keeps no source rather than a wrong one.
 */
import { citationUrl } from '../library/citations';
import { pdfPageOf, pdfPageUrl, withoutFragment } from '../library/pdf-pages';
import type { CardSourceRow, DeckRow } from '../store/db';
import { rankPassages, splitPassages, type Passage } from '../tasks/passages';
import { timeOfSpan, videoTimeUrl, type TimeMark, type VideoPlatform } from '../video/transcript';

export interface SourcePage {
  url: string;
  text: string;
  kind: 'web' | 'pdf' | 'video';
  /** PDFs: where each page starts in `text`. */
  pageStarts?: readonly number[];
  /** Videos: segment times (lib/video/transcript.ts) and where the video plays. */
  marks?: readonly TimeMark[];
  platform?: VideoPlatform;
}

/** Passages are kept short enough to highlight: a card comes from a paragraph, not a chapter. */
const PASSAGE_CHARS = 600;

/**
 * The page's paragraphs (runs of non-blank lines), each with the heading above it, a long one cut
 * into pieces of about PASSAGE_CHARS at sentence ends. Unlike the passages of a prompt, paragraphs
 * are never packed together: a card points at one of them.
 */
export function paragraphsOf(text: string): Passage[] {
  const out: Passage[] = [];
  let heading = '';
  for (const m of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const block = m[0].trim();
    if (!block) continue;
    const start = m.index + m[0].indexOf(block);
    const h = /^#{1,6}\s+(.+)$/.exec(block);
    if (h) {
      heading = h[1]!.trim();
      continue;
    }
    for (const piece of splitPassages(block, PASSAGE_CHARS)) {
      out.push({ start: start + piece.start, end: start + piece.end, text: piece.text, heading, index: out.length });
    }
  }
  return out;
}

/** The source record of `text.slice(start, end)` of a page. */
export function sourceAt(page: SourcePage, start: number, end: number): CardSourceRow {
  const text = page.text.slice(start, end);
  if (page.kind === 'pdf') {
    const pdfPage = pdfPageOf(page.text, start, page.pageStarts);
    return {
      url: page.url,
      kind: 'pdf',
      start,
      end,
      text,
      citationUrl: pdfPage ? pdfPageUrl(page.url, pdfPage) : withoutFragment(page.url),
      ...(pdfPage ? { pdfPage } : {}),
    };
  }
  if (page.kind === 'video') {
    const seconds = timeOfSpan(page.text, page.marks ?? [], start, end) ?? 0;
    return {
      url: page.url,
      kind: 'video',
      start,
      end,
      text,
      citationUrl: videoTimeUrl(page.url, seconds, page.platform ?? 'html5'),
      seconds,
    };
  }
  return { url: page.url, kind: 'web', start, end, text, citationUrl: citationUrl(page.url, page.text, start, end) };
}

/** The passage of `page` a card most likely came from, or undefined when none shares its words. */
export function locateCardSource(
  page: SourcePage,
  card: { question: string; answer: string; options?: readonly string[] },
): CardSourceRow | undefined {
  if (!page.text.trim()) return undefined;
  const passages = paragraphsOf(page.text);
  // The answer says what the passage says; the question adds the topic.
  const query = `${card.question} ${card.answer} ${card.answer}`;
  const best = rankPassages(passages, query)
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score || a.start - b.start)[0];
  return best ? sourceAt(page, best.start, best.end) : undefined;
}

/** Sources for every card of a new deck made from `page` (cards keep any source they already have). */
export function withCardSources<C extends DeckRow['cards'][number]>(cards: readonly C[], page: SourcePage): C[] {
  return cards.map((card) => {
    if (card.source) return card;
    const source = locateCardSource(page, card);
    return source ? { ...card, source } : card;
  });
}

/** What opening a card's source needs (lib/panel/open-citation.ts takes `citationUrl`, `kind`, `text`). */
export interface CardSourceLink {
  citationUrl: string;
  kind: 'web' | 'pdf';
  /** The passage to highlight (or, for a card without a source, its answer: found if it is on the page). */
  text: string;
  /** Videos: where to seek once the page is open. */
  seconds: number | null;
  /** False when the card has no recorded source (decks made before sources existed). */
  exact: boolean;
}

export function cardSourceLink(deck: Pick<DeckRow, 'url'>, card: DeckRow['cards'][number]): CardSourceLink {
  const s = card.source;
  if (s)
    return { citationUrl: s.citationUrl, kind: s.kind === 'pdf' ? 'pdf' : 'web', text: s.text, seconds: s.seconds ?? null, exact: true };
  const kind = /\.pdf(?:$|[?#])/i.test(deck.url) ? 'pdf' : 'web';
  return { citationUrl: deck.url, kind, text: card.answer, seconds: null, exact: false };
}
