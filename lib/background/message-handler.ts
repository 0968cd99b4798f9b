/**
 * The background's inbox: parse, check the sender may ask, act, reply. Nothing here trusts a
 * message's claims about itself; the sender's context comes from the browser.
 */
import { LocusError, toErrorInfo } from '../errors';
import { backgroundInboxSchema, type BackgroundInbox, type Reply } from '../messaging/protocol';
import { mayAsk, senderContext, type SenderLike } from '../messaging/senders';
import { browser } from '../platform/extension-api';
import { captureTab } from './capture-tab';
import { deleteOcrLanguage, downloadOcrLanguage, ocrLanguages, readTabImage, stopOcr, takePendingImage } from './image-reading';
import { offscreenBusy } from './offscreen-calls';
import { closeOffscreen, ensureOffscreen, offscreenReady } from './offscreen-lifecycle';
import { refreshReviewBadge } from './review-badge-service';
import { seekTabVideo } from './video-capture';
import { targetPage } from './page-target';
import { openPanelNow, selectionForPanel, startFromContent, takePending } from './selection-actions';

export async function handleBackgroundMessage(raw: unknown, sender: SenderLike): Promise<Reply<unknown>> {
  try {
    const parsed = backgroundInboxSchema.safeParse(raw);
    if (!parsed.success) throw new LocusError('invalid-message', 'Locus received a request it does not understand.');
    const message: BackgroundInbox = parsed.data;
    const context = senderContext(sender, browser.runtime.id, browser.runtime.getURL(''));
    if (!mayAsk(context, message.type)) {
      throw new LocusError('not-allowed', `A ${context} context may not ask "${message.type}".`);
    }
    return { ok: true, value: await act(message, sender) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

async function act(message: BackgroundInbox, sender: SenderLike): Promise<unknown> {
  switch (message.type) {
    case 'engine.ensure':
      return { created: await ensureOffscreen() };
    case 'page.target':
      return targetPage();
    case 'page.capture':
      return captureTab(message.tabId, message.ocr ? { ocr: message.ocr } : {});
    case 'offscreen.ready':
      offscreenReady();
      return null;
    case 'offscreen.idle':
      // The engine is idle, but a PDF, captions or OCR may still be read there.
      if (!offscreenBusy()) await closeOffscreen();
      return null;
    case 'ocr.progress':
    case 'ocr.download.progress':
      return null; // broadcasts for the panel
    case 'review.changed':
      return { due: await refreshReviewBadge() };
    case 'video.seek':
      return seekTabVideo(message.tabId, message.seconds);
    case 'ocr.stop':
      return stopOcr(message.jobId);
    case 'image.take':
      return takePendingImage();
    case 'image.read':
      return readTabImage(message);
    case 'ocr.languages':
      return ocrLanguages();
    case 'ocr.download':
      return downloadOcrLanguage(message.code, message.jobId);
    case 'ocr.delete':
      return deleteOcrLanguage(message.code);
    case 'selection.action':
      // The student's click on the page toolbar: open the panel now, while the gesture lasts.
      if (sender.tab?.id !== undefined) openPanelNow(sender.tab.id);
      return startFromContent(message, sender);
    case 'selection.take':
      return takePending();
    case 'page.selection':
      return selectionForPanel(message.tabId);
  }
}
