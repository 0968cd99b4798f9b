/**
 * The study tools' panel state in Node (fake browser APIs, a real Dexie on fake-indexeddb, an engine
 * client that answers at once): what each control sends to the engine, what is kept, practice and
 * exports, the conversation kept per page, summaries saved with their page.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import type { CapturedPage, PendingAction } from '../../lib/messaging/protocol';
import { AskState } from '../../lib/panel/ask-state';
import { ChatState } from '../../lib/panel/chat-state';
import { QuizState, sourcePageOf } from '../../lib/panel/quiz-state';
import type { SelectionSource } from '../../lib/panel/selection-source';
import type { StudyResult } from '../../lib/panel/thread-items';
import { SummarizeSession } from '../../lib/panel/summarize-session';
import { SummaryHistory } from '../../lib/panel/summary-history';
import { LocusDatabase, summaryThreadItem } from '../../lib/store/db';
import { conversationOf, summariesOf } from '../../lib/store/study-records';
import { fakeStats } from '../support/fake-stats';

let opened: LocusDatabase[] = [];
let counter = 0;
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-panel-test-${process.pid}-${counter}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened) await db.delete();
  opened = [];
});

const stats = fakeStats({ modelId: 'stories260K' });

/** Answers every task with `answer(request)`, streamed in two pieces, and records the requests. */
function client(answer: (r: TaskRequest) => string, requests: TaskRequest[] = []): EngineClient {
  return {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
      requests.push(request);
      const text = answer(request);
      onEvent({ kind: 'text', delta: text.slice(0, 5) });
      onEvent({ kind: 'text', delta: text.slice(5) });
      const done = { kind: 'done' as const, text, stats };
      onEvent(done);
      return done;
    },
    async rpc() {
      throw new Error('no rpc here');
    },
  } as unknown as EngineClient;
}

const PAGE: CapturedPage = {
  url: 'https://ocw.example/rivers#top',
  title: 'Rivers',
  lang: 'en',
  dir: 'ltr',
  text: 'Rivers carry sand. Deltas form at river mouths.',
  source: 'readability',
  truncated: false,
  originalLength: 47,
  framesIncluded: 0,
};
const target = async () => ({ tabId: 3, url: PAGE.url, title: PAGE.title });
const capture = async () => PAGE;
const noSelection: SelectionSource = {
  current: async () => ({ error: { code: 'empty-input', message: 'Nothing is selected on the page.' } }),
};

function pending(over: Partial<PendingAction> = {}): PendingAction {
  return {
    id: 'a1',
    action: 'explain',
    targetLanguage: '',
    selection: {
      text: 'Deltas form at river mouths.',
      context: 'Rivers carry sand. Deltas form at river mouths.',
      inEditable: false,
      originalLength: 28,
    },
    problem: null,
    page: { tabId: 3, url: PAGE.url, title: 'Rivers', lang: 'en' },
    frame: { top: true, url: PAGE.url, crossOrigin: false },
    via: 'menu',
    createdAt: Date.now(),
    ...over,
  };
}

describe('AskState', () => {
  it('runs the action on the selection with its section, in the answer language', async () => {
    const requests: TaskRequest[] = [];
    const ask = new AskState({
      engine: () => client(() => 'It means sand builds up.', requests),
      answerLanguage: () => 'fr',
      studentLanguage: () => 'de',
      source: noSelection,
    });
    ask.start(pending({ action: 'define' }));
    await vi.waitFor(() => expect(ask.run.phase.value).toBe('done'));
    expect(requests).toEqual([
      {
        kind: 'selection',
        action: 'define',
        selection: 'Deltas form at river mouths.',
        context: 'Rivers carry sand. Deltas form at river mouths.',
        inEditable: false,
        question: '',
        targetLanguage: '',
        page: { url: PAGE.url, title: 'Rivers', lang: 'en' },
        outputLanguage: 'fr',
      },
    ]);
    expect(ask.run.text.value).toBe('It means sand builds up.');
    expect(ask.run.updates.value).toBe(2);
    // Translate: into the student's language unless another is picked.
    await ask.answer('translate');
    expect(requests[1]).toMatchObject({ action: 'translate', targetLanguage: 'de' });
  });

  it('"Ask Locus…" waits for the question, then sends it', async () => {
    const requests: TaskRequest[] = [];
    const ask = new AskState({
      engine: () => client(() => 'Because.', requests),
      answerLanguage: () => '',
      studentLanguage: () => 'en',
      source: noSelection,
    });
    ask.start(pending({ action: 'ask' }));
    expect(requests).toEqual([]);
    expect(ask.focusQuestion.value).toBe(1);
    ask.question.value = 'Why do deltas form?';
    await ask.answer('ask');
    expect(requests[0]).toMatchObject({ action: 'ask', question: 'Why do deltas form?' });
  });

  it('says why there is nothing to work on, and tells what it knows about the selection', async () => {
    const ask = new AskState({
      engine: () => client(() => 'x'),
      answerLanguage: () => '',
      studentLanguage: () => 'en',
      source: noSelection,
    });
    ask.start(pending({ selection: null, problem: 'empty', via: 'shortcut' }));
    expect(ask.run.error.value?.message).toMatch(
      /^Nothing is selected\. Select some text on the page first, then press the shortcut again/,
    );
    ask.start(
      pending({
        selection: { text: 'My answer', context: '', inEditable: true, originalLength: 60_000 },
        frame: { top: false, url: 'https://other.example/f', crossOrigin: true },
      }),
    );
    await vi.waitFor(() => expect(ask.run.phase.value).toBe('done'));
    const notices = ask.run.notices.value.join('\n');
    expect(notices).toMatch(/You selected 60,000 characters/);
    expect(notices).toMatch(/your own writing\)\. It stays on this device/);
    expect(notices).toMatch(/frame from another site \(other\.example\)/);
  });
});

