/**
 * "Save to my library" on the study thread's cards: which cards are in the library as notes (asked
 * of the library, so a note deleted in the Library tab shows as not saved again), and saving one.
 * The save itself is the Library tab's (library-save-state.ts): the same run, download progress,
 * messages and errors, one save at a time.
 */
import { batch, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { EngineClient } from '../messaging/engine-channel';
import type { ThreadItemRow } from '../store/db';
import { pageKey } from '../store/page-key';
import { canSaveAsNote, noteOf, noteUrl, type NoteWords } from './card-note';
import type { LibrarySaveState } from './library-save-state';

export interface CardNotesDeps {
  engine: EngineClient;
  save: LibrarySaveState;
  /** The library's list: read again after each save and delete, when the notes are looked up again. */
  listing: ReadonlySignal<unknown>;
  /** The page the panel shows (its title names the note), when there is one. */
  page(): { url: string; title: string; lang: string } | null;
  /** The course the page itself was filed under in the library ('' when none): its notes go there too. */
  course(): string;
}

export class CardNotesState {
  /** The notes' addresses that are in the library now. */
  readonly saved = signal<ReadonlySet<string>>(new Set());
  /** The card being saved, and the card whose last save failed (its error shows under it). */
  readonly savingId = signal<number | null>(null);
  readonly failedId = signal<number | null>(null);
  #checks = 0;

  constructor(private readonly deps: CardNotesDeps) {}

  get save(): LibrarySaveState {
    return this.deps.save;
  }

  /** Looks the cards' notes up again whenever the cards or the library change; returns the stop. */
  follow(items: ReadonlySignal<readonly ThreadItemRow[]>): () => void {
    return effect(() => {
      const cards = items.value;
      void this.deps.listing.value;
      untracked(() => void this.refresh(cards));
    });
  }

  async refresh(items: readonly ThreadItemRow[]): Promise<void> {
    const check = ++this.#checks;
    const urls = items.filter(canSaveAsNote).map((i) => noteUrl(i.url, i.id));
    const found = await Promise.all(
      urls.map((url) =>
        this.deps.engine.rpc({ method: 'library.lookup', url }).then(
          (page) => (page ? url : null),
          () => null,
        ),
      ),
    );
    if (check === this.#checks) this.saved.value = new Set(found.filter((u): u is string => u !== null));
  }

  isSaved(item: ThreadItemRow): boolean {
    return canSaveAsNote(item) && this.saved.value.has(noteUrl(item.url, item.id));
  }

  /** Saves the card as a note of its page; a failure leaves the card as it was, with the error under it. */
  async saveCard(item: ThreadItemRow, words: NoteWords): Promise<boolean> {
    if (!canSaveAsNote(item) || this.savingId.value !== null || this.deps.save.busy.value) return false;
    batch(() => {
      this.savingId.value = item.id;
      this.failedId.value = null;
    });
    const shown = this.deps.page();
    const page = shown && pageKey(shown.url) === pageKey(item.url) ? shown : { url: item.url, title: '', lang: '' };
    let ok = false;
    try {
      ok = await this.deps.save.saveNote(noteOf(item, page, words), this.deps.course());
    } finally {
      batch(() => {
        this.savingId.value = null;
        if (ok) this.saved.value = new Set([...this.saved.value, noteUrl(item.url, item.id)]);
        else this.failedId.value = item.id;
      });
    }
    return ok;
  }
}
