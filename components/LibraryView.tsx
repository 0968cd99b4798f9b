import { useEffect } from 'preact/hooks';
import type { LibraryState } from '../lib/panel/library-state';
import { LibraryAsk } from './LibraryAsk';
import { EmbeddingProgress, LibraryList } from './LibraryList';
import { LibrarySave } from './LibrarySave';
import { LibrarySettings } from './LibrarySettings';
import { t } from '../lib/i18n/t';

/** The Library tab: save the current page, the embedding's progress, ask the library, the saved pages, settings. */
export function LibraryView({ library }: { library: LibraryState }) {
  useEffect(() => {
    void library.list.refresh();
    void library.list.refreshCurrent();
  }, [library]);
  return (
    <section class="view library" aria-label={t('library_label')}>
      <LibrarySave library={library} />
      <EmbeddingProgress list={library.list} />
      <LibraryAsk library={library} />
      <LibraryList list={library.list} />
      <LibrarySettings list={library.list} />
    </section>
  );
}
