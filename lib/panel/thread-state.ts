/**
 * The study thread of the Summarize view (issue 14): a page's results kept together as cards, per
 * page, across panel restarts. Each action runs through the state that already does it (the
 * Summarize session, quiz, hints, chat, Ask my library); when it finishes, its result becomes a card.
 */
import { batch, effect, signal, untracked } from '@preact/signals';
import { t } from '../i18n/t';
import type { SummaryMode } from '../messaging/engine-protocol';
import type { LocusDatabase, ThreadItemRow } from '../store/db';
import { pageKey } from '../store/page-key';
import { addThreadItem, deleteThreadItem, threadOf } from '../store/thread-records';
import type { ChatState } from './chat-state';
import type { HintState } from './hint-state';
import type { LibraryAskState } from './library-ask-state';
import type { QuizState } from './quiz-state';
import type { SummarizeSession } from './summarize-session';
import type { SummaryHistory } from './summary-history';
import { composerRequest, hintLadder, keptSummaryId, libraryAnswerText, type ThreadWork } from './thread-items';

export interface ThreadDeps {
  db: () => LocusDatabase;
  session: SummarizeSession;
  summaries: SummaryHistory;
  quiz: QuizState;
  hints: HintState;
  chat: ChatState;
  libraryAsk: LibraryAskState;
  answerLanguage: () => string;
}

export class ThreadState {
  /** The page's cards, oldest first. */
  readonly items = signal<ThreadItemRow[]>([]);
  /** The card the Summarize session's output was kept as (shown live in its place). */
  readonly liveSummaryId = signal<number | null>(null);
  /** The composer's text, and whether it asks the library rather than the page. */
  readonly question = signal('');
  readonly askLibrary = signal(false);
  /** The work running now, or the last one when it gave no card (its error stays shown). */
  readonly work = signal<ThreadWork | null>(null);
  readonly busy = signal(false);
  #url: string | null = null;

  constructor(readonly parts: ThreadDeps) {
    // A summary deleted from "Earlier summaries" takes its card with it: show the thread as kept.
    effect(() => {
      void parts.summaries.items.value;
      untracked(() => void this.load(this.#url));
    });
  }

  async load(url: string | null): Promise<void> {
    // Another page: the last work's leftovers (an error) belong to the one before. The live summary
    // keeps its card id: ids are unique across pages, so it is in place only on its own page, and a
    // moment without a target page (the student switching tabs) does not unhook it.
    if (url && this.#url && pageKey(url) !== pageKey(this.#url) && !this.busy.value) this.work.value = null;
    this.#url = url;
    const [items] = await Promise.all([url ? threadOf(this.parts.db(), url) : Promise.resolve([]), this.parts.quiz.refresh(url)]);
    this.items.value = items;
  }

  /** "Summarize page": the session runs it, the history keeps it, the thread shows it as a card. */
  async summarize(mode: SummaryMode, outputLanguage: string): Promise<void> {
    const since = Date.now();
    this.liveSummaryId.value = null;
    await this.parts.summaries.summarize(mode, outputLanguage);
    await this.load(this.parts.session.page.value?.url ?? this.#url);
    if (this.parts.session.phase.value === 'done') this.liveSummaryId.value = keptSummaryId(this.items.value, since);
  }

  /**
   * "Flashcards": a deck from the page in one click, shown inside its card. A run that finished
   * without usable cards is kept too, as the card that says so (nothing is invented).
   */
  async flashcards(): Promise<void> {
    const quiz = this.parts.quiz;
    await this.#work('cards', async () => {
      quiz.format.value = 'flashcards';
      const before = quiz.lastDeckId.value;
      await quiz.generate('page');
      const made = { kind: 'cards', source: 'page', text: quiz.message.value, ...this.#made(quiz.run.stats.value?.modelId) } as const;
      const deck = quiz.lastDeckId.value !== before && quiz.lastDeckId.value ? quiz.deck(quiz.lastDeckId.value) : undefined;
      if (deck) return { ...made, url: deck.url, label: deck.title, deckId: deck.id };
      const url = this.parts.session.page.value?.url ?? this.#url;
      return quiz.run.phase.value === 'done' && quiz.message.value && url ? { ...made, url, label: '' } : null;
    });
  }

  /**
   * "Hints": a first hint on the page; `more` asks the next one on the same problem, going on from
   * the hints its cards keep (so after the panel was reopened, or a hint card removed, too).
   */
  async hint(more = false): Promise<void> {
    const hints = this.parts.hints;
    await this.#work('hints', async () => {
      // The problem set now is this page's, read whole (not a selection asked about in the Hints tab).
      const set = hints.problem.value;
      const samePage = !!this.#url && set?.source === 'page' && pageKey(set.page.url) === pageKey(this.#url);
      if (!more || !samePage) {
        hints.reset();
        if (!(await hints.usePage())) return null;
      }
      if (more) hints.hints.value = hintLadder(this.items.value);
      const had = hints.hints.value.length;
      await hints.request('hint');
      const given = hints.hints.value.length > had ? hints.hints.value.at(-1) : undefined;
      const problem = hints.problem.value;
      if (!given || !problem) return null;
      return {
        url: problem.page.url,
        kind: 'hints',
        label: String(given.level),
        source: 'page',
        text: given.text,
        ...this.#made(hints.run.stats.value?.modelId),
      };
    });
  }

  /** Enter in the composer: the answer (about the page, or from the library) becomes a card. */
  async send(): Promise<void> {
    const request = composerRequest(this.question.value, this.askLibrary.value);
    if (!request || this.busy.value) return;
    this.question.value = '';
    const done = await this.#work(request.kind, () =>
      request.kind === 'answer' ? this.#answerAboutPage(request.question) : this.#answerFromLibrary(request.question),
    );
    // Nothing answered: the question goes back into the box, not lost.
    if (!done && !this.question.value) this.question.value = request.question;
  }

