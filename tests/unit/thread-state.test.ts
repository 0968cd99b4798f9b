/**
 * The study thread's actions in Node, on a real Dexie database (fake-indexeddb): each action goes
 * through the state that already does it (stood in for here by objects with the same signals), and
 * what it gives becomes a card of the page's thread; what gives nothing leaves no card and loses
 * nothing the student typed.
 */
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import type { SelectionTaskRequest } from '../../lib/messaging/engine-protocol';
import type { StudyResult } from '../../lib/panel/thread-items';
import { describe, expect, it } from 'vitest';
import type { ThreadDeps } from '../../lib/panel/thread-state';
import { ThreadState } from '../../lib/panel/thread-state';
import { LocusDatabase, type DeckRow } from '../../lib/store/db';
import { deleteSummary, saveSummary, summariesOf } from '../../lib/store/study-records';
import { addThreadItem, threadOf } from '../../lib/store/thread-records';
import { sha256Hex } from '../../lib/privacy/consent';
import { throwawayDatabases } from '../support/shipped-schemas';

const PAGE = 'https://ocw.example/geo/plates';
const TASK: SelectionTaskRequest = {
  kind: 'selection',
  action: 'explain',
  selection: 'Plates move a few centimetres a year.',
  context: 'Plate tectonics. Plates move a few centimetres a year.',
  inEditable: false,
  question: '',
  targetLanguage: '',
  page: { url: PAGE, title: 'Plates', lang: 'en' },
  outputLanguage: '',
};
const EXPLAINED = {
  kind: 'explain',
  label: 'explain',
  source: 'selection',
  text: 'They drift slowly.',
  modelId: 'm',
  quote: TASK.selection,
  selectionTask: TASK,
} as const;
const newDatabase = throwawayDatabases('locus-thread-state');

/** The hint state as the thread reads it: each request gives the next rung after the hints given. */
function hintsOn(url: string) {
  const hints = {
    problem: signal<{ page: { url: string }; source: 'page' | 'selection' } | null>(null),
    hints: signal<Array<{ level: number; text: string }>>([]),
    run: { stats: signal({ modelId: 'm' }) },
    // Each hint joins the thread through this, as HintState hands it on.
    onResult: null as null | ((r: StudyResult) => Promise<void>),
    reset() {
      hints.problem.value = null;
      hints.hints.value = [];
    },
    async usePage() {
      hints.problem.value = { page: { url }, source: 'page' };
      return true;
    },
    async request() {
      const level = hints.hints.value.length + 1;
      if (level > 3) return;
      const text = `Hint at rung ${level}.`;
      hints.hints.value = [...hints.hints.value, { level, text }];
      await hints.onResult?.({ url, kind: 'hints', label: String(level), source: 'page', text, modelId: 'm' });
    },
  };
  return hints;
}

