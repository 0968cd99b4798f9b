import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { PACKAGED_WEBLLM_LIBRARIES, catalog } from '../lib/catalog/catalog';
import { deviceSummary, gpuText, modelName } from '../lib/panel/model-words';
import { recommendationText, storageWarningText } from '../lib/panel/recommendation-words';
import type { ModelsState } from '../lib/panel/models-state';
import { settings, settingsError, settingsRead, updateSettings } from '../lib/panel/settings-state';
import { DEVICE_CHOICES, ENGINE_CHOICES, type DeviceChoice, type EngineChoiceSetting } from '../lib/settings/settings';
import { BrowserLimits } from './BrowserLimits';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';
import { ModelList, type ModelActions } from './ModelList';
import { t, type MessageKey } from '../lib/i18n/t';

const DEVICE_LABELS: Record<DeviceChoice, MessageKey> = {
  auto: 'models_deviceAuto',
  webgpu: 'models_deviceWebgpu',
  wasm: 'models_deviceWasm',
};
const ENGINE_LABELS: Record<EngineChoiceSetting, MessageKey> = {
  auto: 'models_engineAuto',
  transformers: 'models_engineTransformers',
  'llama-cpp': 'models_engineLlama',
  'web-llm': 'models_engineWebllm',
  'chrome-ai': 'models_engineChrome',
};

type Overview = NonNullable<ModelsState['overview']['value']>;
type CatalogModel = (typeof catalog.models)[number];
/** Saves a change to the settings and says so. */
type Save = (patch: Parameters<typeof updateSettings>[0], what: string) => Promise<void>;

export function ModelsView({ models, onChanged }: { models: ModelsState; onChanged: () => void }) {
  const host = useSignal(settings.value.modelHost);
  const saved = useSignal('');
  const read = useSignal(false); // this visit's overview arrived
  useEffect(() => {
    void models.refresh().then(() => (read.value = true));
  }, [models]);
  const save: Save = async (patch, what) => {
    if (await updateSettings(patch)) {
      saved.value = t('models_saved', what);
      onChanged();
      void models.refresh();
    }
  };
  const actions: ModelActions = {
    onUse: (id) => void save({ chatModel: id }, t('models_savedModel')),
    // "Download and use": the model becomes the one in use only once it is stored.
    onDownload: (id, use) =>
      void models
        .download(id)
        .then((stored) => (stored && use ? save({ chatModel: id }, t('models_savedModel')) : stored ? onChanged() : undefined)),
    onChromeDownload: (id) =>
      void models.downloadChromeModel().then((ok) => (ok ? save({ chatModel: id }, t('models_savedModel')) : undefined)),
  };
  const overview = models.overview.value;
  const chatModels = catalog.models.filter((m) => m.task === 'chat');
  const recommended = overview ? catalog.models.find((m) => m.id === overview.recommendation.modelId) : undefined;
  // Busy until the settings and this visit's overview are read, and while an overview is asked for:
  // the page changes shape when one arrives, which can move a control from under a click (the
  // end-to-end tests wait for this too).
  const busy = !settingsRead.value || !read.value || models.refreshing.value > 0;
  return (
    <section class="view" aria-label={t('models_viewLabel')} aria-busy={busy ? 'true' : 'false'}>
      {overview ? <Recommendation overview={overview} /> : null}
      <BrowserLimits />
      <ModelPicker save={save} chatModels={chatModels} recommended={recommended} />
      {models.downloading.value ? (
        <div class="downloading">
          {models.downloading.value.progress ? <DownloadBar progress={models.downloading.value.progress} /> : <p>{t('models_starting')}</p>}
          <button type="button" onClick={() => models.cancelDownload()}>
            {t('models_cancelDownload')}
          </button>
        </div>
      ) : null}
      {models.message.value ? (
        <p class="notice" role="status" key={models.message.value}>
          {models.message.value}
        </p>
      ) : null}
      <ErrorBox error={models.error.value} />
      {overview ? <ModelList overview={overview} models={models} actions={actions} /> : <p class="muted">{t('models_readingDevice')}</p>}
      <details class="advanced">
        <summary>{t('models_advanced')}</summary>
        <EngineAndDevice save={save} />
        <AskModelPicker save={save} chatModels={chatModels} />
        <ModelHostForm save={save} host={host} />
        <IdleUnload save={save} />
      </details>
      {saved.value ? (
        <p class="notice" role="status" key={saved.value}>
          {saved.value}
        </p>
      ) : null}
      <ErrorBox error={settingsError.value} />
    </section>
  );
}

