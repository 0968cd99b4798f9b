import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { PACKAGED_WEBLLM_LIBRARIES, catalog } from '../lib/catalog/catalog';
import { deviceSummary } from '../lib/panel/model-words';
import type { ModelsState } from '../lib/panel/models-state';
import { settings, settingsError, settingsRead, updateSettings } from '../lib/panel/settings-state';
import { DEVICE_CHOICES, ENGINE_CHOICES, type DeviceChoice, type EngineChoiceSetting } from '../lib/settings/settings';
import { BrowserLimits } from './BrowserLimits';
import { DownloadBar } from './DownloadBar';
import { ErrorBox } from './ErrorBox';
import { ModelList, type ModelActions } from './ModelList';

const DEVICE_LABELS: Record<DeviceChoice, string> = {
  auto: 'Automatic (the graphics chip when it has a usable one)',
  webgpu: "This computer's graphics chip (WebGPU)",
  wasm: "This computer's processor (WASM)",
};
const ENGINE_LABELS: Record<EngineChoiceSetting, string> = {
  auto: 'Automatic',
  transformers: "transformers.js (this computer's graphics chip or processor)",
  'llama-cpp': "llama.cpp (runs on this computer's processor)",
  'web-llm': 'web-llm (graphics chip only; experimental: not tested on real models here, and its downloads are not checked by Locus)',
  'chrome-ai': "Chrome's built-in AI",
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
      saved.value = `${what} saved.`;
      onChanged();
      void models.refresh();
    }
  };
  const actions: ModelActions = {
    onUse: (id) => void save({ chatModel: id }, 'Model'),
    // "Download and use": the model becomes the one in use only once it is stored.
    onDownload: (id, use) =>
      void models.download(id).then((stored) => (stored && use ? save({ chatModel: id }, 'Model') : stored ? onChanged() : undefined)),
    onChromeDownload: (id) => void models.downloadChromeModel().then((ok) => (ok ? save({ chatModel: id }, 'Model') : undefined)),
  };
  const overview = models.overview.value;
  const chatModels = catalog.models.filter((m) => m.task === 'chat');
  const recommended = overview ? catalog.models.find((m) => m.id === overview.recommendation.modelId) : undefined;
  // Busy until the settings and this visit's overview are read, and while an overview is asked for:
  // the page changes shape when one arrives, which can move a control from under a click (the
  // end-to-end tests wait for this too).
  const busy = !settingsRead.value || !read.value || models.refreshing.value > 0;
  return (
    <section class="view" aria-label="Models" aria-busy={busy ? 'true' : 'false'}>
      {overview ? <Recommendation overview={overview} /> : null}
      <BrowserLimits />
      <ModelPicker save={save} chatModels={chatModels} recommended={recommended} />
      {models.downloading.value ? (
        <div class="downloading">
          {models.downloading.value.progress ? <DownloadBar progress={models.downloading.value.progress} /> : <p>Starting the download…</p>}
          <button type="button" onClick={() => models.cancelDownload()}>
            Cancel download
          </button>
        </div>
      ) : null}
      {models.message.value ? (
        <p class="notice" role="status" key={models.message.value}>
          {models.message.value}
        </p>
      ) : null}
      <ErrorBox error={models.error.value} />
      {overview ? <ModelList overview={overview} models={models} actions={actions} /> : <p class="muted">Reading this device…</p>}
      <details class="advanced">
        <summary>Engine, device and model host</summary>
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
  return (
    <div class="recommendation">
      <p>
        <strong>Recommended here:</strong> {overview.recommendation.reason}
      </p>
      {overview.recommendation.warning ? <p class="notice">{overview.recommendation.warning}</p> : null}
      <p class="muted model-device" title={`Graphics: ${overview.device.gpu}`}>
        {deviceSummary(overview.device, overview.storage)}
      </p>
    </div>
  );
}

/** The model in use: the recommended one, a study model, or a test model. */
function ModelPicker({ save, chatModels, recommended }: { save: Save; chatModels: CatalogModel[]; recommended: CatalogModel | undefined }) {
  return (
    <label class="field">
      Model
      <select
        name="chatModel"
        value={settings.value.chatModel}
        onChange={(e) => void save({ chatModel: (e.currentTarget as HTMLSelectElement).value }, 'Model')}
      >
        <option value="auto">Recommended for this device{recommended ? ` (${recommended.name})` : ''}</option>
        <optgroup label="Study models">
          {chatModels
            .filter((m) => !m.purpose)
            .map((m) => (
              <option value={m.id} key={m.id}>
                {m.name} ({m.params})
              </option>
            ))}
        </optgroup>
        <optgroup label="For testing (not for study)">
          {chatModels
            .filter((m) => m.purpose === 'test')
            .map((m) => (
              <option value={m.id} key={m.id}>
                {m.name}
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
        Engine
        <select
          name="engine"
          value={settings.value.engine}
          onChange={(e) => void save({ engine: (e.currentTarget as HTMLSelectElement).value as EngineChoiceSetting }, 'Engine')}
        >
          {ENGINE_CHOICES.filter((d) => d !== 'web-llm' || PACKAGED_WEBLLM_LIBRARIES.length > 0).map((d) => (
            <option value={d} key={d}>
              {ENGINE_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        Run on
        <select
          name="device"
          value={settings.value.device}
          onChange={(e) => void save({ device: (e.currentTarget as HTMLSelectElement).value as DeviceChoice }, 'Device')}
        >
          {DEVICE_CHOICES.map((d) => (
            <option value={d} key={d}>
              {DEVICE_LABELS[d]}
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
      Model for questions and explanations
      <select
        name="askModel"
        value={settings.value.taskModels.ask ?? ''}
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          const { ask: _drop, ...rest } = settings.value.taskModels;
          void save({ taskModels: value ? { ...rest, ask: value } : rest }, 'Model for questions');
        }}
      >
        <option value="">The same model</option>
        {chatModels
          .filter((m) => !m.purpose)
          .map((m) => (
            <option value={m.id} key={m.id}>
              {m.name}
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
        void save({ modelHost: host.value }, 'Model host');
      }}
    >
      <label>
        Model host (the Hugging Face hub, or your school's mirror)
        <input name="modelHost" type="url" value={host.value} onInput={(e) => (host.value = (e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">Save host</button>
    </form>
  );
}

/** When an idle model is released from memory. */
function IdleUnload({ save }: { save: Save }) {
  return (
    <label class="field">
      Release the model from memory after (minutes idle; 0 = never)
      <input
        name="idleUnloadMinutes"
        type="number"
        min={0}
        max={1440}
        value={settings.value.idleUnloadMinutes}
        onChange={(e) => void save({ idleUnloadMinutes: Number((e.currentTarget as HTMLInputElement).value) }, 'Idle time')}
      />
    </label>
  );
}
