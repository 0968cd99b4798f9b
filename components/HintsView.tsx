import type { HintProblem, HintState } from '../lib/panel/hint-state';
import { answerLanguage } from '../lib/panel/study-settings';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { HINT_LEVEL_LABELS, nextHintLevel } from '../lib/tasks/hint-ladder';
import { answerLayout } from '../lib/settings/languages';
import { LanguagePicker } from './LanguagePicker';
import { MarkdownOutput } from './MarkdownOutput';
import { QuoteBlock } from './QuoteBlock';
import { StatusLine } from './StatusLine';
import { TaskStatus } from './TaskStatus';

export function HintsView({ hints }: { hints: HintState }) {
  const problem = hints.problem.value;
  const run = hints.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  const given = hints.hints.value;
  const next = nextHintLevel(given.length);
  const pending = hints.pending.value;
  const layout = answerLayout(answerLanguage(), { lang: problem?.page.lang ?? '' });
  return (
    <section class="view" aria-label="Hints">
      <ProblemIntro problem={problem} />
      <div class="row">
        <button type="button" class="primary" disabled={running || next === null} onClick={() => void hints.request('hint')}>
          {next === null ? 'No more hints' : given.length === 0 ? 'Give me a hint' : `Next hint (${next} of 3)`}
        </button>
        <button
          type="button"
          disabled={running || !problem || hints.solution.value !== null}
          onClick={() => void hints.request('solution')}
        >
          Show the solution
        </button>
        {problem ? (
          <button type="button" class="link" disabled={running} onClick={() => hints.reset()}>
            New problem
          </button>
        ) : null}
      </div>
      {hints.confirming.value ? <ConfirmSolution hints={hints} given={given.length} /> : null}
      {hints.message.value ? (
        <p class="notice" role="status">
          {hints.message.value}
        </p>
      ) : null}
      <ol class="hint-list">
        {given.map((h) => (
          <li key={h.level} class="hint" data-level={h.level}>
            <h3>{HINT_LEVEL_LABELS[h.level]}</h3>
            <MarkdownOutput text={h.text} lang={layout.lang || undefined} dir={layout.dir} />
          </li>
        ))}
      </ol>
      <TaskStatus run={run} />
      {pending && run.text.value ? (
        <div class="hint streaming" aria-live="polite" data-updates={run.updates.value}>
          <h3>{pending.kind === 'hint' ? HINT_LEVEL_LABELS[pending.level] : HINT_LEVEL_LABELS[4]}</h3>
          <MarkdownOutput text={run.text.value} lang={layout.lang || undefined} dir={layout.dir} />
        </div>
      ) : null}
      {hints.solution.value !== null ? (
        <div class="solution">
          <h3>{HINT_LEVEL_LABELS[4]}</h3>
          <MarkdownOutput text={hints.solution.value} lang={layout.lang || undefined} dir={layout.dir} />
        </div>
      ) : null}
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
      <LanguagePicker disabled={running} />
    </section>
  );
}

/** What the hints are about: the selected problem, the whole page, or how to start. */
function ProblemIntro({ problem }: { problem: HintProblem | null }) {
  if (!problem) {
    return (
      <p class="muted intro">
        Stuck on a problem? Select it on the page (or nothing, for the whole page) and ask for a hint. Each press gives the next hint: a
        nudge, then the concept, then the next step. The solution only when you ask for it.
      </p>
    );
  }
  return problem.source === 'selection' ? (
    <QuoteBlock text={problem.text} source={`Your problem, from ${problem.page.title || problem.page.url}`} />
  ) : (
    <p class="problem-page">
      Hints on the whole page: <strong>{problem.page.title || problem.page.url}</strong>
    </p>
  );
}

/** Asks before showing the solution early: seeing it ends the thinking. */
function ConfirmSolution({ hints, given }: { hints: HintState; given: number }) {
  return (
    <div class="confirm" role="alertdialog" aria-label="Show the solution?">
      <p>
        Seeing the full solution now ends the thinking for this problem.{' '}
        {given < 3 ? `You have ${3 - given} hint${3 - given === 1 ? '' : 's'} left.` : ''} Show it?
      </p>
      <div class="row">
        <button type="button" class="primary" onClick={() => void hints.request('solution', true)}>
          Yes, show the solution
        </button>
        <button type="button" onClick={() => hints.cancelSolution()}>
          Keep trying
        </button>
      </div>
    </div>
  );
}
