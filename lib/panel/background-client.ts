/** The side panel's calls to the background, typed by request and checked on the way back. */
import type { z } from 'zod';
import { LocusError } from '../errors';
import { panelResponseSchemas, replySchema, type PanelToBackground } from '../messaging/protocol';
import { browser } from '../platform/extension-api';

type Answer<T extends PanelToBackground['type']> = z.infer<(typeof panelResponseSchemas)[T]>;

export async function askBackground<T extends PanelToBackground['type']>(request: PanelToBackground & { type: T }): Promise<Answer<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new LocusError(
      'internal',
      `Locus's background did not answer (${error instanceof Error ? error.message : String(error)}). Try again.`,
    );
  }
  const type = request.type as T;
  const reply = replySchema(panelResponseSchemas[type]).safeParse(raw);
  if (!reply.success) throw new LocusError('invalid-message', 'The background answered in a form the panel does not understand.');
  if (!reply.data.ok) throw new LocusError(reply.data.error.code, reply.data.error.message, { reason: reply.data.error.reason });
  return reply.data.value as Answer<T>;
}
