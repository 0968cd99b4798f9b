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
 * The button shows a short word ("Save", "✓ Saved") and is named in full; its three words share one
 * place, as wide as the longest, so the row does not move when one replaces another.
 */
export function CardSave({ thread, item, kind }: { thread: ThreadState; item: ThreadItemRow; kind: string }) {
  const notes = thread.parts.notes;
  if (item.kind === 'cards') return item.deckId ? <span class="muted card-kept">{t('thread_deckInReview')}</span> : null;
  if (!notes || !canSaveAsNote(item)) return null;
  const saved = notes.isSaved(item);
  const saving = !saved && notes.savingId.value === item.id;
  const state = saved ? 'saved' : saving ? 'saving' : 'save';
  const rung = hintLevelOf(item);
  const words = {
    kind: rung ? t(HINT_LEVEL_LABELS[rung]) : kind,
    ...(item.kind === 'answer' || item.kind === 'library-answer' ? { asked: t('thread_youAsked', item.label) } : {}),
  };
  return (
    <>
      <button
        type="button"
        class={saved ? 'card-save saved' : 'card-save'}
        data-state={state}
        aria-label={saved ? t('thread_savedNote') : saving ? t('thread_savingNote') : t('thread_saveNote')}
        disabled={saved || notes.savingId.value !== null || notes.save.busy.value}
        title={saved ? t('thread_savedNoteHint') : t('thread_saveNoteHint')}
        onClick={() => void notes.saveCard(item, words)}
      >
        <span class="card-save-words" aria-hidden="true">
          <span data-word="save">{t('thread_saveShort')}</span>
          <span data-word="saving">{t('thread_savingNote')}</span>
          <span data-word="saved">{t('thread_savedShort')}</span>
        </span>
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
