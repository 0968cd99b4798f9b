/**
 * The study thread of the Summarize view (issue 14): a page's results kept together as cards, per
 * page, across panel restarts. Each action runs through the state that already does it (the
 * Summarize session, quiz, hints, chat, Ask my library); when it finishes, its result becomes a card.
 */
import { batch, effect, signal, untracked } from '@preact/signals';
import { t } from '../i18n/t';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { EngineClient } from '../messaging/engine-channel';
import type { SummaryMode } from '../messaging/engine-protocol';
import type { CapturedPage, PendingAction } from '../messaging/protocol';
import { sha256Hex } from '../privacy/consent';
import type { LocusDatabase, ThreadItemRow } from '../store/db';
import { pageKey } from '../store/page-key';
import { addThreadItem, deleteThreadItem, threadOf } from '../store/thread-records';
import type { AskState } from './ask-state';
import type { CardNotesState } from './card-notes-state';
import type { ChatState } from './chat-state';
import type { HintState } from './hint-state';
import type { LibraryAskState } from './library-ask-state';
import type { QuizState } from './quiz-state';
import { libraryQuestionOf, libraryQuestionRequest } from './library-question';
import { pageQuestionRequest, type PageQuestionProblem } from './page-question';
import type { CloudSummary, SummarizeSession } from './summarize-session';
import type { SummaryHistory } from './summary-history';
import { TaskRun } from './task-run';
import { biggerHintRequest, hintCardOf, resumedHintProblem } from './hint-bigger';
import {
  canAskBigger,
  cardOf,
  composerRequest,
  hintLadder,
  keptSummaryId,
  newestOfKind,
  libraryAnswerText,
  type StudyResult,
  type ThreadWork,
} from './thread-items';

export interface ThreadDeps {
  db: () => LocusDatabase;
  engine: () => EngineClient;
  session: SummarizeSession;
  ask: AskState;
  summaries: SummaryHistory;
  quiz: QuizState;
  hints: HintState;
  chat: ChatState;
  libraryAsk: LibraryAskState;
  answerLanguage: () => string;
  /**
   * The page open now read again, when it is `url`'s page (null: another page or none), for "Ask a
   * bigger model" on an answer about the page. Absent: such answers cannot be proposed.
   */
  readPage?: (url: string) => Promise<CapturedPage | null>;
  /** "Save to my library" on the cards (absent: the cards have no Save). */
  notes?: CardNotesState;
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
  /** The card whose "Ask a bigger model" was pressed last (its notice and error show under it). */
  readonly cloudCardId = signal<number | null>(null);
  /** Why that card's question about the page was not proposed again (its page closed or changed). */
  readonly pageProblem = signal<PageQuestionProblem | null>(null);
  /** The pages a library answer cited that were deleted from the library since (nothing was proposed). */
  readonly libraryGone = signal<string[]>([]);
  /** The library could not be read to check those pages (not the same as deleted): nothing was proposed. */
  readonly libraryUnchecked = signal(false);
  /** A bigger model's answer to a card's task, streaming (kept as a new card when done). */
  readonly cloudRun: TaskRun;
  #url: string | null = null;
  /** Cards kept so far: a tool's run gave one when this grew. */
  #kept = 0;
  #loads = 0;

  constructor(readonly parts: ThreadDeps) {
    this.cloudRun = new TaskRun(parts.engine);
    // Whatever a study tool makes, in its tab or from the thread, joins its page's thread once.
    const keep = (result: StudyResult) => this.keep(result);
    parts.ask.onResult = keep;
    parts.hints.onResult = keep;
    parts.quiz.onResult = keep;
    parts.chat.onResult = keep;
    // A bigger model's summary (from a card's button or the router's suggestion) is kept as a card.
    parts.session.onCloudSummary = (summary) => this.#keepCloudSummary(summary);
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
    // Loads overlap (a card kept, the page switched): only the newest one's answer is shown.
    const load = ++this.#loads;
    const [items] = await Promise.all([url ? threadOf(this.parts.db(), url) : Promise.resolve([]), this.parts.quiz.refresh(url)]);
    if (load === this.#loads) this.items.value = items;
  }

  /** "Summarize page": the session runs it, the history keeps it, the thread shows it as a card. */
  async summarize(mode: SummaryMode, outputLanguage: string): Promise<void> {
    const since = Date.now();
    this.liveSummaryId.value = null;
    await this.parts.summaries.summarize(mode, outputLanguage);
    await this.load(this.parts.session.page.value?.url ?? this.#url);
    if (this.parts.session.phase.value === 'done') this.liveSummaryId.value = keptSummaryId(this.items.value, since);
  }

  /** "Flashcards": a deck from the page in one click, shown inside its card (kept by the quiz's listener). */
  async flashcards(): Promise<void> {
    const quiz = this.parts.quiz;
    await this.#work('cards', async () => {
      quiz.format.value = 'flashcards';
      await quiz.generate('page');
      return null;
    });
  }

