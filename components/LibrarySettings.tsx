import { useSignal } from '@preact/signals';
import type { LibraryListState } from '../lib/panel/library-list-state';
import { settings } from '../lib/panel/settings-state';
import { t } from '../lib/i18n/t';
import { modelName } from '../lib/panel/model-words';

/** The library's settings: the embedding model, its batch size, the auto-save sites. */
export function LibrarySettings({ list }: { list: LibraryListState }) {
  const batchText = useSignal(String(settings.value.embeddingBatchSize));
  const sitesText = useSignal(settings.value.autoSaveSites.join(', '));
  return (
    <details class="library-settings">
      <summary>{t('library_settings')}</summary>
      <label class="field">
        {t('library_embeddingModel')}
        <select
          name="embeddingModel"
          value={settings.value.embeddingModel}
          onChange={(e) => void list.setEmbeddingModel((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="auto">{t('library_default')}</option>
          {list.embeddingModels().map((m) => (
            <option value={m.id} key={m.id}>
              {modelName(m.name)}
              {m.purpose === 'test' ? ` ${t('library_testModel')}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t('library_batch')}
        <span class="row">
          <input
            name="embeddingBatchSize"
            type="number"
            min={1}
            max={64}
            value={batchText.value}
            onInput={(e) => (batchText.value = (e.currentTarget as HTMLInputElement).value)}
          />
          <button type="button" onClick={() => void list.setBatchSize(Math.max(1, Math.min(64, Math.round(Number(batchText.value) || 8))))}>
            {t('library_saveBatch')}
          </button>
        </span>
      </label>
      <label class="field">
        {t('library_autoSave')}
        <textarea
          name="autoSaveSites"
          rows={2}
          placeholder="canvas.university.edu"
          value={sitesText.value}
          onInput={(e) => (sitesText.value = (e.currentTarget as HTMLTextAreaElement).value)}
        />
        <span class="row">
          <button type="button" onClick={() => void list.setAutoSaveSites(sitesText.value)}>
            {t('library_saveSites')}
          </button>
        </span>
      </label>
    </details>
  );
}
