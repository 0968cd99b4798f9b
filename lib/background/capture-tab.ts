/**
 * Captures a tab's text through its content scripts: the top frame first, then child frames with
 * enough text of their own. Tabs opened before Locus was installed get the content script injected.
 */
import { mergeFrames } from '../capture/merge-frames';
import { RESTRICTED_PAGE_MESSAGE, pageKind } from '../capture/page-kind';
import { LocusError } from '../errors';
import { MAX_CAPTURE_CHARS, capturedPageSchema, replySchema, type BackgroundToContent, type CapturedPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { capturePdf, checkFileAccess } from './pdf-capture';

const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';
const FRAME_TIMEOUT_MS = 4000;
const captureReply = replySchema(capturedPageSchema);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
}

async function askFrame(tabId: number, frameId: number): Promise<CapturedPage> {
  const message: BackgroundToContent = { type: 'capture.page' };
  const raw = await browser.tabs.sendMessage(tabId, message, { frameId });
  const reply = captureReply.safeParse(raw);
  if (!reply.success) throw new LocusError('content-unreachable', 'The page answered in a form Locus does not understand.');
  if (!reply.data.ok) throw new LocusError(reply.data.error.code, reply.data.error.message);
  return reply.data.value;
}

async function injectContentScript(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [CONTENT_SCRIPT_FILE] });
}

async function childFrameIds(tabId: number): Promise<number[]> {
  try {
    const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => true });
    return results.map((r) => r.frameId).filter((id) => id !== 0);
  } catch {
    return [];
  }
}

export async function captureTab(tabId: number): Promise<CapturedPage> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new LocusError('no-tab', 'That tab is closed. Open the page again and retry.');
  const kind = pageKind(tab.url);
  if (kind === 'restricted') throw new LocusError('restricted-page', RESTRICTED_PAGE_MESSAGE);
  if (kind === 'pdf') return capturePdf({ id: tabId, url: tab.url ?? '' });
  await checkFileAccess(tab.url ?? '');

  let main: CapturedPage;
  try {
    main = await askFrame(tabId, 0);
  } catch (error) {
    if (error instanceof LocusError) throw error;
    // No content script in the tab yet (opened before install, or a reload is pending).
    try {
      await injectContentScript(tabId);
      main = await askFrame(tabId, 0);
    } catch (retryError) {
      if (retryError instanceof LocusError) throw retryError;
      throw new LocusError(
        'content-unreachable',
        'Locus could not read this page (the browser did not let it in). Reload the page and try again.',
        { cause: retryError },
      );
    }
  }

  // A PDF served without ".pdf" in its address: the viewer's document says what it is.
  // The tab's own URL (as the browser reports it), never the address the page's script reported.
  if (main.source === 'pdf' && !main.text) return capturePdf({ id: tabId, url: tab.url ?? '' });

  const frames: CapturedPage[] = [];
  for (const frameId of await childFrameIds(tabId)) {
    const frame = await withTimeout(
      askFrame(tabId, frameId).catch(() => undefined),
      FRAME_TIMEOUT_MS,
    );
    if (frame) frames.push(frame);
  }
  const page = frames.length ? mergeFrames(main, frames, MAX_CAPTURE_CHARS) : main;
  if (!page.text.trim()) {
    throw new LocusError(
      'no-readable-text',
      'This page has no text Locus can read (it may be images, a video or a drawing app). Select some text and use "Ask Locus", or open the article view.',
    );
  }
  return page;
}
