import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AskState } from '../lib/panel/ask-state';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { targetPage } from '../lib/panel/target-page-state';
import { ANSWER_LANGUAGES, answerLayout } from '../lib/settings/languages';
import { studentLanguage } from '../lib/panel/study-settings';
import { LanguagePicker } from './LanguagePicker';
import { MarkdownOutput } from './MarkdownOutput';
import { QuoteBlock } from './QuoteBlock';
import { StatusLine } from './StatusLine';
import { TaskStatus } from './TaskStatus';
import { VideoSeekNote, VideoTimes } from './VideoTimes';
import { answerLanguage } from '../lib/panel/study-settings';
import { t, type MessageKey } from '../lib/i18n/t';

const ACTION_LABELS = { explain: 'ask_explain', define: 'ask_define', simplify: 'ask_simplify' } as const satisfies Record<
  string,
  MessageKey
>;

export function AskView({ ask }: { ask: AskState }) {
  const subject = ask.subject.value;
  const run = ask.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  const questionBox = useRef<HTMLInputElement>(null);
  const focus = ask.focusQuestion.value;
  // A layout effect, like the tool view's focus on its heading (which must come after this one).
  useLayoutEffect(() => {
    if (focus) questionBox.current?.focus();
  }, [focus]);
  const layout = answerLayout(ask.action.value === 'translate' ? ask.targetLanguage.value || studentLanguage() : answerLanguage(), {
    lang: subject?.page.lang ?? '',
  });
  return (
    <section class="view" aria-label={t('ask_label')}>
      {subject ? (
        <QuoteBlock
          text={subject.selection.text}
          source={t(subject.origin === 'image' ? 'ask_imageOn' : 'ask_selectedOn', subject.page.title || subject.page.url)}
        />
      ) : (
        <p class="muted intro">{t('ask_intro')}</p>
      )}
      <div class="row">
        <button type="button" disabled={running} onClick={() => void ask.takeSelection(targetPage.value)}>
          {subject ? t('ask_useNewSelection') : t('ask_useSelection')}
        </button>
      </div>
      {subject ? (
        <>
          <AskActions ask={ask} running={running} />
          <AskForm ask={ask} running={running} questionBox={questionBox} />
          <LanguagePicker disabled={running} />
        </>
      ) : null}
      <TaskStatus run={run} />
      <div class="answer" aria-live="polite" data-updates={run.updates.value}>
        <VideoTimes url={subject?.page.url} text={run.text.value}>
          <MarkdownOutput text={run.text.value} lang={layout.lang || undefined} dir={layout.dir} />
        </VideoTimes>
      </div>
      <VideoSeekNote url={subject?.page.url} />
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
    </section>
  );
}

/** Explain, Define, Simplify, or Translate to a chosen language. */
function AskActions({ ask, running }: { ask: AskState; running: boolean }) {
  return (
    <div class="row actions" role="group" aria-label={t('ask_actionsLabel')}>
      {(Object.keys(ACTION_LABELS) as Array<keyof typeof ACTION_LABELS>).map((a) => (
        <button type="button" key={a} class={ask.action.value === a ? 'primary' : ''} disabled={running} onClick={() => void ask.answer(a)}>
          {t(ACTION_LABELS[a])}
        </button>
      ))}
      <span class="translate">
        <button
          type="button"
          class={ask.action.value === 'translate' ? 'primary' : ''}
          disabled={running}
          onClick={() => void ask.answer('translate')}
        >
          {t('ask_translateTo')}
        </button>{' '}
        <select
          name="targetLanguage"
          aria-label={t('ask_translateTo')}
          value={ask.targetLanguage.value || studentLanguage()}
          disabled={running}
          onChange={(e) => (ask.targetLanguage.value = (e.currentTarget as HTMLSelectElement).value)}
        >
          {ANSWER_LANGUAGES.map((l) => (
            <option value={l.tag} key={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}

/** A question of the student's own about the selection. */
function AskForm({ ask, running, questionBox }: { ask: AskState; running: boolean; questionBox: RefObject<HTMLInputElement> }) {
  return (
    <form
      class="row ask-form"
      onSubmit={(e) => {
        e.preventDefault();
        void ask.answer('ask');
      }}
    >
      <input
        ref={questionBox}
        name="question"
        type="text"
        placeholder={t('ask_placeholder')}
        value={ask.question.value}
        maxLength={4000}
        onInput={(e) => (ask.question.value = (e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" class={ask.action.value === 'ask' ? 'primary' : ''} disabled={running || !ask.question.value.trim()}>
        {t('ask_ask')}
      </button>
    </form>
  );
}