  async remove(id: number): Promise<void> {
    if (this.liveSummaryId.value === id) this.liveSummaryId.value = null;
    await deleteThreadItem(this.parts.db(), id);
    await this.load(this.#url);
  }

  async #answerAboutPage(question: string): Promise<Omit<ThreadItemRow, 'id'> | null> {
    const chat = this.parts.chat;
    const asked = Date.now();
    await chat.send(question);
    const last = chat.messages.value.at(-1);
    if (!last || last.role !== 'assistant' || last.at < asked || !chat.url.value) return null;
    // The chat keeps the turn too (the next question is asked with it), so its box stays empty.
    chat.input.value = '';
    return {
      url: chat.url.value,
      kind: 'answer',
      label: question,
      source: 'page',
      text: last.content,
      ...this.#made(chat.run.stats.value?.modelId),
    };
  }

  async #answerFromLibrary(question: string): Promise<Omit<ThreadItemRow, 'id'> | null> {
    const ask = this.parts.libraryAsk;
    ask.question.value = question;
    await ask.ask();
    const url = this.parts.session.page.value?.url ?? this.#url;
    if (!url || (ask.phase.value !== 'done' && ask.phase.value !== 'nothing')) return null;
    const text = libraryAnswerText(ask.run.text.value, ask.sources.value, t('thread_sources'));
    return { url, kind: 'library-answer', label: question, source: 'library', text, ...this.#made(ask.stats.value?.modelId) };
  }

  #made(modelId: string | undefined): { created: number; modelId: string; language?: string } {
    const language = this.parts.answerLanguage();
    return { created: Date.now(), modelId: modelId ?? '', ...(language ? { language } : {}) };
  }

  /** Runs one piece of work at a time; what it gives is kept as a card. Returns whether it gave one. */
  async #work(kind: ThreadWork, run: () => Promise<Omit<ThreadItemRow, 'id'> | null>): Promise<boolean> {
    if (this.busy.value) return false;
    batch(() => {
      this.busy.value = true;
      this.work.value = kind;
    });
    try {
      const item = await run();
      if (!item) return false;
      await addThreadItem(this.parts.db(), item);
      this.work.value = null;
      await this.load(item.url);
      return true;
    } finally {
      this.busy.value = false;
    }
  }
}
