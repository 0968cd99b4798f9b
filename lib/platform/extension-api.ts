/**
 * The one way Locus calls extension APIs: webextension-polyfill's promise-based `browser`.
 * Chrome-only namespaces the polyfill does not cover (sidePanel, offscreen, runtime.getContexts)
 * are reached through the small typed wrappers below, and nowhere else.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs } from 'webextension-polyfill';

export const chromeOnly = {
  setPanelOpensOnActionClick(): Promise<void> {
    return chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  },
  openSidePanel(target: { tabId?: number; windowId?: number }): Promise<void> {
    return chrome.sidePanel.open(target as chrome.sidePanel.OpenOptions);
  },
  async hasOffscreenDocument(url: string): Promise<boolean> {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
      documentUrls: [url],
    });
    return contexts.length > 0;
  },
  createOffscreenDocument(url: string, justification: string): Promise<void> {
    return chrome.offscreen.createDocument({ url, reasons: [chrome.offscreen.Reason.WORKERS], justification });
  },
  closeOffscreenDocument(): Promise<void> {
    return chrome.offscreen.closeDocument();
  },
};
