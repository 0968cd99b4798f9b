/**
 * How a model run's events become what the panel shows: one reducer for every run (the summary's
 * session and the study tools' TaskRun), so phases, streaming and progress mean the same everywhere.
 */
import { batch, type Signal } from '@preact/signals';
import type { ErrorInfo } from '../errors';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { DownloadProgress, GenerationStats, TaskEvent } from '../messaging/engine-protocol';
import { noticeText } from './notice-text';
import { nextStep, type StepProgress } from './run-progress';

export type RunPhase = 'idle' | 'reading-page' | 'downloading' | 'loading' | 'writing' | 'done' | 'stopped' | 'error';

export interface RunSignals {
  phase: Signal<RunPhase>;
  text: Signal<string>;
  download: Signal<DownloadProgress | null>;
  part: Signal<StepProgress | null>;
  /** The notes written on each part of the page read so far (a long summary), replaced by the summary. */
  notes: Signal<PartNotes[]>;
  stats: Signal<GenerationStats | null>;
  /** Text updates received in this run (the panel shows text as it streams). */
  updates: Signal<number>;
  /**
   * The router's proposal of a bigger model, shown as a quiet suggestion in the result: the consent
   * dialog opens only when the student clicks it, never on an event.
   */
  suggestion: Signal<CloudProposal | null>;
}

export interface PartNotes {
  /** The part of the page, from 1. */
  index: number;
  text: string;
}

export interface RunHandlers {
  notice(message: string): void;
  fail(error: ErrorInfo): void;
}

export const EMPTY_ANSWER_NOTICE = 'The model wrote nothing this time. Try again, or ask in other words.';

export function applyRunEvent(run: RunSignals, event: TaskEvent, on: RunHandlers, now: () => number = Date.now): void {
  switch (event.kind) {
    case 'download':
      batch(() => {
        run.phase.value = 'downloading';
        run.download.value = event.progress;
      });
      return;
    case 'loading':
      run.phase.value = 'loading';
      return;
    case 'plan':
      run.phase.value = 'writing';
      return;
    case 'part':
      batch(() => {
        run.phase.value = 'writing';
        run.part.value = nextStep(run.part.value, event, now());
      });
      return;
    case 'part-notes':
      run.notes.value = [...run.notes.value, { index: event.index, text: event.text }];
      return;
    case 'text':
      batch(() => {
        run.phase.value = 'writing';
        run.text.value += event.delta;
        run.updates.value += 1;
      });
      return;
    case 'notice':
      on.notice(noticeText(event.notice));
      return;
    case 'restart':
      // The abandoned answer's words are replaced by the new run's, never shown twice.
      batch(() => {
        run.text.value = '';
        run.part.value = null;
        run.notes.value = [];
        run.stats.value = null;
        run.phase.value = 'loading';
      });
      return;
    case 'done':
      batch(() => {
        run.text.value = event.text;
        run.stats.value = event.stats;
        run.phase.value = 'done';
        run.part.value = null;
        run.notes.value = []; // the summary replaces the notes
        if (!event.text.trim()) on.notice(EMPTY_ANSWER_NOTICE);
      });
      return;
    case 'error':
      if (event.error.code === 'cancelled') run.phase.value = 'stopped';
      else on.fail(event.error);
      return;
    case 'cloud-proposal':
      run.suggestion.value = event.proposal;
      return;
    default:
      // Events of other features (the library's) are handled by their own views.
      return;
  }
}

/** Clears a run's output before the next one. */
export function clearRun(run: RunSignals & { notices: Signal<string[]>; error: Signal<ErrorInfo | null> }): void {
  batch(() => {
    run.text.value = '';
    run.download.value = null;
    run.part.value = null;
    run.notes.value = [];
    run.suggestion.value = null;
    run.notices.value = [];
    run.error.value = null;
    run.stats.value = null;
    run.updates.value = 0;
  });
}
