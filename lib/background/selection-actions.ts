/**
 * Highlight-and-ask, the background's part: the context menu, the keyboard shortcuts and the page
 * toolbar all end here. Each opens the side panel at once (Chrome allows `sidePanel.open` only
 * while handling the student's gesture, so before any await), finds the selection (in the frame it
 * was made in, which may be another site's), and leaves the action in session storage for the
 * panel, which may still be opening; a runtime message tells an open panel to take it.
 */
import { pageKind } from '../capture/page-kind';
import { LocusError } from '../errors';
import {
  frameSelectionSchema,
  pendingActionSchema,
  replySchema,
  type BackgroundToContent,
  type BackgroundToPanel,
  type ContentToBackground,
  type FrameSelection,
  type PageSelection,
  type PendingAction,
  type SelectionAction,
} from '../messaging/protocol';
import type { SenderLike } from '../messaging/senders';
import { browser } from '../platform/extension-api';
import { openStudyPanel } from '../platform/study-panel';
import { pdfSectionAround } from './pdf-capture';

export const PENDING_KEY = 'pendingSelectionAction';
/** An action the panel did not take within this time is stale (the student moved on). */
const PENDING_TTL_MS = 10 * 60_000;
const FRAME_TIMEOUT_MS = 2500;
const frameReply = replySchema(frameSelectionSchema.nullable());

