/** The panel's single EngineClient: asks the background for the engine host, then connects to it. */
import { EngineClient } from '../messaging/engine-channel';
import { ENGINE_PORT_NAME } from '../messaging/engine-protocol';
import type { PortLike } from '../messaging/port';
import { browser } from '../platform/extension-api';
import { askBackground } from './background-client';

export const engine = new EngineClient(
  () => browser.runtime.connect({ name: ENGINE_PORT_NAME }) as unknown as PortLike,
  async () => {
    await askBackground({ type: 'engine.ensure' });
  },
);