/** The states the thread drives, as far as it reads them; each test sets what a run gives. */
function parts(db: LocusDatabase) {
  const session = { page: signal<{ url: string } | null>({ url: PAGE }), phase: signal('idle') };
  const summaries = {
    items: signal<unknown[]>([]),
    async summarize(mode: string) {
      session.phase.value = 'done';
      await saveSummary(db, { url: PAGE, title: 'Plates', mode, text: `A ${mode} summary.`, modelId: 'm', createdAt: Date.now() });
      summaries.items.value = [...summaries.items.value, mode];
    },
    async remove(id: number) {
      await deleteSummary(db, id);
    },
  };
  const decks: DeckRow[] = [];
  const quiz = {
    format: signal('flashcards'),
    lastDeckId: signal<string | null>(null),
    message: signal(''),
    run: { phase: signal('idle'), stats: signal<{ modelId: string } | null>(null) },
    cards: 0,
    onResult: null as null | ((r: StudyResult) => Promise<void>),
    // As QuizState does: every finished run is handed to its listener (the thread).
    async generate() {
      quiz.run.phase.value = 'done';
      quiz.run.stats.value = { modelId: 'm' };
      const made = { url: PAGE, kind: 'cards', source: 'page', modelId: 'm' } as const;
      if (!quiz.cards) {
        quiz.message.value = 'The model wrote no usable flashcards this time.';
        await quiz.onResult?.({ ...made, label: '', text: quiz.message.value });
        return;
      }
      decks.push({ id: 'd1', url: PAGE, title: 'Plates · flashcards', createdAt: Date.now(), cards: [] });
      quiz.lastDeckId.value = 'd1';
      quiz.message.value = `Saved ${quiz.cards} flashcards.`;
      await quiz.onResult?.({ ...made, label: 'Plates · flashcards', text: quiz.message.value, deckId: 'd1' });
    },
    deck: (id: string) => decks.find((d) => d.id === id),
    refresh: async () => {},
  };
  const chat = {
    url: signal<string | null>(PAGE),
    input: signal(''),
    messages: signal<Array<{ role: 'user' | 'assistant'; content: string; at: number }>>([]),
    run: { stats: signal<{ modelId: string } | null>({ modelId: 'm' }) },
    answer: '' as string,
    onResult: null as null | ((r: StudyResult) => Promise<void>),
    async send(question: string) {
      if (!chat.answer) return; // stopped or failed: nothing kept
      const at = Date.now();
      chat.messages.value = [
        ...chat.messages.value,
        { role: 'user', content: question, at },
        { role: 'assistant', content: chat.answer, at },
      ];
      // As ChatState does: the answer handed to the thread.
      await chat.onResult?.({ url: PAGE, kind: 'answer', label: question, source: 'page', text: chat.answer, modelId: 'm' });
    },
  };
  // Ask: an explanation of the selection, handed to its listener as AskState does.
  const ask = {
    onResult: null as null | ((r: StudyResult) => Promise<void>),
    started: [] as unknown[],
    async start(pending: unknown) {
      ask.started.push(pending);
      await ask.onResult?.({ ...EXPLAINED, url: PAGE });
    },
  };
  // The consent dialog: records what it was asked to show; the test plays the student's "Send once".
  const cloud = {
    asked: [] as unknown[],
    accept: null as null | ((p: { id: string; bodySha256: string }, allow: boolean) => void),
    async ask(request: unknown, onAccept: (p: { id: string; bodySha256: string }, allow: boolean) => void) {
      cloud.asked.push(request);
      cloud.accept = onAccept;
    },
  };
  Object.assign(session, {
    cloud,
    asked: [] as unknown[],
    async askBiggerModel(mode: string, language: string) {
      (session as unknown as { asked: unknown[] }).asked.push([mode, language]);
    },
  });
  // The engine the bigger model's answer comes through: what it was sent, and its answer.
  const sent: unknown[] = [];
  const engine = {
    async start(request: unknown) {
      sent.push(request);
      return { kind: 'done', text: 'A longer explanation.', stats: { modelId: 'gpt-fake' } };
    },
  };
  const hints = hintsOn(PAGE);
  // The page open now, as "Ask a bigger model" on an answer about the page reads it again.
  const open = {
    page: { url: PAGE, title: 'Plates', lang: 'en', text: 'Plates move a few centimetres a year.' } as {
      url: string;
      title: string;
      lang: string;
      text: string;
    } | null,
  };
  const readPage = async (url: string) => (open.page && open.page.url === url ? open.page : null);
  const deps = {
    db: () => db,
    engine: () => engine,
    session,
    ask,
    summaries,
    quiz,
    chat,
    hints,
    libraryAsk: {},
    answerLanguage: () => '',
    readPage,
  };
  return { deps: deps as unknown as ThreadDeps, session, quiz, chat, ask, cloud, sent, hints, open };
}

async function setUp() {
  const db = new LocusDatabase(newDatabase());
  await db.open();
  const p = parts(db);
  const thread = new ThreadState(p.deps);
  await thread.load(PAGE);
  return { db, thread, ...p };
}

