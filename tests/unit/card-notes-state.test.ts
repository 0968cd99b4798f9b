/**
 * "Save to my library" on thread cards (lib/panel/card-notes-state.ts) over the Library tab's own
 * save (LibrarySaveState): the request it sends, the saved state asked of the library, a failure
 * (storage full) that leaves the card as it was with its error, and one save at a time.
 */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { CardNotesState } from '../../lib/panel/card-notes-state';
import { LibrarySaveState } from '../../lib/panel/library-save-state';
import type { ThreadItemRow } from '../../lib/store/db';
import { fakeStats } from '../support/fake-stats';

const PAGE = { url: 'https://ocw.example/geo/plates#top', title: 'Plate tectonics', lang: 'en' };
const card = (id: number, over: Partial<ThreadItemRow> = {}): ThreadItemRow => ({
  id,
  url: 'https://ocw.example/geo/plates',
  kind: 'summary',
  label: 'tldr',
  source: 'page',
  text: `Summary ${id}: plates move.`,
  created: id,
  modelId: 'm',
  ...over,
});

/** The library as the engine worker answers: saves replace by address; a lookup finds what was saved. */
function fakeLibrary(fail?: { code: 'storage-full'; message: string }) {
  const saved = new Map<string, string>();
  const requests: TaskRequest[] = [];
  const client = {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
      requests.push(request);
      await Promise.resolve();
      if (fail) return { kind: 'error', error: fail };
      if (request.kind !== 'library.save') throw new Error('only saves here');
      const replaced = saved.has(request.page.url);
      saved.set(request.page.url, request.page.title);
      onEvent({ kind: 'library.saved', pageId: `p${saved.size}`, chunks: 1, replaced });
      const done = { kind: 'done' as const, text: '', stats: fakeStats() };
      onEvent(done);
      return done;
    },
    async rpc(request: { method: string; url?: string }) {
      if (request.method !== 'library.lookup') throw new Error(`unexpected ${request.method}`);
      const title = saved.get(request.url!);
      return title ? { id: 'x', url: request.url, title } : null;
    },
  };
  return { client: client as unknown as EngineClient, saved, requests };
}

function notesOver(library: ReturnType<typeof fakeLibrary>) {
  const save = new LibrarySaveState({
    engine: library.client,
    target: async () => null,
    capture: async () => {
      throw new Error('a note is not captured');
    },
    refresh: async () => undefined,
  });
  return new CardNotesState({ engine: library.client, save, listing: signal(null), page: () => PAGE, course: () => 'Geology' });
}

describe('CardNotesState', () => {
  it('saves a card as a note of its page (the save the Library tab uses), then says it is saved', async () => {
    const library = fakeLibrary();
    const notes = notesOver(library);
    await notes.refresh([card(1), card(2)]);
    expect(notes.isSaved(card(1))).toBe(false);
    expect(await notes.saveCard(card(1), { kind: 'Summary' })).toBe(true);
    expect(library.requests).toEqual([
      {
        kind: 'library.save',
        page: {
          url: 'https://ocw.example/geo/plates#locus-note-1',
          title: 'Summary · Plate tectonics',
          lang: 'en',
          text: 'Summary 1: plates move.',
          kind: 'web',
          textOrigin: 'note',
        },
        course: 'Geology',
        tags: [],
      },
    ]);
    expect(notes.isSaved(card(1))).toBe(true);
    expect(notes.isSaved(card(2))).toBe(false);
    // Asked of the library again (the panel reopened): still saved; saved twice, still one entry.
    const reopened = notesOver(library);
    await reopened.refresh([card(1), card(2)]);
    expect(reopened.isSaved(card(1))).toBe(true);
    await reopened.saveCard(card(1), { kind: 'Summary' });
    expect([...library.saved.keys()]).toEqual(['https://ocw.example/geo/plates#locus-note-1']);
  });

  it('a failed save (storage full) leaves the card unsaved, its error under it, nothing else changed', async () => {
    const library = fakeLibrary({ code: 'storage-full', message: 'The browser has no storage left for Locus.' });
    const notes = notesOver(library);
    expect(await notes.saveCard(card(3), { kind: 'Summary' })).toBe(false);
    expect(notes.isSaved(card(3))).toBe(false);
    expect(notes.failedId.value).toBe(3);
    expect(notes.savingId.value).toBeNull();
    expect(notes.save.error.value?.code).toBe('storage-full');
  });

  it('saves nothing for a deck card, and one card at a time', async () => {
    const library = fakeLibrary();
    const notes = notesOver(library);
    expect(await notes.saveCard(card(4, { kind: 'cards', deckId: 'd' }), { kind: 'Flashcards' })).toBe(false);
    const first = notes.saveCard(card(5), { kind: 'Summary' });
    expect(await notes.saveCard(card(6), { kind: 'Summary' })).toBe(false);
    expect(await first).toBe(true);
    expect(library.requests).toHaveLength(1);
  });
});
