import { useEffect } from 'preact/hooks';
import { OPTION_LETTERS } from '../lib/export/anki-csv';
import { intervalText, offsetText, queueBreakdown, reviewDateText, type ReviewPanel } from '../lib/panel/review-state';
import type { ReviewSession } from '../lib/panel/review-session';
import { REVIEW_RATINGS, type ReviewRating } from '../lib/review/scheduler';
import { ErrorBox } from './ErrorBox';
import { ReviewSettings } from './ReviewSettings';
import './review.css';

const RATING_LABEL: Record<ReviewRating, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** Spaced review of every deck: today's cards one at a time, rated by how well the student knew them. */
export function ReviewView({ review }: { review: ReviewPanel }) {
  const s = review.session;
  useEffect(() => {
    void review.open();
    return () => s.dispose();
  }, []);
  const counts = s.counts.value;
  return (
    <section class="view review" aria-label="Review" aria-busy={counts === null}>
      {s.clockOffsetMs.value !== 0 ? (
        <p class="notice review-test-clock" role="status">
          Test clock: {offsetText(s.clockOffsetMs.value)} (this build's clock is moved for a test)
        </p>
      ) : null}
      {counts === null ? (
        <p class="muted">Reading your decks…</p>
      ) : (
        <div class="review-summary" aria-live="polite">
          <p class="review-due">
            <strong>{counts.dueToday}</strong> card{counts.dueToday === 1 ? '' : 's'} due today
          </p>
          {counts.dueToday ? <p class="muted review-breakdown">{queueBreakdown(counts)}</p> : null}
          {counts.newOverLimit + counts.reviewsOverLimit ? (
            <p class="muted review-over-limit">
              {counts.newOverLimit + counts.reviewsOverLimit} more wait for the next days (your daily limit).
            </p>
          ) : null}
        </div>
      )}
      <ErrorBox error={s.error.value} />
      {s.notice.value ? <p class="notice">{s.notice.value}</p> : null}
      {s.current.value ? <ReviewCard session={s} /> : <ReviewIdle session={s} />}
      <div class="row review-export">
        <span class="muted">Review history:</span>
        <button type="button" class="link" onClick={() => void s.exportHistory('csv')}>
          Export (CSV)
        </button>
        <button type="button" class="link" onClick={() => void s.exportHistory('json')}>
          Export with schedule (JSON)
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
          Reveal the answer
        </button>
      ) : (
        <>
          <p class="review-answer" dir="auto">
            {letter >= 0 ? `${OPTION_LETTERS[letter]}) ` : ''}
            {card.answer}
          </p>
          <button type="button" class="link review-source" onClick={() => void s.openSource()}>
            Source: open the passage on its page
          </button>
          <p class="muted">How well did you know it?</p>
          <div class="review-ratings">
            {REVIEW_RATINGS.map((r) => (
              <button type="button" key={r} class={`rating ${r}`} data-rating={r} disabled={s.busy.value} onClick={() => void s.rate(r)}>
                {RATING_LABEL[r]}
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
        A card you are learning comes back in about {minutes} min. This page shows it then.
      </p>
    );
  }
  const next = s.nextReview.value;
  if (next === null)
    return (
      <p class="review-empty">No cards yet. Make flashcards or a quiz from a page in the Quiz tab: their cards join your reviews here.</p>
    );
  return (
    <div class="review-done" role="status">
      <p class="review-done-title">
        All done for today{answered ? ` (${answered} answer${answered === 1 ? '' : 's'})` : ''} — next review{' '}
        {reviewDateText(next, Date.now() + s.clockOffsetMs.value)}.
      </p>
    </div>
  );
}
