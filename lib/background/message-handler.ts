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

export async function handleBackgroundMessage(raw: unknown, sender: SenderLike): Promise<Reply<unknown>> {
  try {
    const parsed = backgroundInboxSchema.safeParse(raw);
    if (!parsed.success) throw new LocusError('invalid-message', 'Locus received a request it does not understand.');
    const message: BackgroundInbox = parsed.data;
    const context = senderContext(sender, browser.runtime.id, browser.runtime.getURL(''));
    if (!mayAsk(context, message.type)) {
      throw new LocusError('not-allowed', `A ${context} context may not ask "${message.type}".`);
    }
    return { ok: true, value: await act(message) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

async function act(message: BackgroundInbox): Promise<unknown> {
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
      throw new LocusError('not-allowed', 'Selection actions are not available yet.');
  }
}