/** What this device is recommended, and why. */
function Recommendation({ overview }: { overview: Overview }) {
  const warning = storageWarningText(overview.recommendation);
  return (
    <div class="recommendation">
      <p>
        <strong>{t('models_recommendedHere')}</strong> {recommendationText(overview.recommendation)}
      </p>
      {warning ? <p class="notice">{warning}</p> : null}
      <p class="muted model-device" title={t('models_graphics', gpuText(overview.device.gpu))}>
        {deviceSummary(overview.device, overview.storage)}
      </p>
    </div>
  );
}

/** The model in use: the recommended one, a study model, or a test model. */
function ModelPicker({ save, chatModels, recommended }: { save: Save; chatModels: CatalogModel[]; recommended: CatalogModel | undefined }) {
  return (
    <label class="field">
      {t('models_pickerLabel')}
      <select
        name="chatModel"
        value={settings.value.chatModel}
        onChange={(e) => void save({ chatModel: (e.currentTarget as HTMLSelectElement).value }, t('models_savedModel'))}
      >
        <option value="auto">{recommended ? t('models_pickerAutoNamed', modelName(recommended.name)) : t('models_pickerAuto')}</option>
        <optgroup label={t('models_groupStudy')}>
          {chatModels
            .filter((m) => !m.purpose)
            .map((m) => (
              <option value={m.id} key={m.id}>
                {modelName(m.name)} ({m.params})
              </option>
            ))}
        </optgroup>
        <optgroup label={t('models_groupTest')}>
          {chatModels
            .filter((m) => m.purpose === 'test')
            .map((m) => (
              <option value={m.id} key={m.id}>
                {modelName(m.name)}
              </option>
            ))}
        </optgroup>
      </select>
    </label>
  );
}

/** Which engine runs the model, and on which part of the computer. */
function EngineAndDevice({ save }: { save: Save }) {
  return (
    <>
      <label class="field">
        {t('models_engineLabel')}
        <select
          name="engine"
          value={settings.value.engine}
          onChange={(e) =>
            void save({ engine: (e.currentTarget as HTMLSelectElement).value as EngineChoiceSetting }, t('models_savedEngine'))
          }
        >
          {ENGINE_CHOICES.filter((d) => d !== 'web-llm' || PACKAGED_WEBLLM_LIBRARIES.length > 0).map((d) => (
            <option value={d} key={d}>
              {t(ENGINE_LABELS[d])}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t('models_runOn')}
        <select
          name="device"
          value={settings.value.device}
          onChange={(e) => void save({ device: (e.currentTarget as HTMLSelectElement).value as DeviceChoice }, t('models_savedDevice'))}
        >
          {DEVICE_CHOICES.map((d) => (
            <option value={d} key={d}>
              {t(DEVICE_LABELS[d])}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** A separate model for questions and explanations, or the same one. */
function AskModelPicker({ save, chatModels }: { save: Save; chatModels: CatalogModel[] }) {
  return (
    <label class="field">
      {t('models_askModel')}
      <select
        name="askModel"
        value={settings.value.taskModels.ask ?? ''}
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          const { ask: _drop, ...rest } = settings.value.taskModels;
          void save({ taskModels: value ? { ...rest, ask: value } : rest }, t('models_savedAskModel'));
        }}
      >
        <option value="">{t('models_askSame')}</option>
        {chatModels
          .filter((m) => !m.purpose)
          .map((m) => (
            <option value={m.id} key={m.id}>
              {modelName(m.name)}
            </option>
          ))}
      </select>
    </label>
  );
}

/** Where models are downloaded from. */
function ModelHostForm({ save, host }: { save: Save; host: Signal<string> }) {
  return (
    <form
      class="field"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ modelHost: host.value }, t('models_savedHost'));
      }}
    >
      <label>
        {t('models_hostLabel')}
        <input name="modelHost" type="url" value={host.value} onInput={(e) => (host.value = (e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">{t('models_saveHost')}</button>
    </form>
  );
}

/** When an idle model is released from memory. */
function IdleUnload({ save }: { save: Save }) {
  return (
    <label class="field">
      {t('models_idleLabel')}
      <input
        name="idleUnloadMinutes"
        type="number"
        min={0}
        max={1440}
        value={settings.value.idleUnloadMinutes}
        onChange={(e) => void save({ idleUnloadMinutes: Number((e.currentTarget as HTMLInputElement).value) }, t('models_savedIdle'))}
      />
    </label>
  );
}
