/**
 * The review history as files a student keeps.
 *
 * Anki's text import (File → Import of a .csv/.txt) takes notes only: its file headers are
 * separator, html, tags, columns, notetype, deck and the notetype/deck/tags/guid columns
 * (docs.ankiweb.net/importing/text-files.html#file-headers); no header or column carries scheduling
 * or review history, which Anki imports only from its own .apkg/.colpkg packages. So the Anki CSV
 * export (lib/study/anki-csv.ts) stays as it is, cards arrive in Anki as new, and the history is a
 * separate file:
 *  - `reviewLogToCsv`: one row per answer (RFC 4180, a header row), readable in any spreadsheet;
 *    the rating is also given as Anki's button number (1 Again … 4 Easy, as in Anki's revlog);
 *  - `reviewHistoryToJson`: every deck's cards with their FSRS state and answers, and the FSRS
 *    parameters used: everything needed to rebuild the schedule elsewhere;
 *  - `reviewScheduleMarkdown`: a "Review schedule" section for the deck's Markdown export.
 */
import type { DeckRow, ReviewLogRow, ReviewStateRow } from '../store/db';
import { csvField } from '../export/anki-csv';
import { escapeMarkdownLine } from '../export/markdown-export';
import type { FSRSParameters } from 'ts-fsrs';

const RATING_NUMBER: Record<ReviewLogRow['rating'], number> = { again: 1, hard: 2, good: 3, easy: 4 };
const RATING_WORD: Record<ReviewLogRow['rating'], string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

export const REVIEW_LOG_COLUMNS = [
  'card_id',
  'deck',
  'card',
  'question',
  'reviewed_at',
  'rating',
  'ease',
  'state_before',
  'due_before',
  'elapsed_days',
  'scheduled_days',
  'stability',
  'difficulty',
  'next_due',
  'state_after',
  'duration_ms',
] as const;

function iso(t: number): string {
  return new Date(t).toISOString();
}

function number(n: number, digits = 4): string {
  return Number.isFinite(n) ? String(Math.round(n * 10 ** digits) / 10 ** digits) : '';
}

/** One CSV row per answer, oldest first. `decks` gives each row its deck title and question. */
export function reviewLogToCsv(logs: readonly ReviewLogRow[], decks: readonly Pick<DeckRow, 'id' | 'title' | 'cards'>[]): string {
  const byId = new Map(decks.map((d) => [d.id, d]));
  const lines = [REVIEW_LOG_COLUMNS.join(',')];
  for (const log of [...logs].sort((a, b) => a.review - b.review || (a.id ?? 0) - (b.id ?? 0))) {
    const deck = byId.get(log.deckId);
    const fields = [
      log.cardId,
      deck?.title ?? '',
      String(log.cardIndex + 1),
      deck?.cards[log.cardIndex]?.question ?? '',
      iso(log.review),
      RATING_WORD[log.rating],
      String(RATING_NUMBER[log.rating]),
      log.stateBefore,
      iso(log.dueBefore),
      number(log.elapsedDays),
      number(log.scheduledDays),
      number(log.stabilityAfter),
      number(log.difficultyAfter),
      iso(log.dueAfter),
      log.stateAfter,
      log.durationMs === undefined ? '' : String(log.durationMs),
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface ReviewHistoryFile {
  format: 'locus-review-history';
  version: 1;
  exportedAt: string;
  scheduler: { name: 'FSRS'; library: 'ts-fsrs'; parameters: FSRSParameters };
  decks: Array<{
    id: string;
    title: string;
    url: string;
    createdAt: string;
    cards: Array<{
      index: number;
      question: string;
      answer: string;
      state: Omit<ReviewStateRow, 'id' | 'deckId' | 'cardIndex' | 'question'> | null;
      reviews: Array<Omit<ReviewLogRow, 'id' | 'cardId' | 'deckId' | 'cardIndex'>>;
    }>;
  }>;
}

export function reviewHistoryToJson(
  decks: readonly DeckRow[],
  states: readonly ReviewStateRow[],
  logs: readonly ReviewLogRow[],
  parameters: FSRSParameters,
  exportedAt: number,
): string {
  const stateOf = new Map(states.map((s) => [s.id, s]));
  const logsOf = new Map<string, ReviewLogRow[]>();
  for (const log of [...logs].sort((a, b) => a.review - b.review)) logsOf.set(log.cardId, [...(logsOf.get(log.cardId) ?? []), log]);
  const file: ReviewHistoryFile = {
    format: 'locus-review-history',
    version: 1,
    exportedAt: iso(exportedAt),
    scheduler: { name: 'FSRS', library: 'ts-fsrs', parameters },
    decks: decks.map((deck) => ({
      id: deck.id,
      title: deck.title,
      url: deck.url,
      createdAt: iso(deck.createdAt),
      cards: deck.cards.map((card, index) => {
        const id = `${deck.id}#${index}`;
        const state = stateOf.get(id);
        return {
          index,
          question: card.question,
          answer: card.answer,
          state: state ? (({ id: _i, deckId: _d, cardIndex: _c, question: _q, ...rest }) => rest)(state) : null,
          reviews: (logsOf.get(id) ?? []).map(({ id: _i, cardId: _c, deckId: _d, cardIndex: _x, ...rest }) => rest),
        };
      }),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const STATE_WORD: Record<ReviewStateRow['state'], string> = {
  new: 'new',
  learning: 'learning',
  review: 'review',
  relearning: 'relearning',
};

/** A "Review schedule" section to append to a deck's Markdown export. */
export function reviewScheduleMarkdown(
  deck: Pick<DeckRow, 'cards'>,
  states: readonly ReviewStateRow[],
  logs: readonly ReviewLogRow[],
): string {
  const stateOf = new Map(states.map((s) => [s.cardIndex, s]));
  const out = [
    '## Review schedule',
    '',
    '| Card | State | Next review (UTC) | Reviews | Lapses | Last answer |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  deck.cards.forEach((card, i) => {
    const s = stateOf.get(i);
    const last = logs.filter((l) => l.cardIndex === i).sort((a, b) => b.review - a.review)[0];
    const question = escapeMarkdownLine(card.question.replace(/\s+/g, ' ').slice(0, 60));
    out.push(
      `| ${i + 1}. ${question} | ${s ? STATE_WORD[s.state] : 'new'} | ${s && s.state !== 'new' ? iso(s.due).slice(0, 16).replace('T', ' ') : '—'} | ${s?.reps ?? 0} | ${s?.lapses ?? 0} | ${last ? `${RATING_WORD[last.rating]}, ${iso(last.review).slice(0, 10)}` : '—'} |`,
    );
  });
  return `${out.join('\n')}\n`;
}
