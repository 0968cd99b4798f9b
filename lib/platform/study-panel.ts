/**
 * The panel beside the page: Chrome's side panel, Firefox's sidebar (`sidebar_action`, the same
 * page). Both browsers open it only in answer to a gesture (a toolbar click, a shortcut, a menu
 * entry), so `openStudyPanel` must be called synchronously inside that event's handler.
 */
import { browser } from './extension-api';
import { IS_FIREFOX } from './target-browser';

/** The toolbar button opens the panel (Firefox: toggles the sidebar). */
export function openPanelOnToolbarClick(): void {
  if (IS_FIREFOX) {
    // MV2 Firefox: the toolbar button is a browser_action; sidebarAction is Firefox's own namespace.
    browser.browserAction.onClicked.addListener(() => void browser.sidebarAction.toggle());
    return;
  }
  void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
}

/** Opens the panel for the tab; rejects without a gesture (the caller keeps its work for later). */
export function openStudyPanel(target: { tabId: number }): Promise<void> {
  if (IS_FIREFOX) return browser.sidebarAction.open();
  return chrome.sidePanel.open(target as chrome.sidePanel.OpenOptions);
}
