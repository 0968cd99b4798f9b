/**
 * State of "Summarize page" in the panel, as signals the views read. The logic lives here, outside
 * the components: capture the target page, run the task on the engine host, follow its events.
 */
import { t } from '../i18n/t';
import { batch, signal } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { ModelStatus, SummaryMode, TaskEvent } from '../messaging/engine-protocol';
import type { CapturedPage, TargetPage } from '../messaging/protocol';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { CloudState } from './cloud-state';
import { countWords, formatCount } from './format';
import { applyRunEvent, clearRun, type RunPhase } from './run-events';
import { RunModel } from './run-model';

export type SessionPhase = RunPhase;

/** A summary a bigger model wrote, for the page's thread to keep as a card. */
export interface CloudSummary {
  mode: SummaryMode;
  /** The language asked ('' : the page's own). */
  outputLanguage: string;
  page: CapturedPage;
  text: string;
  modelId: string;
}

type AskedSummary = Pick<CloudSummary, 'mode' | 'outputLanguage' | 'page'>;

export interface SessionDeps {
  engine: EngineClient;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  /** The consent dialog (cloud proposals); absent: proposals are ignored. */
  cloud?: CloudState;
}

export class SummarizeSession extends RunModel {
  readonly page = signal<CapturedPage | null>(null);
  /** Words of the captured page, counted once (the view re-renders on every streamed token). */
  readonly pageWords = signal(0);
  readonly model = signal<ModelStatus | null>(null);
  /** Who is writing the text: the model on this device, or a cloud model the student agreed to. */
  readonly answeredBy = signal<'local' | 'cloud'>('local');
  /** A bigger model finished a summary (asked from a card or the router's suggestion): the thread keeps it. */
  onCloudSummary: ((summary: CloudSummary) => Promise<void>) | null = null;
  /** The summary last asked (mode, language, page): what a cloud proposal of this session was for. */
  #asked: AskedSummary | null = null;

  constructor(private readonly deps: SessionDeps) {
    super();
  }

  /** The consent dialog this session proposes the cloud through (absent: no cloud). */
  get cloud(): CloudState | undefined {
    return this.deps.cloud;
  }

  async refreshModel(): Promise<void> {
    try {
      this.model.value = await this.deps.engine.rpc({ method: 'model.status' });
    } catch (error) {
      this.model.value = null;
      this.error.value = toErrorInfo(error);
    }
  }

