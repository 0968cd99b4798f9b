import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { PanelState } from '../lib/panel/start-panel';
import { AskView } from './AskView';
import { ChatView } from './ChatView';
import { ConsentDialog } from './ConsentDialog';
import { HintsView } from './HintsView';
import { QuizView } from './QuizView';
import { ReviewView } from './ReviewView';
import { InsightsView } from './InsightsView';
import { LibraryView } from './LibraryView';
import { ModelsView } from './ModelsView';
import { PrivacySwitch } from './PrivacySwitch';
import { PrivacyView } from './PrivacyView';
import { SummarizeView } from './SummarizeView';

interface TabSpec {
  id: string;
  label: string;
  view: (state: PanelState) => JSX.Element;
}

/** The panel's tabs, in order: one entry per feature. */
const TABS: TabSpec[] = [
  { id: 'summarize', label: 'Summarize', view: (s) => <SummarizeView session={s.session} history={s.study.summaries} /> },
  { id: 'ask', label: 'Ask', view: (s) => <AskView ask={s.study.ask} /> },
  { id: 'hints', label: 'Hints', view: (s) => <HintsView hints={s.study.hints} /> },
  { id: 'quiz', label: 'Quiz', view: (s) => <QuizView quiz={s.study.quiz} /> },
  { id: 'review', label: 'Review', view: (s) => <ReviewView review={s.study.review} /> },
  { id: 'chat', label: 'Chat', view: (s) => <ChatView chat={s.study.chat} /> },
  { id: 'library', label: 'Library', view: (s) => <LibraryView library={s.library} /> },
  { id: 'insights', label: 'Insights', view: (s) => <InsightsView insights={s.insights} /> },
  { id: 'models', label: 'Models', view: (s) => <ModelsView models={s.models} onChanged={() => void s.session.refreshModel()} /> },
  { id: 'privacy', label: 'Privacy', view: (s) => <PrivacyView privacy={s.privacy} /> },
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
        {/* Always visible: the privacy badge is the privacy-mode switch itself. */}
        <PrivacySwitch />
      </header>
      <nav class="tabs" role="tablist">
        {TABS.map(({ id, label }) => (
          <button type="button" role="tab" aria-selected={tab.value === id} key={id} onClick={() => (tab.value = id)}>
            {label}
          </button>
        ))}
      </nav>
      {current.view(state)}
      <ConsentDialog cloud={state.cloud} />
    </main>
  );
}
