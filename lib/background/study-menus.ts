/**
 * The context menu on a selection (Locus ▸ Explain, Define, Simplify, Translate to ▸ …, Ask
 * Locus…, Give me a hint, Make flashcards) and the keyboard shortcuts, mapped to selection actions.
 * The handlers open the side panel first, synchronously: the click or key press is the gesture
 * Chrome requires for `sidePanel.open`.
 */
import type { SelectionAction } from '../messaging/protocol';
import { browser, type Tabs } from '../platform/extension-api';
import { nativeName, studentLanguage, translateMenuLanguages } from '../settings/languages';
import { STUDENT_LANGUAGE_KEY } from '../settings/storage-keys';

export { STUDENT_LANGUAGE_KEY };
import { READ_IMAGE_MENU_ID, onReadImageClicked } from './image-reading';
import { openPanelNow, startFromBrowserUi } from './selection-actions';
import { t } from '../i18n/t';

export const MENU_ROOT = 'locus';
const PREFIX = 'locus:';

export interface MenuItem {
  id: string;
  title: string;
  parentId?: string;
  type?: 'separator';
}

/** The menu tree, in order, in the browser's language; `student` is the student's language (first under "Translate to…"). */
export function menuItems(student: string): MenuItem[] {
  const items: MenuItem[] = [
    { id: MENU_ROOT, title: 'Locus' },
    { id: `${PREFIX}explain`, title: t('menu_explain'), parentId: MENU_ROOT },
    { id: `${PREFIX}define`, title: t('menu_define'), parentId: MENU_ROOT },
    { id: `${PREFIX}simplify`, title: t('menu_simplify'), parentId: MENU_ROOT },
    { id: `${PREFIX}translate`, title: t('menu_translate'), parentId: MENU_ROOT },
  ];
  for (const tag of translateMenuLanguages(student))
    items.push({ id: `${PREFIX}translate:${tag}`, title: nativeName(tag), parentId: `${PREFIX}translate` });
  items.push(
    { id: `${PREFIX}ask`, title: t('menu_ask'), parentId: MENU_ROOT },
    { id: `${PREFIX}sep`, title: '', parentId: MENU_ROOT, type: 'separator' },
    { id: `${PREFIX}hint`, title: t('menu_hint'), parentId: MENU_ROOT },
    { id: `${PREFIX}quiz`, title: t('menu_quiz'), parentId: MENU_ROOT },
  );
  return items;
}

const ACTIONS = new Set<string>(['explain', 'define', 'simplify', 'translate', 'ask', 'hint', 'quiz']);

/** A menu item id back to its action ("locus:translate:fr" → translate into French). */
export function parseMenuItemId(id: string | number): { action: SelectionAction; targetLanguage: string } | null {
  const text = String(id);
  if (!text.startsWith(PREFIX)) return null;
  const [action, language = ''] = text.slice(PREFIX.length).split(':');
  if (!action || !ACTIONS.has(action)) return null;
  if (action === 'translate' && !language) return null; // the submenu's parent itself
  return { action: action as SelectionAction, targetLanguage: action === 'translate' ? language : '' };
}

/** Shortcut commands (manifest `commands`) and the action each starts. */
export const COMMAND_ACTIONS: Record<string, SelectionAction> = {
  'explain-selection': 'explain',
  'hint-selection': 'hint',
  'define-selection': 'define',
  'quiz-selection': 'quiz',
};

export async function createStudyMenus(): Promise<void> {
  const stored = (await browser.storage.local.get(STUDENT_LANGUAGE_KEY))[STUDENT_LANGUAGE_KEY];
  const student = studentLanguage(typeof stored === 'string' ? stored : '', browser.i18n.getUILanguage());
  await browser.contextMenus.removeAll();
  for (const item of menuItems(student)) {
    browser.contextMenus.create({
      id: item.id,
      title: item.title,
      contexts: ['selection'],
      ...(item.parentId ? { parentId: item.parentId } : {}),
      ...(item.type ? { type: item.type } : {}),
    });
  }
}

function tabFacts(tab: Tabs.Tab | undefined): { id: number; url: string; title: string } | null {
  return tab?.id !== undefined && tab.id >= 0 ? { id: tab.id, url: tab.url ?? '', title: tab.title ?? '' } : null;
}

/** contextMenus.onClicked */
export function onStudyMenuClicked(
  info: { menuItemId: string | number; frameId?: number; selectionText?: string; srcUrl?: string; pageUrl?: string },
  tab?: Tabs.Tab,
): void {
  if (info.menuItemId === READ_IMAGE_MENU_ID) {
    onReadImageClicked(info, tab);
    return;
  }
  const parsed = parseMenuItemId(info.menuItemId);
  const facts = tabFacts(tab);
  if (!parsed || !facts) return;
  openPanelNow(facts.id);
  void startFromBrowserUi({ tab: facts, ...parsed, via: 'menu' }, info.frameId, info.selectionText).catch(() => undefined);
}

/** commands.onCommand */
export function onStudyCommand(command: string, tab?: Tabs.Tab): void {
  const action = COMMAND_ACTIONS[command];
  const facts = tabFacts(tab);
  if (!action || !facts) return;
  openPanelNow(facts.id);
  void startFromBrowserUi({ tab: facts, action, targetLanguage: '', via: 'shortcut' }).catch(() => undefined);
}
