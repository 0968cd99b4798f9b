import { useSignal } from '@preact/signals';
import { catalog } from '../lib/catalog/catalog';
import { settings, settingsError, updateSettings } from '../lib/panel/settings-state';
import { DEVICE_CHOICES, type DeviceChoice } from '../lib/settings/settings';
import { ErrorBox } from './ErrorBox';

const DEVICE_LABELS: Record<DeviceChoice, string> = {
  auto: 'Automatic (GPU when there is a real one)',
  webgpu: 'GPU (WebGPU)',
  wasm: 'CPU (WASM)',
};

export function ModelsView({ onChanged }: { onChanged: () => void }) {
  const host = useSignal(settings.value.modelHost);
  const saved = useSignal('');
  const chatModels = catalog.models.filter((m) => m.task === 'chat');
  const save = async (patch: Parameters<typeof updateSettings>[0], what: string) => {
    if (await updateSettings(patch)) {
      saved.value = `${what} saved.`;
      onChanged();
    }
  };
  return (
    <section class="view" aria-label="Models">
      <label class="field">
        Model
        <select
          name="chatModel"
          value={settings.value.chatModel}
          onChange={(e) => void save({ chatModel: (e.currentTarget as HTMLSelectElement).value }, 'Model')}
        >
          <optgroup label="Study models">
            {chatModels.filter((m) => !m.purpose).map((m) => (
              <option value={m.id} key={m.id}>
                {m.name} ({m.params})
              </option>
            ))}
          </optgroup>
          <optgroup label="For testing (not for study)">
            {chatModels.filter((m) => m.purpose === 'test').map((m) => (
              <option value={m.id} key={m.id}>
                {m.name}
              </option>
            ))}
          </optgroup>
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
      {saved.value ? (
        <p class="notice" role="status" key={saved.value}>
          {saved.value}
        </p>
      ) : null}
      <ErrorBox error={settingsError.value} />
    </section>
  );
}
