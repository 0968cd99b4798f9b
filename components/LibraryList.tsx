import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { LibraryPageSummary } from '../lib/messaging/library-protocol';
import { formatBytes, formatDevice, formatDuration } from '../lib/panel/format';
import type { LibraryListState } from '../lib/panel/library-list-state';
import { ErrorBox } from './ErrorBox';
import { OcrMark } from './OcrProgress';

function PageRow({ page, list }: { page: LibraryPageSummary; list: LibraryListState }) {
  const confirming = useSignal(false);
  const embedded =
    page.totalChunks === 0
      ? ''
      : page.embeddedChunks >= page.totalChunks
        ? ''
        : ` · ${page.embeddedChunks} of ${page.totalChunks} embedded`;
  return (
    <li class="library-page" data-page-id={page.id}>
      <button type="button" class="link page-open" onClick={() => list.openPage(page)} title={page.url}>
        {page.kind === 'pdf' ? 'PDF · ' : ''}
        {page.title}
        {page.textOrigin === 'ocr' ? (
          <>
            {' '}
            <OcrMark ocr />
          </>
        ) : null}
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
          <button type="button" class="stop" onClick={() => void list.remove(page)}>
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

/** Loading the library, and the background embedding: its progress, Pause and Resume, the last page's speed. */
export function EmbeddingProgress({ list }: { list: LibraryListState }) {
  const status = list.status.value;
  const embedding = status?.embedding;
  const last = embedding?.last;
  return (
    <>
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
            <button type="button" class="link" onClick={() => void list.pause()}>
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
          <button type="button" class="link" onClick={() => void list.resume()}>
            Resume
          </button>
        </p>
      ) : null}
      {embedding?.state === 'error' ? (
        <div class="library-progress" data-state="error">
          <ErrorBox error={embedding.error} />
          <button type="button" onClick={() => void list.resume()}>
            Try again
          </button>
        </div>
      ) : null}
      {last && embedding.state !== 'running' ? (
        <p
          class="muted embed-speed"
          data-page-id={last.pageId}
          data-chunks={last.chunks}
          data-ms={last.ms.toFixed(1)}
          data-embed-ms={last.embedMs.toFixed(1)}
          data-batch={last.batchSize}
          data-device={last.device}
          data-dtype={last.dtype}
        >
          Last page embedded: {last.chunks} parts in {formatDuration(last.ms)} ({((last.chunks * 1000) / Math.max(1, last.ms)).toFixed(1)}{' '}
          parts/s, {formatDevice(last.device)}, batch {last.batchSize}).
        </p>
      ) : null}
    </>
  );
}

/** The saved pages: search, totals, each page (open, delete), export and import. */
export function LibraryList({ list }: { list: LibraryListState }) {
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const listing = list.listing.value;
  const totals = listing?.totals;
  return (
    <section class="library-list">
      <h2>Saved pages</h2>
      <input
        type="search"
        name="librarySearch"
        placeholder="Search saved pages"
        value={list.query.value}
        onInput={(e) => {
          list.query.value = (e.currentTarget as HTMLInputElement).value;
          clearTimeout(searchTimer.current);
          searchTimer.current = setTimeout(() => void list.refresh(), 250);
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
      {listing && list.narrowed.value ? (
        <p class="muted">
          {listing.matching} matching page{listing.matching === 1 ? '' : 's'}
        </p>
      ) : null}
      <ul class="library-pages">
        {(listing?.pages ?? []).map((p) => (
          <PageRow page={p} list={list} key={p.id} />
        ))}
      </ul>
      {listing && listing.totals.pages === 0 ? <p class="muted">Nothing saved yet: open a course page and press Save to library.</p> : null}
      <div class="row">
        <button type="button" onClick={() => void list.exportLibrary()}>
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
              if (file) void list.importLibrary(file);
              input.value = '';
            }}
          />
        </label>
      </div>
      {list.message.value ? <p class="library-message">{list.message.value}</p> : null}
      <ErrorBox error={list.error.value} />
    </section>
  );
}
