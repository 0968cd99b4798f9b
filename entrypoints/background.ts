import { defineBackground } from 'wxt/utils/define-background';
import { createImageMenu } from '../lib/background/image-reading';
import { handleBackgroundMessage } from '../lib/background/message-handler';
import { rememberActiveTab } from '../lib/background/page-target';
import { startReviewBadge } from '../lib/background/review-badge-service';
import { STUDENT_LANGUAGE_KEY, createStudyMenus, onStudyCommand, onStudyMenuClicked } from '../lib/background/study-menus';
import { browser, type Runtime } from '../lib/platform/extension-api';
import { openPanelOnToolbarClick } from '../lib/platform/study-panel';

export default defineBackground(() => {
  openPanelOnToolbarClick();
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => handleBackgroundMessage(message, sender));
  browser.tabs.onActivated.addListener(({ tabId }) => void rememberActiveTab(tabId));
  // Highlight-and-ask: the selection's context menu and the keyboard shortcuts; "Read this image".
  const menus = () => void createStudyMenus().then(createImageMenu);
  browser.runtime.onInstalled.addListener(menus);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STUDENT_LANGUAGE_KEY in changes) menus();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => onStudyMenuClicked(info, tab));
  browser.commands.onCommand.addListener((command, tab) => onStudyCommand(command, tab));
  // Spaced review: the number of cards due today on the icon.
  startReviewBadge();
});
