/**
 * One run of a model task as the panel shows it (explain, hint, cards, chat): its phase, the text
 * as it streams, download and progress, notices, error and figures, as signals; Stop at once.
 * Its events are read by run-events.ts, as the summary's session's are.
 */
import { batch } from '@preact/signals';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { GenerationStats, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { offerCloudProposal } from './cloud-bridge';
import { applyRunEvent, clearRun, type RunPhase } from './run-events';
import { RunModel } from './run-model';

export type { RunPhase } from './run-events';

export const RUNNING_PHASES: readonly RunPhase[] = ['reading-page', 'downloading', 'loading', 'writing'];

export type RunOutcome = { kind: 'done'; text: string; stats: GenerationStats } | { kind: 'stopped' } | { kind: 'error'; error: ErrorInfo };

export class TaskRun extends RunModel {
  constructor(private readonly engine: () => EngineClient) {
    super();
  }

  /** Clears the last run's output (a new question, another page). */
  reset(): void {
    if (this.running) return;
    batch(() => {
      this.phase.value = 'idle';
      clearRun(this);
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
    const controller = this.begin();
    if (!controller) return { kind: 'stopped' };
    // A new run starts from nothing: the words of one that was stopped or failed are not its own.
    batch(() => {
      clearRun(this);
      this.phase.value = 'reading-page';
      this.notices.value = keepNotices;
    });
    try {
      const request = await prepare(controller.signal);
      if (controller.signal.aborted) return { kind: 'stopped' };
      if (!request) return { kind: 'error', error: this.error.value ?? { code: 'internal', message: 'Nothing to do.' } };
      this.phase.value = 'loading';
      const end = await this.engine().start(
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
      this.end(controller);
    }
  }

  /**
   * The student clicked the suggestion: the consent dialog shows the proposal. If they agree, this
   * run stops and the cloud's answer streams into it instead.
   */
  openSuggestion(): void {
    const proposal = this.suggestion.value;
    if (!proposal) return;
    this.suggestion.value = null;
    offerCloudProposal(proposal, (accepted, alwaysAllowSite) => {
      this.stop();
      void this.run(async () => ({ kind: 'cloud', proposalId: accepted.id, bodySha256: accepted.bodySha256, alwaysAllowSite }));
    });
  }

  #onEvent(event: TaskEvent): void {
    // A router proposal becomes `suggestion`: shown with the result, the dialog only on a click.
    applyRunEvent(this, event, {
      notice: (message) => this.notice(message),
      fail: (error) => this.fail(error),
    });
  }
}
