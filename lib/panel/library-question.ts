/**
 * "Ask a bigger model" on a library answer: the same question, in the same answer language, of
 * exactly the passages the device's model was given, numbered as the card's citations.
 *
 * The card keeps the passages themselves, not a reference and a hash: they are what fitted a local
 * model's prompt (at most 5 passages and 3,072 tokens, about 12 kB), so a hundred cards stay near a
 * megabyte; and a reference would not survive the page being saved again (its chunks are cut anew),
 * so the same question could no longer be proposed exactly.
 *
 * A passage whose page was deleted from the library since is not sent, nor is the rest: the student
 * removed that page (perhaps so that it is no longer used), and without it the numbers of the card's
 * citations would no longer match. The card names the pages gone and nothing is proposed.
 */
import type { LibrarySource } from '../messaging/library-protocol';
import type { TaskRequest } from '../messaging/engine-protocol';
import type { KeptPassage, ThreadItemRow } from '../store/db';

export type LibraryQuestionRequest = Extract<TaskRequest, { kind: 'library.question' }>;

/** The passages to keep on the card: each source as the model was given it (cut to fit, when it was). */
export function keptPassagesOf(sources: readonly LibrarySource[]): KeptPassage[] {
  return sources.map((s) => ({ title: s.title, url: s.url, headings: [...s.headings], text: s.given ?? s.text }));
}

/** What a library answer card keeps to be asked again (no passages: nothing was found, there is nothing to ask). */
export function libraryQuestionOf(
  sources: readonly LibrarySource[],
  outputLanguage: string,
): NonNullable<ThreadItemRow['libraryQuestion']> {
  return { outputLanguage, passages: keptPassagesOf(sources) };
}

/** True for a library answer card that keeps its question's passages (cards kept before them do not). */
export function isLibraryQuestion(item: ThreadItemRow): boolean {
  return item.kind === 'library-answer' && Boolean(item.label.trim()) && (item.libraryQuestion?.passages.length ?? 0) > 0;
}

/** Why a library answer card offers no bigger model: kept before its passages were, or it found nothing. */
export function libraryBiggerBlock(item: ThreadItemRow): 'old' | 'nothing' | null {
  if (item.kind !== 'library-answer' || item.cloud || isLibraryQuestion(item)) return null;
  return item.libraryQuestion ? 'nothing' : 'old';
}

export type LibraryQuestionCheck = { ok: true; request: LibraryQuestionRequest } | { ok: false; deleted: string[] };

/**
 * The request that asks the card's question again of its passages, or the titles of the pages
 * deleted from the library since (`inLibrary`: whether a page address is still saved).
 */
export function libraryQuestionRequest(item: ThreadItemRow, inLibrary: (url: string) => boolean): LibraryQuestionCheck {
  const kept = item.libraryQuestion;
  if (!kept || !isLibraryQuestion(item)) throw new Error('not a library answer with its passages');
  const gone = kept.passages.filter((p) => !inLibrary(p.url)).map((p) => p.title || p.url);
  if (gone.length) return { ok: false, deleted: [...new Set(gone)] };
  return {
    ok: true,
    request: {
      kind: 'library.question',
      question: item.label.trim(),
      outputLanguage: kept.outputLanguage,
      passages: kept.passages.map((p) => ({ title: p.title, url: p.url, headings: [...p.headings], text: p.text })),
    },
  };
}
