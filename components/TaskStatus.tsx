import { RUNNING_PHASES, type TaskRun } from '../lib/panel/task-run';
import { stepText } from '../lib/panel/run-progress';
import { t } from '../lib/i18n/t';
import { phaseText } from '../lib/panel/phase-text';
import { ErrorBox } from './ErrorBox';
import { CloudSuggestion, NotesSoFar, RunBar } from './RunProgress';

/** A run's progress as the student follows it: phase, bar (download or steps), notices, error, Stop, a suggestion. */
export function TaskStatus({ run }: { run: TaskRun }) {
  const phase = run.phase.value;
  const running = RUNNING_PHASES.includes(phase);
  const part = run.part.value;
  return (
    <>
      <div class="row run-status">
        <p class="phase" aria-live="polite" data-phase={phase}>
          {part && running ? t('status_stepRunning', stepText(part)) : phaseText(phase)}
        </p>
        {running ? (
          <button type="button" class="stop" onClick={() => run.stop()}>
            {t('common_stop')}
          </button>
        ) : null}
      </div>
      {running ? <RunBar phase={phase} phaseText={phaseText(phase)} download={run.download.value} part={part} /> : null}
      {run.text.value.trim() ? null : <NotesSoFar notes={run.notes.value} parts={part?.pagePart?.total} />}
      {run.notices.value.map((n) => (
        <p class="notice" key={n}>
          {n}
        </p>
      ))}
      <ErrorBox error={run.error.value} />
      <CloudSuggestion proposal={run.suggestion.value} onAsk={() => run.openSuggestion()} />
    </>
  );
}
