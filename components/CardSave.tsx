import { t } from '../lib/i18n/t';
import { canSaveAsNote } from '../lib/panel/card-note';
import type { ThreadState } from '../lib/panel/thread-state';
import { hintLevelOf } from '../lib/panel/thread-items';
import type { ThreadItemRow } from '../lib/store/db';
import { HINT_LEVEL_LABELS } from '../lib/tasks/hint-ladder';
import { ErrorBox } from './ErrorBox';
import { SaveProgress } from './LibrarySave';

/**
 * "Save to my library" on a card: its text kept in the library as a note of its page, found and
 * cited by "Ask my library". Then "Saved to your library". A deck's card says its cards are kept
 * for Review (they are, from the moment the deck is made). `kind` is the card's label ("Summary").
 */
export function CardSave({ thread, item, kind }: { thread: ThreadState; item: ThreadItemRow; kind: string }) {
  const notes = thread.parts.notes;
  if (item.kind === 'cards') return item.deckId ? <span class="muted card-kept">{t('thread_deckInReview')}</span> : null;
  if (!notes || !canSaveAsNote(item)) return null;
  if (notes.isSaved(item)) {
    return (
      <button type="button" class="card-save saved" disabled title={t('thread_savedNoteHint')}>
        {t('thread_savedNote')}
      </button>
    );
  }
  const saving = notes.savingId.value === item.id;
  const rung = hintLevelOf(item);
  const words = {
    kind: rung ? t(HINT_LEVEL_LABELS[rung]) : kind,
    ...(item.kind === 'answer' || item.kind === 'library-answer' ? { asked: t('thread_youAsked', item.label) } : {}),
  };
  return (
    <>
      <button
        type="button"
        class="card-save"
        disabled={saving || notes.savingId.value !== null || notes.save.busy.value}
        title={t('thread_saveNoteHint')}
        onClick={() => void notes.saveCard(item, words)}
      >
        {saving ? t('thread_savingNote') : t('thread_saveNote')}
      </button>
      {saving ? (
        <div class="card-save-status">
          <SaveProgress save={notes.save} />
        </div>
      ) : null}
      {notes.failedId.value === item.id && notes.save.error.value ? (
        <div class="card-save-status">
          <ErrorBox error={notes.save.error.value} />
        </div>
      ) : null}
    </>
  );
}
