import type { ModelOverview } from '../lib/messaging/engine-protocol';
import { formatBytes } from '../lib/panel/format';
import { verificationText } from '../lib/panel/verification-text';
import type { ModelsState } from '../lib/panel/models-state';

type Row = ModelOverview['models'][number];

function ModelRow({
  row,
  overview,
  models,
  onUse,
}: {
  row: Row;
  overview: ModelOverview;
  models: ModelsState;
  onUse: (id: string) => void;
}) {
  const inUse = overview.current.modelId === row.id;
  const busy = models.downloading.value !== null;
  const stored = row.storedBytes > 0;
  const complete = stored && row.remainingBytes === 0;
  const status = complete
    ? `downloaded: ${formatBytes(row.storedBytes)}, works offline`
    : stored
      ? `partly downloaded: ${formatBytes(row.storedBytes)} here, ${formatBytes(row.remainingBytes)} to go`
      : row.runnable
        ? row.downloadBytes > 0
          ? `${formatBytes(row.downloadBytes)} to download`
          : 'nothing to download'
        : row.note;
  return (
    <li class="model-row" data-model={row.id} data-stored={String(complete)}>
      <div>
        <strong>{row.name}</strong>{' '}
        <span class="muted">
          ({row.params}, {row.license}, {row.contextWindow.toLocaleString()} tokens)
        </span>
        {inUse ? <span class="tag">in use</span> : null}
        {overview.recommendation.modelId === row.id ? <span class="tag">recommended</span> : null}
      </div>
      <div class="muted">
        {row.engines.join(', ')} · {status}
      </div>
      <div class="muted verification" data-verification={row.verification.kind}>
        {verificationText(row.verification)}
      </div>
      <div class="row">
        {!inUse && row.runnable ? (
          <button type="button" onClick={() => onUse(row.id)}>
            Use
          </button>
        ) : null}
        {row.runnable && !complete && row.downloadBytes > 0 ? (
          <button type="button" disabled={busy} onClick={() => void models.download(row.id)}>
            {stored ? 'Finish download' : 'Download'}
          </button>
        ) : null}
        {stored ? (
          <button type="button" disabled={busy} onClick={() => void models.remove(row.id, row.name)}>
            Delete
          </button>
        ) : null}
        {row.engines.includes('chrome-ai') && overview.device.chromeAi === 'downloadable' ? (
          <button type="button" disabled={models.chromeDownload.value !== null} onClick={() => void models.downloadChromeModel()}>
            {models.chromeDownload.value !== null
              ? `Chrome is downloading… ${Math.round(models.chromeDownload.value * 100)}%`
              : "Download Chrome's model"}
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function ModelList({ overview, models, onUse }: { overview: ModelOverview; models: ModelsState; onUse: (id: string) => void }) {
  const study = overview.models.filter((m) => !m.purpose);
  const tests = overview.models.filter((m) => m.purpose === 'test');
  return (
    <>
      <ul class="model-list" aria-label="Models">
        {study.map((row) => (
          <ModelRow key={row.id} row={row} overview={overview} models={models} onUse={onUse} />
        ))}
      </ul>
      {tests.length ? (
        <details class="test-models">
          <summary>Test models (for developers)</summary>
          <ul class="model-list">
            {tests.map((row) => (
              <ModelRow key={row.id} row={row} overview={overview} models={models} onUse={onUse} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
