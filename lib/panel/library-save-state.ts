/**
 * Saving the current page to the library (with course and tags), by hand or automatically on the
 * sites the student listed. The save is a model run (the embedding model may download and load), so
 * its events go through the panel's one run reducer (run-events.ts); its phase is derived from the run's.
 */
import { t, tn } from '../i18n/t';
import { batch, computed, signal } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { CapturedPage, PendingImage, TargetPage } from '../messaging/protocol';
import { libraryInputOf, type LibraryPageInput } from '../library/library-input';
import { applyRunEvent, clearRun, type RunPhase } from './run-events';
import { RunModel } from './run-model';

export type SavePhase = 'idle' | 'reading-page' | 'downloading' | 'loading' | 'splitting' | 'saved' | 'error';

export interface LibrarySaveDeps {
  engine: EngineClient;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  /** The list and the current page's saved state are read again after each save. */
  refresh(): Promise<void>;
}

const SAVE_PHASE: Record<RunPhase, SavePhase> = {
  idle: 'idle',
  'reading-page': 'reading-page',
  downloading: 'downloading',
  loading: 'loading',
  writing: 'splitting',
  done: 'saved',
  stopped: 'idle',
  error: 'error',
};

export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export class LibrarySaveState {
  readonly course = signal('');
  readonly tags = signal('');
  /** The save's run; its stop handle is not used: a save stops to idle, not to "stopped" (stopSave). */
  readonly run = new RunModel();
  readonly notices = this.run.notices;
  readonly error = this.run.error;
  readonly message = signal('');
  readonly phase = computed(() => SAVE_PHASE[this.run.phase.value]);
  readonly busy = computed(() => ['reading-page', 'downloading', 'loading', 'splitting'].includes(this.phase.value));

  #save: AbortController | undefined;

  constructor(private readonly deps: LibrarySaveDeps) {}

  get saving(): boolean {
    return this.#save !== undefined;
  }

  async saveCurrentPage(options: { auto?: boolean } = {}): Promise<boolean> {
    const auto = options.auto === true;
    return this.#saveWith(async () => {
      const target = await this.deps.target();
      if (!target) throw Object.assign(new Error(t('library_openPage')), { code: 'no-tab' });
      return libraryInputOf(await this.deps.capture(target.tabId));
    }, this.#filing(auto));
  }

  /**
   * Saves text the panel already read: an image's text ("Read this image with Locus"), kept under
   * the image's address with the title of the page it was on, and marked as read with OCR.
   */
  async saveCapturedPage(page: CapturedPage, from?: PendingImage['page']): Promise<boolean> {
    const titled = from?.title ? { ...page, title: `${from.title} · ${page.title}` } : page;
    return this.#saveWith(async () => libraryInputOf(titled), this.#filing(false));
  }

  /**
   * Saves a note (a study thread card's text, lib/panel/card-note.ts) the way a page is saved: the
   * same run, progress, messages and errors; filed under the course its page was filed under.
   */
  async saveNote(note: LibraryPageInput, course: string): Promise<boolean> {
    return this.#saveWith(async () => note, { course, tags: [] });
  }

  #filing(auto: boolean): { course: string; tags: string[] } {
    const tags = parseTags(this.tags.value);
    return auto ? { course: '', tags: [...tags, 'auto-saved'] } : { course: this.course.value, tags };
  }

  async #saveWith(read: () => Promise<LibraryPageInput>, filing: { course: string; tags: string[] }): Promise<boolean> {
    if (this.#save) return false;
    const controller = new AbortController();
    this.#save = controller;
    batch(() => {
      clearRun(this.run);
      this.run.phase.value = 'reading-page';
      this.message.value = '';
    });
    let ok = false;
    try {
      const page = await read();
      if (controller.signal.aborted) return false;
      const end = await this.deps.engine.start(
        { kind: 'library.save', page, ...filing },
        (event) => {
          if (controller.signal.aborted) return;
          if (event.kind === 'library.saved')
            this.message.value = t(
              event.replaced ? 'library_updatedPage' : 'library_savedPage',
              page.title || page.url,
              tn('library_parts', event.chunks),
            );
          // A save writes no text: the reducer's notices (an empty answer) are not for it.
          else applyRunEvent(this.run, event, { notice: () => undefined, fail: (error) => this.#fail(error) });
        },
        controller.signal,
      );
      if (end.kind === 'error') {
        if (end.error.code !== 'cancelled') this.#fail(end.error);
        else this.run.phase.value = 'idle';
      } else {
        this.run.phase.value = 'done';
        ok = true;
      }
    } catch (error) {
      const info = toErrorInfo(error);
      const code = (error as { code?: string }).code;
      this.#fail(code === 'no-tab' ? { code: 'no-tab', message: info.message.replace(/^Something went wrong: /, '') } : info);
    } finally {
      this.#save = undefined;
    }
    await this.deps.refresh();
    return ok;
  }

  #fail(error: ErrorInfo): void {
    batch(() => {
      this.error.value = error;
      this.run.phase.value = 'error';
    });
  }

  stopSave(): void {
    this.#save?.abort();
    this.#save = undefined;
    this.run.phase.value = 'idle';
  }

  /** Saves the page at `url` unless it is in the library already or a save runs. */
  async autoSave(url: string): Promise<void> {
    try {
      const saved = await this.deps.engine.rpc({ method: 'library.lookup', url });
      if (saved || this.#save) return;
      if (await this.saveCurrentPage({ auto: true }))
        this.message.value = `${t('library_savedAuto', new URL(url).hostname)} ${this.message.value}`;
    } catch {
      // Auto-save is a convenience: the student can still save by hand.
    }
  }
}
