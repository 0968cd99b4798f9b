import { useSignal, type Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { LibraryState } from '../lib/panel/library-state';
import type { ThreadState } from '../lib/panel/thread-state';
import { PageLibraryLine, StudyThread, ThreadActions } from './StudyThread';
import { t, tn, uiDirection } from '../lib/i18n/t';
import { SUMMARY_MODES, type SummaryMode } from '../lib/messaging/engine-protocol';
import { phaseText } from '../lib/panel/phase-text';
import { stepText } from '../lib/panel/run-progress';
import { answerLanguage } from '../lib/panel/study-settings';
import type { SummarizeSession } from '../lib/panel/summarize-session';
import type { SummaryHistory } from '../lib/panel/summary-history';
import { targetPage } from '../lib/panel/target-page-state';
import { answerLayout, textDirection } from '../lib/settings/languages';
import { SUMMARY_MODE_LABELS } from '../lib/tasks/summary-modes';
import { CapturedText } from './CapturedText';
import { ErrorBox } from './ErrorBox';
import { LanguagePicker } from './LanguagePicker';
import { MarkdownOutput } from './MarkdownOutput';
import { ModelCard } from './ModelCard';
import { CloudSuggestion, NotesSoFar, RunBar } from './RunProgress';
import { StatusLine } from './StatusLine';
import { ocrState } from '../lib/panel/ocr-panel';
import { ImageReading } from './ImageReading';
import { OcrMark, OcrNote, OcrProgress, OcrStopped } from './OcrProgress';
import { TimeLinks } from './TimeLinks';
import { VideoSource } from './VideoSource';
import { seekStudentVideo, videoErrorInfo } from '../lib/panel/video-state';

/** The summary's language and direction: the one asked for, else the page's. */
function answerLayoutProps(page: { lang: string; dir: 'ltr' | 'rtl' } | null) {
  const layout = answerLayout(answerLanguage(), { lang: page?.lang ?? '', ...(page ? { dir: page.dir } : {}) });
  return { lang: layout.lang || undefined, dir: page || layout.lang ? layout.dir : undefined };
}

/**
 * "Page: <title>", or how to pick one. A title that reads right to left (an Arabic course page) turns
 * the line right to left, so it reads and aligns from the right; otherwise the line goes the panel's
 * way. The panel's words and the title each keep their own direction inside it.
 */
export function PageTitle() {
  const page = targetPage.value;
  if (!page) return <p class="page-title">{t('common_noPage')}</p>;
  const title = page.title || page.url;
  const [before, after] = t('common_page', '\u0000').split('\u0000');
  const dir = textDirection(title);
  const line = dir === 'rtl' ? 'rtl' : undefined;
  // The spaces stay outside the isolated words: inside, an English "Page: " keeps its space at its
  // own end, which in a right-to-left line is the far side from the title.
  const words = (text = '') => (text.trim() ? <span dir={uiDirection()}>{text.trim()}</span> : null);
  return (
    <p class="page-title" title={title} dir={line}>
      {words(before)}
      {/\s$/.test(before ?? '') ? ' ' : null}
      <strong dir={dir}>{title}</strong>
      {/^\s/.test(after ?? '') ? ' ' : null}
      {words(after)}
    </p>
  );
}

interface SummarizeViewProps {
  session: SummarizeSession;
  history?: SummaryHistory;
  /** The page's study thread (the results as cards, a composer) and the library line of the page card. */
  thread?: ThreadState;
  library?: LibraryState;
  /** The kind of summary picked, when it outlives this view (a tool shows in its place for a while). */
  mode?: Signal<SummaryMode>;
  /** The last of the suggested actions: "More tools" (the tools' full controls). */
  moreTools?: ComponentChildren;
}

export function SummarizeView({ session, history, thread, library, mode: kept, moreTools }: SummarizeViewProps) {
  const own = useSignal<SummaryMode>('tldr');
  const mode = kept ?? own;
  const running = ['reading-page', 'downloading', 'loading', 'writing'].includes(session.phase.value);
  const part = session.part.value;
  const page = session.page.value;
  const url = targetPage.value?.url ?? null;
  useEffect(() => {
    void thread?.load(url);
  }, [url]);
  const summarize = () => summarizeWith(session, history, thread, mode.value);
  const run = () => void summarize();
  // In the thread, the kept card's row has the Copy; the text being written has none.
  const live = <LiveSummary session={session} page={page} copy={!thread} />;
  return (
    <section class="view" aria-label={t('summary_label')}>
      {/* Everything above the actions keeps its height in every state (one-line title, a slot for
          the library line); the model card, which changes as the model warms up or downloads, sits
          under them: a button never moves from under the student's pointer. */}
      <PageTitle />
      <div class="page-library-slot">{library ? <PageLibraryLine library={library} /> : null}</div>
      <ModeRow session={session} onRun={run} mode={mode} running={running} />
      {thread ? <ThreadActions thread={thread} disabled={running} extra={moreTools} /> : null}
      <LanguagePicker disabled={running} />
      <ModelCard status={session.model.value} />
      <ImageReading busy={running} onSummarize={() => ocrState.useImageNext() && run()} />
      <p class="phase" aria-live="polite" data-phase={session.phase.value}>
        {part && running ? t('status_stepRunning', stepText(part)) : phaseText(session.phase.value)}
      </p>
      {running && !ocrState.run.value?.progress ? (
        <RunBar phase={session.phase.value} phaseText={phaseText(session.phase.value)} download={session.download.value} part={part} />
      ) : null}
      <OcrProgress />
      {session.phase.value === 'stopped' ? <OcrStopped /> : null}
      {session.text.value.trim() ? null : <NotesSoFar notes={session.notes.value} parts={part?.pagePart?.total} />}
      {page && session.phase.value !== 'reading-page' ? <CaptureInfo page={page} words={session.pageWords.value} /> : null}
      {page && session.phase.value !== 'reading-page' ? (
        <OcrNote
          page={page}
          onReadMore={() => {
            if (targetPage.value) ocrState.raiseLimit(targetPage.value.tabId, page);
            run();
          }}
        />
      ) : null}
      {page && session.phase.value !== 'reading-page' ? <VideoSource page={page} /> : null}
      {page && session.phase.value !== 'reading-page' ? (
        <CapturedText text={page.text} mark={<OcrMark ocr={page.ocr} source={page.source} />} />
      ) : null}
      {session.notices.value.map((n) => (
        <p class="notice" key={n}>
          {n}
        </p>
      ))}
      <ErrorBox error={videoErrorInfo(session.error.value)} />
      {thread ? <StudyThread thread={thread} live={live} /> : live}
      {session.answeredBy.value === 'cloud' && session.phase.value !== 'idle' ? (
        <p class="muted answered-by">{t('summary_answeredByCloud')}</p>
      ) : null}
    </section>
  );
}

/** Summarize through the thread (kept as a card), else the history (kept), else just the session. */
function summarizeWith(session: SummarizeSession, history: SummaryHistory | undefined, thread: ThreadState | undefined, mode: SummaryMode) {
  if (thread) return thread.summarize(mode, answerLanguage());
  return history ? history.summarize(mode, answerLanguage()) : session.summarize(mode, answerLanguage());
}

/** The summary being written (or just written): streams in, with its figures and the cloud's offer. */
function LiveSummary({ session, page, copy }: { session: SummarizeSession; page: SummarizeSession['page']['value']; copy: boolean }) {
  return (
    <>
      <div class="summary" aria-live="polite" data-updates={session.updates.value}>
        {page?.video ? (
          <TimeLinks
            text={session.text.value}
            durationSeconds={page.video.durationSeconds}
            transcript={{ text: page.text, marks: page.video.marks }}
            onSeek={(s) => void seekStudentVideo(s)}
          >
            <MarkdownOutput text={session.text.value} {...answerLayoutProps(page)} copy={copy} />
          </TimeLinks>
        ) : (
          <MarkdownOutput text={session.text.value} {...answerLayoutProps(page)} copy={copy} />
        )}
      </div>
      <CloudSuggestion proposal={session.cloud ? session.suggestion.value : null} onAsk={() => session.openSuggestion()} />
      {session.stats.value && session.phase.value === 'done' ? <StatusLine stats={session.stats.value} /> : null}
    </>
  );
}

/** Pick the kind of summary, then Summarize (or Stop). "Ask a bigger model" is on each card of the thread. */
function ModeRow(props: { session: SummarizeSession; onRun: () => void; mode: Signal<SummaryMode>; running: boolean }) {
  const { session, onRun, mode, running } = props;
  return (
    <div class="row">
      <label>
        {t('summary_mode')}{' '}
        <select
          value={mode.value}
          onChange={(e) => (mode.value = (e.currentTarget as HTMLSelectElement).value as SummaryMode)}
          disabled={running}
        >
          {SUMMARY_MODES.map((m) => (
            <option value={m} key={m}>
              {t(SUMMARY_MODE_LABELS[m])}
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <button type="button" class="stop run-button" onClick={() => session.stop()}>
          {t('common_stop')}
        </button>
      ) : (
        <button type="button" class="primary run-button" onClick={onRun}>
          {t('summary_run')}
        </button>
      )}
    </div>
  );
}

/** How much of the page was read, and from where. */
function CaptureInfo({ page, words }: { page: NonNullable<SummarizeSession['page']['value']>; words: number }) {
  const parts = [tn('summary_readWords', words)];
  if (page.framesIncluded) parts.push(tn('summary_withFrames', page.framesIncluded));
  if (page.source === 'body') parts.push(t('summary_noArticle'));
  if (page.source === 'pdf') parts.push(t('summary_fromPdf'));
  return <p class="muted capture-info">{t('summary_readLine', parts.join(' '))}</p>;
}
