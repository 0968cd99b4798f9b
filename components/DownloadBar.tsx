import type { DownloadProgress } from '../lib/messaging/engine-protocol';
import { formatBytes } from '../lib/panel/format';
import { formatTimeLeft } from '../lib/panel/run-progress';
import { ProgressBar } from './ProgressBar';
import { t } from '../lib/i18n/t';

/** A model download: the same bar as a long summary's, with the size done of the total and the time left. */
export function DownloadBar({ progress }: { progress: DownloadProgress }) {
  const percent = progress.total > 0 ? Math.min(100, (progress.loaded / progress.total) * 100) : 0;
  const speed = progress.bytesPerSecond > 0 ? ` · ${t('models_perSecond', formatBytes(progress.bytesPerSecond))}` : '';
  const left = progress.etaSeconds !== null && percent < 100 ? formatTimeLeft(progress.etaSeconds * 1000) : undefined;
  return (
    <div aria-live="polite">
      <ProgressBar
        label={t('models_downloadLabel')}
        value={percent}
        max={100}
        className="download"
        textClass="download-text"
        text={`${t('models_downloadText', progress.modelId, formatBytes(progress.loaded), formatBytes(progress.total), percent.toFixed(0))}${speed}`}
        {...(left ? { left } : {})}
      />
    </div>
  );
}
