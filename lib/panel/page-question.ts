/**
 * "Ask a bigger model" on an answer about the page (asked in the thread's composer or the Chat tab):
 * the same question, about the same page, in the same answer language, proposed again as it stands.
 *
 * The card keeps the question, the page's address, the answer language and the SHA-256 of the page
 * text the local model read, not the text itself: a page can be megabytes and a thread keeps up to
 * 100 cards, and a copy of every page in every card is more of the student's reading kept than the
 * button needs. The page is read again at the click; when it is not the page open now, or its text
 * is no longer what was answered, the card says so and nothing is proposed (the student asks again
 * on the page as it is, rather than a bigger model answering about other text).
 *
 * The question goes alone, without the conversation before it: what the dialog shows is that
 * question and the page's passages, nothing the student cannot see on this card.
 */
import type { PageInput, TaskRequest } from '../messaging/engine-protocol';
import { pageKey } from '../store/page-key';
import type { ThreadItemRow } from '../store/db';

export type ChatTaskRequest = Extract<TaskRequest, { kind: 'chat' }>;

/** What an answer card keeps to propose its question again. */
export interface PageQuestion {
  /** The language the answer was asked in ('' : the page's own). */
  outputLanguage: string;
  /** SHA-256 (hex) of the page text the question was answered from. */
  pageSha256: string;
}

/** Why the question cannot be proposed again now: its page is not the one open, or it changed. */
export type PageQuestionProblem = 'closed' | 'changed';

export type PageQuestionCheck = { ok: true; request: ChatTaskRequest } | { ok: false; problem: PageQuestionProblem };

/** True for an answer card that keeps what its question needs to be asked of a bigger model. */
export function isPageQuestion(item: ThreadItemRow): boolean {
  return item.kind === 'answer' && !item.selectionTask && Boolean(item.pageQuestion?.pageSha256) && Boolean(item.label.trim());
}

/**
 * The chat request that asks the card's question again of the page read now (`page`, whose text
 * hashes to `pageSha256`), or why it cannot: no page or another page open ('closed'), or the page's
 * text is not the text the question was answered from ('changed').
 */
export function pageQuestionRequest(item: ThreadItemRow, page: PageInput | null, pageSha256: string): PageQuestionCheck {
  const kept = item.pageQuestion;
  if (!kept || !isPageQuestion(item)) throw new Error('not an answer about the page');
  if (!page || pageKey(page.url) !== pageKey(item.url)) return { ok: false, problem: 'closed' };
  if (pageSha256 !== kept.pageSha256) return { ok: false, problem: 'changed' };
  return {
    ok: true,
    request: {
      kind: 'chat',
      page: { url: page.url, title: page.title, lang: page.lang, text: page.text },
      summary: '',
      history: [],
      question: item.label.trim(),
      outputLanguage: kept.outputLanguage,
    },
  };
}
