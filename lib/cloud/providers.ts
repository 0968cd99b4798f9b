/**
 * Cloud providers the student sets up: any OpenAI-compatible chat-completions endpoint (OpenAI,
 * OpenRouter, Groq, LM Studio, vLLM…) or an Ollama server (its native /api/chat).
 *
 * An http:// address is accepted only for a server on this computer (lib/privacy/cleartext.ts): the
 * key would otherwise cross the network unencrypted.
 *
 * The API key lives in the extension's IndexedDB (`providers` table) and nowhere else: not in
 * storage.local (content scripts can read that), not in any message. The panel writes it; the
 * engine worker reads it when it sends a request the student agreed to. The panel lists providers
 * as `ProviderSummary`, which has no key.
 */
import { z } from 'zod';
import { LocusError } from '../errors';
import { cleartextMessage, cleartextProblem } from '../privacy/cleartext';
import type { LocusDatabase, ProviderRow } from '../store/db';

export { cleartextProblem };
/** Why an http:// provider off this computer is not saved (shown in the Privacy tab). */
export const CLEARTEXT_PROVIDER_MESSAGE = cleartextMessage();

export const PROVIDER_KINDS = ['openai-compatible', 'ollama'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const DEFAULT_BASE_URL: Record<ProviderKind, string> = {
  'openai-compatible': 'https://api.openai.com/v1',
  ollama: 'http://localhost:11434',
};

/** When the student does not say: large for hosted models, Ollama's usual default for local ones. */
export const DEFAULT_CONTEXT_WINDOW: Record<ProviderKind, number> = {
  'openai-compatible': 128_000,
  ollama: 8_192,
};

const baseUrlSchema = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, 'must be an http(s) address without user name, query or fragment')
  .transform((v) => v.replace(/\/+$/, ''));

export const providerSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(PROVIDER_KINDS),
  name: z.string().trim().min(1).max(80),
  baseUrl: baseUrlSchema,
  model: z.string().trim().min(1).max(200),
  /** Empty for Ollama and for local servers that need none. */
  apiKey: z.string().trim().max(4096),
  inputPricePerMTok: z.number().min(0).max(10_000),
  outputPricePerMTok: z.number().min(0).max(10_000),
  contextWindow: z.number().int().min(512).max(10_000_000).optional(),
});
export type Provider = z.infer<typeof providerSchema>;

/** What the panel shows of a provider: everything but the key. */
export interface ProviderSummary extends Omit<Provider, 'apiKey'> {
  hasKey: boolean;
}

export function summarizeProvider(provider: ProviderRow): ProviderSummary {
  const { apiKey, ...rest } = provider;
  return { ...rest, hasKey: apiKey.length > 0 };
}

/** The address of the chat endpoint. */
export function endpointOf(provider: Pick<Provider, 'kind' | 'baseUrl'>): string {
  return provider.kind === 'ollama' ? `${provider.baseUrl}/api/chat` : `${provider.baseUrl}/chat/completions`;
}

export function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/**
 * The host permission to ask for: the provider's origin only. Match patterns have no port, so
 * "http://localhost:11434" asks for "http://localhost/*".
 */
export function hostPermissionPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

export function contextWindowOf(provider: Pick<Provider, 'kind' | 'contextWindow'>): number {
  return provider.contextWindow ?? DEFAULT_CONTEXT_WINDOW[provider.kind];
}

export async function getProvider(db: LocusDatabase, id: string): Promise<Provider | undefined> {
  if (!id) return undefined;
  const row = await db.providers.get(id);
  if (!row) return undefined;
  const parsed = providerSchema.safeParse(row);
  return parsed.success ? parsed.data : undefined;
}

export async function listProviders(db: LocusDatabase): Promise<ProviderSummary[]> {
  const rows = await db.providers.toArray();
  return rows
    .filter((r) => providerSchema.safeParse(r).success)
    .map(summarizeProvider)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Saves a provider; an empty `apiKey` on an existing provider keeps the stored key (the panel never
 * reads keys back, so the form cannot show one). Validates first: nothing invalid is written.
 */
export async function saveProvider(db: LocusDatabase, input: Provider, options: { keepKey?: boolean } = {}): Promise<Provider> {
  // The key would cross the network in clear: refused with the reason, before anything is written.
  const cleartext = cleartextProblem(String(input.baseUrl ?? ''));
  if (cleartext) throw new LocusError('not-allowed', cleartext);
  const parsed = providerSchema.parse(input);
  return db.transaction('rw', db.providers, async () => {
    let apiKey = parsed.apiKey;
    if (options.keepKey && !apiKey) apiKey = (await db.providers.get(parsed.id))?.apiKey ?? '';
    const row: ProviderRow = { ...parsed, apiKey };
    if (parsed.contextWindow === undefined) delete row.contextWindow;
    await db.providers.put(row);
    return { ...parsed, apiKey };
  });
}

export async function deleteProvider(db: LocusDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.providers, db.consents, async () => {
    await db.providers.delete(id);
    // Standing consents for a provider that no longer exists mean nothing: remove them.
    await db.consents
      .where('site')
      .anyOf((await db.consents.toArray()).filter((c) => c.providerId === id).map((c) => c.site))
      .delete();
  });
}
