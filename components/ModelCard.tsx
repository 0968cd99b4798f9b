import type { ModelStatus } from '../lib/messaging/engine-protocol';
import { downloadsNow } from '../lib/panel/download-activity';
import { formatDevice } from '../lib/panel/format';
import { quantizationText } from '../lib/panel/model-details';
import { cardState, whereItRuns } from '../lib/panel/model-words';
import { verificationText } from '../lib/panel/verification-text';
import { ENGINE_LABELS } from '../lib/catalog/engine-labels';
import './models.css';

export function ModelCard({ status }: { status: ModelStatus | null }) {
  if (!status) return <p class="model-card muted">Checking the model…</p>;
  const activity = downloadsNow.value.get(status.modelId);
  return (
    <div class="model-card" data-cached={String(status.cached)} data-download={activity?.kind ?? 'none'}>
      <strong>{status.modelName}</strong>: {whereItRuns(status.device)}. {cardState(status, activity)}
      <details class="model-details">
        <summary>Details</summary>
        <span class="muted">
          {ENGINE_LABELS[status.engine].name} on {formatDevice(status.device)}
          {status.engine === 'chrome-ai' ? '' : `, build ${quantizationText(status.dtype)}`}. {status.deviceReason}{' '}
          {verificationText(status.verification)}
        </span>
      </details>
      {status.preparing ? <span class="notice preparing">Preparing the model, so your first answer starts sooner…</span> : null}
      {status.warning ? <span class="notice">{status.warning}</span> : null}
    </div>
  );
}
