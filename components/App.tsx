import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { PanelState } from '../lib/panel/start-panel';
import { settings } from '../lib/panel/settings-state';
import { InsightsView } from './InsightsView';
import { ModelsView } from './ModelsView';
import { SummarizeView } from './SummarizeView';

interface TabSpec {
  id: string;
  label: string;
  view: (state: PanelState) => JSX.Element;
}

/** The panel's tabs, in order: one entry per feature. */
const TABS: TabSpec[] = [
  { id: 'summarize', label: 'Summarize', view: (s) => <SummarizeView session={s.session} /> },
  { id: 'insights', label: 'Insights', view: (s) => <InsightsView insights={s.insights} /> },
  { id: 'models', label: 'Models', view: (s) => <ModelsView models={s.models} onChanged={() => void s.session.refreshModel()} /> },
];

export function App({ state }: { state: PanelState }) {
  const tab = useSignal(TABS[0]!.id);
  // A feature may switch tabs (a context-menu action opens its view).
  const wanted = state.initialTab.value;
  useEffect(() => {
    if (!wanted) return;
    tab.value = wanted;
    state.initialTab.value = null;
  }, [wanted]);
  const current = TABS.find((t) => t.id === tab.value) ?? TABS[0]!;
  return (
    <main dir="auto">
      <header class="header">
        <h1>Locus</h1>
        <span class="badge" title="Nothing leaves this device except model downloads from the model host.">
          {settings.value.offline ? 'Offline' : settings.value.privacyMode ? 'Privacy mode: cloud off' : 'Cloud allowed with consent'}
        </span>
      </header>
      <nav class="tabs" role="tablist">
        {TABS.map(({ id, label }) => (
          <button type="button" role="tab" aria-selected={tab.value === id} key={id} onClick={() => (tab.value = id)}>
            {label}
          </button>
        ))}
      </nav>
      {current.view(state)}
    </main>
  );
}
