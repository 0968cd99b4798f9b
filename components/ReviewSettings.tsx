import { useSignal } from '@preact/signals';
import type { ReviewPanel } from '../lib/panel/review-state';
import { settings } from '../lib/panel/settings-state';
import { t } from '../lib/i18n/t';
import { NumberSetting } from './NumberSetting';

/** The daily limits: setting name, its label, its largest value (as the settings' schema bounds it). */
const LIMITS = [
  ['reviewNewPerDay', 'review_newPerDay', 9999],
  ['reviewsPerDay', 'review_reviewsPerDay', 99_999],
] as const;

/** The Review tab's own settings: the daily limits and the number on the Locus icon. */
export function ReviewSettings({ review }: { review: ReviewPanel }) {
  const s = settings.value;
  const drafts = { reviewNewPerDay: useSignal<string | null>(null), reviewsPerDay: useSignal<string | null>(null) };
  const save = (e: Event) => {
    e.preventDefault();
    void review.setLimits(Object.fromEntries(LIMITS.map(([name]) => [name, Number(drafts[name].value ?? s[name])])));
  };
  return (
    <details class="review-settings">
      <summary>{t('review_settings')}</summary>
      <form onSubmit={save}>
        {LIMITS.map(([name, label, max]) => (
          <NumberSetting key={name} name={name} label={t(label)} value={s[name]} min={0} max={max} draft={drafts[name]} />
        ))}
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
