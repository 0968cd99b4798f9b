import { defineBackground } from 'wxt/utils/define-background';
import { handleBackgroundMessage } from '../lib/background/message-handler';
import { rememberActiveTab } from '../lib/background/page-target';
import { browser, chromeOnly, type Runtime } from '../lib/platform/extension-api';

export default defineBackground(() => {
  void chromeOnly.setPanelOpensOnActionClick();
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => handleBackgroundMessage(message, sender));
  browser.tabs.onActivated.addListener(({ tabId }) => void rememberActiveTab(tabId));
});
