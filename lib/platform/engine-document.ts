/**
 * The document that hosts the engine (offscreen.html: the models' worker, PDFs, OCR). Chrome's MV3
 * background is a service worker without a DOM, so the page lives in an offscreen document. Firefox
 * has no offscreen documents, but its background is a page with a DOM: the same offscreen.html runs
 * there in an iframe of the background page. It stays a separate frame on purpose: Firefox delivers
 * `runtime.sendMessage` to every extension frame except the sender's, so the background and the
 * engine host talk exactly as they do in Chrome.
 */
import { IS_FIREFOX } from './target-browser';

const FRAME_ATTRIBUTE = 'data-locus-engine';

function engineFrame(): HTMLIFrameElement | null {
  return document.querySelector<HTMLIFrameElement>(`iframe[${FRAME_ATTRIBUTE}]`);
}

export async function hasEngineDocument(url: string): Promise<boolean> {
  if (IS_FIREFOX) return engineFrame() !== null;
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  return contexts.length > 0;
}

/** `path` is the package path of the page (offscreen.html). */
export async function createEngineDocument(path: string, justification: string): Promise<void> {
  if (IS_FIREFOX) {
    if (engineFrame()) return;
    const frame = document.createElement('iframe');
    frame.setAttribute(FRAME_ATTRIBUTE, '');
    frame.src = `/${path.replace(/^\//, '')}`;
    document.body.append(frame);
    return;
  }
  await chrome.offscreen.createDocument({ url: path, reasons: [chrome.offscreen.Reason.WORKERS], justification });
}

export async function closeEngineDocument(): Promise<void> {
  if (IS_FIREFOX) {
    engineFrame()?.remove();
    return;
  }
  await chrome.offscreen.closeDocument();
}
