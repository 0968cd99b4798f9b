/**
 * The one IndexedDB database of Locus, through Dexie. Each schema change is a new `version()` with
 * its upgrade, never an edit of an old one: a student's saved data must survive every update.
 * It lives in the extension's origin, so web pages and content scripts cannot read it.
 * Over 400 lines on purpose: every version's schema and upgrade stay here, in order, beside the row
 * types they write, so one read shows what a student's database went through.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { HintTaskRequest, SelectionTaskRequest } from '../messaging/engine-protocol';

export interface SettingRow {
  key: string;
  value: unknown;
}

/** A page or PDF saved to the library. */
export interface SavedPageRow {
  id: string;
  url: string;
  title: string;
  lang: string;
  /** Course name the student filed it under ('' when none). */
  course: string;
  tags: string[];
  /** Host name, for filtering by site. */
  site: string;
  kind: 'web' | 'pdf';
  savedAt: number;
  /**
   * v2 only: the captured text. From v3 on it lives in `pageTexts` (listing 10,000 pages must not
   * read their texts); the v3 upgrade moves it there.
   */
  text?: string;
  /** v3: characters of the page's text (in `pageTexts`). */
  chars?: number;
  /** PDFs: where each PDF page starts in the text, when the capture gave it (no index). */
  pageStarts?: number[];
  /**
   * Where the text came from when it is not the page's own text (no index, no schema change):
   * 'ocr' for text read from scanned pages or an image, 'transcript' for a video's captions, 'note'
   * for a study thread card the student saved (its address: the page's, with a #locus-note- fragment).
   */
  textOrigin?: 'ocr' | 'transcript' | 'note';
  /** A video's transcript: where the player is, and when each caption segment is said. */
  video?: { platform: 'youtube' | 'html5'; marks: Array<{ at: number; t: number }> };
  /** Embedding progress: chunks embedded with `embeddingModel` so far. */
  embeddedChunks: number;
  totalChunks: number;
  embeddingModel: string;
}

/** v3: a saved page's captured text, as its chunks' offsets refer to it. */
export interface PageTextRow {
  pageId: string;
  text: string;
}

/** v3: the library's own records (embedding centers per model, the lexical index snapshot, queue state). */
export interface LibraryMetaRow {
  key: string;
  value: unknown;
}

export interface ChunkRow {
  id: string;
  pageId: string;
  /** Character offsets [start, end) in the page's text. */
  start: number;
  end: number;
  text: string;
  headingPath: string[];
  tokens: number;
}

/** One chunk's embedding: int8 components with their scale (see lib/search/dense-index.ts). */
export interface VectorRow {
  model: string;
  chunkId: string;
  pageId: string;
  data: Int8Array;
  scale: number;
}

export interface SummaryRow {
  id?: number;
  url: string;
  title: string;
  mode: string;
  text: string;
  modelId: string;
  createdAt: number;
  /** The language asked for ('' or absent: the page's own). Not indexed: no schema change. */
  outputLanguage?: string;
  /** The page's own language when none was asked and the page said one (its card's direction). */
  pageLang?: string;
}

/** v5: what a study thread's card holds (lib/panel/thread-state.ts). */
export type ThreadKind = 'summary' | 'explain' | 'hints' | 'cards' | 'answer' | 'library-answer';
/** 'typed': a problem the student typed or pasted into the Hints tool (not on the page). */
export type ThreadSource = 'page' | 'selection' | 'library' | 'typed';

