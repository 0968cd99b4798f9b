/** Wires the panel's state to the extension: settings, the target page and the engine. */
import { askBackground } from './background-client';
import { engine } from './engine-connection';
import { ModelsState } from './models-state';
import { refreshSettings } from './settings-state';
import { SummarizeSession } from './summarize-session';
import { followTargetPage, refreshTargetPage } from './target-page-state';

export function startPanel(): { session: SummarizeSession; models: ModelsState } {
  const session = new SummarizeSession({
    engine,
    target: refreshTargetPage,
    capture: (tabId) => askBackground({ type: 'page.capture', tabId }),
  });
  followTargetPage();
  void refreshSettings().then(() => session.refreshModel());
  return { session, models: new ModelsState(engine) };
}