describe('ThreadState', () => {
  it('keeps a summary, a deck and an answer as cards, in order, and shows the live summary in its card', async () => {
    const { db, thread, quiz, chat } = await setUp();
    await thread.summarize('tldr', '');
    const summaryId = thread.items.value[0]!.id!;
    expect(thread.liveSummaryId.value).toBe(summaryId);
    quiz.cards = 3;
    await thread.flashcards();
    chat.answer = 'Convection in the mantle.';
    thread.question.value = '  Why do plates move? ';
    await thread.send();
    expect(thread.question.value).toBe('');
    const kept = await threadOf(db, PAGE);
    expect(kept.map((i) => [i.kind, i.label, i.text, i.deckId])).toEqual([
      ['summary', 'tldr', 'A tldr summary.', undefined],
      ['cards', 'Plates · flashcards', 'Saved 3 flashcards.', 'd1'],
      ['answer', 'Why do plates move?', 'Convection in the mantle.', undefined],
    ]);
    expect(thread.items.value).toEqual(kept);
    // A moment without a target page does not unhook the live summary from its card.
    await thread.load(null);
    await thread.load(PAGE);
    expect(thread.liveSummaryId.value).toBe(summaryId);
    db.close();
  });

  it('"Another hint" goes on from the hint cards kept: after the panel was reopened, and without a removed card', async () => {
    const { db, thread, deps } = await setUp();
    await thread.hint();
    await thread.hint(true);
    const rungs = async () => (await threadOf(db, PAGE)).filter((i) => i.kind === 'hints').map((i) => i.label);
    expect(await rungs()).toEqual(['1', '2']);
    // The panel opened again: a new thread state, a hint state that has given nothing yet.
    const again = new ThreadState({ ...deps, hints: hintsOn(PAGE) as unknown as ThreadDeps['hints'] });
    await again.load(PAGE);
    await again.hint(true);
    expect(await rungs()).toEqual(['1', '2', '3']);
    await again.remove(again.items.value.at(-1)!.id!);
    await again.hint(true);
    expect(await rungs()).toEqual(['1', '2', '3']);
    // "Hints" (not "Another hint") starts over on the page.
    await again.hint();
    expect(await rungs()).toEqual(['1', '2', '3', '1']);
    db.close();
  });

  it('keeps the honest outcome of flashcards that gave no usable card', async () => {
    const { db, thread } = await setUp();
    await thread.flashcards();
    expect((await threadOf(db, PAGE)).map((i) => [i.kind, i.text, i.deckId])).toEqual([
      ['cards', 'The model wrote no usable flashcards this time.', undefined],
    ]);
    db.close();
  });

  it('an empty question sends nothing; an unanswered one goes back into the box, no card', async () => {
    const { db, thread } = await setUp();
    thread.question.value = '   ';
    await thread.send();
    thread.question.value = 'Why?';
    await thread.send(); // the chat answers nothing (stopped)
    expect(thread.question.value).toBe('Why?');
    expect(await threadOf(db, PAGE)).toEqual([]);
    expect(thread.busy.value).toBe(false);
    db.close();
  });

  it('removing a summary card deletes the kept summary too (the card is the one place it is shown)', async () => {
    const { db, thread } = await setUp();
    await thread.summarize('tldr', '');
    await thread.remove(thread.items.value[0]!.id!);
    expect(await threadOf(db, PAGE)).toEqual([]);
    expect(await summariesOf(db, PAGE)).toEqual([]);
    db.close();
  });

  it('"Explain" on a selection runs in the thread and is kept once, as an explain card with its quote', async () => {
    const { db, thread, ask } = await setUp();
    expect(thread.explainSelection({ action: 'explain' } as never)).toBe(true);
    await until(() => !thread.busy.value);
    const kept = await threadOf(db, PAGE);
    expect(kept.map((i) => [i.kind, i.source, i.text, i.quote])).toEqual([['explain', 'selection', 'They drift slowly.', TASK.selection]]);
    expect(thread.items.value).toEqual(kept);
    expect(thread.work.value).toBeNull(); // shown as its card only, not also as running work
    expect(ask.started).toHaveLength(1);
    db.close();
  });

  it('while other work runs, "Explain" is not taken (the Ask tab answers it)', async () => {
    const { db, thread } = await setUp();
    thread.busy.value = true;
    expect(thread.explainSelection({ action: 'explain' } as never)).toBe(false);
    db.close();
  });

  it('results made in the Hints and Quiz tabs join the thread of their page, and only of their page', async () => {
    const { db, thread, hints, quiz } = await setUp();
    await hints.onResult!({ url: PAGE, kind: 'hints', label: '1', source: 'selection', text: 'Think of speed.', modelId: 'm' });
    await hints.onResult!({ url: 'https://other.example/', kind: 'hints', label: '1', source: 'page', text: 'Elsewhere.', modelId: 'm' });
    quiz.cards = 2;
    await quiz.generate();
    expect(thread.items.value.map((i) => [i.kind, i.source, i.text])).toEqual([
      ['hints', 'selection', 'Think of speed.'],
      ['cards', 'page', 'Saved 2 flashcards.'],
    ]);
    expect((await threadOf(db, 'https://other.example/')).map((i) => i.text)).toEqual(['Elsewhere.']);
    db.close();
  });

  it('"Ask a bigger model" on a card proposes exactly its task; agreed, the answer is a new card', async () => {
    const { db, thread, cloud, sent } = await setUp();
    thread.explainSelection({ action: 'explain' } as never);
    await until(() => !thread.busy.value);
    const card = thread.items.value[0]!;
    await thread.askBigger(card);
    expect(cloud.asked).toEqual([TASK]); // the card's own task, nothing else
    expect(sent).toEqual([]); // shown, not sent
    cloud.accept!({ id: 'p1', bodySha256: 'abc' }, false);
    await until(() => thread.items.value.length === 2);
    expect(sent).toEqual([{ kind: 'cloud', proposalId: 'p1', bodySha256: 'abc', alwaysAllowSite: false }]);
    const big = thread.items.value[1]!;
    expect([big.kind, big.text, big.modelId, big.cloud, big.quote]).toEqual([
      'explain',
      'A longer explanation.',
      'gpt-fake',
      true,
      TASK.selection,
    ]);
    await thread.askBigger(big); // a bigger model's card is not offered again
    expect(cloud.asked).toHaveLength(1);
    db.close();
  });

  it('"Ask a bigger model" on a summary card asks for that summary: its mode, its language', async () => {
    const { db, thread, session } = await setUp();
    await thread.summarize('key-points', '');
    await thread.askBigger({ ...thread.items.value[0]!, language: 'fr' });
    expect((session as unknown as { asked: unknown[] }).asked).toEqual([['key-points', 'fr']]);
    db.close();
  });
});

