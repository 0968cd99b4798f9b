import { useSignal, type Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import type { SummaryMode } from '../lib/messaging/engine-protocol';
import type { PanelState } from '../lib/panel/start-panel';
import { SurfaceState, type ToolId } from '../lib/panel/surface-state';
import { AskView } from './AskView';
import { ChatView } from './ChatView';
import { ConsentDialog } from './ConsentDialog';
import { HintsView } from './HintsView';
import { QuizView } from './QuizView';
import { ReviewView } from './ReviewView';
import { InsightsView } from './InsightsView';
import { LibraryView } from './LibraryView';
import { ModelsView } from './ModelsView';
import { MoreTools } from './MoreTools';
import { PrivacySwitch } from './PrivacySwitch';
import { PrivacyView } from './PrivacyView';
import { SettingsButton, SettingsView } from './SettingsView';
import { StudySettings } from './StudySettings';
import { SummarizeView } from './SummarizeView';
import { TabList, TabPanel, type TabSpec } from './TabList';
import { ToolView } from './ToolView';
import { t } from '../lib/i18n/t';

/** "This page" with what it needs to open a tool from its suggested actions. */
interface StudyContext {
  state: PanelState;
  surface: SurfaceState;
  /** The kind of summary picked, kept while a tool shows in place of the thread. */
  summaryMode: Signal<SummaryMode>;
}

/** The study views, in order: one row of three tabs under the header. */
const STUDY_TABS: TabSpec<StudyContext>[] = [
  {
    id: 'summarize',
    label: 'tab_summarize',
    view: ({ state: s, surface, summaryMode }) => (
      <SummarizeView
        session={s.session}
        history={s.study.summaries}
        thread={s.thread}
        library={s.library}
        mode={summaryMode}
        moreTools={<MoreTools onOpen={(tool) => surface.openTool(tool)} returnFocus={surface.backFromTool} />}
      />
    ),
  },
  { id: 'review', label: 'tab_review', view: ({ state: s }) => <ReviewView review={s.study.review} /> },
  { id: 'library', label: 'tab_library', view: ({ state: s }) => <LibraryView library={s.library} /> },
];

/** Each tool's full controls, reached from "More tools" on This page (their results join its thread). */
const TOOL_VIEWS: Record<ToolId, (s: PanelState) => JSX.Element> = {
  ask: (s) => <AskView ask={s.study.ask} />,
  hints: (s) => <HintsView hints={s.study.hints} />,
  quiz: (s) => <QuizView quiz={s.study.quiz} />,
  chat: (s) => <ChatView chat={s.study.chat} />,
};

/** What the Settings button opens: set up once, rarely changed, so out of the study row. */
const SETTINGS_TABS: TabSpec<PanelState>[] = [
  { id: 'models', label: 'tab_models', view: (s) => <ModelsView models={s.models} onChanged={() => void s.session.refreshModel()} /> },
  { id: 'privacy', label: 'tab_privacy', view: (s) => <PrivacyView privacy={s.privacy} /> },
  { id: 'insights', label: 'tab_insights', view: (s) => <InsightsView insights={s.insights} /> },
  { id: 'study-tools', label: 'tab_studyTools', view: () => <StudySettings /> },
];

export function App({ state }: { state: PanelState }) {
  const surface = useMemo(() => new SurfaceState(), []);
  const settingsTab = useSignal(SETTINGS_TABS[0]!.id);
  const inSettings = useSignal(false);
  const summaryMode = useSignal<SummaryMode>('tldr');
  // A feature may switch views (a context-menu action opens its tool, or the thread).
  const wanted = state.initialTab.value;
  useEffect(() => {
    if (!wanted) return;
    const toSettings = SETTINGS_TABS.some((t) => t.id === wanted);
    if (toSettings) settingsTab.value = wanted;
    else surface.go(wanted);
    inSettings.value = toSettings;
    state.initialTab.value = null;
  }, [wanted]);
  const current = STUDY_TABS.find((t) => t.id === surface.tab.value) ?? STUDY_TABS[0]!;
  const tool = current.id === 'summarize' ? surface.tool.value : null;
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
          <TabList group="study" label={t('app_study')} tabs={STUDY_TABS} current={current.id} onSelect={(id) => surface.selectTab(id)} />
          <TabPanel group="study" id={current.id}>
            {tool ? (
              <ToolView tool={tool} onBack={() => surface.back()} focus={surface.focusTool}>
                {TOOL_VIEWS[tool](state)}
              </ToolView>
            ) : (
              current.view({ state, surface, summaryMode })
            )}
          </TabPanel>
        </>
      )}
      <ConsentDialog cloud={state.cloud} />
    </main>
  );
}
