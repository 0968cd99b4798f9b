/** The page the panel works on, kept current as the student switches tabs or navigates. */
import { signal } from '@preact/signals';
import type { TargetPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { askBackground } from './background-client';

export const targetPage = signal<TargetPage | null>(null);

export async function refreshTargetPage(): Promise<TargetPage | null> {
  try {
    targetPage.value = await askBackground({ type: 'page.target' });
  } catch {
    targetPage.value = null;
  }
  return targetPage.value;
}

export function followTargetPage(): void {
  browser.tabs.onActivated.addListener(() => void refreshTargetPage());
  browser.tabs.onUpdated.addListener((_id, change) => {
    if (change.title || change.url || change.status === 'complete') void refreshTargetPage();
  });
  void refreshTargetPage();
}
