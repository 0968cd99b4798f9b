import { useLayoutEffect, useRef } from 'preact/hooks';
import type { LibrarySource } from '../lib/messaging/library-protocol';
import { formatDevice, formatDuration } from '../lib/panel/format';
import type { LibraryState } from '../lib/panel/library-state';
import { renderMarkdown } from '../lib/render/markdown';
import { citationSegments } from '../lib/tasks/library-answer-task';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';
import { RunButton } from './RunButton';
import { SourceTime } from './VideoSource';
import { t, type MessageKey } from '../lib/i18n/t';
import { modelName } from '../lib/panel/model-words';

const ASK_PHASE: Record<string, MessageKey> = {
  searching: 'library_searching',
  downloading: 'library_downloadingModel',
  loading: 'status_loading',
  writing: 'library_writing',
  stopped: 'status_stopped',
};

/** The answer's Markdown with each valid [n] turned into a button that opens source n. */
function AnswerWithCitations({ text, sources, onCite }: { text: string; sources: LibrarySource[]; onCite: (n: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    // Sanitized Markdown first (no links, no attributes), then citation buttons built from text.
    root.innerHTML = renderMarkdown(text);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const node of nodes) {
      const segments = citationSegments(node.data, sources.length);
      if (!segments.some((s) => 'cite' in s)) continue;
      const parts = segments.map((s) => {
        if ('text' in s) return document.createTextNode(s.text);
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'cite';
        button.dataset.n = String(s.cite);
        button.textContent = `[${s.cite}]`;
        button.title = sources[s.cite - 1]?.title ?? '';
        return button;
      });
      node.replaceWith(...parts);
    }
  }, [text, sources]);
  return (
    <div
      class="markdown answer"
      ref={ref}
      onClick={(e) => {
        const button = (e.target as HTMLElement).closest('button.cite') as HTMLButtonElement | null;
        if (button) onCite(Number(button.dataset.n));
      }}
    />
  );
}

/** The course, tag and site filters (shared with the list: a question searches what the list shows). */
function LibraryFilters({ library }: { library: LibraryState }) {
  const list = library.list;
  const filter = list.filter.value;
  const facets = list.listing.value?.facets ?? { courses: [], tags: [], sites: [] };
  const setFilter = (patch: Partial<typeof filter>) => {
    list.filter.value = { ...filter, ...patch };
    void list.refresh();
  };
  const choices = [
    {
      name: 'filterCourse',
      label: t('library_course'),
      all: t('library_allCourses'),
      value: filter.course,
      options: facets.courses,
      key: 'course',
    },
    { name: 'filterTag', label: t('library_tag'), all: t('library_allTags'), value: filter.tag, options: facets.tags, key: 'tag' },
    { name: 'filterSite', label: t('library_site'), all: t('library_allSites'), value: filter.site, options: facets.sites, key: 'site' },
  ] as const;
  return (
    <>
      {choices.map((c) => (
        <select
          key={c.name}
          name={c.name}
          aria-label={c.label}
          value={c.value}
          onChange={(e) => setFilter({ [c.key]: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">{c.all}</option>
          {c.options.map((o) => (
            <option value={o} key={o}>
              {o}
            </option>
          ))}
        </select>
      ))}
    </>
  );
}

/** The sources an answer cites, each opening its passage. */
function Sources({ library }: { library: LibraryState }) {
  const sources = library.ask.sources.value;
  if (!sources.length) return null;
  return (
    <div class="sources">
      <h3>{t('library_sources')}</h3>
      <ol>
        {sources.map((s) => (
          <li key={s.chunkId} data-n={s.n} data-page-id={s.pageId}>
            <button type="button" class="link source" title={s.url} onClick={() => void library.ask.openSource(s)}>
              [{s.n}] {[s.title, ...s.headings.filter((h) => h !== s.title)].join(' › ')}
              {s.pdfPage ? ` ${t('library_pdfPage', s.pdfPage)}` : ''}
              <SourceTime seconds={s.seconds} />
            </button>
            <blockquote class="passage">{s.text.length > 360 ? `${s.text.slice(0, 360)}…` : s.text}</blockquote>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** "Ask my library": the question, filters, the answer with its citations, and its sources. */
export function LibraryAsk({ library }: { library: LibraryState }) {
  const ask = library.ask;
  const sources = ask.sources.value;
  const download = ask.run.download.value;
  const stats = ask.stats.value;
  return (
    <section class="library-ask">
      <h2>{t('library_ask')}</h2>
      <textarea
        name="question"
        rows={2}
        placeholder={t('library_askPlaceholder')}
        value={ask.question.value}
        onInput={(e) => (ask.question.value = (e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void ask.ask();
          }
        }}
      />
      <div class="row filters">
        <LibraryFilters library={library} />
        <RunButton
          busy={ask.busy.value}
          label={t('ask_ask')}
          onStart={() => void ask.ask()}
          onStop={() => ask.stopAsk()}
          disabled={!ask.question.value.trim()}
        />
      </div>
      {ask.phase.value === 'downloading' && download ? <DownloadBar progress={download} /> : null}
      <p class="phase ask-phase" data-phase={ask.phase.value} aria-live="polite">
        {ASK_PHASE[ask.phase.value] ? t(ASK_PHASE[ask.phase.value]!) : ''}
      </p>
      {ask.notices.value.map((n) => (
        <p class="notice" key={n}>
          {n}
        </p>
      ))}
      <ErrorBox error={ask.error.value} />
      {ask.run.text.value ? (
        <div class={`library-answer${ask.phase.value === 'nothing' ? ' nothing' : ''}`} aria-live="polite">
          <AnswerWithCitations
            text={ask.run.text.value}
            sources={sources}
            onCite={(n) => sources[n - 1] && void ask.openSource(sources[n - 1]!)}
          />
        </div>
      ) : null}
      <Sources library={library} />
      {ask.citationNote.value ? <p class="notice citation-note">{ask.citationNote.value}</p> : null}
      {stats ? (
        <p class="status">{t('library_stats', modelName(stats.modelName), formatDevice(stats.device), formatDuration(stats.totalMs))}</p>
      ) : null}
    </section>
  );
}
