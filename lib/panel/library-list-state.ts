/**
 * The Library tab's list of saved pages: search and filters, the current page's saved state, delete,
 * the background embedding's progress (pausable), export and import, and the library's settings.
 * The work itself happens in the engine worker (lib/library/library-service.ts); this only asks and shows.
 */
import { t, tn } from '../i18n/t';
import { batch, computed, signal } from '@preact/signals';
import { catalog } from '../catalog/catalog';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import {
  LIBRARY_FILES_DIR,
  type LibraryListing,
  type LibraryPageSummary,
  type LibrarySearchFilter,
  type LibraryStatus,
} from '../messaging/library-protocol';
import { browser } from '../platform/extension-api';
import { formatBytes } from './format';
import { updateSettings } from './settings-state';
import { targetPage } from './target-page-state';

export interface FilterChoice {
  course: string;
  tag: string;
  site: string;
}

export function filterOf(choice: FilterChoice): LibrarySearchFilter {
  return {
    ...(choice.course ? { courses: [choice.course] } : {}),
    ...(choice.tag ? { tags: [choice.tag] } : {}),
    ...(choice.site ? { sites: [choice.site] } : {}),
  };
}

const active = (status: LibraryStatus) => status.loading !== null || status.embedding.state === 'running';

export class LibraryListState {
  readonly listing = signal<LibraryListing | null>(null);
  readonly query = signal('');
  readonly filter = signal<FilterChoice>({ course: '', tag: '', site: '' });
  /** The embedding's progress as last read (newer than the listing's while it runs). */
  readonly latestStatus = signal<LibraryStatus | null>(null);
  readonly status = computed(() => this.latestStatus.value ?? this.listing.value?.status ?? null);
  /** A search or a filter is on: the list shows how many pages match. */
  readonly narrowed = computed(() => {
    const f = this.filter.value;
    return !!(this.query.value || f.course || f.tag || f.site);
  });
  readonly error = signal<ErrorInfo | null>(null);
  readonly message = signal('');
  /** The current page, if it is in the library. */
  readonly currentSaved = signal<LibraryPageSummary | null>(null);

  /** Following the progress the worker pushes (a `library.follow` task), while it runs. */
  #following: AbortController | undefined;
  #disposed = false;

  constructor(private readonly engine: EngineClient) {}

  async refresh(): Promise<void> {
    try {
      const listing = await this.engine.rpc({ method: 'library.list', query: this.query.value, filter: filterOf(this.filter.value) });
      batch(() => {
        this.listing.value = listing;
        this.latestStatus.value = listing.status;
        this.error.value = null;
      });
      this.#followStatus(listing.status);
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
  }

  async refreshCurrent(): Promise<void> {
    const url = targetPage.value?.url;
    if (!url) {
      this.currentSaved.value = null;
      return;
    }
    try {
      this.currentSaved.value = await this.engine.rpc({ method: 'library.lookup', url });
    } catch {
      this.currentSaved.value = null;
    }
  }

  /** Stops following the embedding's progress (the panel closes). */
  dispose(): void {
    this.#disposed = true;
    this.#following?.abort();
    this.#following = undefined;
  }

  /**
   * While there is work (loading, embedding), follows the progress the worker pushes as it changes;
   * the list is read again when a page is done and when all are.
   */
  #followStatus(status: LibraryStatus): void {
    if (!active(status) || this.#following !== undefined || this.#disposed) return;
    const following = new AbortController();
    this.#following = following;
    void this.engine
      .start(
        { kind: 'library.follow' },
        (event) => {
          if (event.kind !== 'library.status' || following.signal.aborted) return;
          const before = this.latestStatus.value;
          this.latestStatus.value = event.status;
          // A page finished: the list's counts change, so it is read again.
          if (before?.embedding.pageId !== event.status.embedding.pageId && active(event.status)) void this.refresh();
        },
        following.signal,
      )
      .then((end) => {
        if (this.#following === following) this.#following = undefined;
        // All done: the list is read once more (and follows again if new work started meanwhile).
        // An error (the engine host went away) ends following; the next refresh starts it again.
        if (end.kind === 'done' && !following.signal.aborted) void this.refresh();
      });
  }

  async remove(page: LibraryPageSummary): Promise<void> {
    this.error.value = null;
    try {
      const removed = await this.engine.rpc({ method: 'library.delete', pageIds: [page.id] });
      this.message.value = t('library_deleted', page.title, tn('library_parts', removed.chunks), removed.vectors);
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await Promise.all([this.refresh(), this.refreshCurrent()]);
  }

  async pause(): Promise<void> {
    try {
      this.latestStatus.value = await this.engine.rpc({ method: 'library.pause' });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }

  async resume(): Promise<void> {
    try {
      this.latestStatus.value = await this.engine.rpc({ method: 'library.resume' });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }

  openPage(page: LibraryPageSummary): void {
    void browser.tabs.create({ url: page.url, active: true });
  }

  /** Exports to a file in the origin-private file system (written by the worker), then downloads it. */
  async exportLibrary(): Promise<void> {
    this.error.value = null;
    try {
      const result = await this.engine.rpc({ method: 'library.export' });
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(result.directory);
      const file = await (await dir.getFileHandle(result.file)).getFile();
      const url = URL.createObjectURL(file);
      const a = document.createElement('a');
      a.href = url;
      a.download = result.file;
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(url);
        void dir.removeEntry(result.file).catch(() => undefined);
      }, 60_000);
      this.message.value = t('library_exported', tn('library_pages', result.pages), formatBytes(result.bytes), result.file);
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
  }

  /** Copies the chosen file where the worker can read it (no parsing here), then imports it there. */
  async importLibrary(file: File): Promise<void> {
    this.error.value = null;
    this.message.value = t('library_importing', file.name);
    try {
      const name = `import-${Date.now()}.json`;
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(LIBRARY_FILES_DIR, { create: true });
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await file.stream().pipeTo(writable);
      const result = await this.engine.rpc({ method: 'library.import', file: name });
      this.message.value = result.replaced
        ? t('library_importedReplaced', tn('library_pages', result.pages), result.chunks, result.vectors, result.replaced)
        : t('library_imported', tn('library_pages', result.pages), result.chunks, result.vectors);
    } catch (error) {
      this.message.value = '';
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }

  // ——————————————————————————————————————————— settings ———————————————————————————————————————————

  embeddingModels() {
    return catalog.models.filter((m) => m.task === 'embedding');
  }

  async setEmbeddingModel(id: string): Promise<void> {
    if (await updateSettings({ embeddingModel: id })) this.message.value = t('library_embedderSaved');
    await this.refresh();
  }

  async setBatchSize(n: number): Promise<void> {
    if (await updateSettings({ embeddingBatchSize: n })) this.message.value = t('library_batchSaved', n);
  }

  async setAutoSaveSites(text: string): Promise<void> {
    const sites = text
      .split(/[\s,]+/)
      .map((s) =>
        s
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/\/.*$/, ''),
      )
      .filter(Boolean);
    if (await updateSettings({ autoSaveSites: [...new Set(sites)] }))
      this.message.value = sites.length ? t('library_autoSaveOn', sites.join(', ')) : t('library_autoSaveOff');
  }
}
