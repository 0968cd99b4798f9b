import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/t';
import type { ThreadState } from '../lib/panel/thread-state';
import type { ThreadItemRow } from '../lib/store/db';
import { CardBiggerButton, CloudLines } from './CardBigger';
import { CardSave } from './CardSave';
import { RemoveIcon } from './CardIcons';
import { CopyButton } from './CopyButton';

/**
 * A kept card's controls on one line at 420 px, in English and Vietnamese: the card's own next step
 * first (Another hint), then what every card offers in the same order (Copy, Save, Ask a bigger
 * model…), and Remove at the line's end. The two every student knows (Copy, Remove) are icons with
 * their names and tooltips; the two that are Locus's own keep their words, so they are read, not
 * guessed, and no click hides them. At 200 % zoom the row wraps between buttons, never inside one.
 * `own`: a card kind's own buttons (hints, a library answer's), placed first.
 */
export function CardActions({
  thread,
  item,
  kind,
  own,
}: {
  thread: ThreadState;
  item: ThreadItemRow;
  kind: string;
  own?: ComponentChildren;
}) {
  const remove = t('thread_remove');
  return (
    <>
      <div class="row card-actions">
        {own}
        {/* A deck's card has no text of its own to copy (its cards are in Review). */}
        {item.kind !== 'cards' && item.text ? <CopyButton text={item.text} /> : null}
        <CardSave thread={thread} item={item} kind={kind} />
        <CardBiggerButton thread={thread} item={item} />
        <button
          type="button"
          class="icon-button card-remove"
          aria-label={remove}
          title={remove}
          onClick={() => void thread.remove(item.id!)}
        >
          <RemoveIcon />
        </button>
      </div>
      {thread.cloudCardId.value === item.id ? <CloudLines thread={thread} /> : null}
    </>
  );
}