/** v5: one card of a page's study thread, oldest first. */
export interface ThreadItemRow {
  id?: number;
  /** The page (lib/store/page-key.ts). */
  url: string;
  kind: ThreadKind;
  /** What the card is about: the summary's mode, the question asked, the deck's title. */
  label: string;
  source: ThreadSource;
  text: string;
  created: number;
  modelId: string;
  /** Summaries: the mode. */
  mode?: string;
  /** The language the student asked the answer in ('' or absent: the page's own). */
  language?: string;
  /** Summaries written in the page's language: that language, so the card reads in its direction. */
  pageLang?: string;
  /** Summaries: the row in `summaries` it mirrors (deleting one there deletes the card). */
  summaryId?: number;
  /** Flashcards: the deck shown inside the card. */
  deckId?: string;
  /** Explain and answers about a selection: the selected text (shown short on the card). */
  quote?: string;
  /** The same: the task itself, so "Ask a bigger model" on the card proposes exactly it. */
  selectionTask?: SelectionTaskRequest;
  /** Written by a bigger model in the cloud the student agreed to send it to. */
  cloud?: boolean;
  /**
   * Answers about the page: the answer language and the SHA-256 of the page text answered from, so
   * "Ask a bigger model" proposes the same question about the same text (lib/panel/page-question.ts).
   */
  pageQuestion?: { outputLanguage: string; pageSha256: string };
  /**
   * Hints and the solution: the problem they were asked on (and its context and page), so "Ask a
   * bigger model" proposes the next hint on exactly it and "Another hint" goes on with it.
   */
  hintTask?: HintCardTask;
  /**
   * Library answers: the answer language and the passages the model was given, numbered as the
   * answer cites them, so "Ask a bigger model" proposes exactly that question (lib/panel/library-question.ts).
   * Not indexed, so no schema change: cards kept before it simply lack it (and offer no bigger model).
   */
  libraryQuestion?: { outputLanguage: string; passages: KeptPassage[] };
}

/** A passage a library answer was written from: its page's title and address, which part (headings), the text given. */
export interface KeptPassage {
  title: string;
  url: string;
  headings: string[];
  text: string;
}

/** A hint card's problem: the hint request without its rung and the hints before it. */
export type HintCardTask = Omit<HintTaskRequest, 'kind' | 'level' | 'previous'>;

export interface ConversationRow {
  /** One conversation per page. */
  url: string;
  title: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string; at: number }>;
  updatedAt: number;
}

/**
 * Where a card came from: the passage of its page (offsets in the captured text, and a URL that
 * opens the page scrolled to it, as library citations do), and for a video the time it was said.
 * Optional and unindexed: decks made before it existed simply have none.
 */
export interface CardSourceRow {
  url: string;
  kind: 'web' | 'pdf' | 'video';
  /** [start, end) in the page's captured text. */
  start: number;
  end: number;
  /** The passage itself (what is highlighted when the source is opened). */
  text: string;
  /** The page URL that opens at the passage (text fragment, #page=N, or a video time). */
  citationUrl: string;
  pdfPage?: number;
  /** Videos: seconds from the start where the passage is said. */
  seconds?: number;
}

export interface DeckRow {
  id: string;
  url: string;
  title: string;
  createdAt: number;
  cards: Array<{
    kind: 'flashcard' | 'multiple-choice';
    question: string;
    answer: string;
    /** Multiple choice only: the options, the answer among them. */
    options?: string[];
    /** Practice results. */
    right: number;
    wrong: number;
    /** Added with spaced review (no index, so no schema change): the card's source passage. */
    source?: CardSourceRow;
  }>;
}

/** The FSRS states a card moves through (lib/review/scheduler.ts). */
export type ReviewCardState = 'new' | 'learning' | 'review' | 'relearning';

/**
 * A card's FSRS memory state, as Locus keeps it (ms since the epoch, no Dates): declared once here
 * for the stored row and for the scheduler, which converts it to and from ts-fsrs at its boundary.
 */
export interface ReviewMemory {
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: ReviewCardState;
  /** null until the first review. */
  lastReview: number | null;
}

/** One answer as FSRS logs it, plus what it gave: the scheduler's outcome and the log row, declared once. */
export interface ReviewAnswer {
  rating: 'again' | 'hard' | 'good' | 'easy';
  /** When it was answered. */
  review: number;
  /** The state the card was in, and when it was due, before this answer. */
  stateBefore: ReviewCardState;
  dueBefore: number;
  /** FSRS's log fields (memory state before this answer; the interval it gave). */
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  /** What the answer gave: the next due instant and the new state. */
  dueAfter: number;
  stateAfter: ReviewCardState;
  stabilityAfter: number;
  difficultyAfter: number;
}

/**
 * v4: one spaced-review state per card of every deck: which card, and its FSRS memory state.
 */
export interface ReviewStateRow extends ReviewMemory {
  /** `${deckId}#${cardIndex}` */
  id: string;
  deckId: string;
  cardIndex: number;
  /** The card's question when it joined the queue: a different card at this index starts again. */
  question: string;
  /** When the card joined the queue (new cards are introduced oldest first). */
  addedAt: number;
}

