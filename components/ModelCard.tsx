import type { ModelStatus } from '../lib/messaging/engine-protocol';
import { formatBytes, formatDevice } from '../lib/panel/format';
import { verificationText } from '../lib/panel/verification-text';

export function ModelCard({ status }: { status: ModelStatus | null }) {
  if (!status) return <p class="model-card muted">Checking the model…</p>;
  const where = status.cached
    ? 'downloaded: works offline'
    : `will download ${formatBytes(status.downloadBytes)} on first use${status.cachedBytes > 0 ? ` (${formatBytes(status.cachedBytes)} already here)` : ''}`;
  return (
    <p class="model-card" data-cached={String(status.cached)}>
      <strong>{status.modelName}</strong> on {formatDevice(status.device)} (
      {status.engine === 'transformers' ? status.dtype : `${status.engine}, ${status.dtype}`}): {where}.
      <br />
      <span class="muted">
        {status.deviceReason}
        {` ${verificationText(status.verification)}`}
      </span>
      {status.preparing ? <span class="notice preparing">Preparing the model, so your first answer starts sooner…</span> : null}
      {status.warning ? <span class="notice">{status.warning}</span> : null}
    </p>
  );
}
