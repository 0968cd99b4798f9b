/**
 * The study thread's actions in Node, on a real Dexie database (fake-indexeddb): each action goes
 * through the state that already does it (stood in for here by objects with the same signals), and
 * what it gives becomes a card of the page's thread; what gives nothing leaves no card and loses
 * nothing the student typed.
 */
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ThreadDeps } from '../../lib/panel/thread-state';
import { ThreadState } from '../../lib/panel/thread-state';
import { LocusDatabase, type DeckRow } from '../../lib/store/db';
import { saveSummary } from '../../lib/store/study-records';
import { threadOf } from '../../lib/store/thread-records';
import { throwawayDatabases } from '../support/shipped-schemas';

const PAGE = 'https://ocw.example/geo/plates';
const newDatabase = throwawayDatabases('locus-thread-state');

/** The hint state as the thread reads it: each request gives the next rung after the hints given. */
function hintsOn(url: string) {
  const hints = {
    problem: signal<{ page: { url: string }; source: 'page' | 'selection' } | null>(null),
    hints: signal<Array<{ level: number; text: string }>>([]),
    run: { stats: signal({ modelId: 'm' }) },
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
      if (level <= 3) hints.hints.value = [...hints.hints.value, { level, text: `Hint at rung ${level}.` }];
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
  };
  const decks: DeckRow[] = [];
  const quiz = {
    format: signal('flashcards'),
    lastDeckId: signal<string | null>(null),
    message: signal(''),
    run: { phase: signal('idle'), stats: signal<{ modelId: string } | null>(null) },
    cards: 0,
    async generate() {
      quiz.run.phase.value = 'done';
      quiz.run.stats.value = { modelId: 'm' };
      if (!quiz.cards) {
        quiz.message.value = 'The model wrote no usable flashcards this time.';
        return;
      }
      decks.push({ id: 'd1', url: PAGE, title: 'Plates · flashcards', createdAt: Date.now(), cards: [] });
      quiz.lastDeckId.value = 'd1';
      quiz.message.value = `Saved ${quiz.cards} flashcards.`;
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
    async send(question: string) {
      if (!chat.answer) return; // stopped or failed: nothing kept
      const at = Date.now();
      chat.messages.value = [
        ...chat.messages.value,
        { role: 'user', content: question, at },
        { role: 'assistant', content: chat.answer, at },
      ];
    },
  };
  const hints = hintsOn(PAGE);
  const deps = { db: () => db, session, summaries, quiz, chat, hints, libraryAsk: {}, answerLanguage: () => '' };
  return { deps: deps as unknown as ThreadDeps, session, quiz, chat, hints };
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
});
