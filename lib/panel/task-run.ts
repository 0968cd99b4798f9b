/**
 * One run of a model task as the panel shows it (explain, hint, cards, chat): its phase, the text
 * as it streams, download and progress, notices, error and figures, as signals; Stop at once.
 * The summary has its own older session object (summarize-session.ts) with the same phases.
 */
import { batch, signal } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { DownloadProgress, GenerationStats, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { offerCloudProposal } from './cloud-bridge';

export type RunPhase = 'idle' | 'reading-page' | 'downloading' | 'loading' | 'writing' | 'done' | 'stopped' | 'error';

export const RUNNING_PHASES: readonly RunPhase[] = ['reading-page', 'downloading', 'loading', 'writing'];

export type RunOutcome = { kind: 'done'; text: string; stats: GenerationStats } | { kind: 'stopped' } | { kind: 'error'; error: ErrorInfo };

export class TaskRun {
  readonly phase = signal<RunPhase>('idle');
  readonly text = signal('');
  readonly download = signal<DownloadProgress | null>(null);
  readonly part = signal<{ index: number; total: number; stage: 'map' | 'reduce' } | null>(null);
  readonly notices = signal<string[]>([]);
  readonly error = signal<ErrorInfo | null>(null);
  readonly stats = signal<GenerationStats | null>(null);
  /** Text updates received in this run (the panel shows text as it streams). */
  readonly updates = signal(0);
  #controller: AbortController | undefined;

  constructor(private readonly engine: () => EngineClient) {}

  get running(): boolean {
    return this.#controller !== undefined;
  }

  /** Clears the last run's output (a new question, another page). */
  reset(): void {
    if (this.running) return;
    batch(() => {
      this.phase.value = 'idle';
      this.text.value = '';
      this.download.value = null;
      this.part.value = null;
      this.notices.value = [];
      this.error.value = null;
      this.stats.value = null;
      this.updates.value = 0;
    });
  }

  notice(message: string): void {
    if (!this.notices.value.includes(message)) this.notices.value = [...this.notices.value, message];
  }

  /** Shows a problem found before any model work (nothing selected, no page). */
  fail(error: ErrorInfo): void {
    batch(() => {
      this.error.value = error;
      this.phase.value = 'error';
    });
  }

  /**
   * Runs a task: `prepare` builds the request (reading the page if needed; it may return null after
   * calling `fail`), then the engine streams it. Resolves with how it ended; never rejects.
   */
  async run(prepare: (signal: AbortSignal) => Promise<TaskRequest | null>, keepNotices: string[] = []): Promise<RunOutcome> {
    if (this.#controller) return { kind: 'stopped' };
    const controller = new AbortController();
    this.#controller = controller;
    this.reset();
    this.#controller = controller;
    batch(() => {
      this.phase.value = 'reading-page';
      this.notices.value = keepNotices;
    });
    try {
      const request = await prepare(controller.signal);
      if (controller.signal.aborted) return { kind: 'stopped' };
      if (!request) return { kind: 'error', error: this.error.value ?? { code: 'internal', message: 'Nothing to do.' } };
      this.phase.value = 'loading';
      const end = await this.engine().runTask(
        request,
        (event) => {
          if (!controller.signal.aborted) this.#onEvent(event);
        },
        controller.signal,
      );
      if (controller.signal.aborted) return { kind: 'stopped' };
      if (end.kind === 'done') return { kind: 'done', text: end.text, stats: end.stats };
      if (end.error.code === 'cancelled') {
        this.phase.value = 'stopped';
        return { kind: 'stopped' };
      }
      return { kind: 'error', error: end.error };
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'stopped' };
      const info = toErrorInfo(error);
      this.fail(info);
      return { kind: 'error', error: info };
    } finally {
      if (this.#controller === controller) this.#controller = undefined;
    }
  }

  stop(): void {
    const controller = this.#controller;
    if (!controller) return;
    this.#controller = undefined;
    controller.abort();
    this.phase.value = 'stopped';
  }

  #onEvent(event: TaskEvent): void {
    switch (event.kind) {
      case 'download':
        batch(() => {
          this.phase.value = 'downloading';
          this.download.value = event.progress;
        });
        return;
      case 'loading':
        this.phase.value = 'loading';
        return;
      case 'plan':
        this.phase.value = 'writing';
        return;
      case 'part':
        batch(() => {
          this.phase.value = 'writing';
          this.part.value = { index: event.index, total: event.total, stage: event.stage };
        });
        return;
      case 'text':
        batch(() => {
          this.phase.value = 'writing';
          this.text.value += event.delta;
          this.updates.value += 1;
        });
        return;
      case 'notice':
        this.notice(event.message);
        return;
      case 'done':
        batch(() => {
          this.text.value = event.text;
          this.stats.value = event.stats;
          this.phase.value = 'done';
          this.part.value = null;
          if (!event.text.trim()) this.notice('The model wrote nothing this time. Try again, or ask in other words.');
        });
        return;
      case 'error':
        if (event.error.code === 'cancelled') this.phase.value = 'stopped';
        else this.fail(event.error);
        return;
      case 'cloud-proposal':
        // The router proposes a bigger model: only a proposal, shown in the consent dialog. If the
        // student agrees, this run stops and the cloud's answer streams into it instead.
        offerCloudProposal(event.proposal, (proposal, alwaysAllowSite) => {
          this.stop();
          void this.run(async () => ({ kind: 'cloud', proposalId: proposal.id, bodySha256: proposal.bodySha256, alwaysAllowSite }));
        });
        return;
      default:
        // Events of other features are handled by their own views.
        return;
    }
  }
}
