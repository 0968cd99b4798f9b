import type { ModelOverview } from '../lib/messaging/engine-protocol';
import { downloadsNow } from '../lib/panel/download-activity';
import { fileChecksums, measuredSpeed, modelDetails, type RunPlan } from '../lib/panel/model-details';
import { modelName, modelRowView, speedWord, whereItRuns, type ModelAction } from '../lib/panel/model-words';
import type { ModelsState } from '../lib/panel/models-state';
import { verificationText } from '../lib/panel/verification-text';
import './models.css';
import { t } from '../lib/i18n/t';

type Row = ModelOverview['models'][number];

export interface ModelActions {
  /** Makes the model the one in use (a setting). */
  onUse: (id: string) => void;
  /** Downloads it, then makes it the one in use when `use` (and the download succeeded). */
  onDownload: (id: string, use: boolean) => void;
  onChromeDownload: (id: string) => void;
}

/** The plan of the model in use is what the settings chose; any other, what this device would run. */
function planOf(row: Row, overview: ModelOverview): RunPlan | null {
  if (overview.current.modelId === row.id) return overview.current;
  return row.plan ?? null;
}

function PrimaryButton({ action, row, actions }: { action: ModelAction; row: Row; actions: ModelActions }) {
  const run = () => {
    if (action.kind === 'use') actions.onUse(row.id);
    else if (action.kind === 'download' || action.kind === 'download-and-use')
      actions.onDownload(row.id, action.kind === 'download-and-use');
    else if (action.kind === 'chrome-download') actions.onChromeDownload(row.id);
  };
  return (
    <button
      type="button"
      class={action.kind === 'using' ? 'model-action using' : 'model-action primary'}
      disabled={action.disabled}
      onClick={run}
    >
      {action.label}
    </button>
  );
}

function ModelRow({ row, overview, models, actions }: { row: Row; overview: ModelOverview; models: ModelsState; actions: ModelActions }) {
  const own = models.downloading.value;
  const other = downloadsNow.value.get(row.id);
  const progress = own?.progress;
  const downloading = own
    ? { modelId: own.modelId, fraction: progress && progress.total > 0 ? progress.loaded / progress.total : null }
    : other?.kind === 'downloading'
      ? { modelId: row.id, fraction: other.fraction }
      : null;
  const view = modelRowView(row, {
    currentId: overview.current.modelId,
    downloading,
    failedId: models.failed.value,
    chromeAi: overview.device.chromeAi,
    chromeDownload: models.chromeDownload.value,
  });
  const plan = planOf(row, overview);
  const speed = measuredSpeed(row.id, plan, models.speeds.value);
  const fast = speedWord(speed?.medianTokensPerSecond);
  const stored = row.storedBytes > 0;
  const complete = stored && row.remainingBytes === 0;
  const checksums = plan ? fileChecksums(row.id, plan) : [];
  return (
    <li class="model-row" data-model={row.id} data-stored={String(complete)} data-state={view.phase}>
      <div class="model-head">
        <strong>{modelName(row.name)}</strong>
        {overview.recommendation.modelId === row.id ? <span class="tag">{t('models_recommended')}</span> : null}
      </div>
      {plan ? (
        <div class="model-where">
          {whereItRuns(plan.device)}
          {fast ? ` · ${fast}` : ''}
        </div>
      ) : null}
      <div class={`model-state state-${view.phase}`}>{view.state}</div>
      <div class="row">
        {view.action ? <PrimaryButton action={view.action} row={row} actions={actions} /> : null}
        {stored && view.phase !== 'downloading' ? (
          <button
            type="button"
            class="model-delete"
            disabled={own !== null}
            onClick={() => void models.remove(row.id, modelName(row.name))}
          >
            {t('models_delete')}
          </button>
        ) : null}
      </div>
      <details class="model-details">
        <summary>{t('models_details')}</summary>
        <dl>
          {modelDetails(row, plan, speed).map((line) => (
            <div key={line.label}>
              <dt>{line.label}</dt>
              <dd>{line.value}</dd>
            </div>
          ))}
        </dl>
        <p class="muted verification" data-verification={row.verification.kind}>
          {verificationText(row.verification)}
        </p>
        {checksums.length ? (
          <ul class="checksums" aria-label={t('models_checksums')}>
            {checksums.map((f) => (
              <li key={f.path}>
                {f.path}: <code>{f.sha256 ?? t('models_checkedOnFirstDownload')}</code>
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </li>
  );
}

export function ModelList({ overview, models, actions }: { overview: ModelOverview; models: ModelsState; actions: ModelActions }) {
  const study = overview.models.filter((m) => !m.purpose);
  const tests = overview.models.filter((m) => m.purpose === 'test');
  return (
    <>
      <ul class="model-list" aria-label={t('models_listLabel')}>
        {study.map((row) => (
          <ModelRow key={row.id} row={row} overview={overview} models={models} actions={actions} />
        ))}
      </ul>
      {tests.length ? (
        <details class="test-models">
          <summary>{t('models_testModels')}</summary>
          <ul class="model-list">
            {tests.map((row) => (
              <ModelRow key={row.id} row={row} overview={overview} models={models} actions={actions} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
