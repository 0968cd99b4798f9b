/**
 * A study thread card saved to the library as a note of its page (issue 14: Copy / Save / Ask a
 * bigger model on each card). Pure: what the note is called, where it points, what it holds.
 *
 * A note is kept under its page's address with a `#locus-note-<card>` fragment: its source link
 * opens the page (a fragment does not change which page opens), the page's own library entry (its
 * address without that fragment) stays apart, and saving the same card again replaces its note
 * instead of making a second one (the library saves one entry per address).
 */
import type { LibraryPageInput } from '../library/library-input';
import type { ThreadItemRow } from '../store/db';
import { pageKey } from '../store/page-key';
import { shortQuote } from './thread-items';

export const NOTE_FRAGMENT = 'locus-note-';

/** The cards that can be saved as notes: kept, with text. A deck is kept for Review already. */
export function canSaveAsNote(item: ThreadItemRow): item is ThreadItemRow & { id: number } {
  return item.id !== undefined && item.kind !== 'cards' && item.text.trim() !== '';
}

/** The note's address: the page's, with the card named in the fragment (the page's own fragment dropped). */
export function noteUrl(pageUrl: string, cardId: number): string {
  return `${pageKey(pageUrl)}#${NOTE_FRAGMENT}${cardId}`;
}

/** Whether a library entry's address is a note's. */
export function isNoteUrl(url: string): boolean {
  const at = url.indexOf('#');
  return at >= 0 && url.slice(at + 1).startsWith(NOTE_FRAGMENT);
}

/**
 * A citation of a note (its address, maybe with a text directive): the address to open, without the
 * directive, since the note's words are the card's and not on the page; null for any other citation.
 */
export function noteCitationTarget(citationUrl: string): string | null {
  return isNoteUrl(citationUrl) ? citationUrl.split(':~:')[0]! : null;
}

/** The words a note is made of, in the panel's language (the view passes them: this stays pure). */
export interface NoteWords {
  /** What the card is: "Summary", "Explanation", or a hint's rung ("Hint 2: the concept"). */
  kind: string;
  /** "You asked: …", for answers. */
  asked?: string;
}

/** "Summary · <page title>": what it is, and of which page (its address when it has no title). */
export function noteTitle(kind: string, page: { url: string; title: string }): string {
  return `${kind} · ${page.title.trim() || pageKey(page.url)}`;
}

/** The note's text: the card's, after what was asked or the selection it is about, so both can be found. */
export function noteText(item: ThreadItemRow, words: NoteWords): string {
  const lead = words.asked ? [words.asked] : item.quote ? [`> ${shortQuote(item.quote, 400)}`] : [];
  return [...lead, item.text.trim()].join('\n\n');
}

/**
 * The library entry a card is saved as: a web note of its page, in the language the card is
 * written in (the one asked, else the page's).
 */
export function noteOf(
  item: ThreadItemRow & { id: number },
  page: { url: string; title: string; lang: string },
  words: NoteWords,
): LibraryPageInput {
  return {
    url: noteUrl(item.url, item.id),
    title: noteTitle(words.kind, page),
    lang: item.language || item.pageLang || page.lang,
    text: noteText(item, words),
    kind: 'web',
    textOrigin: 'note',
  };
}