/** Opens the side panel on the tab. Call synchronously in the gesture's event handler. */
export function openPanelNow(tabId: number): void {
  openStudyPanel({ tabId }).catch(() => {
    // Without a gesture (or on a browser without side panels) the panel stays closed: the action
    // still waits in session storage and is shown when the student opens Locus.
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

async function frameIds(tabId: number): Promise<number[]> {
  try {
    const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => true });
    return [...new Set(results.map((r) => r.frameId))].sort((a, b) => a - b);
  } catch {
    return [0];
  }
}

async function askFrame(tabId: number, frameId: number): Promise<FrameSelection | null | 'unreachable'> {
  const message: BackgroundToContent = { type: 'capture.selection' };
  try {
    const raw = await withTimeout(browser.tabs.sendMessage(tabId, message, { frameId }), FRAME_TIMEOUT_MS);
    const reply = frameReply.safeParse(raw);
    if (!reply.success || !reply.data.ok) return 'unreachable';
    return reply.data.value;
  } catch {
    return 'unreachable';
  }
}

export interface FoundSelection {
  found: (FrameSelection & { frameId: number }) | null;
  /** No frame's content script answered (tab opened before Locus was installed, or a special page). */
  unreachable: boolean;
}

/**
 * The student's selection in a tab: in `frameId` when the browser said where it is (the context
 * menu does), else in whichever frame has one (the focused frame first).
 */
export async function selectionInTab(tabId: number, frameId?: number): Promise<FoundSelection> {
  const ids = frameId !== undefined ? [frameId] : await frameIds(tabId);
  const answers = await Promise.all(ids.map(async (id) => ({ id, answer: await askFrame(tabId, id) })));
  const found = answers.flatMap(({ id, answer }) => (answer && answer !== 'unreachable' ? [{ ...answer, frameId: id }] : []));
  found.sort((a, b) => Number(b.focused) - Number(a.focused) || a.frameId - b.frameId);
  return { found: found[0] ?? null, unreachable: answers.every((a) => a.answer === 'unreachable') };
}

export async function storePending(action: PendingAction): Promise<void> {
  await browser.storage.session.set({ [PENDING_KEY]: action });
  const wake: BackgroundToPanel = { type: 'selection.pending' };
  // No panel open yet: nobody receives it, and the panel takes the action when it starts.
  await browser.runtime.sendMessage(wake).catch(() => undefined);
}

/** The waiting action, once: taking it clears it. */
export async function takePending(now = Date.now()): Promise<PendingAction | null> {
  const stored = (await browser.storage.session.get(PENDING_KEY))[PENDING_KEY];
  if (stored === undefined) return null;
  await browser.storage.session.remove(PENDING_KEY);
  const parsed = pendingActionSchema.safeParse(stored);
  if (!parsed.success || now - parsed.data.createdAt > PENDING_TTL_MS) return null;
  return parsed.data;
}

let counter = 0;
function actionId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

interface Origin {
  tab: { id: number; url: string; title: string };
  action: SelectionAction;
  targetLanguage: string;
  via: PendingAction['via'];
}

function basePending(origin: Origin): Omit<PendingAction, 'selection' | 'problem' | 'frame'> & { page: PendingAction['page'] } {
  return {
    id: actionId(),
    action: origin.action,
    targetLanguage: origin.targetLanguage,
    page: { tabId: origin.tab.id, url: origin.tab.url, title: origin.tab.title, lang: '' },
    via: origin.via,
    createdAt: Date.now(),
  };
}

function selectionFromText(text: string, context = ''): PageSelection {
  const whole = text.trim();
  return { text: whole.slice(0, 50_000), context, inEditable: false, originalLength: whole.length };
}

/**
 * The context menu's and the shortcut's path: find the selection, then hand the action over.
 * `menuText` is the selection as the browser gave it to the context menu (used where no content
 * script can answer: Chrome's PDF viewer, a tab opened before Locus was installed).
 */
export async function startFromBrowserUi(origin: Origin, frameId?: number, menuText?: string): Promise<PendingAction> {
  const base = basePending(origin);
  const top = { top: true, url: origin.tab.url, crossOrigin: false };
  let pending: PendingAction;
  const kind = pageKind(origin.tab.url);
  if (kind === 'restricted') pending = { ...base, selection: null, problem: 'restricted', frame: top };
  else if (kind === 'pdf') {
    if (menuText?.trim()) {
      const context = await pdfSectionAround(origin.tab, menuText).catch(() => '');
      pending = { ...base, selection: selectionFromText(menuText, context), problem: null, frame: top };
    } else pending = { ...base, selection: null, problem: 'pdf', frame: top };
  } else {
    const { found, unreachable } = await selectionInTab(origin.tab.id, frameId);
    if (found) {
      const crossOrigin = found.frameId !== 0 && originOf(found.url) !== originOf(origin.tab.url);
      pending = {
        ...base,
        page: { ...base.page, lang: found.frameId === 0 ? found.lang : '' },
        selection: found.selection,
        problem: null,
        frame: { top: found.frameId === 0, url: found.url, crossOrigin },
      };
    } else if (menuText?.trim()) {
      pending = { ...base, selection: selectionFromText(menuText), problem: null, frame: top };
    } else pending = { ...base, selection: null, problem: unreachable ? 'unreachable' : 'empty', frame: top };
  }
  await storePending(pending);
  return pending;
}

/** The page toolbar's path: the content script sent the selection with the student's click. */
export async function startFromContent(
  message: Extract<ContentToBackground, { type: 'selection.action' }>,
  sender: SenderLike & { tab?: { id?: number; url?: string; title?: string } },
): Promise<{ id: string }> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new LocusError('not-allowed', 'A selection action must come from a tab.');
  const tabUrl = sender.tab?.url ?? '';
  const frameUrl = sender.url ?? tabUrl;
  const top = (sender.frameId ?? 0) === 0;
  const pending: PendingAction = {
    ...basePending({
      tab: { id: tabId, url: tabUrl, title: sender.tab?.title ?? '' },
      action: message.action,
      targetLanguage: '',
      via: 'button',
    }),
    selection: message.selection.text.trim() ? message.selection : null,
    problem: message.selection.text.trim() ? null : 'empty',
    frame: { top, url: frameUrl, crossOrigin: !top && originOf(frameUrl) !== originOf(tabUrl) },
  };
  await storePending(pending);
  return { id: pending.id };
}

/** The panel's "use my selection" (hints, cards): the selection in the tab, or why there is none. */
export async function selectionForPanel(
  tabId: number,
): Promise<{ selection: FrameSelection | null; problem: PendingAction['problem']; crossOrigin: boolean }> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new LocusError('no-tab', 'That tab is closed. Open the page again and retry.');
  const kind = pageKind(tab.url);
  if (kind === 'restricted') return { selection: null, problem: 'restricted', crossOrigin: false };
  if (kind === 'pdf') return { selection: null, problem: 'pdf', crossOrigin: false };
  const { found, unreachable } = await selectionInTab(tabId);
  if (!found) return { selection: null, problem: unreachable ? 'unreachable' : 'empty', crossOrigin: false };
  const { frameId, ...selection } = found;
  return { selection, problem: null, crossOrigin: frameId !== 0 && originOf(found.url) !== originOf(tab.url ?? '') };
}
