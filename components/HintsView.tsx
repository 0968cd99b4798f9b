import type { HintProblem, HintState } from '../lib/panel/hint-state';
import { answerLanguage } from '../lib/panel/study-settings';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { HINT_LEVEL_LABELS, nextHintLevel } from '../lib/tasks/hint-ladder';
import { answerLayout } from '../lib/settings/languages';
import { checkTypedProblem } from '../lib/panel/hint-problem';
import { HintProblemBox } from './HintProblemBox';
import { LanguagePicker } from './LanguagePicker';
import { MarkdownOutput } from './MarkdownOutput';
import { QuoteBlock } from './QuoteBlock';
import { StatusLine } from './StatusLine';
import { TaskStatus } from './TaskStatus';
import { VideoSeekNote, VideoTimes } from './VideoTimes';
import { t, tn } from '../lib/i18n/t';

export function HintsView({ hints }: { hints: HintState }) {
  const problem = hints.problem.value;
  const run = hints.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  const given = hints.hints.value;
  const next = nextHintLevel(given.length);
  const pending = hints.pending.value;
  // Too long for the box: the buttons wait while its line says why (the text stays as typed).
  const tooLong = checkTypedProblem(hints.typed.value).kind === 'too-long';
  const layout = answerLayout(answerLanguage(), { lang: problem?.page.lang ?? '' });
  return (
    <section class="view" aria-label={t('hints_label')}>
      {/* The box already shows a typed problem while it holds it: no second copy above it. */}
      {problem?.source === 'typed' && hints.typed.value.trim() === problem.text ? null : <ProblemIntro problem={problem} />}
      <HintProblemBox hints={hints} disabled={running} />
      <div class="row">
        <button type="button" class="primary" disabled={running || tooLong || next === null} onClick={() => void hints.fromTool('hint')}>
          {next === null ? t('hints_noMore') : given.length === 0 ? t('hints_give') : t('hints_next', next, 3)}
        </button>
        <button
          type="button"
          disabled={running || tooLong || (!problem && !hints.typed.value.trim()) || hints.solution.value !== null}
          onClick={() => void hints.fromTool('solution')}
        >
          {t('hints_showSolution')}
        </button>
        {problem ? (
          <button type="button" class="link" disabled={running} onClick={() => hints.newProblem()}>
            {t('hints_newProblem')}
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
            <h3>{t(HINT_LEVEL_LABELS[h.level])}</h3>
            <VideoTimes url={problem?.page.url} text={h.text}>
              <MarkdownOutput text={h.text} lang={layout.lang || undefined} dir={layout.dir} />
            </VideoTimes>
          </li>
        ))}
      </ol>
      <TaskStatus run={run} />
      {pending && run.text.value ? (
        <div class="hint streaming" aria-live="polite" data-updates={run.updates.value}>
          <h3>{t(pending.kind === 'hint' ? HINT_LEVEL_LABELS[pending.level] : HINT_LEVEL_LABELS[4])}</h3>
          <VideoTimes url={problem?.page.url} text={run.text.value}>
            <MarkdownOutput text={run.text.value} lang={layout.lang || undefined} dir={layout.dir} />
          </VideoTimes>
        </div>
      ) : null}
      {hints.solution.value !== null ? (
        <div class="solution">
          <h3>{t(HINT_LEVEL_LABELS[4])}</h3>
          <VideoTimes url={problem?.page.url} text={hints.solution.value}>
            <MarkdownOutput text={hints.solution.value} lang={layout.lang || undefined} dir={layout.dir} />
          </VideoTimes>
        </div>
      ) : null}
      <VideoSeekNote url={problem?.page.url} />
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
      <LanguagePicker disabled={running} />
    </section>
  );
}

/** What the hints are about: the typed or selected problem, the whole page, or how to start. */
function ProblemIntro({ problem }: { problem: HintProblem | null }) {
  if (!problem) {
    return <p class="muted intro">{t('hints_intro')}</p>;
  }
  if (problem.source === 'typed') return <QuoteBlock text={problem.text} source={t('hints_typedSource')} />;
  return problem.source === 'selection' ? (
    <QuoteBlock text={problem.text} source={t('hints_problemFrom', problem.page.title || problem.page.url)} />
  ) : (
    <p class="problem-page">
      {t('hints_wholePage')} <strong>{problem.page.title || problem.page.url}</strong>
    </p>
  );
}

/** Asks before showing the solution early: seeing it ends the thinking. */
function ConfirmSolution({ hints, given }: { hints: HintState; given: number }) {
  return (
    <div class="confirm" role="alertdialog" aria-label={t('hints_confirmLabel')}>
      <p>
        {t('hints_confirmEnds')} {given < 3 ? tn('hints_left', 3 - given) : ''} {t('hints_confirmShow')}
      </p>
      <div class="row">
        <button type="button" class="primary" onClick={() => void hints.fromTool('solution', true)}>
          {t('hints_yesShow')}
        </button>
        <button type="button" onClick={() => hints.cancelSolution()}>
          {t('hints_keepTrying')}
        </button>
      </div>
    </div>
  );
}
