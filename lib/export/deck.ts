/** Decks as the panel and the exports see them (stored in Dexie's `decks` table). */
import type { DeckRow } from '../store/db';
import type { ParsedCard } from '../tasks/card-parser';

export type DeckCard = DeckRow['cards'][number];

export function toDeckCard(card: ParsedCard): DeckCard {
  return card.kind === 'flashcard'
    ? { kind: 'flashcard', question: card.question, answer: card.answer, right: 0, wrong: 0 }
    : { kind: 'multiple-choice', question: card.question, answer: card.answer, options: [...card.options], right: 0, wrong: 0 };
}

/** A file name for an export: the deck's title, safe on every system. */
export function exportFileName(title: string, extension: string, fallback = 'locus-deck'): string {
  const base = title
    .normalize('NFKC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[. ]+$/, '');
  return `${base || fallback}.${extension}`;
}
