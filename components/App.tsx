import { useSignal } from '@preact/signals';
import type { ModelsState } from '../lib/panel/models-state';
import type { SummarizeSession } from '../lib/panel/summarize-session';
import { settings } from '../lib/panel/settings-state';
import { ModelsView } from './ModelsView';
import { SummarizeView } from './SummarizeView';

type Tab = 'summarize' | 'models';

export function App({ session, models }: { session: SummarizeSession; models: ModelsState }) {
  const tab = useSignal<Tab>('summarize');
  const tabs: Array<[Tab, string]> = [
    ['summarize', 'Summarize'],
    ['models', 'Models'],
  ];
  return (
    <main dir="auto">
      <header class="header">
        <h1>Locus</h1>
        <span class="badge" title="Nothing leaves this device except model downloads from the model host.">
          {settings.value.offline ? 'Offline' : settings.value.privacyMode ? 'Privacy mode: cloud off' : 'Cloud allowed with consent'}
        </span>
      </header>
      <nav class="tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button type="button" role="tab" aria-selected={tab.value === id} key={id} onClick={() => (tab.value = id)}>
            {label}
          </button>
        ))}
      </nav>
      {tab.value === 'summarize' ? <SummarizeView session={session} /> : <ModelsView models={models} onChanged={() => void session.refreshModel()} />}
    </main>
  );
}
