import { useEffect } from 'preact/hooks';
import type { QuizState } from '../lib/panel/quiz-state';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { targetPage } from '../lib/panel/target-page-state';
import { OPTION_LETTERS } from '../lib/export/anki-csv';
import type { CardFormat } from '../lib/tasks/card-parser';
import { DeckList } from './DeckList';
import { LanguagePicker } from './LanguagePicker';
import { PracticeCard } from './PracticeCard';
import { StatusLine } from './StatusLine';
import { TaskStatus } from './TaskStatus';
import { t } from '../lib/i18n/t';

export function QuizView({ quiz }: { quiz: QuizState }) {
  const url = targetPage.value?.url ?? null;
  useEffect(() => {
    void quiz.refresh(url);
  }, [url]);
  const run = quiz.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  if (quiz.practice.value) return <PracticeCard quiz={quiz} />;
  const live = quiz.live.value;
  return (
    <section class="view" aria-label={t('quiz_label')}>
      <div class="row">
        <label>
          {t('quiz_make')}{' '}
          <select
            name="cardCount"
            value={String(quiz.count.value)}
            disabled={running}
            onChange={(e) => (quiz.count.value = Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {[3, 6, 10, 15, 20].map((n) => (
              <option value={String(n)} key={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <select
          name="cardFormat"
          aria-label={t('quiz_kind')}
          value={quiz.format.value}
          disabled={running}
          onChange={(e) => (quiz.format.value = (e.currentTarget as HTMLSelectElement).value as CardFormat)}
        >
          <option value="flashcards">{t('quiz_flashcards')}</option>
          <option value="multiple-choice">{t('quiz_multipleChoice')}</option>
        </select>
      </div>
      <div class="row">
        <button type="button" class="primary" disabled={running} onClick={() => void quiz.generate('page')}>
          {t('quiz_fromPage')}
        </button>
        <button type="button" disabled={running} onClick={() => void quiz.generate('selection')}>
          {t('quiz_fromSelection')}
        </button>
        <LanguagePicker disabled={running} />
      </div>
      <TaskStatus run={run} />
      {running || (run.text.value && run.phase.value !== 'done') ? (
        <div class="cards-live" aria-live="polite" data-updates={run.updates.value}>
          {live.cards.length ? (
            <ol>
              {live.cards.map((c, i) => (
                <li key={i} dir="auto">
                  <strong>{c.question}</strong>
                  {c.kind === 'multiple-choice' ? (
                    <span class="muted"> ({c.options.map((_, j) => OPTION_LETTERS[j]).join(', ')})</span>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
          <pre class="raw-output">{run.text.value}</pre>
        </div>
      ) : null}
      {quiz.message.value ? (
        <p class="notice quiz-message" role="status">
          {quiz.message.value}
        </p>
      ) : null}
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
      <DeckList quiz={quiz} url={url} />
    </section>
  );
}
