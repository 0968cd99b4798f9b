import type { LibraryState } from '../lib/panel/library-state';
import { targetPage } from '../lib/panel/target-page-state';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';

const SAVE_PHASE: Record<string, string> = {
  'reading-page': 'Reading the page…',
  downloading: 'Downloading the embedding model (once; later saves work offline)…',
  loading: 'Starting the embedding model…',
};

/** The current page and "Save to library", with course and tags. */
export function LibrarySave({ library }: { library: LibraryState }) {
  const save = library.save;
  const current = library.list.currentSaved.value;
  const courses = library.list.listing.value?.facets.courses ?? [];
  const download = save.run.download.value;
  return (
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
            value={save.course.value}
            onInput={(e) => (save.course.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Tags{' '}
          <input
            name="tags"
            size={14}
            placeholder="exam 1, week 3"
            value={save.tags.value}
            onInput={(e) => (save.tags.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <datalist id="library-courses">
          {courses.map((c) => (
            <option value={c} key={c} />
          ))}
        </datalist>
        {save.busy.value ? (
          <button type="button" class="stop" onClick={() => save.stopSave()}>
            Stop
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void save.saveCurrentPage()}>
            {current ? 'Save again' : 'Save to library'}
          </button>
        )}
      </div>
      {save.phase.value === 'downloading' && download ? <DownloadBar progress={download} /> : null}
      <p class="phase save-phase" data-phase={save.phase.value} aria-live="polite">
        {SAVE_PHASE[save.phase.value] ?? ''}
      </p>
      {save.message.value ? <p class="save-message">{save.message.value}</p> : null}
      <ErrorBox error={save.error.value} />
    </section>
  );
}
