import { useSignal, type Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { DEFAULT_BASE_URL, PROVIDER_KINDS, type ProviderKind, type ProviderSummary } from '../lib/cloud/providers';
import type { ProviderForm, PrivacyState } from '../lib/panel/privacy-state';
import { t, type MessageKey } from '../lib/i18n/t';

const KIND_LABELS: Record<ProviderKind, MessageKey> = { 'openai-compatible': 'provider_kindOpenai', ollama: 'provider_kindOllama' };

/** One input bound to a signal; the rest of its attributes as given. */
function Input({ value, ...rest }: { value: Signal<string> } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value'>) {
  return <input {...rest} value={value.value} onInput={(e) => (value.value = (e.currentTarget as HTMLInputElement).value)} />;
}

function useFields(editing: ProviderSummary | undefined) {
  return {
    kind: useSignal<ProviderKind>(editing?.kind ?? 'openai-compatible'),
    name: useSignal(editing?.name ?? ''),
    baseUrl: useSignal(editing?.baseUrl ?? DEFAULT_BASE_URL['openai-compatible']),
    model: useSignal(editing?.model ?? ''),
    apiKey: useSignal(''),
    priceIn: useSignal(String(editing?.inputPricePerMTok ?? 0)),
    priceOut: useSignal(String(editing?.outputPricePerMTok ?? 0)),
    contextWindow: useSignal(editing?.contextWindow ? String(editing.contextWindow) : ''),
  };
}
type Fields = ReturnType<typeof useFields>;

function formOf(f: Fields, editing: ProviderSummary | undefined): ProviderForm {
  const kind = f.kind.value;
  return {
    ...(editing ? { id: editing.id } : {}),
    kind,
    name: f.name.value || (kind === 'ollama' ? 'Ollama' : t('provider_defaultName')),
    baseUrl: f.baseUrl.value,
    model: f.model.value,
    apiKey: kind === 'ollama' ? '' : f.apiKey.value,
    inputPricePerMTok: Number(f.priceIn.value) || 0,
    outputPricePerMTok: Number(f.priceOut.value) || 0,
    contextWindow: f.contextWindow.value ? Number(f.contextWindow.value) : undefined,
  };
}

/** The key for an OpenAI-compatible service; for Ollama, how to start it so it answers. */
function KeyField({ f, editing }: { f: Fields; editing: ProviderSummary | undefined }) {
  if (f.kind.value === 'ollama')
    return (
      <p class="muted">
        {t('provider_ollamaNote')} <code>OLLAMA_ORIGINS={location.origin} ollama serve</code>
      </p>
    );
  return (
    <label class="field">
      {t('provider_keyLabel')}
      {editing?.hasKey ? ` ${t('provider_keyKeep')}` : ''}
      <Input name="providerKey" type="password" autocomplete="off" value={f.apiKey} />
    </label>
  );
}

function CostFields({ f }: { f: Fields }) {
  return (
    <div class="row cost-fields">
      <label>
        {t('provider_priceIn', '$')} <Input name="providerPriceIn" type="number" min={0} step="any" size={6} value={f.priceIn} />
      </label>
      <label>
        {t('provider_priceOut')} <Input name="providerPriceOut" type="number" min={0} step="any" size={6} value={f.priceOut} />
      </label>
      <label>
        {t('provider_window')}{' '}
        <Input
          name="providerWindow"
          type="number"
          min={512}
          step={1}
          size={8}
          placeholder={f.kind.value === 'ollama' ? '8192' : '128000'}
          value={f.contextWindow}
        />
      </label>
    </div>
  );
}

/**
 * The form for a cloud provider: empty for a new one, or filled with a saved one to edit (its key is
 * never read back: left empty, the saved key is kept).
 */
export function ProviderEditor({ privacy, editing, onDone }: { privacy: PrivacyState; editing?: ProviderSummary; onDone: () => void }) {
  const f = useFields(editing);
  const ollama = f.kind.value === 'ollama';
  return (
    <form
      class="provider-form"
      aria-label={editing ? t('provider_editNamed', editing.name) : t('provider_add')}
      onSubmit={(e) => {
        e.preventDefault();
        // Called synchronously: the host permission is requested during this click.
        void privacy.saveProvider(formOf(f, editing)).then((ok) => ok && onDone());
      }}
    >
      <label class="field">
        {t('provider_kind')}
        <select
          name="providerKind"
          value={f.kind.value}
          onChange={(e) => {
            const k = (e.currentTarget as HTMLSelectElement).value as ProviderKind;
            if (f.baseUrl.value === DEFAULT_BASE_URL[f.kind.value]) f.baseUrl.value = DEFAULT_BASE_URL[k];
            f.kind.value = k;
          }}
        >
          {PROVIDER_KINDS.map((k) => (
            <option value={k} key={k}>
              {t(KIND_LABELS[k])}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t('provider_name')}
        <Input
          name="providerName"
          value={f.name}
          placeholder={ollama ? t('provider_namePlaceholderOllama') : t('provider_namePlaceholder')}
        />
      </label>
      <label class="field">
        {ollama ? t('provider_address') : t('provider_addressV1')}
        <Input name="providerBaseUrl" type="url" required value={f.baseUrl} />
      </label>
      <label class="field">
        {t('provider_model')}
        <Input name="providerModel" required value={f.model} placeholder={ollama ? 'llama3.2' : 'gpt-4o-mini'} />
      </label>
      <KeyField f={f} editing={editing} />
      <CostFields f={f} />
      <div class="row">
        <button type="submit" class="primary">
          {t('provider_save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('provider_cancel')}
        </button>
      </div>
    </form>
  );
}