describe('QuizState', () => {
  const cards =
    'Q: What carries sand?\nA: Rivers.\n\nQ: Where do deltas form?\nA: At river mouths.\n\nQ: Broken one?\n\nQ: What carries sand?\nA: Water.';

  it('generates from the page, keeps the valid cards in a deck, says what was left out', async () => {
    const db = freshDb();
    const requests: TaskRequest[] = [];
    const downloads: Array<[string, string, string]> = [];
    const quiz = new QuizState({
      engine: () => client(() => cards, requests),
      db: () => db,
      answerLanguage: () => '',
      source: noSelection,
      target,
      capture,
      download: (...a) => downloads.push(a),
    });
    quiz.count.value = 3;
    await quiz.generate('page');
    expect(requests[0]).toMatchObject({ kind: 'quiz', format: 'flashcards', count: 3, text: PAGE.text, fromSelection: false });
    expect(quiz.message.value).toBe(
      '2 cards saved in a deck. Locus left out 2 items the model wrote badly (1 without an answer, 1 asked twice).',
    );
    expect(quiz.decks.value).toHaveLength(1);
    const deck = quiz.decks.value[0]!;
    expect(deck.url).toBe('https://ocw.example/rivers');
    expect(deck.cards.map((c) => c.question)).toEqual(['What carries sand?', 'Where do deltas form?']);

    // Practice: reveal, mark, next, score; results kept in the deck.
    quiz.startPractice(deck.id);
    quiz.reveal();
    await quiz.mark(true);
    await quiz.mark(false); // a second mark on the same card is ignored
    quiz.next();
    quiz.reveal();
    await quiz.mark(false);
    quiz.next();
    expect(quiz.practice.value).toMatchObject({ right: 1, wrong: 1, finished: true });
    expect(quiz.decks.value[0]!.cards.map((c) => [c.right, c.wrong])).toEqual([
      [1, 0],
      [0, 1],
    ]);

    quiz.exportCsv(deck.id);
    quiz.exportMarkdown(deck.id);
    expect(downloads.map(([name, mime]) => [name, mime])).toEqual([
      ['Rivers · flashcards.csv', 'text/csv;charset=utf-8'],
      ['Rivers · flashcards.md', 'text/markdown;charset=utf-8'],
    ]);
    expect(downloads[0]![2]).toContain('"What carries sand?","Rivers.","locus Rivers_flashcards"');
  });

  it("a deck made from a page keeps each card's source passage, and tells the badge", async () => {
    const db = freshDb();
    const text = '# Rivers\n\nRivers carry sand and gravel downstream.\n\nDeltas form at river mouths, where the water slows.';
    let told = 0;
    const quiz = new QuizState({
      engine: () => client(() => 'Q: What do rivers carry?\nA: Sand and gravel.\n\nQ: Where do deltas form?\nA: At river mouths.'),
      db: () => db,
      answerLanguage: () => '',
      source: noSelection,
      target,
      capture: async () => ({ ...PAGE, url: 'https://ocw.example/rivers', text, originalLength: text.length }),
      download: () => undefined,
      reviewChanged: () => void (told += 1),
    });
    await quiz.generate('page');
    const [deck] = await db.decks.toArray();
    expect(deck!.cards.map((c) => c.source?.text)).toEqual([
      'Rivers carry sand and gravel downstream.',
      'Deltas form at river mouths, where the water slows.',
    ]);
    expect(deck!.cards[1]!.source).toMatchObject({ kind: 'web', url: 'https://ocw.example/rivers', start: text.indexOf('Deltas') });
    expect(deck!.cards[1]!.source!.citationUrl).toMatch(/^https:\/\/ocw\.example\/rivers#:~:text=Deltas/);
    expect(told).toBe(1);
    // Its cards joined spaced review at once.
    expect((await db.reviewStates.toArray()).map((r) => [r.id, r.state])).toEqual([
      [`${deck!.id}#0`, 'new'],
      [`${deck!.id}#1`, 'new'],
    ]);
    await quiz.remove(deck!.id, null);
    expect(told).toBe(2);
  });

  it('sources from a PDF open its page; from a selection, the selected passage', async () => {
    expect(sourcePageOf({ ...PAGE, url: 'https://uni.example/r.pdf', source: 'pdf', text: 'One.\n\nTwo.', pageStarts: [0, 6] })).toEqual({
      url: 'https://uni.example/r.pdf',
      text: 'One.\n\nTwo.',
      kind: 'pdf',
      pageStarts: [0, 6],
    });
    const db = freshDb();
    const quiz = new QuizState({
      engine: () => client(() => 'Q: Where do deltas form?\nA: At river mouths.'),
      db: () => db,
      answerLanguage: () => '',
      source: { current: async () => ({ subject: { selection: pending().selection!, page: pending().page, frame: pending().frame } }) },
      target,
      capture,
      download: () => undefined,
    });
    await quiz.generate('selection');
    const [deck] = await db.decks.toArray();
    expect(deck!.cards[0]!.source).toMatchObject({ kind: 'web', text: 'Deltas form at river mouths.', start: 0 });
  });

  it('a multiple-choice pick is marked at once', async () => {
    const db = freshDb();
    const quiz = new QuizState({
      engine: () => client(() => 'Q: Where do deltas form?\nA) Deserts\nB) River mouths\nAnswer: B'),
      db: () => db,
      answerLanguage: () => '',
      source: noSelection,
      target,
      capture,
      download: () => undefined,
    });
    quiz.format.value = 'multiple-choice';
    await quiz.generate('page');
    quiz.startPractice(quiz.decks.value[0]!.id);
    await quiz.choose('Deserts');
    await quiz.choose('River mouths'); // one pick per card
    expect(quiz.practice.value).toMatchObject({ chosen: 'Deserts', right: 0, wrong: 1 });
  });

  it('with nothing usable in the output, keeps no deck and says so', async () => {
    const db = freshDb();
    const quiz = new QuizState({
      engine: () => client(() => 'Once upon a time there was a bird.'),
      db: () => db,
      answerLanguage: () => '',
      source: noSelection,
      target,
      capture,
      download: () => undefined,
    });
    await quiz.generate('page');
    expect(quiz.message.value).toMatch(/The model wrote no usable flashcards this time/);
    expect(await db.decks.count()).toBe(0);
  });

  it('"From my selection" with nothing selected says so and asks nothing', async () => {
    const requests: TaskRequest[] = [];
    const quiz = new QuizState({
      engine: () => client(() => 'x', requests),
      db: () => freshDb(),
      answerLanguage: () => '',
      source: noSelection,
      target,
      capture,
      download: () => undefined,
    });
    await quiz.generate('selection');
    expect(requests).toEqual([]);
    expect(quiz.run.error.value?.message).toBe('Nothing is selected on the page.');
  });
});

describe('ChatState', () => {
  it('sends the conversation so far with each question and keeps it with the page', async () => {
    const db = freshDb();
    const requests: TaskRequest[] = [];
    const downloads: string[] = [];
    const chat = new ChatState({
      engine: () => client((r) => (r.kind === 'chat' ? `Answer to: ${r.question}` : ''), requests),
      db: () => db,
      answerLanguage: () => 'es',
      target,
      capture,
      download: (_n, _m, text) => downloads.push(text),
    });
    // Each answer is handed to the page's study thread, asked in the Chat tab or in the thread.
    const handed: StudyResult[] = [];
    chat.onResult = async (result) => void handed.push(result);
    await chat.send('What is a delta?');
    await chat.send('And why?');
    expect(handed.map((r) => [r.url, r.kind, r.source, r.label, r.text, r.pageLang])).toEqual([
      [PAGE.url, 'answer', 'page', 'What is a delta?', 'Answer to: What is a delta?', 'en'],
      [PAGE.url, 'answer', 'page', 'And why?', 'Answer to: And why?', 'en'],
    ]);
    expect(requests.map((r) => (r.kind === 'chat' ? [r.question, r.history.length, r.outputLanguage] : null))).toEqual([
      ['What is a delta?', 0, 'es'],
      ['And why?', 2, 'es'],
    ]);
    expect((requests[1] as Extract<TaskRequest, { kind: 'chat' }>).history[1]).toEqual({
      role: 'assistant',
      content: 'Answer to: What is a delta?',
    });
    expect((await conversationOf(db, 'https://ocw.example/rivers'))!.messages.map((m) => m.content)).toEqual([
      'What is a delta?',
      'Answer to: What is a delta?',
      'And why?',
      'Answer to: And why?',
    ]);
    chat.exportMarkdown();
    expect(downloads[0]).toContain('### You · ');
    expect(downloads[0]).toContain('Answer to: And why?');
    await chat.clear(false);
    expect(chat.confirmingClear.value).toBe(true);
    await chat.clear(true);
    expect(await conversationOf(db, PAGE.url)).toBeUndefined();
  });

  it('streams the next answer from empty, not after the words of one that failed', async () => {
    const db = freshDb();
    const seen: string[] = [];
    let chat: ChatState;
    let calls = 0;
    const engine = {
      async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
        const text = request.kind === 'chat' ? `Answer to: ${request.question}` : '';
        onEvent({ kind: 'text', delta: text.slice(0, 6) });
        seen.push(chat.run.text.value);
        if (++calls === 1) {
          const error = { kind: 'error' as const, error: { code: 'internal' as const, message: 'The model stopped.' } };
          onEvent(error);
          return error;
        }
        const done = { kind: 'done' as const, text, stats };
        onEvent(done);
        return done;
      },
    } as unknown as EngineClient;
    chat = new ChatState({ engine: () => engine, db: () => db, answerLanguage: () => '', target, capture, download: () => undefined });
    const handed: string[] = [];
    chat.onResult = async (result) => void handed.push(result.label);
    await chat.send('What is a delta?');
    await chat.send('And why?');
    expect(seen).toEqual(['Answer', 'Answer']);
    // The failed answer is not handed to the thread; the next one is.
    expect(handed).toEqual(['And why?']);
  });

  it('uses the saved summary of the page', async () => {
    const db = freshDb();
    const requests: TaskRequest[] = [];
    const session = new SummarizeSession({ engine: client(() => 'A page about rivers and deltas.'), target, capture });
    const history = new SummaryHistory(session, () => db);
    await history.summarize('tldr', 'fr');
    const chat = new ChatState({
      engine: () => client(() => 'ok', requests),
      db: () => db,
      answerLanguage: () => '',
      target,
      capture,
      download: () => undefined,
    });
    await chat.send('Summarise?');
    expect(requests[0]).toMatchObject({ kind: 'chat', summary: 'A page about rivers and deltas.' });
  });
});

describe('SummaryHistory', () => {
  it('saves a finished summary with its mode and language (beside it the page’s own when none was asked), lists the page’s newest first, reopens and deletes', async () => {
    const db = freshDb();
    let n = 0;
    const session = new SummarizeSession({ engine: client(() => `Summary ${++n} of the rivers page.`), target, capture });
    const history = new SummaryHistory(session, () => db);
    await history.summarize('tldr', 'fr');
    await history.summarize('key-points', '');
    expect(history.items.value.map((s) => [s.mode, s.outputLanguage, s.pageLang, s.text])).toEqual([
      ['key-points', undefined, 'en', 'Summary 2 of the rivers page.'],
      ['tldr', 'fr', undefined, 'Summary 1 of the rivers page.'],
    ]);
    // Its thread card reads in the language it was written in: the page's, when none was asked.
    expect(summaryThreadItem(history.items.value[0]!, 1).pageLang).toBe('en');
    history.open(history.items.value[1]!);
    expect(history.opened.value?.text).toBe('Summary 1 of the rivers page.');
    await history.remove(history.items.value[1]!.id!);
    expect(history.opened.value).toBeNull();
    expect((await summariesOf(db, PAGE.url)).map((s) => s.mode)).toEqual(['key-points']);
  });
});
