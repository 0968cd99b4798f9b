import { useSignal } from '@preact/signals';
import { SUMMARY_MODES, type SummaryMode } from '../lib/messaging/engine-protocol';
import type { SummarizeSession } from '../lib/panel/summarize-session';
import { targetPage } from '../lib/panel/target-page-state';
import { SUMMARY_MODE_LABELS } from '../lib/tasks/summary-modes';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';
import { MarkdownOutput } from './MarkdownOutput';
import { ModelCard } from './ModelCard';
import { StatusLine } from './StatusLine';

const PHASE_TEXT: Record<string, string> = {
  'reading-page': 'Reading the page…',
  downloading: 'Downloading the model (once; later runs work offline)…',
  loading: 'Starting the model…',
  writing: 'Writing…',
  stopped: 'Stopped.',
};

export function SummarizeView({ session }: { session: SummarizeSession }) {
  const mode = useSignal<SummaryMode>('tldr');
  const running = ['reading-page', 'downloading', 'loading', 'writing'].includes(session.phase.value);
  const part = session.part.value;
  const page = session.page.value;
  return (
    <section class="view" aria-label="Summarize">
      <p class="page-title">
        {targetPage.value ? (
          <>
            Page: <strong>{targetPage.value.title || targetPage.value.url}</strong>
          </>
        ) : (
          'No page selected: open a page in this window.'
        )}
      </p>
      <ModelCard status={session.model.value} />
      <div class="row">
        <label>
          Mode{' '}
          <select value={mode.value} onChange={(e) => (mode.value = (e.currentTarget as HTMLSelectElement).value as SummaryMode)} disabled={running}>
            {SUMMARY_MODES.map((m) => (
              <option value={m} key={m}>
                {SUMMARY_MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        {running ? (
          <button type="button" class="stop" onClick={() => session.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void session.summarize(mode.value)}>
            Summarize page
          </button>
        )}
      </div>
      {session.phase.value === 'downloading' && session.download.value ? <DownloadBar progress={session.download.value} /> : null}
      <p class="phase" aria-live="polite" data-phase={session.phase.value}>
        {part && running ? `Part ${part.index} of ${part.total}${part.stage === 'reduce' ? ' (combining)' : ''}… ` : ''}
        {PHASE_TEXT[session.phase.value] ?? ''}
      </p>
      {page && session.phase.value !== 'reading-page' ? (
        <p class="muted capture-info">
          Read {session.pageWords.value.toLocaleString()} words{page.framesIncluded ? ` (with ${page.framesIncluded} embedded frame${page.framesIncluded > 1 ? 's' : ''})` : ''}
          {page.source === 'body' ? ' (no article found: the whole page text)' : ''}.
        </p>
      ) : null}
      {session.notices.value.map((n) => (
        <p class="notice" key={n}>
          {n}
        </p>
      ))}
      <ErrorBox error={session.error.value} />
      <div class="summary" aria-live="polite" data-updates={session.updates.value}>
        <MarkdownOutput text={session.text.value} lang={page?.lang} dir={page?.dir} />
      </div>
      {session.stats.value && session.phase.value === 'done' ? <StatusLine stats={session.stats.value} /> : null}
    </section>
  );
}
