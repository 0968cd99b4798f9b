/**
 * The bytes a cloud request carries. Built by one deterministic function, so the consent dialog
 * shows exactly what the engine later sends (and the network gate checks it by hash anyway).
 * The API key is never part of the body: it travels in the Authorization header.
 */
import type { ChatMessage } from '../engine-api/engine';
import { endpointOf, type Provider } from './providers';

export interface CloudHttpRequest {
  url: string;
  /** JSON text; what the student saw, byte for byte. */
  body: string;
}

export function buildCloudRequest(
  provider: Pick<Provider, 'kind' | 'baseUrl' | 'model'>,
  messages: readonly ChatMessage[],
  maxTokens: number,
  temperature?: number,
): CloudHttpRequest {
  // Only role and content: nothing else of a message object may ride along.
  const plain = messages.map((m) => ({ role: m.role, content: m.content }));
  const url = endpointOf(provider);
  if (provider.kind === 'ollama') {
    const options: Record<string, number> = { num_predict: maxTokens };
    if (temperature !== undefined) options.temperature = temperature;
    return { url, body: JSON.stringify({ model: provider.model, messages: plain, stream: true, options }) };
  }
  const body: Record<string, unknown> = { model: provider.model, messages: plain, stream: true, max_tokens: maxTokens };
  if (temperature !== undefined) body.temperature = temperature;
  return { url, body: JSON.stringify(body) };
}

/** The messages of a body built above (what the dialog lists). */
export function messagesOfBody(body: string): ChatMessage[] {
  const parsed = JSON.parse(body) as { messages?: ChatMessage[] };
  return parsed.messages ?? [];
}
