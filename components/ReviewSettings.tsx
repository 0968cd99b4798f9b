import { useSignal } from '@preact/signals';
import type { ReviewPanel } from '../lib/panel/review-state';
import { settings } from '../lib/panel/settings-state';
import { t } from '../lib/i18n/t';

/** The Review tab's own settings: the daily limits and the number on the Locus icon. */
export function ReviewSettings({ review }: { review: ReviewPanel }) {
  const s = settings.value;
  const newPerDay = useSignal<string | null>(null);
  const reviewsPerDay = useSignal<string | null>(null);
  const save = (e: Event) => {
    e.preventDefault();
    void review.setLimits({
      reviewNewPerDay: Number(newPerDay.value ?? s.reviewNewPerDay),
      reviewsPerDay: Number(reviewsPerDay.value ?? s.reviewsPerDay),
    });
  };
  return (
    <details class="review-settings">
      <summary>{t('review_settings')}</summary>
      <form onSubmit={save}>
        <label class="field">
          {t('review_newPerDay')}
          <input
            type="number"
            name="reviewNewPerDay"
            min={0}
            max={9999}
            step={1}
            value={newPerDay.value ?? String(s.reviewNewPerDay)}
            onInput={(e) => (newPerDay.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          {t('review_reviewsPerDay')}
          <input
            type="number"
            name="reviewsPerDay"
            min={0}
            max={99999}
            step={1}
            value={reviewsPerDay.value ?? String(s.reviewsPerDay)}
            onInput={(e) => (reviewsPerDay.value = (e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('review_saveLimits')}</button>
      </form>
      <label class="check">
        <input
          type="checkbox"
          name="reviewBadge"
          checked={s.reviewBadge}
          onChange={(e) => void review.setBadge((e.currentTarget as HTMLInputElement).checked)}
        />
        {t('review_badge')}
      </label>
      {review.settingsNote.value ? (
        <p class="muted review-settings-note" role="status">
          {review.settingsNote.value}
        </p>
      ) : null}
    </details>
  );
}
