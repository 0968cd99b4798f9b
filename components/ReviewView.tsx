import { useEffect } from 'preact/hooks';
import { OPTION_LETTERS } from '../lib/export/anki-csv';
import { intervalText, offsetText, queueBreakdown, reviewDateText, type ReviewPanel } from '../lib/panel/review-state';
import type { ReviewSession } from '../lib/panel/review-session';
import { REVIEW_RATINGS, type ReviewRating } from '../lib/review/scheduler';
import { ErrorBox } from './ErrorBox';
import { ReviewSettings } from './ReviewSettings';
import { t, tn, type MessageKey } from '../lib/i18n/t';
import './review.css';

const RATING_LABEL: Record<ReviewRating, MessageKey> = {
  again: 'review_again',
  hard: 'review_hard',
  good: 'review_good',
  easy: 'review_easy',
};

/** Spaced review of every deck: today's cards one at a time, rated by how well the student knew them. */
export function ReviewView({ review }: { review: ReviewPanel }) {
  const s = review.session;
  useEffect(() => {
    void review.open();
    return () => s.dispose();
  }, []);
  const counts = s.counts.value;
  return (
    <section class="view review" aria-label={t('review_label')} aria-busy={counts === null}>
      {s.clockOffsetMs.value !== 0 ? (
        <p class="notice review-test-clock" role="status">
          {t('review_testClock', offsetText(s.clockOffsetMs.value))}
        </p>
      ) : null}
      {counts === null ? (
        <p class="muted">{t('review_reading')}</p>
      ) : (
        <div class="review-summary" aria-live="polite">
          <p class="review-due">{tn('review_due', counts.dueToday)}</p>
          {counts.dueToday ? <p class="muted review-breakdown">{queueBreakdown(counts)}</p> : null}
          {counts.newOverLimit + counts.reviewsOverLimit ? (
            <p class="muted review-over-limit">{t('review_overLimit', counts.newOverLimit + counts.reviewsOverLimit)}</p>
          ) : null}
        </div>
      )}
      <ErrorBox error={s.error.value} />
      {s.notice.value ? <p class="notice">{s.notice.value}</p> : null}
      {s.current.value ? <ReviewCard session={s} /> : <ReviewIdle session={s} />}
      <div class="row review-export">
        <span class="muted">{t('review_history')}</span>
        <button type="button" class="link" onClick={() => void s.exportHistory('csv')}>
          {t('review_exportCsv')}
        </button>
        <button type="button" class="link" onClick={() => void s.exportHistory('json')}>
          {t('review_exportJson')}
        </button>
      </div>
      <ReviewSettings review={review} />
    </section>
  );
}

/** The card shown: question, Reveal, then the answer, its source and the four ratings. */
function ReviewCard({ session: s }: { session: ReviewSession }) {
  const item = s.current.value!;
  const { card, deck } = item;
  const previews = s.previews.value;
  const options = card.kind === 'multiple-choice' ? (card.options ?? []) : [];
  const letter = options.indexOf(card.answer);
  return (
    <article class="review-card" data-card={item.state.id} data-state={item.state.state}>
      <p class="muted review-deck" dir="auto">
        {deck.title}
      </p>
      <p class="review-question" dir="auto">
        {card.question}
      </p>
      {options.length ? (
        <ol class="review-options" type="A">
          {options.map((o) => (
            <li key={o} dir="auto">
              {o}
            </li>
          ))}
        </ol>
      ) : null}
      {!s.revealed.value ? (
        <button type="button" class="primary review-reveal" onClick={() => s.reveal()}>
          {t('common_revealAnswer')}
        </button>
      ) : (
        <>
          <p class="review-answer" dir="auto">
            {letter >= 0 ? `${OPTION_LETTERS[letter]}) ` : ''}
            {card.answer}
          </p>
          <button type="button" class="link review-source" onClick={() => void s.openSource()}>
            {t('review_source')}
          </button>
          <p class="muted">{t('review_howWell')}</p>
          <div class="review-ratings">
            {REVIEW_RATINGS.map((r) => (
              <button type="button" key={r} class={`rating ${r}`} data-rating={r} disabled={s.busy.value} onClick={() => void s.rate(r)}>
                {t(RATING_LABEL[r])}
                {previews ? <span class="rating-wait"> · {intervalText(previews[r])}</span> : null}
              </button>
            ))}
          </div>
        </>
      )}
    </article>
  );
}

/** No card to show now: a learning card comes back later today, all done, or no decks yet. */
function ReviewIdle({ session: s }: { session: ReviewSession }) {
  if (s.counts.value === null) return null;
  const answered = s.answered.value;
  const learningAt = s.nextLearningAt.value;
  if (learningAt !== null) {
    const minutes = Math.max(1, Math.ceil((learningAt - (Date.now() + s.clockOffsetMs.value)) / 60_000));
    return (
      <p class="review-wait" role="status">
        {t('review_comesBack', minutes)}
      </p>
    );
  }
  const next = s.nextReview.value;
  if (next === null) return <p class="review-empty">{t('review_empty')}</p>;
  return (
    <div class="review-done" role="status">
      <p class="review-done-title">
        {answered
          ? tn('review_allDoneAnswered', answered, reviewDateText(next, Date.now() + s.clockOffsetMs.value))
          : t('review_allDone', reviewDateText(next, Date.now() + s.clockOffsetMs.value))}
      </p>
    </div>
  );
}
