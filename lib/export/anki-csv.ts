/**
 * A deck as a CSV file Anki imports as it is (File → Import), with the file headers Anki reads
 * (rslib/src/import_export/text/csv/metadata.rs in Anki's source):
 *
 *   #separator:Comma        the separator, before #columns (which is parsed with it)
 *   #html:true              fields are HTML: Locus escapes every card's text itself and writes line
 *                           breaks as <br>. (With #html:false Anki escapes the text but keeps line
 *                           breaks as raw newlines, which a card shows as spaces: a multiple-choice
 *                           question's options would run into one line.)
 *   #notetype:Basic         used when the collection has it; Anki falls back to the current one
 *   #columns:Front,Back,Tags  column names matched to the note type's fields
 *   #tags column:3
 *
 * Records follow RFC 4180: every field quoted, quotes doubled; commas and line breaks stay inside
 * the quotes. Anki's reader treats a record that starts with '#' as a comment; a quoted field
 * starts with '"', so a question beginning with '#' is still imported.
 */
import type { DeckCard } from './deck';

export const ANKI_HEADER = ['#separator:Comma', '#html:true', '#notetype:Basic', '#columns:Front,Back,Tags', '#tags column:3'];

export function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Text as Anki HTML: escaped, line breaks as <br>. */
export function ankiHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n?|\n/g, '<br>');
}

/** An Anki tag: no spaces (they separate tags), nothing Anki would read as hierarchy noise. */
export function ankiTag(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_\-:]+/gu, ' ')
    .trim()
    .replace(/[\s_]+/g, '_')
    .slice(0, 60);
}

export const OPTION_LETTERS = 'ABCDEFGH';

export function cardSides(card: DeckCard): { front: string; back: string } {
  if (card.kind === 'multiple-choice' && card.options?.length) {
    const options = card.options.map((o, i) => `${OPTION_LETTERS[i]}) ${o}`).join('\n');
    const index = card.options.indexOf(card.answer);
    return { front: `${card.question}\n\n${options}`, back: index >= 0 ? `${OPTION_LETTERS[index]}) ${card.answer}` : card.answer };
  }
  return { front: card.question, back: card.answer };
}

export function deckToAnkiCsv(deck: { title: string; cards: readonly DeckCard[] }): string {
  const tags = ['locus', ankiTag(deck.title)].filter(Boolean).join(' ');
  const lines = [...ANKI_HEADER];
  for (const card of deck.cards) {
    const { front, back } = cardSides(card);
    lines.push([ankiHtml(front), ankiHtml(back), tags].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
