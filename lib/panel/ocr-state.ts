/**
 * The panel's side of OCR (scanned readings): the progress of the pages being read, Stop, the page
 * limit the student raises ("read more"), and an image read from the context menu ("Read this image
 * with Locus"), whose text can then be the subject of a summary. The reading itself happens in the
 * offscreen document; this follows its `ocr.progress` broadcasts for the job the panel started.
 */
import { signal } from '@preact/signals';
import { cancelled, toErrorInfo, type ErrorInfo } from '../errors';
import {
  backgroundToPanelSchema,
  ocrProgressSchema,
  type CapturedPage,
  type OcrProgress,
  type PanelToBackground,
  type PendingImage,
} from '../messaging/protocol';

export interface OcrDeps {
  /** page.capture, ocr.stop, image.take and image.read, as askBackground does them. */
  ask(request: PanelToBackground): Promise<unknown>;
  /** Calls `listener` with every runtime message the panel receives from its own extension. */
  listen(listener: (message: unknown) => void): void;
  /** The student's page limit setting (pages read with OCR before Locus asks). */
  defaultLimit(): number;
  newId?(): string;
}

/** A reading in progress: its job, the last progress heard, and whether Stop was pressed. */
export interface OcrRun {
  jobId: string;
  progress: OcrProgress | null;
  stopping: boolean;
}

export type ImageReading =
  | { status: 'idle' }
  | { status: 'reading'; pending: PendingImage; progress: OcrProgress | null }
  | { status: 'done'; pending: PendingImage; page: CapturedPage }
  | { status: 'error'; pending: PendingImage; error: ErrorInfo };

const makeId = () => `ocr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class OcrState {
  readonly run = signal<OcrRun | null>(null);
  /** Set when the student stopped a reading: how many pages were read of those without text. */
  readonly stopped = signal<{ read: number; of: number } | null>(null);
  readonly image = signal<ImageReading>({ status: 'idle' });
  /** The page limit raised by "read more", for one tab and document. */
  #raised: { tabId: number; url: string; limit: number } | null = null;
  /** The image's text is the subject of the next capture (one run). */
  #imageNext = false;
  #taking = false;
  #takeAgain = false;

  constructor(private readonly deps: OcrDeps) {}

  /** Follows the progress broadcasts and the "an image waits" wake-up; takes one waiting now. */
  start(): void {
    this.deps.listen((message) => this.#onMessage(message));
    void this.takeImage();
  }

  #id(): string {
    return (this.deps.newId ?? makeId)();
  }

  #onMessage(message: unknown): void {
    const progress = ocrProgressSchema.safeParse(message);
    if (progress.success) {
      const run = this.run.value;
      if (run && run.jobId === progress.data.jobId) this.run.value = { ...run, progress: progress.data };
      const image = this.image.value;
      if (image.status === 'reading' && image.pending.id === progress.data.jobId) this.image.value = { ...image, progress: progress.data };
      return;
    }
    const wake = backgroundToPanelSchema.safeParse(message);
    if (wake.success && wake.data.type === 'image.pending') void this.takeImage();
  }

  /**
   * The tab's text, as the panel's tools capture it: a scanned PDF's pages are read with OCR under a
   * job this state follows (the limit raised by "read more" when it is this tab's); once, after
   * "Summarize this text", the image's text instead. A reading the student stopped ends the run.
   */
  async capture(tabId: number): Promise<CapturedPage> {
    const image = this.image.value;
    if (this.#imageNext && image.status === 'done') {
      this.#imageNext = false;
      return image.page;
    }
    const jobId = this.#id();
    this.stopped.value = null;
    this.run.value = { jobId, progress: null, stopping: false };
    const raised = this.#raised?.tabId === tabId ? this.#raised.limit : undefined;
    try {
      const page = (await this.deps.ask({
        type: 'page.capture',
        tabId,
        ocr: { jobId, ...(raised ? { pageLimit: raised } : {}) },
      })) as CapturedPage;
      if (this.#raised && page.url !== this.#raised.url) this.#raised = null;
      if (page.ocr?.stopped) {
        this.stopped.value = { read: page.ocr.pages.length, of: page.ocr.pagesWithoutText };
        throw cancelled();
      }
      return page;
    } catch (error) {
      if (toErrorInfo(error).code === 'cancelled' && !this.stopped.value) this.stopped.value = { read: 0, of: 0 };
      throw error;
    } finally {
      if (this.run.value?.jobId === jobId) this.run.value = null;
    }
  }

  /** Stop: the offscreen document ends the reading at once; the pages read so far are kept. */
  async stop(): Promise<void> {
    const run = this.run.value;
    if (!run || run.stopping) return;
    this.run.value = { ...run, stopping: true };
    await this.deps.ask({ type: 'ocr.stop', jobId: run.jobId }).catch(() => undefined);
  }

  /** "Read more": the next capture of this tab reads up to the setting's number of pages more. */
  raiseLimit(tabId: number, page: CapturedPage): void {
    if (!page.ocr) return;
    this.#raised = { tabId, url: page.url, limit: Math.min(3000, page.ocr.pageLimit + Math.max(1, this.deps.defaultLimit())) };
  }

  /** Takes the image the background keeps for the panel, and reads it (again when woken meanwhile). */
  async takeImage(): Promise<void> {
    if (this.#taking) {
      this.#takeAgain = true;
      return;
    }
    this.#taking = true;
    try {
      do {
        this.#takeAgain = false;
        const pending = (await this.deps.ask({ type: 'image.take' }).catch(() => null)) as PendingImage | null;
        if (pending) await this.readImage(pending);
      } while (this.#takeAgain);
    } finally {
      this.#taking = false;
    }
  }

  async readImage(pending: PendingImage): Promise<void> {
    this.#imageNext = false;
    this.image.value = { status: 'reading', pending, progress: null };
    try {
      const page = (await this.deps.ask({
        type: 'image.read',
        tabId: pending.page.tabId,
        pageUrl: pending.page.url,
        imageUrl: pending.imageUrl,
        jobId: pending.id,
      })) as CapturedPage;
      if (this.image.value.status === 'reading') this.image.value = { status: 'done', pending, page };
    } catch (error) {
      if (this.image.value.status === 'reading') this.image.value = { status: 'error', pending, error: toErrorInfo(error) };
    }
  }

  /** Stops reading the image (or closes its result). */
  async closeImage(): Promise<void> {
    const image = this.image.value;
    this.image.value = { status: 'idle' };
    this.#imageNext = false;
    if (image.status === 'reading') await this.deps.ask({ type: 'ocr.stop', jobId: image.pending.id }).catch(() => undefined);
  }

  /** The next summary works on the image's text (true when there is one). */
  useImageNext(): boolean {
    this.#imageNext = this.image.value.status === 'done';
    return this.#imageNext;
  }
}
