/** Wires the panel's state to the extension: settings, the target page and the engine. */
import { signal, type Signal } from '@preact/signals';
import { askBackground } from './background-client';
import { engine } from './engine-connection';
import { database } from '../store/db';
import { InsightsState } from './insights-state';
import { ModelsState } from './models-state';
import { refreshSettings } from './settings-state';
import { SummarizeSession } from './summarize-session';
import { followTargetPage, refreshTargetPage } from './target-page-state';

/** Everything the panel's views read, one state object per feature. */
export interface PanelState {
  session: SummarizeSession;
  models: ModelsState;
  insights: InsightsState;
  /** A tab to show now (set by features that open the panel on their view); null when handled. */
  initialTab: Signal<string | null>;
}

export function startPanel(): PanelState {
  const session = new SummarizeSession({
    engine,
    target: refreshTargetPage,
    capture: (tabId) => askBackground({ type: 'page.capture', tabId }),
  });
  followTargetPage();
  void refreshSettings().then(() => session.refreshModel());
  return { session, models: new ModelsState(engine), insights: new InsightsState(database), initialTab: signal(null) };
}