/** v4: every answer given in spaced review (FSRS's review log, plus what the answer gave). */
export interface ReviewLogRow extends ReviewAnswer {
  id?: number;
  cardId: string;
  deckId: string;
  cardIndex: number;
  /** Time from showing the card to the answer, when measured. */
  durationMs?: number;
}

/** v4: text read by OCR from one page of a scanned document, kept so a second tool need not read it again. */
export interface OcrPageRow {
  /** `${docKey}:${page}:${languages}` */
  key: string;
  /** SHA-256 of the document's (or image's) bytes. */
  docKey: string;
  /** 1-based page number (1 for an image). */
  page: number;
  /** Tesseract language codes joined by '+', e.g. 'eng+vie'. */
  languages: string;
  text: string;
  /** Tesseract's mean word confidence, 0..100. */
  confidence: number;
  at: number;
}

/** Every request, recorded locally for Insights (see lib/insights/record.ts). Never leaves. */
export interface RequestRow {
  id?: number;
  time: number;
  task: string;
  where: 'local' | 'cloud';
  record: unknown;
}

/** Every cloud request: what left, when, where, how much was redacted. */
export interface AuditRow {
  id?: number;
  time: number;
  provider: string;
  model: string;
  destination: string;
  bytes: number;
  redactions: Record<string, number>;
  payloadSha256: string;
  outcome: 'sent' | 'failed';
  /** Added with the cloud feature (no index, so no schema change): */
  providerId?: string;
  /** The provider's HTTP status, when it answered. */
  httpStatus?: number;
  /** 'once': "Send once" on this body; 'site': under "Always allow for this site". */
  consent?: 'once' | 'site';
  /** Host name of the page the request was about. */
  site?: string;
}

/** "Always allow for this site": a standing consent the student can revoke. */
export interface ConsentRow {
  site: string;
  providerId: string;
  grantedAt: number;
}

/** A cloud provider the student set up. The key never leaves this database except to its provider. */
export interface ProviderRow {
  id: string;
  kind: 'openai-compatible' | 'ollama';
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string;
  /** Price per million tokens, for the cost estimate in the consent dialog. */
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  /** Tokens the provider's model attends to (prompt and answer); absent: the kind's default. */
  contextWindow?: number;
}

export class LocusDatabase extends Dexie {
  settings!: Table<SettingRow, string>;
  pages!: Table<SavedPageRow, string>;
  chunks!: Table<ChunkRow, string>;
  vectors!: Table<VectorRow, [string, string]>;
  summaries!: Table<SummaryRow, number>;
  conversations!: Table<ConversationRow, string>;
  decks!: Table<DeckRow, string>;
  requests!: Table<RequestRow, number>;
  audit!: Table<AuditRow, number>;
  consents!: Table<ConsentRow, string>;
  providers!: Table<ProviderRow, string>;
  pageTexts!: Table<PageTextRow, string>;
  libraryMeta!: Table<LibraryMetaRow, string>;
  reviewStates!: Table<ReviewStateRow, string>;
  reviewLogs!: Table<ReviewLogRow, number>;
  ocrPages!: Table<OcrPageRow, string>;
  threadItems!: Table<ThreadItemRow, number>;

  constructor(name = 'locus', options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ settings: '&key' });
    // v2: the study features. New tables only; v1's settings are kept as they are.
    this.version(2).stores({
      pages: '&id, url, course, *tags, site, savedAt',
      chunks: '&id, pageId',
      vectors: '&[model+chunkId], pageId, model',
      summaries: '++id, url, createdAt',
      conversations: '&url, updatedAt',
      decks: '&id, url, createdAt',
      requests: '++id, time, task, where',
      audit: '++id, time',
      consents: '&site',
      providers: '&id',
    });
    // v3: the library's page texts move to their own table (page rows stay small enough to list
    // 10,000 of them), and a table for the library's own records. Nothing else changes.
    this.version(3)
      .stores({ pageTexts: '&pageId', libraryMeta: '&key' })
      .upgrade((tx) => movePageTexts(tx));
    // v4: spaced review (a state per card, the log of answers) and the OCR text cache. Every card of
    // every existing deck joins the review queue as a new card; decks themselves are untouched.
    this.version(4)
      .stores({ reviewStates: '&id, deckId, due, state', reviewLogs: '++id, cardId, deckId, review', ocrPages: '&key, docKey, at' })
      .upgrade((tx) => seedReviewStates(tx));
    // v5: the study thread per page. Every kept summary becomes a card of its page's thread; the
    // summaries themselves stay where they are (the Summarize view still lists them).
    this.version(5)
      .stores({ threadItems: '++id, url, [url+created]' })
      .upgrade((tx) => summariesIntoThreads(tx));
  }
}

