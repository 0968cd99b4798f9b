import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../lib/i18n/t';
import type { PageQuestionProblem } from '../lib/panel/page-question';
import { settings } from '../lib/panel/settings-state';
import { canAskBigger } from '../lib/panel/thread-items';
import type { ThreadState } from '../lib/panel/thread-state';
import type { ThreadItemRow } from '../lib/store/db';
import { CardSave } from './CardSave';
import { RemoveIcon } from './CardIcons';
import { CopyButton } from './CopyButton';
import { ErrorBox } from './ErrorBox';

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
        {canAskBigger(item) ? <AskBiggerButton thread={thread} item={item} /> : null}
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

/** Whether the cloud may be asked now, and if not, why (privacy mode, offline). */
export function cloudOff(): string | null {
  const { privacyMode, offline } = settings.value;
  if (offline) return t('summary_cloudOffline');
  return privacyMode ? t('summary_cloudPrivacy') : null;
}

/** "Ask a bigger model" on one card: the consent dialog opens on this click, with this card's task. */
function AskBiggerButton({ thread, item }: { thread: ThreadState; item: ThreadItemRow }) {
  const cloud = thread.parts.session.cloud;
  if (!cloud) return null;
  const off = cloudOff();
  return (
    <button
      type="button"
      class="ask-bigger"
      disabled={Boolean(off) || thread.busy.value || cloud.preparing.value}
      title={off ? t('summary_biggerOffHint') : t('summary_biggerHint')}
      onClick={() => void thread.askBigger(item)}
    >
      {t('summary_askBigger')}
    </button>
  );
}

const PAGE_PROBLEMS: Record<PageQuestionProblem, MessageKey> = {
  closed: 'thread_biggerPageClosed',
  changed: 'thread_biggerPageChanged',
};

/** Under the card that asked: the request being prepared, "Nothing was sent.", or what went wrong. */
function CloudLines({ thread }: { thread: ThreadState }) {
  const cloud = thread.parts.session.cloud;
  if (!cloud) return null;
  const problem = thread.pageProblem.value;
  return (
    <>
      {/* The question's page is not the one open, or changed: said, and nothing proposed. */}
      {problem ? (
        <p class="notice cloud-page-problem" role="status">
          {t(PAGE_PROBLEMS[problem])}
        </p>
      ) : null}
      {cloud.preparing.value && !cloud.open ? (
        <p class="muted cloud-preparing" role="status">
          <progress aria-label={t('summary_preparingLabel')} /> {t('summary_preparing')}
        </p>
      ) : null}
      {cloud.notice.value ? (
        <p class="muted cloud-notice" role="status">
          {cloud.notice.value}
        </p>
      ) : null}
      {!cloud.open && cloud.error.value ? <ErrorBox error={cloud.error.value} /> : null}
    </>
  );
}