describe('a bigger model on a hint card', () => {
  const PROBLEM = 'Solve 3x + 5 = 20 for x.';
  const hintTask = { problem: PROBLEM, context: '', page: { url: PAGE, title: 'Plates', lang: '' }, outputLanguage: '' };
  const hintCard = (label: string, text: string) =>
    ({ url: PAGE, kind: 'hints', label, source: 'typed', text, created: Date.now(), modelId: 'm', quote: PROBLEM, hintTask }) as const;

  it('proposes the next hint on its problem with the hints so far; agreed, a hint card at that rung, marked cloud, that the Hints tool goes on from', async () => {
    const { db, thread, cloud, sent, hints } = await setUp();
    await addThreadItem(db, hintCard('1', 'What undoes an addition?'));
    await thread.load(PAGE);
    // The Hints tool is on the same problem (typed), one hint given.
    (hints.problem as unknown as { value: unknown }).value = { page: { url: PAGE }, source: 'typed', text: PROBLEM };
    hints.hints.value = [{ level: 1, text: 'What undoes an addition?' }];
    await thread.askBigger(thread.items.value[0]!);
    expect(cloud.asked).toEqual([{ kind: 'hint', level: 2, ...hintTask, previous: ['What undoes an addition?'] }]);
    expect(sent).toEqual([]); // shown, not sent
    cloud.accept!({ id: 'p3', bodySha256: 'fed' }, false);
    await until(() => thread.items.value.length === 2);
    expect(sent).toEqual([{ kind: 'cloud', proposalId: 'p3', bodySha256: 'fed', alwaysAllowSite: false }]);
    const big = thread.items.value[1]!;
    expect([big.kind, big.label, big.source, big.quote, big.text, big.cloud, big.modelId]).toEqual([
      'hints',
      '2',
      'typed',
      PROBLEM,
      'A longer explanation.',
      true,
      'gpt-fake',
    ]);
    await until(() => hints.hints.value.length === 2);
    expect(hints.hints.value).toEqual([
      { level: 1, text: 'What undoes an addition?' },
      { level: 2, text: 'A longer explanation.' },
    ]);
    await thread.askBigger(big); // not offered again on what the bigger model wrote
    expect(cloud.asked).toHaveLength(1);
    db.close();
  });

  it('a hint card kept before cards kept their problem proposes nothing', async () => {
    const { db, thread, cloud } = await setUp();
    const { hintTask: _task, ...older } = hintCard('1', 'An older hint.');
    await addThreadItem(db, older);
    await thread.load(PAGE);
    await thread.askBigger(thread.items.value[0]!);
    expect(cloud.asked).toEqual([]);
    db.close();
  });
});