export function reviewCardId(deckId: string, cardIndex: number): string {
  return `${deckId}#${cardIndex}`;
}

/** A card that has never been reviewed: FSRS's empty card (ts-fsrs `createEmptyCard`), due from `at`. */
export function newReviewState(deckId: string, cardIndex: number, question: string, at: number): ReviewStateRow {
  return {
    id: reviewCardId(deckId, cardIndex),
    deckId,
    cardIndex,
    question,
    addedAt: at,
    due: at,
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    state: 'new',
    lastReview: null,
  };
}

/** v3 → v4: a new review state for every card of every deck, a few decks at a time. */
async function seedReviewStates(tx: Transaction): Promise<void> {
  const decks = tx.table<DeckRow, string>('decks');
  const states = tx.table<ReviewStateRow, string>('reviewStates');
  let last: string | undefined;
  for (;;) {
    const batch = await (last === undefined ? decks.orderBy(':id') : decks.where(':id').above(last)).limit(100).toArray();
    if (!batch.length) return;
    const rows = batch.flatMap((deck) =>
      (Array.isArray(deck.cards) ? deck.cards : []).map((card, i) =>
        newReviewState(
          deck.id,
          i,
          typeof card?.question === 'string' ? card.question : '',
          typeof deck.createdAt === 'number' ? deck.createdAt : 0,
        ),
      ),
    );
    await states.bulkPut(rows);
    last = batch.at(-1)!.id;
  }
}

/** A kept summary as a thread card (the v5 upgrade and every summary saved since). */
export function summaryThreadItem(row: SummaryRow, summaryId: number): ThreadItemRow {
  return {
    url: row.url,
    kind: 'summary',
    label: typeof row.mode === 'string' ? row.mode : '',
    source: 'page',
    text: typeof row.text === 'string' ? row.text : '',
    created: typeof row.createdAt === 'number' ? row.createdAt : 0,
    modelId: typeof row.modelId === 'string' ? row.modelId : '',
    ...(typeof row.mode === 'string' ? { mode: row.mode } : {}),
    ...(row.outputLanguage ? { language: row.outputLanguage } : row.pageLang ? { pageLang: row.pageLang } : {}),
    summaryId,
  };
}

/** v4 → v5: a thread card for every kept summary, a few at a time. */
async function summariesIntoThreads(tx: Transaction): Promise<void> {
  const summaries = tx.table<SummaryRow, number>('summaries');
  const items = tx.table<ThreadItemRow, number>('threadItems');
  let last: number | undefined;
  for (;;) {
    const batch = await (last === undefined ? summaries.orderBy(':id') : summaries.where(':id').above(last)).limit(100).toArray();
    if (!batch.length) return;
    await items.bulkAdd(batch.filter((s) => typeof s.url === 'string').map((s) => summaryThreadItem(s, s.id!)));
    last = batch.at(-1)!.id;
  }
}

/** v2 → v3: each page's `text` into `pageTexts`, a few pages at a time (pages can be megabytes). */
async function movePageTexts(tx: Transaction): Promise<void> {
  const pages = tx.table<SavedPageRow, string>('pages');
  const texts = tx.table<PageTextRow, string>('pageTexts');
  let last: string | undefined;
  for (;;) {
    const batch = await (last === undefined ? pages.orderBy(':id') : pages.where(':id').above(last)).limit(50).toArray();
    if (!batch.length) return;
    await texts.bulkPut(batch.map((p) => ({ pageId: p.id, text: typeof p.text === 'string' ? p.text : '' })));
    await pages.bulkPut(batch.map(({ text, ...page }) => ({ ...page, chars: typeof text === 'string' ? text.length : (page.chars ?? 0) })));
    last = batch.at(-1)!.id;
  }
}

let shared: LocusDatabase | undefined;

/** The database of this extension context (one connection per context). */
export function database(): LocusDatabase {
  shared ??= new LocusDatabase();
  return shared;
}
