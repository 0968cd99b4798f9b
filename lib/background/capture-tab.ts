/**
 * Captures a tab's text through its content scripts: the top frame first, then child frames with
 * enough text of their own. Tabs opened before Locus was installed get the content script injected.
 */
import { mergeFrames } from '../capture/merge-frames';
import { RESTRICTED_PAGE_MESSAGE, pageKind } from '../capture/page-kind';
import { LocusError } from '../errors';
import { MAX_CAPTURE_CHARS, capturedPageSchema, replySchema, type BackgroundToContent, type CapturedPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { capturePdf, checkFileAccess, type PdfOcrOptions } from './pdf-capture';
import { captureHtml5, captureYouTube, probeTabVideo, studentLanguageNow } from './video-capture';

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
  if (!reply.data.ok) throw new LocusError(reply.data.error.code, reply.data.error.message, { reason: reply.data.error.reason });
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

/**
 * `options.ocr`: for a scanned PDF, read its pages without text with OCR (progress under the job id).
 */
export async function captureTab(tabId: number, options: { ocr?: PdfOcrOptions } = {}): Promise<CapturedPage> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new LocusError('no-tab', 'That tab is closed. Open the page again and retry.');
  const kind = pageKind(tab.url);
  if (kind === 'restricted') throw new LocusError('restricted-page', RESTRICTED_PAGE_MESSAGE);
  // The tab's own URL (as the browser reports it now), never an address the page's script reported.
  const pdfTab = { id: tabId, url: tab.url ?? '' };
  const pdfOptions = options.ocr ? { ocr: options.ocr } : {};
  if (kind === 'pdf') return capturePdf(pdfTab, pdfOptions);
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
  if (main.source === 'pdf' && !main.text) return capturePdf(pdfTab, pdfOptions);

  // A lecture video: on a watch page the transcript is the page; elsewhere it follows the page's text.
  const facts = { id: tabId, url: tab.url ?? main.url, title: tab.title ?? main.title };
  const video = await probeTabVideo(tabId);
  if (video?.platform === 'youtube') return captureYouTube(facts, video, await studentLanguageNow());

  const frames: CapturedPage[] = [];
  for (const frameId of await childFrameIds(tabId)) {
    const frame = await withTimeout(
      askFrame(tabId, frameId).catch(() => undefined),
      FRAME_TIMEOUT_MS,
    );
    if (frame) frames.push(frame);
  }
  const page = frames.length ? mergeFrames(main, frames, MAX_CAPTURE_CHARS) : main;
  if (video?.platform === 'html5') {
    const hasText = Boolean(page.text.trim());
    try {
      const withTranscript = await captureHtml5(facts, video, hasText ? page : null, await studentLanguageNow());
      if (withTranscript) return withTranscript;
    } catch (error) {
      // The page's own text is still worth reading when its video's captions are not.
      if (!hasText) throw error;
      return page;
    }
    if (!hasText) {
      throw new LocusError(
        'no-captions',
        "This page's video has no captions track, and the page has no text Locus can read. Locus reads a video through its captions; it does not listen to the sound.",
      );
    }
  }
  if (!page.text.trim()) {
    throw new LocusError(
      'no-readable-text',
      'This page has no text Locus can read (it may be images, a video or a drawing app). Select some text and use "Ask Locus", or open the article view.',
    );
  }
  return page;
}
