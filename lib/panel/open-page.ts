/**
 * A source of a library answer card clicked: the student goes to that page. A tab that already
 * shows it is brought forward (no second copy of the same page); otherwise a new tab opens on it.
 */
import { LocusError } from '../errors';
import { isImportablePageUrl } from '../library/page-url';
import { browser } from '../platform/extension-api';
import { pageKey } from '../store/page-key';

export async function openSavedPage(url: string): Promise<void> {
  // Only the kinds of address the library saves are ever opened from an answer.
  if (!isImportablePageUrl(url)) throw new LocusError('not-allowed', 'Locus opens only web pages and files from the library.');
  const key = pageKey(url);
  const open = (await browser.tabs.query({})).find((tab) => tab.url && pageKey(tab.url) === key);
  if (open?.id === undefined) {
    await browser.tabs.create({ url, active: true });
    return;
  }
  await browser.tabs.update(open.id, { active: true });
  if (open.windowId !== undefined) await browser.windows.update(open.windowId, { focused: true });
}
