import { RUNNING_PHASES, type TaskRun } from '../lib/panel/task-run';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';

const PHASE_TEXT: Record<string, string> = {
  'reading-page': 'Reading the page…',
  downloading: 'Downloading the model (once; later runs work offline)…',
  loading: 'Starting the model…',
  writing: 'Writing…',
  stopped: 'Stopped.',
};

/** A run's progress as the student follows it: phase, download, parts, notices, error, Stop. */
export function TaskStatus({ run }: { run: TaskRun }) {
  const phase = run.phase.value;
  const running = RUNNING_PHASES.includes(phase);
  const part = run.part.value;
  return (
    <>
      {phase === 'downloading' && run.download.value ? <DownloadBar progress={run.download.value} /> : null}
      <div class="row run-status">
        <p class="phase" aria-live="polite" data-phase={phase}>
          {part && running ? `Part ${part.index} of ${part.total}… ` : ''}
          {PHASE_TEXT[phase] ?? ''}
        </p>
        {running ? (
          <button type="button" class="stop" onClick={() => run.stop()}>
            Stop
          </button>
        ) : null}
      </div>
      {run.notices.value.map((n) => (
        <p class="notice" key={n}>
          {n}
        </p>
      ))}
      <ErrorBox error={run.error.value} />
    </>
  );
}
