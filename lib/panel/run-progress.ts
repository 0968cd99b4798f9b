/**
 * What the student reads of a long run's progress: which step of how many, what that step does,
 * and the time left, estimated from the measured time of the steps already done (never before one
 * is done: a guess from nothing would be a made-up number).
 */
import { t, uiLanguage } from '../i18n/t';

/** The step a run is at, as the panel tracks it from the task's `part` events. */
export interface StepProgress {
  /** The step under way, from 1. */
  index: number;
  total: number;
  stage: 'map' | 'reduce';
  /** A 'map' step reads this part of the page, of `total` parts. */
  pagePart?: { index: number; total: number };
  /** When the first step started, and when this one did (ms, the panel's clock). */
  firstStartedAt: number;
  startedAt: number;
}

/** The next step's progress from a `part` event received at `now`. */
export function nextStep(
  previous: StepProgress | null,
  event: { index: number; total: number; stage: 'map' | 'reduce'; pagePart?: { index: number; total: number } },
  now: number,
): StepProgress {
  // A step numbered 1 (or a first event) starts the clock; a re-planned total keeps it.
  const first = previous && event.index > 1 ? previous.firstStartedAt : now;
  return {
    index: event.index,
    total: event.total,
    stage: event.stage,
    ...(event.pagePart ? { pagePart: event.pagePart } : {}),
    firstStartedAt: first,
    startedAt: now,
  };
}

/**
 * Milliseconds left: the mean time of the steps done so far times the steps not done. Null while
 * no step is done yet.
 */
export function estimateLeftMs(step: StepProgress): number | null {
  const done = step.index - 1;
  if (done < 1) return null;
  const perStep = (step.startedAt - step.firstStartedAt) / done;
  return Math.max(0, perStep * (step.total - done));
}

/** "about 4 min left", "less than a minute left". */
export function formatTimeLeft(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return t('progress_lessThanMinute');
  return t('progress_minutesLeft', Math.round(ms / 60_000).toLocaleString(uiLanguage()));
}

/** What the step does, in the same words everywhere: "Step 3 of 16 · reading part 3 of 14 of the page". */
export function stepText(step: {
  index: number;
  total: number;
  stage: 'map' | 'reduce';
  pagePart?: { index: number; total: number };
}): string {
  const { index, total } = step;
  if (step.pagePart) return t('progress_stepReading', index, total, step.pagePart.index, step.pagePart.total);
  if (step.stage === 'reduce') return t(index === total ? 'progress_stepWritingSummary' : 'progress_stepCombining', index, total);
  return t('progress_step', index, total);
}
