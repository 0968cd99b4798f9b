/**
 * The panel's one run model: what a model run shows (the signals run-events.ts's reducer writes,
 * with the run's notices and error) and its stop handle. TaskRun (explain, hints, cards, chat) and
 * the summary's session are runs; the library's ask and save states each hold one.
 */
import { signal } from '@preact/signals';
import type { ErrorInfo } from '../errors';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { DownloadProgress, GenerationStats } from '../messaging/engine-protocol';
import type { PartNotes, RunPhase, RunSignals } from './run-events';
import type { StepProgress } from './run-progress';

export class RunModel implements RunSignals {
  readonly phase = signal<RunPhase>('idle');
  readonly text = signal('');
  readonly download = signal<DownloadProgress | null>(null);
  readonly part = signal<StepProgress | null>(null);
  /** Notes on each part of a long page, as they are written (replaced by the summary). */
  readonly notes = signal<PartNotes[]>([]);
  /** The router's proposal, shown as a suggestion; the dialog opens only on the student's click. */
  readonly suggestion = signal<CloudProposal | null>(null);
  readonly notices = signal<string[]>([]);
  readonly error = signal<ErrorInfo | null>(null);
  readonly stats = signal<GenerationStats | null>(null);
  /** Text updates received in this run (the panel shows text as it streams). */
  readonly updates = signal(0);

  #controller: AbortController | undefined;

  get running(): boolean {
    return this.#controller !== undefined;
  }

  /** The stop handle of a new run; undefined while another run holds it (one run at a time). */
  begin(): AbortController | undefined {
    if (this.#controller) return undefined;
    this.#controller = new AbortController();
    return this.#controller;
  }

  /** Whether `controller` is still the current run's (Stop, or a newer run, may have taken its place). */
  holds(controller: AbortController): boolean {
    return this.#controller === controller;
  }

  /** The run of `controller` ended: its handle is released, unless Stop or a newer run took it already. */
  end(controller: AbortController): void {
    if (this.#controller === controller) this.#controller = undefined;
  }

  /** Stops at once: the panel is free for a new run while the host winds the old one down. */
  stop(): void {
    const controller = this.#controller;
    if (!controller) return;
    this.#controller = undefined;
    controller.abort();
    this.phase.value = 'stopped';
  }
}
