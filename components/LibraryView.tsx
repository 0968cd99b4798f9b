import { useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { LibraryPageSummary, LibrarySource } from '../lib/messaging/library-protocol';
import { formatBytes, formatDevice, formatDuration } from '../lib/panel/format';
import type { LibraryState } from '../lib/panel/library-state';
import { settings } from '../lib/panel/settings-state';
import { targetPage } from '../lib/panel/target-page-state';
import { renderMarkdown } from '../lib/render/markdown';
import { citationSegments } from '../lib/tasks/library-answer-task';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';

const SAVE_PHASE: Record<string, string> = {
  'reading-page': 'Reading the page…',
  downloading: 'Downloading the embedding model (once; later saves work offline)…',
  loading: 'Starting the embedding model…',
};

const ASK_PHASE: Record<string, string> = {
  searching: 'Searching your library…',
  downloading: 'Downloading a model (once)…',
  loading: 'Starting the model…',
  writing: 'Writing the answer from your pages…',
  stopped: 'Stopped.',
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

function PageRow({ page, library }: { page: LibraryPageSummary; library: LibraryState }) {
  const confirming = useSignal(false);
  const embedded =
    page.totalChunks === 0
      ? ''
      : page.embeddedChunks >= page.totalChunks
        ? ''
        : ` · ${page.embeddedChunks} of ${page.totalChunks} embedded`;
  return (
    <li class="library-page" data-page-id={page.id}>
      <button type="button" class="link page-open" onClick={() => library.openPage(page)} title={page.url}>
        {page.kind === 'pdf' ? 'PDF · ' : ''}
        {page.title}
      </button>
      <div class="muted">
        {[page.course, page.tags.join(', '), page.site, new Date(page.savedAt).toLocaleDateString()].filter(Boolean).join(' · ')} ·{' '}
        {page.totalChunks} part
        {page.totalChunks === 1 ? '' : 's'}
        {embedded}
      </div>
      {confirming.value ? (
        <span class="row">
          Delete this page, its parts and vectors?{' '}
          <button type="button" class="stop" onClick={() => void library.remove(page)}>
            Yes, delete
          </button>
          <button type="button" onClick={() => (confirming.value = false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" class="link danger" onClick={() => (confirming.value = true)}>
          Delete
        </button>
      )}
    </li>
  );
}

export function LibraryView({ library }: { library: LibraryState }) {
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const batchText = useSignal(String(settings.value.embeddingBatchSize));
  const sitesText = useSignal(settings.value.autoSaveSites.join(', '));
  useEffect(() => {
    void library.refresh();
    void library.refreshCurrent();
  }, [library]);
  const listing = library.listing.value;
  const status = library.status.value ?? listing?.status ?? null;
  const embedding = status?.embedding;
  const facets = listing?.facets ?? { courses: [], tags: [], sites: [] };
  const filter = library.filter.value;
  const setFilter = (patch: Partial<typeof filter>) => {
    library.filter.value = { ...filter, ...patch };
    void library.refresh();
  };
  const saving = ['reading-page', 'downloading', 'loading', 'splitting'].includes(library.savePhase.value);
  const asking = ['searching', 'downloading', 'loading', 'writing'].includes(library.askPhase.value);
  const current = library.currentSaved.value;
  const sources = library.sources.value;
  const totals = listing?.totals;
  return (
    <section class="view library" aria-label="Library">
      <section class="library-save">
        <p class="page-title">
          {targetPage.value ? (
            <>
              Page: <strong>{targetPage.value.title || targetPage.value.url}</strong>
              {current ? <span class="tag in-library">in your library</span> : null}
            </>
          ) : (
            'No page selected: open a page in this window.'
          )}
        </p>
        <div class="row">
          <label>
            Course{' '}
            <input
              name="course"
              list="library-courses"
              size={14}
              value={library.course.value}
              onInput={(e) => (library.course.value = (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            Tags{' '}
            <input
              name="tags"
              size={14}
              placeholder="exam 1, week 3"
              value={library.tags.value}
              onInput={(e) => (library.tags.value = (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <datalist id="library-courses">
            {facets.courses.map((c) => (
              <option value={c} key={c} />
            ))}
          </datalist>
          {saving ? (
            <button type="button" class="stop" onClick={() => library.stopSave()}>
              Stop
            </button>
          ) : (
            <button type="button" class="primary" onClick={() => void library.saveCurrentPage()}>
              {current ? 'Save again' : 'Save to library'}
            </button>
          )}
        </div>
        {library.savePhase.value === 'downloading' && library.saveDownload.value ? (
          <DownloadBar progress={library.saveDownload.value} />
        ) : null}
        <p class="phase save-phase" data-phase={library.savePhase.value} aria-live="polite">
          {SAVE_PHASE[library.savePhase.value] ?? ''}
        </p>
        {library.saveMessage.value ? <p class="save-message">{library.saveMessage.value}</p> : null}
        <ErrorBox error={library.saveError.value} />
      </section>

      {status?.loading ? (
        <p class="notice library-loading">
          Loading your library ({status.loading.stage === 'vectors' ? 'vectors' : status.loading.stage === 'words' ? 'word index' : 'pages'}
          : {status.loading.done.toLocaleString()} of {status.loading.total.toLocaleString()})…
        </p>
      ) : null}
      {embedding?.state === 'running' ? (
        <div class="library-progress" aria-live="polite" data-state="running">
          <progress max={Math.max(1, embedding.total)} value={embedding.done} aria-label="Embedding progress" />
          <div class="download-text">
            Embedding “{embedding.title}”: {embedding.done} of {embedding.total} parts
            {embedding.pending > 1 ? ` · ${embedding.pending - 1} more page${embedding.pending > 2 ? 's' : ''} waiting` : ''}{' '}
            <button type="button" class="link" onClick={() => void library.pause()}>
              Pause
            </button>
          </div>
        </div>
      ) : null}
      {embedding?.state === 'paused' ? (
        <p class="notice library-progress" data-state="paused">
          Embedding is paused
          {embedding.pending
            ? ` (${embedding.pending} page${embedding.pending === 1 ? '' : 's'} waiting: searched by words until then)`
            : ''}
          .{' '}
          <button type="button" class="link" onClick={() => void library.resume()}>
            Resume
          </button>
        </p>
      ) : null}
      {embedding?.state === 'error' ? (
        <div class="library-progress" data-state="error">
          <ErrorBox error={embedding.error} />
          <button type="button" onClick={() => void library.resume()}>
            Try again
          </button>
        </div>
      ) : null}
      {embedding?.last && embedding.state !== 'running' ? (
        <p
          class="muted embed-speed"
          data-page-id={embedding.last.pageId}
          data-chunks={embedding.last.chunks}
          data-ms={embedding.last.ms.toFixed(1)}
          data-embed-ms={embedding.last.embedMs.toFixed(1)}
          data-batch={embedding.last.batchSize}
          data-device={embedding.last.device}
          data-dtype={embedding.last.dtype}
        >
          Last page embedded: {embedding.last.chunks} parts in {formatDuration(embedding.last.ms)} (
          {((embedding.last.chunks * 1000) / Math.max(1, embedding.last.ms)).toFixed(1)} parts/s, {formatDevice(embedding.last.device)},
          batch {embedding.last.batchSize}).
        </p>
      ) : null}

      <section class="library-ask">
        <h2>Ask my library</h2>
        <textarea
          name="question"
          rows={2}
          placeholder="What do my saved pages say about…?"
          value={library.question.value}
          onInput={(e) => (library.question.value = (e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void library.ask();
            }
          }}
        />
        <div class="row filters">
          <select
            name="filterCourse"
            aria-label="Course"
            value={filter.course}
            onChange={(e) => setFilter({ course: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">All courses</option>
            {facets.courses.map((c) => (
              <option value={c} key={c}>
                {c}
              </option>
            ))}
          </select>
          <select
            name="filterTag"
            aria-label="Tag"
            value={filter.tag}
            onChange={(e) => setFilter({ tag: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">All tags</option>
            {facets.tags.map((t) => (
              <option value={t} key={t}>
                {t}
              </option>
            ))}
          </select>
          <select
            name="filterSite"
            aria-label="Site"
            value={filter.site}
            onChange={(e) => setFilter({ site: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">All sites</option>
            {facets.sites.map((s) => (
              <option value={s} key={s}>
                {s}
              </option>
            ))}
          </select>
          {asking ? (
            <button type="button" class="stop" onClick={() => library.stopAsk()}>
              Stop
            </button>
          ) : (
            <button type="button" class="primary" onClick={() => void library.ask()} disabled={!library.question.value.trim()}>
              Ask
            </button>
          )}
        </div>
        {library.askPhase.value === 'downloading' && library.askDownload.value ? (
          <DownloadBar progress={library.askDownload.value} />
        ) : null}
        <p class="phase ask-phase" data-phase={library.askPhase.value} aria-live="polite">
          {ASK_PHASE[library.askPhase.value] ?? ''}
        </p>
        {library.askNotices.value.map((n) => (
          <p class="notice" key={n}>
            {n}
          </p>
        ))}
        <ErrorBox error={library.askError.value} />
        {library.answer.value ? (
          <div class={`library-answer${library.askPhase.value === 'nothing' ? ' nothing' : ''}`} aria-live="polite">
            <AnswerWithCitations
              text={library.answer.value}
              sources={sources}
              onCite={(n) => sources[n - 1] && void library.openSource(sources[n - 1]!)}
            />
          </div>
        ) : null}
        {sources.length ? (
          <div class="sources">
            <h3>Sources</h3>
            <ol>
              {sources.map((s) => (
                <li key={s.chunkId} data-n={s.n} data-page-id={s.pageId}>
                  <button type="button" class="link source" title={s.url} onClick={() => void library.openSource(s)}>
                    [{s.n}] {[s.title, ...s.headings.filter((h) => h !== s.title)].join(' › ')}
                    {s.pdfPage ? ` (page ${s.pdfPage})` : ''}
                  </button>
                  <blockquote class="passage">{s.text.length > 360 ? `${s.text.slice(0, 360)}…` : s.text}</blockquote>
                </li>
              ))}
            </ol>
          </div>
        ) : null}
        {library.citationNote.value ? <p class="notice citation-note">{library.citationNote.value}</p> : null}
        {library.askStats.value ? (
          <p class="status">
            {library.askStats.value.modelName} · {formatDevice(library.askStats.value.device)} ·{' '}
            {formatDuration(library.askStats.value.totalMs)} in all
          </p>
        ) : null}
      </section>

      <section class="library-list">
        <h2>Saved pages</h2>
        <input
          type="search"
          name="librarySearch"
          placeholder="Search saved pages"
          value={library.query.value}
          onInput={(e) => {
            library.query.value = (e.currentTarget as HTMLInputElement).value;
            clearTimeout(searchTimer.current);
            searchTimer.current = setTimeout(() => void library.refresh(), 250);
          }}
        />
        {totals ? (
          <p
            class="muted library-totals"
            data-pages={totals.pages}
            data-chunks={totals.chunks}
            data-vectors={totals.vectors}
            data-bytes={totals.bytes}
          >
            {totals.pages} page{totals.pages === 1 ? '' : 's'} · {totals.chunks} parts · {totals.vectors} vectors · about{' '}
            {formatBytes(totals.bytes)} in this browser
            {listing?.storage ? ` (Locus as a whole, models included: ${formatBytes(listing.storage.usage)})` : ''}
          </p>
        ) : null}
        {listing && (library.query.value || filter.course || filter.tag || filter.site) ? (
          <p class="muted">
            {listing.matching} matching page{listing.matching === 1 ? '' : 's'}
          </p>
        ) : null}
        <ul class="library-pages">
          {(listing?.pages ?? []).map((p) => (
            <PageRow page={p} library={library} key={p.id} />
          ))}
        </ul>
        {listing && listing.totals.pages === 0 ? (
          <p class="muted">Nothing saved yet: open a course page and press Save to library.</p>
        ) : null}
        <div class="row">
          <button type="button" onClick={() => void library.exportLibrary()}>
            Export (JSON)
          </button>
          <label class="file-button">
            Import…{' '}
            <input
              type="file"
              name="libraryImport"
              accept=".json,application/json"
              onChange={(e) => {
                const input = e.currentTarget as HTMLInputElement;
                const file = input.files?.[0];
                if (file) void library.importLibrary(file);
                input.value = '';
              }}
            />
          </label>
        </div>
        {library.message.value ? <p class="library-message">{library.message.value}</p> : null}
        <ErrorBox error={library.error.value} />
      </section>

      <details class="library-settings">
        <summary>Library settings</summary>
        <label class="field">
          Embedding model (reads pages for search by meaning)
          <select
            name="embeddingModel"
            value={settings.value.embeddingModel}
            onChange={(e) => void library.setEmbeddingModel((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="auto">Default</option>
            {library.embeddingModels().map((m) => (
              <option value={m.id} key={m.id}>
                {m.name}
                {m.purpose === 'test' ? ' (test model)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          Parts embedded per step (bigger is faster on a GPU)
          <span class="row">
            <input
              name="embeddingBatchSize"
              type="number"
              min={1}
              max={64}
              value={batchText.value}
              onInput={(e) => (batchText.value = (e.currentTarget as HTMLInputElement).value)}
            />
            <button
              type="button"
              onClick={() => void library.setBatchSize(Math.max(1, Math.min(64, Math.round(Number(batchText.value) || 8))))}
            >
              Save batch size
            </button>
          </span>
        </label>
        <label class="field">
          Save automatically on these sites (when you open their pages with Locus open)
          <textarea
            name="autoSaveSites"
            rows={2}
            placeholder="canvas.university.edu"
            value={sitesText.value}
            onInput={(e) => (sitesText.value = (e.currentTarget as HTMLTextAreaElement).value)}
          />
          <span class="row">
            <button type="button" onClick={() => void library.setAutoSaveSites(sitesText.value)}>
              Save sites
            </button>
          </span>
        </label>
      </details>
    </section>
  );
}
