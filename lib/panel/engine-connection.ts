/** The panel's single EngineClient: asks the background for the engine host, then connects to it. */
import { EngineClient } from '../messaging/engine-channel';
import { ENGINE_PORT_NAME, type TaskEvent, type TaskRequest } from '../messaging/engine-protocol';
import type { PortLike } from '../messaging/port';
import { browser } from '../platform/extension-api';
import { askBackground } from './background-client';
import { watchDownloads } from './download-activity';

/** Every task's downloads are also announced to the whole panel (download-activity.ts). */
class PanelEngineClient extends EngineClient {
  override async start(request: TaskRequest, onEvent: (event: TaskEvent) => void, signal?: AbortSignal) {
    const watched = watchDownloads(onEvent);
    try {
      return await super.start(request, watched.onEvent, signal);
    } finally {
      watched.end();
    }
  }
}

export const engine: EngineClient = new PanelEngineClient(
  () => browser.runtime.connect({ name: ENGINE_PORT_NAME }) as unknown as PortLike,
  async () => {
    await askBackground({ type: 'engine.ensure' });
  },
);
