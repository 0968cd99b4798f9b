import { useSignal } from '@preact/signals';
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
import { SettingsButton, SettingsView } from './SettingsView';
import { StudySettings } from './StudySettings';
import { SummarizeView } from './SummarizeView';
import { TabList, TabPanel, type TabSpec } from './TabList';
import { t } from '../lib/i18n/t';

/** The study views, in order: one row of tabs under the header. */
const STUDY_TABS: TabSpec<PanelState>[] = [
  {
    id: 'summarize',
    label: 'tab_summarize',
    view: (s) => <SummarizeView session={s.session} history={s.study.summaries} thread={s.thread} library={s.library} />,
  },
  { id: 'ask', label: 'tab_ask', view: (s) => <AskView ask={s.study.ask} /> },
  { id: 'hints', label: 'tab_hints', view: (s) => <HintsView hints={s.study.hints} /> },
  { id: 'quiz', label: 'tab_quiz', view: (s) => <QuizView quiz={s.study.quiz} /> },
  { id: 'review', label: 'tab_review', view: (s) => <ReviewView review={s.study.review} /> },
  { id: 'chat', label: 'tab_chat', view: (s) => <ChatView chat={s.study.chat} /> },
  { id: 'library', label: 'tab_library', view: (s) => <LibraryView library={s.library} /> },
];

/** What the Settings button opens: set up once, rarely changed, so out of the study row. */
const SETTINGS_TABS: TabSpec<PanelState>[] = [
  { id: 'models', label: 'tab_models', view: (s) => <ModelsView models={s.models} onChanged={() => void s.session.refreshModel()} /> },
  { id: 'privacy', label: 'tab_privacy', view: (s) => <PrivacyView privacy={s.privacy} /> },
  { id: 'insights', label: 'tab_insights', view: (s) => <InsightsView insights={s.insights} /> },
  { id: 'study-tools', label: 'tab_studyTools', view: () => <StudySettings /> },
];

export function App({ state }: { state: PanelState }) {
  const tab = useSignal(STUDY_TABS[0]!.id);
  const settingsTab = useSignal(SETTINGS_TABS[0]!.id);
  const inSettings = useSignal(false);
  // A feature may switch views (a context-menu action opens its study view).
  const wanted = state.initialTab.value;
  useEffect(() => {
    if (!wanted) return;
    const toSettings = SETTINGS_TABS.some((t) => t.id === wanted);
    if (toSettings) settingsTab.value = wanted;
    else tab.value = wanted;
    inSettings.value = toSettings;
    state.initialTab.value = null;
  }, [wanted]);
  const current = STUDY_TABS.find((t) => t.id === tab.value) ?? STUDY_TABS[0]!;
  return (
    <main>
      <header class="header">
        <h1>Locus</h1>
        {/* Always visible: the state of privacy mode, as the switch itself. */}
        <PrivacySwitch />
        <SettingsButton open={inSettings.value} onToggle={() => (inSettings.value = !inSettings.value)} />
      </header>
      {inSettings.value ? (
        <SettingsView
          state={state}
          tabs={SETTINGS_TABS}
          current={settingsTab.value}
          onSelect={(id) => (settingsTab.value = id)}
          onBack={() => (inSettings.value = false)}
        />
      ) : (
        <>
          <TabList group="study" label={t('app_study')} tabs={STUDY_TABS} current={current.id} onSelect={(id) => (tab.value = id)} />
          <TabPanel group="study" id={current.id}>
            {current.view(state)}
          </TabPanel>
        </>
      )}
      <ConsentDialog cloud={state.cloud} />
    </main>
  );
}