describe('a bigger model on questions about the page, and its summaries kept', () => {
  const QUESTION = 'How fast do plates move?';
  async function answered() {
    const set = await setUp();
    const pageQuestion = { outputLanguage: 'fr', pageSha256: await sha256Hex(set.open.page!.text) };
    await set.chat.onResult!({ url: PAGE, kind: 'answer', label: QUESTION, source: 'page', text: 'Slowly.', modelId: 'm', pageQuestion });
    return set;
  }

  it("proposes the card's question about the page read now; agreed, the answer is a new card marked cloud", async () => {
    const { db, thread, cloud, sent, open } = await answered();
    const card = thread.items.value[0]!;
    await thread.askBigger(card);
    expect(cloud.asked).toEqual([{ kind: 'chat', page: open.page, summary: '', history: [], question: QUESTION, outputLanguage: 'fr' }]);
    expect(sent).toEqual([]); // shown, not sent
    cloud.accept!({ id: 'p2', bodySha256: 'def' }, false);
    await until(() => thread.items.value.length === 2);
    expect(sent).toEqual([{ kind: 'cloud', proposalId: 'p2', bodySha256: 'def', alwaysAllowSite: false }]);
    const big = thread.items.value[1]!;
    expect([big.kind, big.label, big.text, big.cloud]).toEqual(['answer', QUESTION, 'A longer explanation.', true]);
    // Kept: the thread read again has both cards.
    expect((await threadOf(db, PAGE)).map((i) => [i.kind, Boolean(i.cloud)])).toEqual([
      ['answer', false],
      ['answer', true],
    ]);
    db.close();
  });

  it('with its page closed or changed, says so under the card and proposes nothing', async () => {
    const { db, thread, cloud, open } = await answered();
    const card = thread.items.value[0]!;
    const page = open.page!;
    open.page = null;
    await thread.askBigger(card);
    expect([thread.cloudCardId.value, thread.pageProblem.value]).toEqual([card.id, 'closed']);
    open.page = { ...page, text: `${page.text} And more since.` };
    await thread.askBigger(card);
    expect(thread.pageProblem.value).toBe('changed');
    expect(cloud.asked).toEqual([]);
    open.page = page; // back as it was: proposed, and the problem no longer shown
    await thread.askBigger(card);
    expect(thread.pageProblem.value).toBeNull();
    expect(cloud.asked).toHaveLength(1);
    db.close();
  });

  it('a summary a bigger model wrote becomes a summary card, once, with its mode and language, shown in the live place', async () => {
    const { db, thread, session } = await setUp();
    const keep = (session as unknown as { onCloudSummary: (s: unknown) => Promise<void> }).onCloudSummary;
    const page = { url: PAGE, title: 'Plates', lang: 'ar', text: 'x', truncated: false, originalLength: 1 };
    await keep({ mode: 'key-points', outputLanguage: '', page, text: 'Big points.', modelId: 'gpt-fake' });
    await keep({ mode: 'tldr', outputLanguage: 'vi', page, text: 'Ngắn.', modelId: 'gpt-fake' });
    const kept = await threadOf(db, PAGE);
    expect(kept.map((i) => [i.kind, i.mode, i.text, i.cloud, i.language, i.pageLang, i.modelId])).toEqual([
      ['summary', 'key-points', 'Big points.', true, undefined, 'ar', 'gpt-fake'],
      ['summary', 'tldr', 'Ngắn.', true, 'vi', undefined, 'gpt-fake'],
    ]);
    expect(thread.items.value).toEqual(kept);
    expect(thread.liveSummaryId.value).toBe(kept[1]!.id);
    db.close();
  });
});

/** Waits for a condition of the state (its async work settles over a few turns). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}
