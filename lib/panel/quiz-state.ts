/**
 * Quiz and flashcards in the panel: generate from the page or the selection (cards appear as the
 * model writes them), keep the deck in Dexie, practise it (reveal, right/wrong, score), export it
 * for Anki (CSV) or as Markdown.
 */
import { t, tn, type MessageKey } from '../i18n/t';
import { batch, computed, signal } from '@preact/signals';
import type { EngineClient } from '../messaging/engine-channel';
import type { CapturedPage, PendingAction, TargetPage } from '../messaging/protocol';
import type { DeckRow, LocusDatabase } from '../store/db';
import { allDecks, decksOf, deleteDeck, recordPractice, saveDeck } from '../store/study-records';
import { deckToAnkiCsv } from '../export/anki-csv';
import { parseCards, type CardFormat, type DropReason } from '../tasks/card-parser';
import { exportFileName, toDeckCard } from '../export/deck';
import { deckToMarkdown } from '../export/markdown-export';
import { withCardSources, type SourcePage } from '../review/card-source';
import type { AskSubject } from './selection-source';
import { subjectNotices } from './ask-state';
import { selectionProblemMessage, type SelectionSource } from './selection-source';
import { TaskRun } from './task-run';
import type { ResultListener } from './thread-items';

export interface QuizDeps {
  engine: () => EngineClient;
  db: () => LocusDatabase;
  answerLanguage: () => string;
  source: SelectionSource;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  download(name: string, mime: string, text: string): void;
  /** Decks changed (their cards join spaced review): the background recounts the badge. */
  reviewChanged?: () => void;
}

/** The page a deck is made from, as card sources need it (PDF pages, a video's times). */
export function sourcePageOf(captured: CapturedPage): SourcePage {
  if (captured.source === 'pdf' || captured.pageStarts?.length)
    return { url: captured.url, text: captured.text, kind: 'pdf', ...(captured.pageStarts ? { pageStarts: captured.pageStarts } : {}) };
  if (captured.video)
    return { url: captured.url, text: captured.text, kind: 'video', marks: captured.video.marks, platform: captured.video.platform };
  return { url: captured.url, text: captured.text, kind: 'web' };
}

