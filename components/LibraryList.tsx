import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { LibraryPageSummary } from '../lib/messaging/library-protocol';
import { formatBytes, formatDevice, formatDuration } from '../lib/panel/format';
import type { LibraryListState } from '../lib/panel/library-list-state';
import { ErrorBox } from './ErrorBox';
import { OcrMark } from './OcrProgress';
import { t, tn, uiLanguage } from '../lib/i18n/t';

function PageRow({ page, list }: { page: LibraryPageSummary; list: LibraryListState }) {
  const confirming = useSignal(false);
  const embedded =
    page.totalChunks === 0
      ? ''
      : page.embeddedChunks >= page.totalChunks
        ? ''
        : ` · ${t('library_embeddedOf', page.embeddedChunks, page.totalChunks)}`;
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
        {page.textOrigin === 'note' ? (
          <>
            {' '}
            <span class="tag note-mark" title={t('library_noteMarkHint')}>
              {t('library_noteMark')}
            </span>
          </>
        ) : null}
      </button>
      <div class="muted">
        {[page.course, page.tags.join(', '), page.site, new Date(page.savedAt).toLocaleDateString(uiLanguage())]
          .filter(Boolean)
          .join(' · ')}{' '}
        · {tn('library_parts', page.totalChunks)}
        {embedded}
      </div>
      {confirming.value ? (
        <span class="row">
          {t('library_confirmDelete')}{' '}
          <button type="button" class="stop" onClick={() => void list.remove(page)}>
            {t('library_yesDelete')}
          </button>
          <button type="button" onClick={() => (confirming.value = false)}>
            {t('library_keep')}
          </button>
        </span>
      ) : (
        <button type="button" class="link danger" onClick={() => (confirming.value = true)}>
          {t('common_delete')}
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
          {t(
            'library_loading',
            t(
              status.loading.stage === 'vectors'
                ? 'library_stageVectors'
                : status.loading.stage === 'words'
                  ? 'library_stageWords'
                  : 'library_stagePages',
            ),
            status.loading.done.toLocaleString(uiLanguage()),
            status.loading.total.toLocaleString(uiLanguage()),
          )}
        </p>
      ) : null}
      {embedding?.state === 'running' ? (
        <div class="library-progress" aria-live="polite" data-state="running">
          <progress max={Math.max(1, embedding.total)} value={embedding.done} aria-label={t('library_embeddingProgress')} />
          <div class="download-text">
            {t('library_embedding', embedding.title, embedding.done, embedding.total)}
            {embedding.pending > 1 ? ` · ${tn('library_morePagesWaiting', embedding.pending - 1)}` : ''}{' '}
            <button type="button" class="link" onClick={() => void list.pause()}>
              {t('library_pause')}
            </button>
          </div>
        </div>
      ) : null}
      {embedding?.state === 'paused' ? (
        <p class="notice library-progress" data-state="paused">
          {embedding.pending ? tn('library_pausedWaiting', embedding.pending) : t('library_paused')}{' '}
          <button type="button" class="link" onClick={() => void list.resume()}>
            {t('library_resume')}
          </button>
        </p>
      ) : null}
      {embedding?.state === 'error' ? (
        <div class="library-progress" data-state="error">
          <ErrorBox error={embedding.error} />
          <button type="button" onClick={() => void list.resume()}>
            {t('common_tryAgain')}
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
          {t(
            'library_lastEmbedded',
            last.chunks,
            formatDuration(last.ms),
            ((last.chunks * 1000) / Math.max(1, last.ms)).toLocaleString(uiLanguage(), {
              minimumFractionDigits: 1,
              maximumFractionDigits: 1,
            }),
            formatDevice(last.device),
            last.batchSize,
          )}
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
      <h2>{t('library_savedPages')}</h2>
      <input
        type="search"
        name="librarySearch"
        placeholder={t('library_search')}
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
          {t('library_totals', tn('library_pages', totals.pages), totals.chunks, totals.vectors, formatBytes(totals.bytes))}
          {listing?.storage ? ` ${t('library_wholeUsage', formatBytes(listing.storage.usage))}` : ''}
        </p>
      ) : null}
      {listing && list.narrowed.value ? <p class="muted">{tn('library_matching', listing.matching)}</p> : null}
      <ul class="library-pages">
        {(listing?.pages ?? []).map((p) => (
          <PageRow page={p} list={list} key={p.id} />
        ))}
      </ul>
      {listing && listing.totals.pages === 0 ? <p class="muted">{t('library_empty')}</p> : null}
      <div class="row">
        <button type="button" onClick={() => void list.exportLibrary()}>
          {t('library_exportJson')}
        </button>
        <label class="file-button">
          {t('library_import')}{' '}
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
