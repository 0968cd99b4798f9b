import type { ModelStatus } from '../lib/messaging/engine-protocol';
import { downloadsNow } from '../lib/panel/download-activity';
import { formatDevice } from '../lib/panel/format';
import { quantizationText } from '../lib/panel/model-details';
import { cardState, deviceWhyText, engineName, modelName, whereItRuns } from '../lib/panel/model-words';
import { storageWarningText } from '../lib/panel/recommendation-words';
import { verificationText } from '../lib/panel/verification-text';
import './models.css';
import { t } from '../lib/i18n/t';

export function ModelCard({ status }: { status: ModelStatus | null }) {
  if (!status) return <p class="model-card muted">{t('models_checking')}</p>;
  const activity = downloadsNow.value.get(status.modelId);
  const warning = storageWarningText(status);
  return (
    <div class="model-card" data-cached={String(status.cached)} data-download={activity?.kind ?? 'none'}>
      <strong>{modelName(status.modelName)}</strong>: {whereItRuns(status.device)}. {cardState(status, activity)}
      <details class="model-details">
        <summary>{t('models_details')}</summary>
        <span class="muted">
          {t('models_engineOn', engineName(status.engine), formatDevice(status.device))}
          {status.engine === 'chrome-ai' ? '' : `, ${t('models_build', quantizationText(status.dtype))}`}. {deviceWhyText(status)}{' '}
          {verificationText(status.verification)}
        </span>
      </details>
      {status.preparing ? <span class="notice preparing">{t('models_preparing')}</span> : null}
      {warning ? <span class="notice">{warning}</span> : null}
    </div>
  );
}
