import type { DownloadProgress } from '../lib/messaging/engine-protocol';
import { formatBytes, formatDuration } from '../lib/panel/format';

export function DownloadBar({ progress }: { progress: DownloadProgress }) {
  const percent = progress.total > 0 ? Math.min(100, (progress.loaded / progress.total) * 100) : 0;
  const speed = progress.bytesPerSecond > 0 ? ` · ${formatBytes(progress.bytesPerSecond)}/s` : '';
  const eta = progress.etaSeconds !== null && percent < 100 ? ` · ${formatDuration(progress.etaSeconds * 1000)} left` : '';
  return (
    <div class="download" aria-live="polite">
      <progress max={100} value={percent} aria-label="Model download" />
      <div class="download-text">
        Downloading {progress.modelId}: {formatBytes(progress.loaded)} of {formatBytes(progress.total)} ({percent.toFixed(0)}%)
        {speed}
        {eta}
      </div>
    </div>
  );
}
