/**
 * The offscreen document's main thread: starts the engine worker and relays each engine port from
 * the side panel to it. Sender checks happen here (the worker cannot see extension APIs); message
 * validation happens in the worker, where the messages are acted on.
 */
import { serveChromeAi, type LanguageModelGlobal } from '../engines/chrome-ai-bridge';
import { ENGINE_PORT_NAME } from '../messaging/engine-protocol';
import { sendDisconnect } from '../messaging/message-port-adapter';
import type { OffscreenToBackground } from '../messaging/protocol';
import { mayConnectToEngine, senderContext } from '../messaging/senders';
import { browser, type Runtime } from '../platform/extension-api';
import { createCancelFlags, raiseCancel } from './cancel-flags';
import type { FromEngineWorker, ToEngineWorker } from './worker-protocol';

function tell(message: OffscreenToBackground): void {
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

export function startOffscreenRelay(worker: Worker): void {
  // Chrome's built-in model is reachable from documents only: serve it to the worker.
  const promptChannel = new MessageChannel();
  serveChromeAi(promptChannel.port1, (globalThis as { LanguageModel?: LanguageModelGlobal }).LanguageModel);
  worker.postMessage({ type: 'chrome-ai' } satisfies ToEngineWorker, [promptChannel.port2]);
  // Stop must reach a busy worker at once: see cancel-flags.ts.
  const cancelFlags = createCancelFlags();
  worker.postMessage({ type: 'cancel-flags', flags: cancelFlags } satisfies ToEngineWorker);
  let ready = false;
  worker.addEventListener('message', (event: MessageEvent<FromEngineWorker>) => {
    if (event.data?.type === 'ready' && !ready) {
      ready = true;
      tell({ type: 'offscreen.ready' });
    }
    if (event.data?.type === 'idle') tell({ type: 'offscreen.idle' });
  });
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== ENGINE_PORT_NAME) return;
    const context = senderContext(port.sender ?? {}, browser.runtime.id, browser.runtime.getURL(''));
    if (!mayConnectToEngine(context)) {
      port.disconnect();
      return;
    }
    const channel = new MessageChannel();
    const local = channel.port1;
    let open = true;
    local.onmessage = (event: MessageEvent) => {
      if ((event.data as { __locus?: string })?.__locus === 'disconnect') {
        open = false;
        port.disconnect();
        return;
      }
      if (open) port.postMessage(event.data);
    };
    const started = new Set<string>();
    port.onMessage.addListener((message: unknown) => {
      const { type, id } = (message ?? {}) as { type?: unknown; id?: unknown };
      if (typeof id === 'string' && type === 'task.start') started.add(id);
      if (typeof id === 'string' && type === 'task.cancel') raiseCancel(cancelFlags, id);
      if (open) local.postMessage(message);
    });
    port.onDisconnect.addListener(() => {
      // The panel closed: every task it started stops now.
      for (const id of started) raiseCancel(cancelFlags, id, true);
      if (!open) return;
      open = false;
      sendDisconnect(local);
    });
    const hello: ToEngineWorker = { type: 'connect', name: port.name, senderUrl: port.sender?.url ?? '' };
    worker.postMessage(hello, [channel.port2]);
  });
}
