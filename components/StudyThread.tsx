import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t, uiLanguage, type MessageKey } from '../lib/i18n/t';
import type { LibraryState } from '../lib/panel/library-state';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { openSavedPage } from '../lib/panel/open-page';
import {
  canAskBigger,
  hintLevelOf,
  newestOfKind,
  shortQuote,
  splitLibraryAnswer,
  threadEntries,
  type ThreadWork,
} from '../lib/panel/thread-items';
import { HINT_LEVEL_LABELS } from '../lib/tasks/hint-ladder';
import type { ThreadState } from '../lib/panel/thread-state';
import { targetPage } from '../lib/panel/target-page-state';
import type { ThreadItemRow, ThreadKind } from '../lib/store/db';
import { answerLayout, nativeName } from '../lib/settings/languages';
import { SUMMARY_MODE_LABELS } from '../lib/tasks/summary-modes';
import { SOURCE_LABELS } from './card-labels';
import { CardActions } from './CardActions';
import { cloudOff } from './CardBigger';
import { DeckItem } from './DeckList';
import { ErrorBox } from './ErrorBox';
import { MarkdownOutput } from './MarkdownOutput';
import { PracticeCard } from './PracticeCard';
import { TaskStatus } from './TaskStatus';

const KIND_LABELS: Record<ThreadKind, MessageKey> = {
  summary: 'thread_kindSummary',
  explain: 'thread_kindExplain',
  hints: 'thread_kindHints',
  cards: 'thread_kindCards',
  answer: 'thread_kindAnswer',
  'library-answer': 'thread_kindLibraryAnswer',
};

function when(at: number): string {
  return new Date(at).toLocaleString(uiLanguage(), { dateStyle: 'short', timeStyle: 'short' });
}

/** Is the page in the library, and "Save to library" when it is not. */
export function PageLibraryLine({ library }: { library: LibraryState }) {
  if (!targetPage.value) return null;
  const saved = library.list.currentSaved.value;
  return (
    <p class="row page-library">
      <span class="muted">{saved ? t('thread_inLibrary') : t('thread_notInLibrary')}</span>
      {saved ? null : (
        <button type="button" class="link" disabled={library.save.busy.value} onClick={() => void library.save.saveCurrentPage()}>
          {t('library_save')}
        </button>
      )}
    </p>
  );
}

/** Flashcards, Hints, Ask my library: one click each, beside "Summarize page". */
export function ThreadActions({ thread, disabled, extra }: { thread: ThreadState; disabled: boolean; extra?: ComponentChildren }) {
  const busy = disabled || thread.busy.value;
  return (
    <div class="row thread-actions" role="group" aria-label={t('thread_actions')}>
      <button type="button" class="flashcards-action" disabled={busy} onClick={() => void thread.flashcards()}>
        {t('thread_flashcards')}
      </button>
      <button type="button" class="hints-action" disabled={busy} onClick={() => void thread.hint()}>
        {t('thread_hints')}
      </button>
      <button
        type="button"
        class="library-action"
        aria-pressed={thread.askLibrary.value}
        onClick={() => {
          thread.askLibrary.value = !thread.askLibrary.value;
          document.querySelector<HTMLInputElement>('input[name=threadQuestion]')?.focus();
        }}
      >
        {t('thread_askLibrary')}
      </button>
      {extra}
    </div>
  );
}

/** A summary's kind and language ("TL;DR · Français"); nothing for other cards. */
function summaryDetail(item: ThreadItemRow): string {
  if (item.kind !== 'summary') return '';
  const mode = item.mode && item.mode in SUMMARY_MODE_LABELS ? t(SUMMARY_MODE_LABELS[item.mode as keyof typeof SUMMARY_MODE_LABELS]) : '';
  return [mode, item.language ? nativeName(item.language) : ''].filter(Boolean).join(' · ');
}

/** A card's first line: what it is, about what, from where, when. */
function CardHead({ item }: { item: ThreadItemRow }) {
  const detail = summaryDetail(item);
  return (
    <p class="thread-card-head">
      <strong>{t(KIND_LABELS[item.kind])}</strong>
      <span class="muted">
        {detail ? ` · ${detail}` : ''}
        {' · '}
        {t(SOURCE_LABELS[item.source])} · <time dateTime={new Date(item.created).toISOString()}>{when(item.created)}</time>
        {item.cloud ? ` · ${t('thread_byBiggerModel')}` : ''}
      </span>
    </p>
  );
}

