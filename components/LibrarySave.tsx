import type { LibrarySaveState } from '../lib/panel/library-save-state';
import type { LibraryState } from '../lib/panel/library-state';
import { targetPage } from '../lib/panel/target-page-state';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';
import { RunButton } from './RunButton';
import { t, type MessageKey } from '../lib/i18n/t';

const SAVE_PHASE: Record<string, MessageKey> = {
  'reading-page': 'status_readingPage',
  downloading: 'library_downloadingEmbedder',
  loading: 'library_startingEmbedder',
};

/** A save's progress: the embedding model's download bar, then what it is doing (a card's save shows it too). */
export function SaveProgress({ save }: { save: LibrarySaveState }) {
  const download = save.run.download.value;
  return (
    <>
      {save.phase.value === 'downloading' && download ? <DownloadBar progress={download} /> : null}
      <p class="phase save-phase" data-phase={save.phase.value} aria-live="polite">
        {SAVE_PHASE[save.phase.value] ? t(SAVE_PHASE[save.phase.value]!) : ''}
      </p>
    </>
  );
}

/** The current page and "Save to library", with course and tags. */
export function LibrarySave({ library }: { library: LibraryState }) {
  const save = library.save;
  const current = library.list.currentSaved.value;
  const courses = library.list.listing.value?.facets.courses ?? [];
  return (
    <section class="library-save">
      <p class="page-title">
        {targetPage.value ? (
          <>
            {t('library_pageLabel')} <strong>{targetPage.value.title || targetPage.value.url}</strong>
            {current ? <span class="tag in-library">{t('library_inLibrary')}</span> : null}
          </>
        ) : (
          t('common_noPage')
        )}
      </p>
      <div class="row">
        <label>
          {t('library_course')}{' '}
          <input
            name="course"
            list="library-courses"
            size={14}
            value={save.course.value}
            onInput={(e) => (save.course.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('library_tags')}{' '}
          <input
            name="tags"
            size={14}
            placeholder={t('library_tagsExample')}
            value={save.tags.value}
            onInput={(e) => (save.tags.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <datalist id="library-courses">
          {courses.map((c) => (
            <option value={c} key={c} />
          ))}
        </datalist>
        <RunButton
          busy={save.busy.value}
          label={current ? t('library_saveAgain') : t('library_save')}
          onStart={() => void save.saveCurrentPage()}
          onStop={() => save.stopSave()}
        />
      </div>
      <SaveProgress save={save} />
      {save.message.value ? <p class="save-message">{save.message.value}</p> : null}
      <ErrorBox error={save.error.value} />
    </section>
  );
}