  /**
   * "Hints": a first hint on the page; `more` asks the next one on the same problem, going on from
   * the hints its cards keep (so after the panel was reopened, or a hint card removed, too).
   */
  async hint(more = false): Promise<void> {
    const hints = this.parts.hints;
    await this.#work('hints', async () => {
      // "Another hint" goes on with the newest hint card's problem (typed, selected or the page).
      const newest = more ? this.items.value.find((i) => i.id === newestOfKind(this.items.value, 'hints')) : undefined;
      const resumed = newest ? resumedHintProblem(newest) : null;
      if (resumed) {
        hints.resume(resumed, hintLadder(this.items.value));
        await hints.request('hint');
        return null;
      }
      // The problem set now is this page's, read whole (not a selection asked about in the Hints tab).
      const set = hints.problem.value;
      const samePage = !!this.#url && set?.source === 'page' && pageKey(set.page.url) === pageKey(this.#url);
      if (!more || !samePage) {
        hints.reset();
        if (!(await hints.usePage())) return null;
      }
      if (more) hints.hints.value = hintLadder(this.items.value);
      await hints.request('hint');
      return null;
    });
  }

  /**
   * "Explain" on a selection (the page's toolbar, the context menu, the shortcut): explained here,
   * kept as a card. False when other work runs in the thread (the Ask tab takes it then).
   */
  explainSelection(pending: PendingAction): boolean {
    if (this.busy.value) return false;
    void this.#work('explain', async () => {
      await this.parts.ask.start(pending);
      return null;
    });
    return true;
  }

  /** A result made anywhere (a tab, the thread) becomes a card of its page. */
  async keep(result: StudyResult): Promise<void> {
    await addThreadItem(this.parts.db(), cardOf(result, this.#made(result.modelId)));
    this.#kept += 1;
    if (this.#url && pageKey(this.#url) === pageKey(result.url)) await this.load(this.#url);
  }

  /**
   * A card's "Ask a bigger model": the consent dialog shows exactly that card's task (a summary of
   * the page in its mode and language, or the selection task as it was asked); nothing is sent
   * unless the student agrees there. The bigger model's answer becomes a new card.
   */
  async askBigger(item: ThreadItemRow): Promise<void> {
    const cloud = this.parts.session.cloud;
    if (!cloud || !canAskBigger(item) || this.busy.value) return;
    batch(() => {
      this.cloudCardId.value = item.id ?? null;
      this.pageProblem.value = null;
      this.libraryGone.value = [];
      this.libraryUnchecked.value = false;
    });
    if (item.kind === 'library-answer') {
      await this.#askLibraryAgain(item);
      return;
    }
    if (item.pageQuestion && !item.selectionTask) {
      await this.#askAboutPageAgain(item);
      return;
    }
    if (item.kind === 'hints') return this.#askBiggerHint(item);
    if (item.kind === 'summary') {
      // The bigger model's summary streams where summaries do, after the kept one.
      await this.parts.session.askBiggerModel(item.mode as SummaryMode, item.language ?? '', () => (this.liveSummaryId.value = null));
      return;
    }
    const task = item.selectionTask!;
    await cloud.ask(task, (proposal, allow) => void this.#cloudAnswer(item, proposal, allow));
  }

  /**
   * An answer about the page: the same question of the page read again now, proposed only when it
   * is that page and its text is the text the question was answered from (./page-question.ts).
   */
  async #askAboutPageAgain(item: ThreadItemRow): Promise<void> {
    const cloud = this.parts.session.cloud!;
    let page: CapturedPage | null = null;
    try {
      page = (await this.parts.readPage?.(item.url)) ?? null;
    } catch {
      page = null; // the page could not be read (closed meanwhile, a browser page): as closed
    }
    const check = pageQuestionRequest(item, page, page ? await sha256Hex(page.text) : '');
    if (!check.ok) {
      this.pageProblem.value = check.problem;
      return;
    }
    await cloud.ask(check.request, (proposal, allow) => void this.#cloudAnswer(item, proposal, allow));
  }

  /** A hint card: the next hint on its problem (the solution card: the solution), kept as a hint card. */
  async #askBiggerHint(item: ThreadItemRow): Promise<void> {
    const request = biggerHintRequest(item, this.items.value);
    if (!request) return;
    const shape = hintCardOf(request, t('hints_fallback'));
    await this.parts.session.cloud!.ask(request, (proposal, allow) => void this.#cloudAnswer(item, proposal, allow, shape));
  }

  /**
   * A library answer: the same question of the passages its card kept, proposed only when every
   * cited page is still in the library (./library-question.ts says why).
   */
  async #askLibraryAgain(item: ThreadItemRow): Promise<void> {
    const urls = [...new Set(item.libraryQuestion?.passages.map((p) => p.url) ?? [])];
    const engine = this.parts.engine();
    const saved = await Promise.all(
      urls.map((url) =>
        engine.rpc({ method: 'library.lookup', url }).then(
          (page) => page !== null,
          () => undefined, // not known either way: not sent, and not called deleted
        ),
      ),
    );
    if (saved.includes(undefined)) {
      this.libraryUnchecked.value = true;
      return;
    }
    const check = libraryQuestionRequest(item, (url) => saved[urls.indexOf(url)] === true);
    if (!check.ok) {
      this.libraryGone.value = check.deleted;
      return;
    }
    await this.parts.session.cloud!.ask(check.request, (proposal, allow) => void this.#cloudAnswer(item, proposal, allow));
  }

  async #cloudAnswer(
    item: ThreadItemRow,
    proposal: CloudProposal,
    alwaysAllowSite: boolean,
    shape: (card: Omit<ThreadItemRow, 'id'>) => Omit<ThreadItemRow, 'id'> = (card) => card,
  ): Promise<void> {
    const kept = await this.#work('cloud', async () => {
      // The card asked keeps its language: the bigger model was asked in it too.
      const { id: _id, created: _created, ...asked } = item;
      const outcome = await this.cloudRun.run(async () => ({
        kind: 'cloud',
        proposalId: proposal.id,
        bodySha256: proposal.bodySha256,
        alwaysAllowSite,
      }));
      if (outcome.kind !== 'done') return null;
      // A library answer's sources go along, as on the card asked: its citations number the same passages.
      const passages = item.kind === 'library-answer' ? (item.libraryQuestion?.passages ?? []) : [];
      const text = passages.length ? libraryAnswerText(outcome.text, passages, t('thread_sources')) : outcome.text;
      return shape({ ...asked, created: Date.now(), modelId: outcome.stats.modelId, text, cloud: true });
    });
    // A bigger model's hint is a rung: the Hints tool goes on from it when it is on the same problem.
    const hints = this.parts.hints;
    if (kept && item.kind === 'hints' && hints.problem.value?.text === item.hintTask?.problem)
      hints.hints.value = hintLadder(this.items.value);
  }

  /** A bigger model's summary: a summary card of its page (its mode and language), shown in the live summary's place. */
  async #keepCloudSummary(summary: CloudSummary): Promise<void> {
    const { mode, outputLanguage, page, text, modelId } = summary;
    const language = outputLanguage ? { language: outputLanguage } : page.lang ? { pageLang: page.lang } : {};
    const id = await addThreadItem(this.parts.db(), {
      url: page.url,
      kind: 'summary',
      label: mode,
      source: 'page',
      text,
      created: Date.now(),
      modelId,
      mode,
      cloud: true,
      ...language,
    });
    this.#kept += 1;
    await this.load(this.#url ?? page.url);
    this.liveSummaryId.value = id;
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
    // A summary's card is the one place it is shown: removing it deletes the kept summary too.
    const summaryId = this.items.value.find((i) => i.id === id)?.summaryId;
    if (summaryId !== undefined) await this.parts.summaries.remove(summaryId);
    else await deleteThreadItem(this.parts.db(), id);
    await this.load(this.#url);
  }

  /** The chat answers it (the next question is asked with this turn) and hands the answer to keep(). */
  async #answerAboutPage(question: string): Promise<null> {
    const chat = this.parts.chat;
    await chat.send(question);
    // The composer, not the Chat tab's box, gets an unanswered question back.
    chat.input.value = '';
    return null;
  }

  async #answerFromLibrary(question: string): Promise<Omit<ThreadItemRow, 'id'> | null> {
    const ask = this.parts.libraryAsk;
    ask.question.value = question;
    await ask.ask();
    const url = this.parts.session.page.value?.url ?? this.#url;
    if (!url || (ask.phase.value !== 'done' && ask.phase.value !== 'nothing')) return null;
    const text = libraryAnswerText(ask.run.text.value, ask.sources.value, t('thread_sources'));
    const made = this.#made(ask.stats.value?.modelId);
    // The passages the model was given stay with the card, so a bigger model can be asked exactly this.
    const kept = libraryQuestionOf(ask.sources.value, made.language ?? '');
    return { url, kind: 'library-answer', label: question, source: 'library', text, ...made, libraryQuestion: kept };
  }

  #made(modelId: string | undefined): { created: number; modelId: string; language?: string } {
    const language = this.parts.answerLanguage();
    return { created: Date.now(), modelId: modelId ?? '', ...(language ? { language } : {}) };
  }

  /**
   * Runs one piece of work at a time; what it gives is kept as a card (or a tool's listener kept
   * one meanwhile). Returns whether a card was kept.
   */
  async #work(kind: ThreadWork, run: () => Promise<Omit<ThreadItemRow, 'id'> | null>): Promise<boolean> {
    if (this.busy.value) return false;
    const before = this.#kept;
    batch(() => {
      this.busy.value = true;
      this.work.value = kind;
    });
    try {
      const item = await run();
      if (item) {
        await addThreadItem(this.parts.db(), item);
        this.#kept += 1;
        this.work.value = null;
        await this.load(item.url);
        return true;
      }
      if (this.#kept === before) return false;
      this.work.value = null;
      return true;
    } finally {
      this.busy.value = false;
    }
  }
}
