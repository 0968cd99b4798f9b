import { defineBackground } from 'wxt/utils/define-background';
import { handleBackgroundMessage } from '../lib/background/message-handler';
import { rememberActiveTab } from '../lib/background/page-target';
import { STUDENT_LANGUAGE_KEY, createStudyMenus, onStudyCommand, onStudyMenuClicked } from '../lib/background/study-menus';
import { browser, chromeOnly, type Runtime } from '../lib/platform/extension-api';

export default defineBackground(() => {
  void chromeOnly.setPanelOpensOnActionClick();
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => handleBackgroundMessage(message, sender));
  browser.tabs.onActivated.addListener(({ tabId }) => void rememberActiveTab(tabId));
  // Highlight-and-ask: the selection's context menu and the keyboard shortcuts.
  browser.runtime.onInstalled.addListener(() => void createStudyMenus());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STUDENT_LANGUAGE_KEY in changes) void createStudyMenus();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => onStudyMenuClicked(info, tab));
  browser.commands.onCommand.addListener((command, tab) => onStudyCommand(command, tab));
});
