/**
 * A study thread card saved as a note of its page (lib/panel/card-note.ts): its address, title and
 * text; then saved for real (LibraryService on fake-indexeddb, a fake embedding model): beside the
 * page's own entry, once however often it is saved, marked as a note, found and cited by a question.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryService } from '../../lib/library/library-service';
import { LIBRARY_FILES_DIR, type LibraryPageSummary } from '../../lib/messaging/library-protocol';
import type { TaskEvent } from '../../lib/messaging/engine-protocol';
import { canSaveAsNote, isNoteUrl, noteCitationTarget, noteOf, noteText, noteTitle, noteUrl } from '../../lib/panel/card-note';
import { LocusDatabase, type ThreadItemRow } from '../../lib/store/db';
import { pageKey } from '../../lib/store/page-key';
import { FakeEmbedder } from '../support/fake-embedder';
import { FakeEngine } from '../support/fake-engine';

const PAGE = 'https://ocw.example/geo/plates?id=4#section-2';
const card = (over: Partial<ThreadItemRow> = {}): ThreadItemRow & { id: number } => ({
  id: 12,
  url: 'https://ocw.example/geo/plates?id=4',
  kind: 'summary',
  label: 'tldr',
  source: 'page',
  text: '  Plates move on the mantle; Pangaea broke apart 175 million years ago.  ',
  created: 1,
  modelId: 'm',
  ...over,
});

describe('a card as a note of its page', () => {
  it('is kept under the page’s address with the card named in its fragment (the page’s own fragment dropped)', () => {
    expect(noteUrl(PAGE, 12)).toBe('https://ocw.example/geo/plates?id=4#locus-note-12');
    expect(pageKey(noteUrl(PAGE, 12))).toBe(pageKey(PAGE));
    expect(noteUrl(PAGE, 12)).not.toBe(noteUrl(PAGE, 13));
    expect(isNoteUrl(noteUrl(PAGE, 12))).toBe(true);
    expect(isNoteUrl(PAGE)).toBe(false);
    expect(isNoteUrl('https://ocw.example/geo/plates')).toBe(false);
  });

  it('is cited by opening its page, without a text directive (its words are the card’s, not the page’s)', () => {
    const note = noteUrl(PAGE, 12);
    expect(noteCitationTarget(`${note}:~:text=Pangaea%20broke`)).toBe(note);
    expect(noteCitationTarget(note)).toBe(note);
    expect(noteCitationTarget('https://ocw.example/geo/plates#:~:text=Pangaea')).toBeNull();
    expect(noteCitationTarget('https://ocw.example/geo/plates.pdf#page=3')).toBeNull();
  });

  it('is titled by what it is and of which page (the address when the page has no title)', () => {
    expect(noteTitle('Summary', { url: PAGE, title: ' Plate tectonics ' })).toBe('Summary · Plate tectonics');
    expect(noteTitle('Hint 2: the concept', { url: PAGE, title: '' })).toBe('Hint 2: the concept · https://ocw.example/geo/plates?id=4');
  });

  it('holds the card’s text after the question asked or the selection it is about', () => {
    expect(noteText(card(), { kind: 'Summary' })).toBe('Plates move on the mantle; Pangaea broke apart 175 million years ago.');
    expect(noteText(card({ kind: 'answer', label: 'Why?', text: 'Convection.' }), { kind: 'Answer', asked: 'You asked: Why?' })).toBe(
      'You asked: Why?\n\nConvection.',
    );
    expect(noteText(card({ kind: 'explain', quote: 'the  mantle\nconvects', text: 'It flows.' }), { kind: 'Explanation' })).toBe(
      '> the mantle convects\n\nIt flows.',
    );
  });

  it('is a web note in the card’s language: the one asked, else the page’s kept on the card, else the page’s', () => {
    const page = { url: PAGE, title: 'Plate tectonics', lang: 'en' };
    expect(noteOf(card(), page, { kind: 'Summary' })).toEqual({
      url: 'https://ocw.example/geo/plates?id=4#locus-note-12',
      title: 'Summary · Plate tectonics',
      lang: 'en',
      text: 'Plates move on the mantle; Pangaea broke apart 175 million years ago.',
      kind: 'web',
      textOrigin: 'note',
    });
    expect(noteOf(card({ pageLang: 'ar' }), page, { kind: 'Summary' }).lang).toBe('ar');
    expect(noteOf(card({ language: 'vi', pageLang: 'ar' }), page, { kind: 'Summary' }).lang).toBe('vi');
  });

  it('is offered on kept cards with text, not on a deck (kept for Review) nor on a card not yet kept', () => {
    expect(canSaveAsNote(card())).toBe(true);
    for (const kind of ['explain', 'hints', 'answer', 'library-answer'] as const) expect(canSaveAsNote(card({ kind }))).toBe(true);
    expect(canSaveAsNote(card({ kind: 'cards', deckId: 'd1' }))).toBe(false);
    const { id: _id, ...unkept } = card();
    expect(canSaveAsNote(unkept)).toBe(false);
    expect(canSaveAsNote(card({ text: '  ' }))).toBe(false);
  });
});

// ——————————————————————————————————————— saved for real ———————————————————————————————————————

const databases: LocusDatabase[] = [];
const services: LibraryService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close().catch(() => undefined);
  for (const db of databases.splice(0)) await db.delete();
});

function service(): LibraryService {
  const db = new LocusDatabase(`locus-card-note-${process.pid}-${databases.length}`);
  databases.push(db);
  const embedder = new FakeEmbedder();
  let ids = 0;
  const made = new LibraryService({
    db,
    embeddingModelId: async () => embedder.info.modelId,
    prepareEmbedder: async () => embedder,
    prepareChat: async () => new FakeEngine({ contextWindow: 8192, reply: () => 'Pangaea broke apart [1].' }),
    exclusive: (work) => work(),
    hold: () => () => undefined,
    embeddingBatchSize: async () => 4,
    embeddingWrites: { chunks: 1, ms: 0 },
    files: { directory: LIBRARY_FILES_DIR, write: async () => 0, read: async () => '', remove: async () => undefined },
    newId: () => `page-${++ids}`,
  });
  services.push(made);
  return made;
}

async function save(library: LibraryService, page: Parameters<LibraryService['save']>[0]['page']): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  await library.save({ page, course: '', tags: [] }, (e) => events.push(e), new AbortController().signal);
  return events;
}

describe('a note saved to the library', () => {
  it('sits beside its page’s own entry, once however often it is saved, marked as a note', async () => {
    const library = service();
    const page = {
      url: PAGE,
      title: 'Plate tectonics',
      lang: 'en',
      text: 'The lithosphere is broken into plates that move.',
      kind: 'web' as const,
    };
    await save(library, page);
    const note = noteOf(card(), page, { kind: 'Summary' });
    const first = await save(library, note);
    const again = await save(library, note);
    expect(first.find((e) => e.kind === 'library.saved')).toMatchObject({ replaced: false });
    expect(again.find((e) => e.kind === 'library.saved')).toMatchObject({ replaced: true });
    const listed: LibraryPageSummary[] = (await library.list({})).pages;
    expect(listed.map((p) => [p.title, p.textOrigin ?? ''])).toEqual([
      ['Summary · Plate tectonics', 'note'],
      ['Plate tectonics', ''],
    ]);
    // The page's own entry is still the page's: the page card says "In your library" for it, not for a note.
    expect((await library.lookup(PAGE))?.title).toBe('Plate tectonics');
    expect((await library.lookup(note.url))?.textOrigin).toBe('note');
    expect(await library.lookup(noteUrl(PAGE, 99))).toBeNull();
  });

  it('is found by a question on its words, and its source opens its page', async () => {
    const library = service();
    const note = noteOf(card(), { url: PAGE, title: 'Plate tectonics', lang: 'en' }, { kind: 'Summary' });
    await save(library, note);
    await library.queue.idle();
    const hits = await library.retrieve('When did Pangaea break apart?', {});
    const [source] = await library.sourcesFor(hits.slice(0, 1));
    expect(source?.title).toBe('Summary · Plate tectonics');
    expect(source?.text).toContain('Pangaea broke apart 175 million years ago');
    expect(pageKey(source!.url)).toBe(pageKey(PAGE));
  });
});
