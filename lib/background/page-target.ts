/**
 * Which page the side panel works on: the active tab of the focused window, or, when the panel
 * itself is open as a tab (popped out, or driven by tests), the web tab the student used last.
 */
import type { TargetPage } from '../messaging/protocol';
import { browser, type Tabs } from '../platform/extension-api';

const LAST_TAB_KEY = 'lastWebTabId';

function isExtensionPage(url: string | undefined): boolean {
  return Boolean(url?.startsWith(browser.runtime.getURL('')));
}

function toTarget(tab: Tabs.Tab): TargetPage | null {
  if (tab.id === undefined) return null;
  return { tabId: tab.id, url: tab.url ?? '', title: tab.title ?? '' };
}

/** Remembers the tab the student switched to (session storage survives service-worker restarts). */
export async function rememberActiveTab(tabId: number): Promise<void> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab || isExtensionPage(tab.url)) return;
  await browser.storage.session.set({ [LAST_TAB_KEY]: tabId });
}

export async function targetPage(): Promise<TargetPage | null> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (active && !isExtensionPage(active.url)) return toTarget(active);
  const stored = (await browser.storage.session.get(LAST_TAB_KEY))[LAST_TAB_KEY];
  if (typeof stored === 'number') {
    const tab = await browser.tabs.get(stored).catch(() => undefined);
    if (tab && !isExtensionPage(tab.url)) return toTarget(tab);
  }
  // Fall back to any web tab of the window, most recently used first.
  const tabs = await browser.tabs.query({ lastFocusedWindow: true });
  const web = tabs.filter((t) => !isExtensionPage(t.url)).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return web[0] ? toTarget(web[0]) : null;
}