  /**
   * The panel opened: asks the engine host to load the chosen model ahead of the first task (warm
   * start; it does so only when the model is downloaded and memory allows), and follows the status
   * until the model is ready, so the model card says meanwhile that it is being prepared.
   */
  async warmUp(pollMs = 1000): Promise<void> {
    try {
      let status = await this.deps.engine.rpc({ method: 'model.warm' });
      this.model.value = status;
      while (status.preparing && !this.running) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        status = await this.deps.engine.rpc({ method: 'model.status' });
        if (!this.running) this.model.value = status;
      }
    } catch (error) {
      this.model.value = null;
      this.error.value = toErrorInfo(error);
    }
  }

  async summarize(mode: SummaryMode, outputLanguage = ''): Promise<void> {
    const controller = this.begin();
    if (!controller) return;
    batch(() => {
      this.phase.value = 'reading-page';
      this.answeredBy.value = 'local';
      clearRun(this);
      this.page.value = null;
    });
    try {
      const target = await this.deps.target();
      if (!target) {
        this.#fail({ code: 'no-tab', message: t('summary_openPage'), local: true });
        return;
      }
      const page = await this.deps.capture(target.tabId);
      if (controller.signal.aborted) return;
      batch(() => {
        this.page.value = page;
        this.pageWords.value = countWords(page.text);
      });
      this.#asked = { mode, outputLanguage, page };
      if (page.truncated) {
        this.#notice(t('summary_longPage', formatCount(page.text.length), formatCount(page.originalLength)));
      }
      const terminal = await this.deps.engine.start(
        { kind: 'summarize', mode, outputLanguage, page: { url: page.url, title: page.title, lang: page.lang, text: page.text } },
        (event) => {
          // A stopped run may still be winding down in the engine host: its events are ignored.
          if (!controller.signal.aborted) this.#onEvent(event);
        },
        controller.signal,
      );
      if (terminal.kind === 'error' && terminal.error.code === 'cancelled' && this.holds(controller)) this.phase.value = 'stopped';
    } catch (error) {
      if (!controller.signal.aborted) this.#fail(toErrorInfo(error));
    } finally {
      this.end(controller);
      void this.refreshModel();
    }
  }

  /**
   * "Ask a bigger model": reads the page, then asks the engine worker for a cloud proposal, which
   * the consent dialog shows. Nothing is sent unless the student presses "Send once" there
   * (`onSend` is told then, before the answer streams).
   */
  async askBiggerModel(mode: SummaryMode, outputLanguage = '', onSend?: () => void): Promise<void> {
    const cloud = this.deps.cloud;
    if (!cloud || cloud.preparing.value) return;
    try {
      let page = this.page.value;
      const target = await this.deps.target();
      if (!target) {
        this.#fail({ code: 'no-tab', message: t('summary_openPageAsk'), local: true });
        return;
      }
      if (!page || page.url !== target.url) {
        page = await this.deps.capture(target.tabId);
        batch(() => {
          this.page.value = page;
          this.pageWords.value = countWords(page!.text);
        });
      }
      const asked = { mode, outputLanguage, page };
      await cloud.ask(
        { kind: 'summarize', mode, outputLanguage, page: { url: page.url, title: page.title, lang: page.lang, text: page.text } },
        (p, allow) => {
          this.#asked = asked;
          onSend?.();
          void this.runCloud(p, allow);
        },
      );
    } catch (error) {
      this.#fail(toErrorInfo(error));
    }
  }

  /** The student clicked the suggestion: now, and only now, the consent dialog shows the proposal. */
  openSuggestion(): void {
    const proposal = this.suggestion.value;
    if (!proposal || !this.deps.cloud) return;
    this.suggestion.value = null;
    this.deps.cloud.offer(proposal, (p, allow) => void this.runCloud(p, allow));
  }

  /**
   * Sends a proposal the student agreed to; the cloud's answer streams here like a local one, and
   * once complete it is handed to the thread (`onCloudSummary`), once, to be kept as a card.
   */
  async runCloud(proposal: CloudProposal, alwaysAllowSite: boolean): Promise<void> {
    this.stop();
    const asked = this.#asked;
    const controller = this.begin();
    if (!controller) return; // not after stop(): nothing else runs in between
    batch(() => {
      this.phase.value = 'writing';
      this.answeredBy.value = 'cloud';
      clearRun(this);
    });
    try {
      const terminal = await this.deps.engine.start(
        { kind: 'cloud', proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite },
        (event) => {
          if (!controller.signal.aborted) this.#onEvent(event);
        },
        controller.signal,
      );
      if (terminal.kind === 'error' && terminal.error.code === 'cancelled' && this.holds(controller)) this.phase.value = 'stopped';
      const text = terminal.kind === 'done' ? terminal.text.trim() : '';
      if (terminal.kind === 'done' && text && asked && proposal.task === 'summarize' && !controller.signal.aborted) {
        await this.onCloudSummary?.({ ...asked, text, modelId: terminal.stats.modelId });
      }
    } finally {
      this.end(controller);
    }
  }

  #notice(message: string): void {
    this.notices.value = [...this.notices.value, message];
  }

  #fail(error: ErrorInfo): void {
    batch(() => {
      this.error.value = error.code === 'cancelled' ? null : error;
      this.phase.value = error.code === 'cancelled' ? 'stopped' : 'error';
    });
  }

  #onEvent(event: TaskEvent): void {
    // A router proposal becomes `suggestion`: shown in the result, the dialog only on a click.
    applyRunEvent(this, event, {
      notice: (message) => this.#notice(message),
      fail: (error) => this.#fail(error),
    });
  }
}
