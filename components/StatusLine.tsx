import type { GenerationStats } from '../lib/messaging/engine-protocol';
import { t } from '../lib/i18n/t';
import { answerDetails, answerSummary } from '../lib/panel/run-summary';

/** Under a finished answer: who wrote it, where and how long, in plain words; the figures under Details. */
export function StatusLine({ stats }: { stats: GenerationStats }) {
  return (
    <div class="status" role="status">
      {answerSummary(stats)}{' '}
      <details class="status-details">
        <summary>{t('common_details')}</summary>
        {answerDetails(stats)}
      </details>
    </div>
  );
}
