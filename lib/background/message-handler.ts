/**
 * The background's inbox: parse, check the sender may ask, act, reply. Nothing here trusts a
 * message's claims about itself; the sender's context comes from the browser.
 */
import { LocusError, toErrorInfo } from '../errors';
import { backgroundInboxSchema, type BackgroundInbox, type Reply } from '../messaging/protocol';
import { mayAsk, senderContext, type SenderLike } from '../messaging/senders';
import { browser } from '../platform/extension-api';
import { captureTab } from './capture-tab';
import { closeOffscreen, ensureOffscreen, offscreenReady } from './offscreen-lifecycle';
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
      return captureTab(message.tabId);
    case 'offscreen.ready':
      offscreenReady();
      return null;
    case 'offscreen.idle':
      await closeOffscreen();
      return null;
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
