/**
 * What a student reads when a cloud provider cannot be reached or refuses a request: the cause in
 * plain words (a wrong key, Ollama's origin setting, an unknown model, a rate limit) and the
 * provider's own words, with anything that looks like the key removed before it is shown.
 */
import { LocusError } from '../errors';
import { originOf, type Provider } from './providers';

/** Removes anything that looks like the key from a provider's error text before it is shown. */
export function scrub(text: string, key: string): string {
  let out = text.slice(0, 300);
  if (key) out = out.split(key).join('[key]');
  return out.replace(/\b(sk|gsk|or|key)[-_][A-Za-z0-9*_-]{6,}/gi, '[key]');
}

/** The provider's error message from a failed response's body (JSON `error`/`message`, else its text). */
async function errorDetail(response: Response, key: string): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 4000);
    try {
      const json = JSON.parse(text) as { error?: unknown; message?: unknown };
      const e = json.error;
      const message = typeof e === 'string' ? e : e && typeof e === 'object' ? (e as { message?: unknown }).message : json.message;
      if (typeof message === 'string' && message) return scrub(message, key);
    } catch {
      // not JSON
    }
    return scrub(text.trim(), key);
  } catch {
    return '';
  }
}

function ollamaOrigins(extensionOrigin: string | undefined): string {
  return `OLLAMA_ORIGINS=${extensionOrigin ?? 'chrome-extension://<id>'}`;
}

/** The request never reached the provider (no server, refused connection, DNS). */
export function unreachableError(provider: Provider, error: unknown, extensionOrigin?: string): LocusError {
  const origin = originOf(provider.baseUrl);
  const detail = error instanceof Error ? error.message : String(error);
  const ollama =
    provider.kind === 'ollama'
      ? ` Is Ollama running? It must also accept this extension's origin: start it with ${ollamaOrigins(extensionOrigin)}.`
      : '';
  return new LocusError(
    'cloud-failed',
    `Locus could not reach ${origin} (${detail}).${ollama} Nothing was answered; your page stays on this device.`,
  );
}

/** The provider answered with an HTTP error status. */
export async function httpError(provider: Provider, response: Response, extensionOrigin?: string): Promise<LocusError> {
  const name = provider.name;
  const status = response.status;
  const detail = await errorDetail(response, provider.apiKey);
  const said = detail ? ` It said: "${detail}"` : '';
  if (status === 401 || (status === 403 && provider.kind !== 'ollama')) {
    return new LocusError(
      'cloud-auth-failed',
      `${name} refused the request (HTTP ${status}): the cloud key is wrong. Check the API key in Privacy → Cloud providers.${said}`,
    );
  }
  if (status === 403) {
    return new LocusError(
      'cloud-failed',
      `Ollama refused this extension (HTTP 403). Start Ollama with ${ollamaOrigins(extensionOrigin)} so it accepts requests from Locus.`,
    );
  }
  if (status === 404)
    return new LocusError('cloud-failed', `${name} does not know the model "${provider.model}" or the address is wrong (HTTP 404).${said}`);
  if (status === 429)
    return new LocusError('cloud-failed', `${name} is limiting requests right now (HTTP 429). Try again in a minute.${said}`);
  return new LocusError('cloud-failed', `${name} could not answer (HTTP ${status}).${said}`);
}
