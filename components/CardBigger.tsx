/**
 * "Ask a bigger model" on a study thread's card, and the lines under the card that asked (split out of
 * StudyThread.tsx): the button when the card's task can be proposed again, a disabled one saying why
 * on a library answer kept before its passages were, and what became of the click.
 */
import { t, type MessageKey } from '../lib/i18n/t';
import { libraryBiggerBlock } from '../lib/panel/library-question';
import type { PageQuestionProblem } from '../lib/panel/page-question';
import { settings } from '../lib/panel/settings-state';
import { canAskBigger } from '../lib/panel/thread-items';
import type { ThreadState } from '../lib/panel/thread-state';
import type { ThreadItemRow } from '../lib/store/db';
import { ErrorBox } from './ErrorBox';

/** The card's "Ask a bigger model": offered, shown unavailable with the reason, or none. */
export function CardBiggerButton({ thread, item }: { thread: ThreadState; item: ThreadItemRow }) {
  if (canAskBigger(item)) return <AskBiggerButton thread={thread} item={item} />;
  return libraryBiggerBlock(item) === 'old' ? <OldLibraryAnswerButton /> : null;
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

/**
 * A library answer kept before its passages were: the button shown but unavailable, saying why (the
 * tooltip, also its accessible description).
 */
function OldLibraryAnswerButton() {
  return (
    <button type="button" class="ask-bigger" disabled title={t('thread_biggerLibraryOld')}>
      {t('summary_askBigger')}
    </button>
  );
}

const PAGE_PROBLEMS: Record<PageQuestionProblem, MessageKey> = {
  closed: 'thread_biggerPageClosed',
  changed: 'thread_biggerPageChanged',
};

/** Under the card that asked: the request being prepared, "Nothing was sent.", or what went wrong. */
export function CloudLines({ thread }: { thread: ThreadState }) {
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
      {/* A library answer cited pages deleted since: named, and nothing proposed. */}
      {thread.libraryGone.value.length ? (
        <p class="notice cloud-library-gone" role="status">
          {t('thread_biggerLibraryDeleted', thread.libraryGone.value.map((title) => `“${title}”`).join(', '))}
        </p>
      ) : null}
      {thread.libraryUnchecked.value ? (
        <p class="notice cloud-library-unchecked" role="status">
          {t('thread_biggerLibraryUnchecked')}
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
