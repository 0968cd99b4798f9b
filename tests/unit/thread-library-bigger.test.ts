/**
 * "Ask a bigger model" on a library answer, through the study thread in Node (a real Dexie database,
 * fake-indexeddb; the states it drives stood in for by objects with the same signals): the card keeps
 * the passages the model was given; the click proposes exactly them once every cited page is still
 * saved, nothing when one was deleted; agreed, the bigger model's answer is a card with the same
 * numbered sources.
 */
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { LibrarySource } from '../../lib/messaging/library-protocol';
import { keptPassagesOf } from '../../lib/panel/library-question';
import { canAskBigger, splitLibraryAnswer } from '../../lib/panel/thread-items';
import { ThreadState, type ThreadDeps } from '../../lib/panel/thread-state';
import { LocusDatabase } from '../../lib/store/db';
import { threadOf } from '../../lib/store/thread-records';
import { throwawayDatabases } from '../support/shipped-schemas';

const PAGE = 'https://ocw.example/geo/plates';
const CELLS = 'https://lms.example/bio/cells';
const QUESTION = 'How fast do plates move?';
const newDatabase = throwawayDatabases('locus-thread-library');

function source(n: number, title: string, url: string, text: string, given?: string): LibrarySource {
  return {
    n,
    chunkId: `c${n}`,
    pageId: `p${n}`,
    title,
    url,
    kind: 'web',
    headings: ['Speed'],
    text,
    ...(given ? { given } : {}),
    start: 0,
    end: text.length,
    citationUrl: url,
    pdfPage: null,
    coverage: 1,
    cosine: null,
  };
}
const SOURCES = [
  source(
    1,
    'Plates',
    PAGE,
    'Plates move a few centimetres a year, about as fast as nails grow.',
    'Plates move a few centimetres a year, …',
  ),
  source(2, 'Cells', CELLS, 'Cells divide.'),
];

async function setUp() {
  const db = new LocusDatabase(newDatabase());
  await db.open();
  const listener = { onResult: null };
  // Ask my library: found SOURCES and answered citing them, as LibraryAskState leaves its signals.
  const libraryAsk = {
    question: signal(''),
    phase: signal('idle'),
    sources: signal<LibrarySource[]>([]),
    run: { text: signal('') },
    stats: signal({ modelId: 'local-m' }),
    async ask() {
      libraryAsk.sources.value = SOURCES;
      libraryAsk.run.text.value = 'A few centimetres a year [1].';
      libraryAsk.phase.value = 'done';
    },
  };
  const cloud = {
    asked: [] as unknown[],
    accept: null as null | ((p: { id: string; bodySha256: string }, allow: boolean) => void),
    async ask(request: unknown, onAccept: (p: { id: string; bodySha256: string }, allow: boolean) => void) {
      cloud.asked.push(request);
      cloud.accept = onAccept;
    },
  };
  const saved = new Set([PAGE, CELLS]);
  /** Pages whose lookup fails (the engine host gone, the database closed): neither saved nor deleted. */
  const unreadable = new Set<string>();
  const sent: unknown[] = [];
  const engine = {
    async rpc(request: { method: string; url: string }) {
      expect(request.method).toBe('library.lookup');
      if (unreadable.has(request.url)) throw new Error('The engine host stopped.');
      return saved.has(request.url) ? { url: request.url } : null;
    },
    async start(request: unknown) {
      sent.push(request);
      return { kind: 'done', text: 'About 2–5 cm a year [1]; cells are another matter [2].', stats: { modelId: 'gpt-fake' } };
    },
  };
  const deps = {
    db: () => db,
    engine: () => engine,
    session: { page: signal({ url: PAGE }), phase: signal('idle'), cloud },
    ask: { ...listener },
    summaries: { items: signal([]) },
    quiz: { ...listener, refresh: async () => {} },
    chat: { ...listener },
    hints: { ...listener },
    libraryAsk,
    answerLanguage: () => 'vi',
  };
  const thread = new ThreadState(deps as unknown as ThreadDeps);
  await thread.load(PAGE);
  thread.askLibrary.value = true;
  thread.question.value = QUESTION;
  await thread.send();
  return { db, thread, cloud, saved, unreadable, sent };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('a bigger model on library answers', () => {
  it('keeps the passages given; proposes exactly them; agreed, the cloud card cites the same numbered sources and is kept', async () => {
    const { db, thread, cloud, sent } = await setUp();
    const card = thread.items.value[0]!;
    expect(card.libraryQuestion).toEqual({ outputLanguage: 'vi', passages: keptPassagesOf(SOURCES) });
    expect(card.libraryQuestion!.passages[0]!.text).toBe('Plates move a few centimetres a year, …'); // as the model got it
    expect(canAskBigger(card)).toBe(true);

    await thread.askBigger(card);
    expect(cloud.asked).toEqual([
      { kind: 'library.question', question: QUESTION, outputLanguage: 'vi', passages: keptPassagesOf(SOURCES) },
    ]);
    expect(sent).toEqual([]); // shown, not sent
    cloud.accept!({ id: 'p1', bodySha256: 'abc' }, false);
    await until(() => thread.items.value.length === 2);
    expect(sent).toEqual([{ kind: 'cloud', proposalId: 'p1', bodySha256: 'abc', alwaysAllowSite: false }]);
    const big = (await threadOf(db, PAGE))[1]!; // kept: what a reopened panel reads
    expect([big.kind, big.label, big.cloud, big.modelId, big.language]).toEqual(['library-answer', QUESTION, true, 'gpt-fake', 'vi']);
    const split = splitLibraryAnswer(big.text);
    expect(split.answer).toBe('About 2–5 cm a year [1]; cells are another matter [2].');
    expect(split.sources).toEqual(splitLibraryAnswer(card.text).sources);
    expect(split.sources.map((s) => s.url)).toEqual([PAGE, CELLS]);
    expect(canAskBigger(big)).toBe(false);
    db.close();
  });

  it('a cited page deleted from the library since: named under the card, nothing proposed; saved again, proposed', async () => {
    const { db, thread, cloud, saved } = await setUp();
    const card = thread.items.value[0]!;
    saved.delete(CELLS);
    await thread.askBigger(card);
    expect([thread.cloudCardId.value, thread.libraryGone.value]).toEqual([card.id, ['Cells']]);
    expect(cloud.asked).toEqual([]);
    saved.add(CELLS);
    await thread.askBigger(card);
    expect(thread.libraryGone.value).toEqual([]);
    expect(cloud.asked).toHaveLength(1);
    db.close();
  });

  it('the library cannot be read to check the pages: said as such (not "deleted"), nothing proposed; readable again, proposed', async () => {
    const { db, thread, cloud, unreadable } = await setUp();
    const card = thread.items.value[0]!;
    unreadable.add(CELLS);
    await thread.askBigger(card);
    expect([thread.libraryUnchecked.value, thread.libraryGone.value]).toEqual([true, []]);
    expect(cloud.asked).toEqual([]);
    unreadable.clear();
    await thread.askBigger(card);
    expect([thread.libraryUnchecked.value, cloud.asked.length]).toEqual([false, 1]);
    db.close();
  });
});
