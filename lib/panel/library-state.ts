/**
 * The Library tab's state: saving the current page (with course and tags), the list of saved pages
 * (search, filters, delete, storage), the background embedding's progress (polled while it runs,
 * pausable), "Ask my library" (sources, streamed answer, citations that open their passage),
 * export and import, and auto-save on the sites the student listed. The work itself happens in the
 * engine worker (lib/library/library-service.ts); this only asks and shows.
 */
import { batch, effect, signal } from '@preact/signals';
import { catalog } from '../catalog/catalog';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { DownloadProgress, GenerationStats } from '../messaging/engine-protocol';
import {
  LIBRARY_FILES_DIR,
  type LibraryListing,
  type LibraryPageSummary,
  type LibrarySearchFilter,
  type LibrarySource,
  type LibraryStatus,
} from '../messaging/library-protocol';
import type { CapturedPage, TargetPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { formatBytes } from './format';
import { openCitation, type OpenedCitation } from './open-citation';
import { settings, updateSettings } from './settings-state';
import { targetPage } from './target-page-state';

export type SavePhase = 'idle' | 'reading-page' | 'downloading' | 'loading' | 'splitting' | 'saved' | 'error';
export type AskPhase = 'idle' | 'searching' | 'downloading' | 'loading' | 'writing' | 'done' | 'nothing' | 'stopped' | 'error';

export interface LibraryDeps {
  engine: EngineClient;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  /** Opens a citation (a new tab scrolled to the passage); replaceable in tests. */
  open?(source: LibrarySource): Promise<OpenedCitation>;
}

export interface FilterChoice {
  course: string;
  tag: string;
  site: string;
}

const POLL_MS = 700;

export function filterOf(choice: FilterChoice): LibrarySearchFilter {
  return {
    ...(choice.course ? { courses: [choice.course] } : {}),
    ...(choice.tag ? { tags: [choice.tag] } : {}),
    ...(choice.site ? { sites: [choice.site] } : {}),
  };
}

export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Whether `url`'s host is one of `sites` or a subdomain of one. */
export function onAutoSaveSite(url: string, sites: readonly string[]): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) return false;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  return sites.some((s) => host === s || host.endsWith(`.${s}`));
}

export class LibraryState {
  // The list
  readonly listing = signal<LibraryListing | null>(null);
  readonly query = signal('');
  readonly filter = signal<FilterChoice>({ course: '', tag: '', site: '' });
  readonly status = signal<LibraryStatus | null>(null);
  readonly error = signal<ErrorInfo | null>(null);
  readonly message = signal('');
  // Saving
  readonly course = signal('');
  readonly tags = signal('');
  readonly savePhase = signal<SavePhase>('idle');
  readonly saveDownload = signal<DownloadProgress | null>(null);
  readonly saveError = signal<ErrorInfo | null>(null);
  readonly saveMessage = signal('');
  /** The current page, if it is in the library. */
  readonly currentSaved = signal<LibraryPageSummary | null>(null);
  // Asking
  readonly question = signal('');
  readonly askPhase = signal<AskPhase>('idle');
  readonly answer = signal('');
  readonly sources = signal<LibrarySource[]>([]);
  readonly askNotices = signal<string[]>([]);
  readonly askError = signal<ErrorInfo | null>(null);
  readonly askDownload = signal<DownloadProgress | null>(null);
  readonly askStats = signal<GenerationStats | null>(null);
  readonly citationNote = signal('');

  #save: AbortController | undefined;
  #ask: AbortController | undefined;
  #polling: ReturnType<typeof setTimeout> | undefined;
  #autoTried = new Set<string>();
  #lastUrl = '';

  constructor(private readonly deps: LibraryDeps) {}

  /** Starts following the target page (saved state, auto-save) and loads the list. */
  start(): void {
    effect(() => {
      const page = targetPage.value;
      const sites = settings.value.autoSaveSites;
      const url = page?.url ?? '';
      if (url !== this.#lastUrl) {
        this.#lastUrl = url;
        void this.refreshCurrent();
      }
      if (page && sites.length && onAutoSaveSite(url, sites) && !this.#autoTried.has(url)) {
        this.#autoTried.add(url);
        void this.#autoSave(url);
      }
    });
  }

