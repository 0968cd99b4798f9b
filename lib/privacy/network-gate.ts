/**
 * The single network gate. Every request the product makes leaves through `gatedFetch`, which knows
 * the privacy settings, so the promise "nothing leaves without consent; in privacy mode, no cloud;
 * offline, nothing at all" is enforced and checkable in one place.
 */
import { LocusError } from '../errors';
import type { Settings } from '../settings/settings';

export type RequestPurpose =
  /** Model files from the configured model host. */
  | 'model-download'
  /** Re-reading a document the student opened (a PDF in the tab) from its own address. */
  | 'page-fetch'
  /** A cloud model provider, after consent. */
  | 'cloud';

export interface GateDecision {
  allowed: boolean;
  reason: string;
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // URL.origin is "null" for schemes outside the URL standard's list in some runtimes.
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/**
 * @param packageOrigin the extension's own origin: its files (ONNX Runtime's WASM, the UI) are part
 *   of the installed package, not the network, and are always readable.
 */
export function decide(url: string, purpose: RequestPurpose, settings: Settings, packageOrigin?: string): GateDecision {
  const origin = originOf(url);
  if (packageOrigin && origin === packageOrigin) return { allowed: true, reason: 'a file of the extension package' };
  if (!origin || !/^https?:/.test(origin)) return { allowed: false, reason: `not an http(s) URL: ${url}` };
  if (settings.offline) return { allowed: false, reason: 'offline mode is on' };
  switch (purpose) {
    case 'model-download':
      return origin === originOf(settings.modelHost) || origin === originOf(settings.modelLibraryHost)
        ? { allowed: true, reason: 'model host' }
        : { allowed: false, reason: `${origin} is not the configured model host` };
    case 'page-fetch':
      return { allowed: true, reason: 'the page the student opened' };
    case 'cloud':
      // Cloud requests are refused until the consent flow exists; privacy mode refuses them always.
      return settings.privacyMode
        ? { allowed: false, reason: 'privacy mode is on' }
        : { allowed: false, reason: 'no consent recorded for this request' };
  }
}

export interface NetworkGate {
  fetch(url: string, init: RequestInit | undefined, purpose: RequestPurpose): Promise<Response>;
}

export interface GateOptions {
  baseFetch?: typeof fetch;
  onDecision?: (url: string, purpose: RequestPurpose, decision: GateDecision) => void;
  packageOrigin?: string;
}

export function createNetworkGate(readSettings: () => Promise<Settings>, options: GateOptions = {}): NetworkGate {
  // The real fetch, taken now: once installGateAsFetch has replaced the global, calling the global
  // from here would go round in circles.
  const baseFetch = options.baseFetch ?? globalThis.fetch.bind(globalThis);
  const onDecision = options.onDecision;
  return {
    async fetch(url, init, purpose) {
      const decision = decide(url, purpose, await readSettings(), options.packageOrigin);
      onDecision?.(url, purpose, decision);
      if (!decision.allowed) {
        const offline = decision.reason === 'offline mode is on';
        throw new LocusError(
          offline ? 'offline-blocked' : 'not-allowed',
          offline
            ? 'Offline mode is on, so Locus made no request. Turn it off in Privacy to download models.'
            : `Locus blocked a request to ${originOf(url) ?? url}: ${decision.reason}.`,
        );
      }
      return baseFetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer' });
    },
  };
}

/**
 * Makes the gate the only `fetch` of a context (the engine worker): libraries that fetch on their
 * own (ONNX Runtime, web-llm) then go through it too, as model downloads.
 */
export function installGateAsFetch(scope: { fetch: typeof fetch }, gate: NetworkGate): void {
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const merged: RequestInit | undefined = input instanceof Request ? { method: input.method, headers: input.headers, ...init } : init;
    return gate.fetch(url, merged, 'model-download');
  };
}