/** A selection: its own text is the passage cards come from (a PDF's selection opens the PDF). */
function selectionSourcePage(subject: AskSubject): SourcePage {
  const kind = /\.pdf(?:$|[?#])/i.test(subject.page.url) ? 'pdf' : 'web';
  return { url: subject.page.url, text: subject.selection.text, kind };
}

const REASON_TEXT: Record<DropReason, MessageKey> = {
  'no-answer': 'quiz_dropNoAnswer',
  'too-few-options': 'quiz_dropFewOptions',
  'answer-not-an-option': 'quiz_dropAnswerNotOption',
  duplicate: 'quiz_dropDuplicate',
  'no-question': 'quiz_dropNoQuestion',
};

export function droppedMessage(reasons: readonly DropReason[]): string {
  if (!reasons.length) return '';
  return tn('quiz_dropped', reasons.length, droppedParts(reasons));
}

/** "1 without an answer, 1 asked twice". */
function droppedParts(reasons: readonly DropReason[]): string {
  const counts = new Map<DropReason, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => t(REASON_TEXT[r], n)).join(', ');
}

export interface Practice {
  deckId: string;
  index: number;
  revealed: boolean;
  /** Multiple choice: the option the student picked. */
  chosen: string | null;
  right: number;
  wrong: number;
  finished: boolean;
}

export class QuizState {
  readonly format = signal<CardFormat>('flashcards');
  readonly count = signal(6);
  readonly run: TaskRun;
  /** Cards read from the text streamed so far (the panel shows them as they come). */
  readonly live = computed(() => parseCards(this.run.text.value, this.format.value));
  readonly decks = signal<DeckRow[]>([]);
  readonly otherDecks = signal<DeckRow[]>([]);
  readonly message = signal('');
  readonly practice = signal<Practice | null>(null);
  readonly lastDeckId = signal<string | null>(null);
  /** Each deck (or the word that none could be made) joins the page's study thread (set by the thread). */
  onResult: ResultListener | null = null;

  constructor(private readonly deps: QuizDeps) {
    this.run = new TaskRun(deps.engine);
  }

  async refresh(url: string | null): Promise<void> {
    const [mine, all] = await Promise.all([url ? decksOf(this.deps.db(), url) : Promise.resolve([]), allDecks(this.deps.db())]);
    batch(() => {
      this.decks.value = mine;
      this.otherDecks.value = all.filter((d) => !mine.some((m) => m.id === d.id));
    });
  }

  /** From the context menu ("Make flashcards") or the page toolbar: cards from the selection. */
  start(pending: PendingAction): void {
    // The student's newest request wins over a run still going.
    this.run.stop();
    if (!pending.selection) {
      this.run.reset();
      this.run.fail({ code: 'empty-input', message: selectionProblemMessage(pending.problem ?? 'empty', pending.via), local: true });
      return;
    }
    void this.generate('selection', {
      selection: pending.selection,
      page: { url: pending.page.url, title: pending.page.title, lang: pending.page.lang },
      frame: pending.frame,
    });
  }

  async generate(from: 'page' | 'selection', given?: AskSubject): Promise<void> {
    if (this.run.running) return;
    this.message.value = '';
    this.practice.value = null;
    const format = this.format.value;
    const count = this.count.value;
    let title = '';
    let url = '';
    let notices: string[] = [];
    let sourcePage: SourcePage | null = null;
    let subject = given;
    if (from === 'selection' && !subject) {
      const found = await this.deps.source.current(await this.deps.target());
      if ('error' in found) {
        this.run.reset();
        this.run.fail(found.error);
        return;
      }
      subject = found.subject;
    }
    if (subject) notices = subjectNotices(subject);
    const outcome = await this.run.run(async () => {
      let text: string;
      let page: { url: string; title: string; lang: string };
      if (subject) {
        text = subject.selection.text;
        page = subject.page;
        sourcePage = selectionSourcePage(subject);
      } else {
        const target = await this.deps.target();
        if (!target) {
          this.run.fail({ code: 'no-tab', message: t('error_noTab'), local: true });
          return null;
        }
        const captured = await this.deps.capture(target.tabId);
        text = captured.text;
        page = { url: captured.url, title: captured.title, lang: captured.lang };
        sourcePage = sourcePageOf(captured);
      }
      title = page.title;
      url = page.url;
      return { kind: 'quiz', format, count, text, fromSelection: Boolean(subject), page, outputLanguage: this.deps.answerLanguage() };
    }, notices);
    if (outcome.kind !== 'done') return;
    const made = { url, kind: 'cards', source: subject ? 'selection' : 'page', modelId: outcome.stats.modelId } as const;
    const parsed = parseCards(outcome.text, format);
    const dropped = droppedMessage(parsed.reasons);
    if (!parsed.cards.length) {
      const kind = format === 'flashcards' ? 'quiz_noUsableFlashcards' : 'quiz_noUsableQuestions';
      this.message.value = t(
        kind,
        parsed.reasons.length ? ` ${tn('quiz_droppedShort', parsed.reasons.length, droppedParts(parsed.reasons))}` : '',
      );
      // Kept too, as the card that says so (nothing is invented).
      if (url) await this.onResult?.({ ...made, label: '', text: this.message.value });
      return;
    }
    const deck: DeckRow = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      url,
      title: `${title || url}${subject ? ` ${t('quiz_deckSelection')}` : ''} · ${t(format === 'flashcards' ? 'quiz_deckFlashcards' : 'quiz_deckQuiz')}`,
      createdAt: Date.now(),
      // Each card keeps the passage it came from, so a review can open it highlighted.
      cards: sourcePage ? withCardSources(parsed.cards.map(toDeckCard), sourcePage) : parsed.cards.map(toDeckCard),
    };
    const saved = await saveDeck(this.deps.db(), deck);
    this.deps.reviewChanged?.();
    this.lastDeckId.value = saved.id;
    const savedText = tn(format === 'flashcards' ? 'quiz_savedCards' : 'quiz_savedQuestions', parsed.cards.length);
    this.message.value = dropped ? `${savedText} ${dropped}` : savedText;
    await this.refresh(url);
    await this.onResult?.({ ...made, url: saved.url, label: saved.title, text: this.message.value, deckId: saved.id });
  }

  deck(id: string): DeckRow | undefined {
    return [...this.decks.value, ...this.otherDecks.value].find((d) => d.id === id);
  }

  startPractice(deckId: string): void {
    this.practice.value = { deckId, index: 0, revealed: false, chosen: null, right: 0, wrong: 0, finished: false };
  }

  reveal(): void {
    const p = this.practice.value;
    if (p) this.practice.value = { ...p, revealed: true };
  }

  /** Multiple choice: the student picks an option; it is marked at once. */
  async choose(option: string): Promise<void> {
    const p = this.practice.value;
    const card = p ? this.deck(p.deckId)?.cards[p.index] : undefined;
    if (!p || !card || p.chosen !== null) return;
    this.practice.value = { ...p, chosen: option, revealed: true };
    await this.mark(option === card.answer, true);
  }

  /** Records right or wrong for the current card, in the score and in the deck. */
  async mark(right: boolean, fromChoice = false): Promise<void> {
    const p = this.practice.value;
    if (!p || (!fromChoice && p.chosen !== null)) return;
    this.practice.value = {
      ...p,
      right: p.right + (right ? 1 : 0),
      wrong: p.wrong + (right ? 0 : 1),
      revealed: true,
      chosen: p.chosen ?? (right ? 'right' : 'wrong'),
    };
    const updated = await recordPractice(this.deps.db(), p.deckId, p.index, right);
    if (updated) {
      batch(() => {
        this.decks.value = this.decks.value.map((d) => (d.id === updated.id ? updated : d));
        this.otherDecks.value = this.otherDecks.value.map((d) => (d.id === updated.id ? updated : d));
      });
    }
  }

  next(): void {
    const p = this.practice.value;
    const deck = p ? this.deck(p.deckId) : undefined;
    if (!p || !deck) return;
    if (p.index + 1 >= deck.cards.length) this.practice.value = { ...p, finished: true };
    else this.practice.value = { ...p, index: p.index + 1, revealed: false, chosen: null };
  }

  endPractice(): void {
    this.practice.value = null;
  }

  async remove(id: string, url: string | null): Promise<void> {
    if (this.practice.value?.deckId === id) this.practice.value = null;
    await deleteDeck(this.deps.db(), id);
    this.deps.reviewChanged?.();
    await this.refresh(url);
  }

  exportCsv(id: string): void {
    const deck = this.deck(id);
    if (deck) this.deps.download(exportFileName(deck.title, 'csv'), 'text/csv;charset=utf-8', deckToAnkiCsv(deck));
  }

  exportMarkdown(id: string): void {
    const deck = this.deck(id);
    if (deck) this.deps.download(exportFileName(deck.title, 'md'), 'text/markdown;charset=utf-8', deckToMarkdown(deck));
  }
}
