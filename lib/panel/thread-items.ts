/**
 * Pure helpers of the study thread (./thread-state.ts): what the composer sends, the cards a
 * finished run becomes, and where the live summary sits among the cards.
 */
import type { ThreadItemRow, ThreadKind } from '../store/db';
import { HINT_LEVELS, SOLUTION_LEVEL, type HintLevel, type HintRequestLevel } from '../tasks/hint-ladder';
import { isLibraryQuestion } from './library-question';
import { isPageQuestion } from './page-question';

/**
 * The work the thread runs itself (summaries run in the Summarize session); 'cloud': a card's
 * "Ask a bigger model" answer, sent after the student agreed.
 */
export type ThreadWork = Extract<ThreadKind, 'explain' | 'cards' | 'hints' | 'answer' | 'library-answer'> | 'cloud';

/**
 * A result a study tool made (Ask, Hints, Quiz, in their tab or from the thread), handed to the
 * thread, which keeps it as a card of its page (when it was made and in what language: the thread's).
 */
export type StudyResult = Omit<ThreadItemRow, 'id' | 'created' | 'language'>;
export type ResultListener = (result: StudyResult) => Promise<void>;

/**
 * A result as its card keeps it: when and by which model it was made, in the language the student
 * asked; with none asked (the page's language), the page's language it came with, so the card reads
 * in the page's direction (an answer on an Arabic page from the right) rather than guessing it.
 */
export function cardOf(result: StudyResult, made: { created: number; modelId: string; language?: string }): Omit<ThreadItemRow, 'id'> {
  const { pageLang, ...rest } = result;
  return { ...rest, ...made, ...(!made.language && pageLang ? { pageLang } : {}) };
}

/**
 * The cards that have a task a bigger model can do again: summaries, what was asked about a
 * selection, questions about the page, hints (the next hint; ./hint-bigger.ts), and library answers
 * that kept their passages (./library-question.ts). Not what a bigger model wrote.
 */
export function canAskBigger(item: ThreadItemRow): boolean {
  if (item.cloud) return false;
  if (item.kind === 'summary') return Boolean(item.mode);
  if (item.kind === 'hints') return canAskBiggerHint(item);
  if (item.kind === 'library-answer') return isLibraryQuestion(item);
  if (item.selectionTask) return item.kind === 'explain' || item.kind === 'answer';
  return isPageQuestion(item);
}

/** A hint or solution card that kept its problem (cards kept before they did cannot be asked again). */
export function canAskBiggerHint(item: ThreadItemRow): boolean {
  return !item.cloud && Boolean(item.hintTask) && hintLevelOf(item) !== null;
}

/** A long quote cut at a word, for a card's first lines (the full text stays in the card's task). */
export function shortQuote(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

/** What Enter in the composer asks: a question about the page, or about the library. Empty: nothing. */
export function composerRequest(text: string, askLibrary: boolean): { kind: 'answer' | 'library-answer'; question: string } | null {
  const question = text.trim();
  if (!question) return null;
  return { kind: askLibrary ? 'library-answer' : 'answer', question };
}

/** A library answer with its sources listed under it, numbered as the answer cites them. */
export function libraryAnswerText(answer: string, sources: ReadonlyArray<{ title: string; url: string }>, heading: string): string {
  const text = answer.trim();
  if (!sources.length) return text;
  const list = sources.map((s, i) => `${i + 1}. [${(s.title || s.url).replace(/[[\]]/g, '')}](${encodeURI(s.url)})`).join('\n');
  return `${text}\n\n**${heading}**\n\n${list}`;
}

/** A source of a library answer card: the saved page's title and address. */
export interface CardSource {
  title: string;
  url: string;
}

const SOURCE_LINE = /^(\d+)\. \[([^\]]*)\]\((\S+)\)$/;

/**
 * A kept library answer split back into its answer and its sources (as libraryAnswerText wrote
 * them), so the card shows the sources as links and words their heading in today's language.
 * A text without that list (an older card, "nothing found") is all answer.
 */
export function splitLibraryAnswer(text: string): { answer: string; sources: CardSource[] } {
  const blocks = text.split('\n\n');
  if (blocks.length < 3 || !/^\*\*[^*\n]+\*\*$/.test(blocks.at(-2)!)) return { answer: text, sources: [] };
  const lines = blocks.at(-1)!.split('\n');
  const matches = lines.map((line) => SOURCE_LINE.exec(line));
  if (!matches.every((m, i) => m && Number(m[1]) === i + 1)) return { answer: text, sources: [] };
  return {
    answer: blocks.slice(0, -2).join('\n\n'),
    sources: matches.map((m) => ({ title: m![2]!, url: m![3]! })),
  };
}

/** One entry of the thread as shown: a kept card, or the live summary in its place. */
export type ThreadEntry = { kind: 'item'; item: ThreadItemRow } | { kind: 'live-summary' };

/**
 * The thread in order, with the live summary (the Summarize session's output) at the place of the
 * card it was kept as, or last while it is still being written (or was stopped before it was kept).
 */
export function threadEntries(items: readonly ThreadItemRow[], liveId: number | null): ThreadEntry[] {
  const entries: ThreadEntry[] = items.map((item) => (item.id === liveId ? { kind: 'live-summary' } : { kind: 'item', item }));
  if (liveId === null || !items.some((i) => i.id === liveId)) entries.push({ kind: 'live-summary' });
  return entries;
}

/** The newest card of a kind (the one that keeps its controls, e.g. "Another hint"). */
export function newestOfKind(items: readonly ThreadItemRow[], kind: ThreadKind): number | null {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.kind === kind) return items[i]!.id ?? null;
  return null;
}

/** The summary card a finished run was just kept as: the newest summary card made at or after `since`. */
export function keptSummaryId(items: readonly ThreadItemRow[], since: number): number | null {
  const id = newestOfKind(items, 'summary');
  const item = items.find((i) => i.id === id);
  return item && item.created >= since ? id : null;
}

/** The rung a hint card holds (its label: a hint 1–3, or 4, the solution), or null for a card kept without one. */
export function hintLevelOf(item: ThreadItemRow): HintRequestLevel | null {
  const level = Number(item.label);
  const rungs: readonly number[] = [...HINT_LEVELS, SOLUTION_LEVEL];
  return item.kind === 'hints' && rungs.includes(level) ? (level as HintRequestLevel) : null;
}

/**
 * The hints given so far on the page's problem, as its cards keep them: the newest hint card and
 * those before it back to the last first rung. "Another hint" goes on from there, after the panel
 * was closed and opened again too, and a removed card is no longer counted as given.
 */
export function hintLadder(items: readonly ThreadItemRow[]): Array<{ level: HintLevel; text: string }> {
  const ladder: Array<{ level: HintLevel; text: string }> = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const level = hintLevelOf(items[i]!);
    // A solution card is not a hint given: the ladder is the hints before it.
    if (level === null || level === SOLUTION_LEVEL) continue;
    ladder.unshift({ level, text: items[i]!.text });
    if (level === 1) break;
  }
  return ladder;
}