/** The live summary's first line: as any card once it is kept, "Summary" while it is written. */
function LiveHead({ item }: { item: ThreadItemRow | undefined }) {
  if (item) return <CardHead item={item} />;
  return (
    <p class="thread-card-head">
      <strong>{t('thread_kindSummary')}</strong>
    </p>
  );
}

/** The summary being written, or just written and kept: then with its card's controls. */
function LiveCard({ thread, item, live }: { thread: ThreadState; item: ThreadItemRow | undefined; live: ComponentChildren }) {
  return (
    <li class="thread-card live" data-kind="summary">
      <LiveHead item={item} />
      {live}
      {item ? <CardActions thread={thread} item={item} kind={t(KIND_LABELS[item.kind])} /> : null}
    </li>
  );
}

function DeckInCard({ thread, deckId }: { thread: ThreadState; deckId: string }) {
  const quiz = thread.parts.quiz;
  const deck = quiz.deck(deckId);
  if (!deck) return <p class="muted">{t('thread_deckGone')}</p>;
  if (quiz.practice.value?.deckId === deckId) return <PracticeCard quiz={quiz} />;
  return (
    <ul class="deck-list">
      <DeckItem deck={deck} quiz={quiz} url={deck.url} />
    </ul>
  );
}

/** A library answer: the answer, then its sources as links that take the student to each saved page. */
function LibraryAnswerBody({ text, lang, dir }: { text: string; lang?: string; dir?: 'ltr' | 'rtl' }) {
  const [failed, setFailed] = useState('');
  const { answer, sources } = splitLibraryAnswer(text);
  const open = (url: string) =>
    openSavedPage(url).then(
      () => setFailed(''),
      (error: unknown) => setFailed(t('library_openFailed', error instanceof Error ? error.message : String(error))),
    );
  return (
    <>
      {/* The card's Copy (its row) takes the sources along with the answer. */}
      <MarkdownOutput text={answer} lang={lang} dir={dir} copy={false} />
      {sources.length ? (
        <div class="sources">
          <h3>{t('thread_sources')}</h3>
          <ol>
            {sources.map((s, i) => (
              <li key={i} data-n={i + 1}>
                {`${i + 1}. `}
                <a
                  class="source"
                  href={s.url}
                  onClick={(e) => {
                    e.preventDefault();
                    void open(s.url);
                  }}
                >
                  {s.title || s.url}
                </a>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {failed ? <p class="error">{failed}</p> : null}
    </>
  );
}

function ThreadCard({
  thread,
  item,
  newestHint,
  newestExplain = false,
}: {
  thread: ThreadState;
  item: ThreadItemRow;
  newestHint: boolean;
  newestExplain?: boolean;
}) {
  // Its direction: the language asked, else the page's when the card kept it (a summary).
  const written = item.language || item.pageLang || '';
  const layout = answerLayout(written, { lang: '' });
  const rung = hintLevelOf(item);
  return (
    <li class="thread-card" data-kind={item.kind}>
      <CardHead item={item} />
      {/* A hint says its rung, as in the Hints tab: "Another hint" visibly goes one further. */}
      {rung ? <p class="thread-hint-level">{t(HINT_LEVEL_LABELS[rung])}</p> : null}
      {item.quote ? (
        <blockquote class="thread-quote" dir="auto">
          {shortQuote(item.quote)}
        </blockquote>
      ) : null}
      {/* What the run that wrote the newest explanation said about its selection (cut, from a frame,
          the student's own text) stays with it once it is kept. */}
      {newestExplain
        ? thread.parts.ask.run.notices.value.map((n) => (
            <p class="notice" key={n}>
              {n}
            </p>
          ))
        : null}
      {item.kind === 'answer' || item.kind === 'library-answer' ? (
        <p class="thread-question" dir="auto">
          {t('thread_youAsked', item.label)}
        </p>
      ) : null}
      {item.kind === 'cards' ? (
        <>
          {/* With a deck it is what was saved; without one, why there is none. */}
          {item.text ? <p class={item.deckId ? 'muted' : 'notice'}>{item.text}</p> : null}
          {item.deckId ? <DeckInCard thread={thread} deckId={item.deckId} /> : null}
        </>
      ) : item.kind === 'library-answer' ? (
        <LibraryAnswerBody text={item.text} lang={layout.lang || undefined} dir={written ? layout.dir : undefined} />
      ) : (
        <MarkdownOutput text={item.text} lang={layout.lang || undefined} dir={written ? layout.dir : undefined} copy={false} />
      )}
      <CardActions
        thread={thread}
        item={item}
        kind={t(KIND_LABELS[item.kind])}
        own={
          newestHint ? (
            <button type="button" class="another-hint" disabled={thread.busy.value} onClick={() => void thread.hint(true)}>
              {t('thread_anotherHint')}
            </button>
          ) : null
        }
      />
    </li>
  );
}

/** An explanation of a selection being written: the quote, progress and Stop, the text as it comes. */
function ExplainWork({ thread }: { thread: ThreadState }) {
  const ask = thread.parts.ask;
  const quote = ask.subject.value?.selection.text;
  return (
    <li class="thread-card working" data-kind="explain">
      <p class="thread-card-head">
        <strong>{t('thread_kindExplain')}</strong>
        <span class="muted"> · {t('thread_sourceSelection')}</span>
      </p>
      {quote ? (
        <blockquote class="thread-quote" dir="auto">
          {shortQuote(quote)}
        </blockquote>
      ) : null}
      <TaskStatus run={ask.run} />
      {RUNNING_PHASES.includes(ask.run.phase.value) ? (
        <div class="answer" data-updates={ask.run.updates.value}>
          <MarkdownOutput text={ask.run.text.value} />
        </div>
      ) : null}
    </li>
  );
}

/** The work running in the thread (or the last one, when it gave no card): progress, Stop, error. */
function WorkCard({ thread, work }: { thread: ThreadState; work: ThreadWork }) {
  const { quiz, hints, chat, libraryAsk } = thread.parts;
  if (work === 'explain') return <ExplainWork thread={thread} />;
  if (work === 'library-answer') {
    return (
      <li class="thread-card working" data-kind={work}>
        {libraryAsk.busy.value ? (
          <div class="row">
            <p class="muted" role="status">
              {t('thread_askingLibrary')}
            </p>
            <button type="button" class="stop" onClick={() => libraryAsk.stopAsk()}>
              {t('common_stop')}
            </button>
          </div>
        ) : null}
        <ErrorBox error={libraryAsk.error.value} />
        <MarkdownOutput text={libraryAsk.run.text.value} />
      </li>
    );
  }
  const run = work === 'cards' ? quiz.run : work === 'hints' ? hints.run : work === 'cloud' ? thread.cloudRun : chat.run;
  const message = work === 'cards' ? quiz.message.value : work === 'hints' ? hints.message.value : '';
  return (
    <li class="thread-card working" data-kind={work}>
      <TaskStatus run={run} />
      {message ? <p class="notice">{message}</p> : null}
      {work !== 'cards' && RUNNING_PHASES.includes(run.phase.value) ? <MarkdownOutput text={run.text.value} /> : null}
    </li>
  );
}

/** The page's cards in order, the live summary in its place, the work running, then the composer. */
export function StudyThread({ thread, live }: { thread: ThreadState; live: ComponentChildren }) {
  const items = thread.items.value;
  const newestHint = newestOfKind(items, 'hints');
  const newestExplain = newestOfKind(items, 'explain');
  const work = thread.work.value;
  const off = thread.parts.session.cloud && items.some(canAskBigger) ? cloudOff() : null;
  return (
    <section class="thread" aria-label={t('thread_label')}>
      {/* Why "Ask a bigger model" cannot be pressed, said once for the whole thread. */}
      {off ? <p class="muted cloud-off">{off}</p> : null}
      <ol class="thread-cards">
        {threadEntries(items, thread.liveSummaryId.value).map((entry) =>
          entry.kind === 'live-summary' ? (
            <LiveCard key="live" thread={thread} item={items.find((i) => i.id === thread.liveSummaryId.value)} live={live} />
          ) : (
            <ThreadCard
              key={entry.item.id}
              thread={thread}
              item={entry.item}
              newestHint={entry.item.id === newestHint}
              newestExplain={entry.item.id === newestExplain}
            />
          ),
        )}
        {work ? <WorkCard key="work" thread={thread} work={work} /> : null}
      </ol>
      <Composer thread={thread} />
    </section>
  );
}

/** A question about this page (or the library): Enter sends, the answer becomes a card. */
function Composer({ thread }: { thread: ThreadState }) {
  const library = thread.askLibrary.value;
  const label = library ? t('thread_composerLibrary') : t('thread_composerPage');
  return (
    <form
      class="composer row"
      onSubmit={(e) => {
        e.preventDefault();
        void thread.send();
      }}
    >
      <input
        name="threadQuestion"
        aria-label={label}
        placeholder={label}
        value={thread.question.value}
        onInput={(e) => (thread.question.value = (e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" class="primary" disabled={thread.busy.value}>
        {t('thread_send')}
      </button>
    </form>
  );
}
