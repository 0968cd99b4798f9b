/**
 * The panel's side of highlight-and-ask: takes the action the background left in session storage,
 * when the panel starts (it was just opened for it) and whenever the background says a new one
 * waits. The wake-up message carries no data, so a message from anywhere else can at most make the
 * panel ask the background, which only hands out actions it built itself.
 */
import { backgroundToPanelSchema, type PendingAction } from '../messaging/protocol';
import { browser, type Runtime } from '../platform/extension-api';
import { BACKGROUND_PATH } from '../platform/target-browser';
import { askBackground } from './background-client';

export function isFromBackground(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && !sender.tab && sender.url === browser.runtime.getURL(BACKGROUND_PATH);
}

export function followPendingActions(onAction: (action: PendingAction) => void): void {
  let taking = false;
  let again = false;
  const take = async () => {
    if (taking) {
      again = true;
      return;
    }
    taking = true;
    try {
      do {
        again = false;
        const action = await askBackground({ type: 'selection.take' }).catch(() => null);
        if (action) onAction(action);
      } while (again);
    } finally {
      taking = false;
    }
  };
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (backgroundToPanelSchema.safeParse(message).success && isFromBackground(sender)) void take();
    return undefined; // never answer: other listeners (the background) do
  });
  void take();
}