  async refresh(): Promise<void> {
    try {
      const listing = await this.deps.engine.rpc({ method: 'library.list', query: this.query.value, filter: filterOf(this.filter.value) });
      batch(() => {
        this.listing.value = listing;
        this.status.value = listing.status;
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
      this.currentSaved.value = await this.deps.engine.rpc({ method: 'library.lookup', url });
    } catch {
      this.currentSaved.value = null;
    }
  }

  /** Polls the embedding progress while there is work, then refreshes the list once. */
  #followStatus(status: LibraryStatus): void {
    const active = status.loading !== null || status.embedding.state === 'running';
    if (!active || this.#polling !== undefined) return;
    const tick = async () => {
      this.#polling = undefined;
      try {
        const next = await this.deps.engine.rpc({ method: 'library.status' });
        const before = this.status.value;
        this.status.value = next;
        const stillActive = next.loading !== null || next.embedding.state === 'running';
        // A page finished (or all did): the list's counts change, so it is read again.
        if (before?.embedding.pageId !== next.embedding.pageId || !stillActive) await this.refresh();
        if (stillActive && this.#polling === undefined) this.#polling = setTimeout(() => void tick(), POLL_MS);
      } catch {
        // The engine host went away; the next refresh starts polling again.
      }
    };
    this.#polling = setTimeout(() => void tick(), POLL_MS);
  }

  // ——————————————————————————————————————————— save ———————————————————————————————————————————

  get saving(): boolean {
    return this.#save !== undefined;
  }

  async saveCurrentPage(options: { auto?: boolean } = {}): Promise<boolean> {
    if (this.#save) return false;
    const controller = new AbortController();
    this.#save = controller;
    batch(() => {
      this.savePhase.value = 'reading-page';
      this.saveDownload.value = null;
      this.saveError.value = null;
      this.saveMessage.value = '';
    });
    let ok = false;
    try {
      const target = await this.deps.target();
      if (!target) throw Object.assign(new Error('Open a page in this window first, then save it.'), { code: 'no-tab' });
      const page = await this.deps.capture(target.tabId);
      if (controller.signal.aborted) return false;
      const tags = parseTags(this.tags.value);
      const end = await this.deps.engine.start(
        {
          kind: 'library.save',
          page: {
            url: page.url,
            title: page.title,
            lang: page.lang,
            text: page.text,
            kind: page.source === 'pdf' ? 'pdf' : 'web',
            ...((page as { pageStarts?: number[] }).pageStarts ? { pageStarts: (page as { pageStarts?: number[] }).pageStarts } : {}),
          },
          course: options.auto ? '' : this.course.value,
          tags: options.auto ? [...tags, 'auto-saved'] : tags,
        },
        (event) => {
          if (controller.signal.aborted) return;
          switch (event.kind) {
            case 'download':
              batch(() => {
                this.savePhase.value = 'downloading';
                this.saveDownload.value = event.progress;
              });
              return;
            case 'loading':
              this.savePhase.value = 'loading';
              return;
            case 'library.saved':
              this.saveMessage.value = `${event.replaced ? 'Updated' : 'Saved'} “${page.title || page.url}”: ${event.chunks} part${event.chunks === 1 ? '' : 's'}. It can be searched by its words now; search by meaning follows as its parts are embedded.`;
              return;
            default:
              return;
          }
        },
        controller.signal,
      );
      if (end.kind === 'error') {
        if (end.error.code !== 'cancelled') {
          batch(() => {
            this.saveError.value = end.error;
            this.savePhase.value = 'error';
          });
        } else this.savePhase.value = 'idle';
      } else {
        this.savePhase.value = 'saved';
        ok = true;
      }
    } catch (error) {
      const info = toErrorInfo(error);
      const code = (error as { code?: string }).code;
      batch(() => {
        this.saveError.value = code === 'no-tab' ? { code: 'no-tab', message: info.message.replace(/^Something went wrong: /, '') } : info;
        this.savePhase.value = 'error';
      });
    } finally {
      this.#save = undefined;
    }
    await Promise.all([this.refresh(), this.refreshCurrent()]);
    return ok;
  }

  stopSave(): void {
    this.#save?.abort();
    this.#save = undefined;
    this.savePhase.value = 'idle';
  }

  async #autoSave(url: string): Promise<void> {
    try {
      const saved = await this.deps.engine.rpc({ method: 'library.lookup', url });
      if (saved || this.#save) return;
      if (await this.saveCurrentPage({ auto: true }))
        this.saveMessage.value = `Saved automatically (${new URL(url).hostname} is on your auto-save list). ${this.saveMessage.value}`;
    } catch {
      // Auto-save is a convenience: the student can still save by hand.
    }
  }

  // ——————————————————————————————————————————— ask ———————————————————————————————————————————

  get asking(): boolean {
    return this.#ask !== undefined;
  }

  async ask(): Promise<void> {
    const question = this.question.value.trim();
    if (!question || this.#ask) return;
    const controller = new AbortController();
    this.#ask = controller;
    batch(() => {
      this.askPhase.value = 'searching';
      this.answer.value = '';
      this.sources.value = [];
      this.askNotices.value = [];
      this.askError.value = null;
      this.askDownload.value = null;
      this.askStats.value = null;
      this.citationNote.value = '';
    });
    let found = true;
    try {
      const end = await this.deps.engine.start(
        { kind: 'library.ask', question, filter: filterOf(this.filter.value) },
        (event) => {
          if (controller.signal.aborted) return;
          switch (event.kind) {
            case 'download':
              batch(() => {
                this.askPhase.value = 'downloading';
                this.askDownload.value = event.progress;
              });
              return;
            case 'loading':
              this.askPhase.value = 'loading';
              return;
            case 'library.sources':
              found = event.found;
              this.sources.value = event.sources;
              return;
            case 'notice':
              this.askNotices.value = [...this.askNotices.value, event.message];
              return;
            case 'text':
              batch(() => {
                if (found) this.askPhase.value = 'writing';
                this.answer.value += event.delta;
              });
              return;
            case 'done':
              batch(() => {
                this.answer.value = event.text;
                this.askStats.value = event.stats.outputTokens > 0 ? event.stats : null;
                this.askPhase.value = found ? 'done' : 'nothing';
              });
              return;
            case 'error':
              batch(() => {
                this.askError.value = event.error.code === 'cancelled' ? null : event.error;
                this.askPhase.value = event.error.code === 'cancelled' ? 'stopped' : 'error';
              });
              return;
            default:
              return;
          }
        },
        controller.signal,
      );
      if (end.kind === 'error' && end.error.code === 'cancelled' && this.#ask === controller) this.askPhase.value = 'stopped';
    } finally {
      if (this.#ask === controller) this.#ask = undefined;
    }
  }

  stopAsk(): void {
    const controller = this.#ask;
    if (!controller) return;
    this.#ask = undefined;
    controller.abort();
    this.askPhase.value = 'stopped';
  }

  async openSource(source: LibrarySource): Promise<void> {
    this.citationNote.value = '';
    try {
      const opened = await (this.deps.open ?? openCitation)(source);
      const h = opened.highlight;
      if (source.kind === 'pdf') {
        this.citationNote.value = source.pdfPage
          ? `Opened the PDF at page ${source.pdfPage}.`
          : 'Opened the PDF (its saved text has no page numbers, so at its start).';
      } else if (h && !h.found) {
        this.citationNote.value =
          'This page has changed since you saved it: the cited passage is no longer on it. The passage as you saved it is under Sources.';
      } else if (h && !h.exact) {
        this.citationNote.value = `This page has changed since you saved it; the closest passage (${Math.round(h.similarity * 100)}% the same) is highlighted.`;
      }
    } catch (error) {
      this.citationNote.value = `Locus could not open this source: ${toErrorInfo(error).message}`;
    }
  }

  // ——————————————————————————————————————————— manage ———————————————————————————————————————————

  async remove(page: LibraryPageSummary): Promise<void> {
    this.error.value = null;
    try {
      const removed = await this.deps.engine.rpc({ method: 'library.delete', pageIds: [page.id] });
      this.message.value = `Deleted “${page.title}” with its ${removed.chunks} part${removed.chunks === 1 ? '' : 's'} and ${removed.vectors} vector${removed.vectors === 1 ? '' : 's'}.`;
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await Promise.all([this.refresh(), this.refreshCurrent()]);
  }

  async pause(): Promise<void> {
    try {
      this.status.value = await this.deps.engine.rpc({ method: 'library.pause' });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
    await this.refresh();
  }

  async resume(): Promise<void> {
    try {
      this.status.value = await this.deps.engine.rpc({ method: 'library.resume' });
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
      const result = await this.deps.engine.rpc({ method: 'library.export' });
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
      this.message.value = `Exported ${result.pages} page${result.pages === 1 ? '' : 's'} (${formatBytes(result.bytes)}) to ${result.file}.`;
    } catch (error) {
      this.error.value = toErrorInfo(error);
    }
  }

  /** Copies the chosen file where the worker can read it (no parsing here), then imports it there. */
  async importLibrary(file: File): Promise<void> {
    this.error.value = null;
    this.message.value = `Importing ${file.name}…`;
    try {
      const name = `import-${Date.now()}.json`;
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(LIBRARY_FILES_DIR, { create: true });
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await file.stream().pipeTo(writable);
      const result = await this.deps.engine.rpc({ method: 'library.import', file: name });
      this.message.value = `Imported ${result.pages} page${result.pages === 1 ? '' : 's'} (${result.chunks} parts, ${result.vectors} vectors)${result.replaced ? `; ${result.replaced} replaced pages you had` : ''}.`;
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
    if (await updateSettings({ embeddingModel: id }))
      this.message.value = 'Embedding model saved. Pages are embedded again with it in the background.';
    await this.refresh();
  }

  async setBatchSize(n: number): Promise<void> {
    if (await updateSettings({ embeddingBatchSize: n })) this.message.value = `Batch size saved: ${n}.`;
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
      this.message.value = sites.length ? `Auto-save on: ${sites.join(', ')}.` : 'Auto-save is off.';
  }
}
