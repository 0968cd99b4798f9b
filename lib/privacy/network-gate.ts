/**
 * The single network gate. Every request the product makes leaves through `gatedFetch`, which knows
 * the privacy settings, so the promise "nothing leaves without consent; in privacy mode, no cloud;
 * offline, nothing at all" is enforced and checkable in one place.
 *
 * A cloud request passes only with a consent record (lib/privacy/consent.ts) whose SHA-256 is that
 * of the exact body about to leave, for the exact address, used once, not expired, and never in
 * privacy or offline mode. Each one is written to the audit log before it leaves.
 */
import { LocusError } from '../errors';
import type { Settings } from '../settings/settings';
import type { CloudAuditor } from './audit';
import { cleartextProblem } from './cleartext';
import { CONSENT_TTL_MS, sha256Hex, utf8Bytes, type CloudConsent } from './consent';
import { grantRefusal, type FetchGrant } from './fetch-grant';
import { isModelFileHost } from './model-file-hosts';

export { isModelFileHost };

export type RequestPurpose =
  /** Model files from the configured model host. */
  | 'model-download'
  /**
   * Re-reading what the student asked about (a PDF in the tab) from its own address: only with a
   * grant the background issued for that tab's URL at that moment (lib/privacy/fetch-grant.ts).
   */
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
/** What the gate knows about a cloud request besides its address. */
export interface CloudCheck {
  /** The consent record the request carries (none: refused). */
  consent?: CloudConsent;
  /** SHA-256 of the body bytes about to leave; null when the body is not plain text. */
  bodySha256: string | null;
  /** The gate has already let this consent record through once. */
  consentUsed: boolean;
  /** For a 'site' consent: the standing consent still exists (not revoked). */
  standingConsent: boolean;
  now: number;
}

function decideCloud(url: string, cloud: CloudCheck | undefined): GateDecision {
  const consent = cloud?.consent;
  if (!cloud || !consent) return { allowed: false, reason: 'no consent recorded for this request' };
  if (cloud.consentUsed) return { allowed: false, reason: 'this consent was already used (it covers one request)' };
  if (cloud.now - consent.grantedAt > CONSENT_TTL_MS || cloud.now < consent.grantedAt - 60_000) {
    return { allowed: false, reason: 'the consent has expired' };
  }
  if (url !== consent.url) return { allowed: false, reason: 'the address is not the one the student agreed to' };
  const cleartext = cleartextProblem(url);
  if (cleartext) return { allowed: false, reason: cleartext.replace(/\.$/, '') };
  if (cloud.bodySha256 === null) return { allowed: false, reason: 'the request body is not the text the student saw' };
  if (cloud.bodySha256 !== consent.bodySha256) return { allowed: false, reason: 'the request body differs from what the student saw' };
  if (consent.kind === 'site' && consent.trigger !== 'student') {
    // "Always allow" covers what the student asked for; what the router proposed is always shown.
    return { allowed: false, reason: '"always allow" does not cover a request Locus proposed on its own' };
  }
  if (consent.kind === 'site' && !cloud.standingConsent) {
    return { allowed: false, reason: `"always allow" for ${consent.site || 'this site'} was revoked` };
  }
  return {
    allowed: true,
    reason: consent.kind === 'site' ? `the student always allows ${consent.site}` : 'the student agreed to this exact request',
  };
}

/** What the gate knows about a 'page-fetch': the grant it carries, and the time. */
export interface PageFetchCheck {
  grant?: FetchGrant;
  now: number;
}

export function decide(
  url: string,
  purpose: RequestPurpose,
  settings: Settings,
  packageOrigin?: string,
  cloud?: CloudCheck,
  page?: PageFetchCheck,
): GateDecision {
  const origin = originOf(url);
  if (packageOrigin && origin === packageOrigin) return { allowed: true, reason: 'a file of the extension package' };
  if (!origin || !/^https?:/.test(origin)) return { allowed: false, reason: `not an http(s) URL: ${url}` };
  if (settings.offline) return { allowed: false, reason: 'offline mode is on' };
  switch (purpose) {
    case 'model-download':
      return origin === originOf(settings.modelHost)
        ? { allowed: true, reason: 'model host' }
        : { allowed: false, reason: `${origin} is not the configured model host` };
    case 'page-fetch': {
      const refusal = grantRefusal(page?.grant, url, page?.now ?? Date.now());
      return refusal ? { allowed: false, reason: refusal } : { allowed: true, reason: 'the tab the student asked about' };
    }
    case 'cloud':
      // Privacy mode refuses every cloud request, consent or not.
      if (settings.privacyMode) return { allowed: false, reason: 'privacy mode is on' };
      return decideCloud(url, cloud);
  }
}

export interface GateExtra {
  /** Required for 'cloud': the record of the student's agreement to this body. */
  consent?: CloudConsent;
  /** Required for 'page-fetch': the background's grant for the tab the student asked about. */
  grant?: FetchGrant;
}

export interface NetworkGate {
  fetch(url: string, init: RequestInit | undefined, purpose: RequestPurpose, extra?: GateExtra): Promise<Response>;
}

/** A redirect answer: opaque in browsers (redirect: 'manual'), a 3xx with its Location in Node. */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export interface GateOptions {
  baseFetch?: typeof fetch;
  onDecision?: (url: string, purpose: RequestPurpose, decision: GateDecision) => void;
  packageOrigin?: string;
  /** Writes the audit log; a cloud request whose audit row cannot be written does not leave. */
  auditor?: CloudAuditor;
  /** Whether a standing consent ("always allow for this site") for this provider still exists. */
  standingConsent?: (site: string, providerId: string) => Promise<boolean>;
  now?: () => number;
}

type BaseFetch = typeof fetch;

/** What the student reads when the gate says no. */
function refusal(url: string, decision: GateDecision): LocusError {
  const offline = decision.reason === 'offline mode is on';
  return new LocusError(
    offline ? 'offline-blocked' : 'not-allowed',
    offline
      ? 'Offline mode is on, so Locus made no request. Turn it off in Privacy to download models.'
      : `Locus blocked a request to ${originOf(url) ?? url}: ${decision.reason}.`,
  );
}

/** A 'page-fetch': only the granted address; a redirect elsewhere is not followed (browsers hide its target). */
async function fetchPage(baseFetch: BaseFetch, url: string, init: RequestInit | undefined): Promise<Response> {
  const response = await baseFetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'manual' });
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    throw new LocusError(
      'not-allowed',
      `${hostOf(url)} answered with a redirect to another address. Locus fetches only the address of the tab you asked about, so it did not follow. Save the file (Ctrl+S), open the saved copy in Chrome, and use Locus there.`,
    );
  }
  return response;
}

/**
 * A model file (or a file of the package, `own`). A model host may send Locus on to its file
 * servers (the hub's CDN), nowhere else. Browsers follow redirects without showing the steps (a
 * 'manual' redirect is opaque), so the answer's final address is what is checked: an answer from
 * anywhere else is not used.
 */
async function fetchModelFile(
  baseFetch: BaseFetch,
  url: string,
  init: RequestInit | undefined,
  check: { modelHost: string; own: boolean; offHost: (finalUrl: string) => void },
): Promise<Response> {
  const response = await baseFetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!check.own && response.url && response.url !== url && !isModelFileHost(response.url, check.modelHost)) {
    check.offHost(response.url);
    await response.body?.cancel().catch(() => undefined);
    throw new LocusError(
      'not-allowed',
      `The model host sent Locus on to ${hostOf(response.url)}, which is not one of its file servers, so Locus did not use the answer. Check the model host in Models.`,
    );
  }
  return response;
}

/** What the gate knows of a cloud request before deciding: its consent, the body's hash, whether the record was used. */
async function checkCloud(
  init: RequestInit | undefined,
  consent: CloudConsent | undefined,
  used: ReadonlySet<string>,
  options: GateOptions,
  now: number,
): Promise<{ cloud: CloudCheck; body: string | null }> {
  const body = typeof init?.body === 'string' ? init.body : null;
  const cloud: CloudCheck = {
    consent,
    bodySha256: body === null ? null : await sha256Hex(body),
    consentUsed: consent ? used.has(consent.id) : false,
    standingConsent:
      consent?.kind === 'site' && options.standingConsent ? await options.standingConsent(consent.site, consent.providerId) : false,
    now,
  };
  // Checked again after the awaits: two requests racing on one record get one pass.
  if (consent && used.has(consent.id)) cloud.consentUsed = true;
  return { cloud, body };
}

/** Writes the audit row before the request leaves; returns how to settle it once answered. */
async function auditBefore(
  auditor: CloudAuditor | undefined,
  request: { url: string; body: string; bodySha256: string; consent: CloudConsent; time: number },
): Promise<(outcome: 'sent' | 'failed', status?: number) => void> {
  if (!auditor) return () => undefined;
  const { consent } = request;
  let auditId: number;
  try {
    auditId = await auditor.before({
      time: request.time,
      provider: consent.providerName,
      providerId: consent.providerId,
      model: consent.model,
      destination: request.url,
      bytes: utf8Bytes(request.body).length,
      redactions: consent.redactions,
      payloadSha256: request.bodySha256,
      consent: consent.kind,
      site: consent.site,
    });
  } catch (error) {
    throw new LocusError(
      'not-allowed',
      `Locus could not write the audit log, so it sent nothing: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (outcome, status) => void auditor.after(auditId, outcome, status).catch(() => undefined);
}

/** A consented cloud request, audited before it leaves, never redirected. */
async function sendCloud(
  baseFetch: BaseFetch,
  url: string,
  init: RequestInit | undefined,
  request: { body: string; bodySha256: string; consent: CloudConsent; time: number },
  auditor: CloudAuditor | undefined,
): Promise<Response> {
  const { consent } = request;
  const settle = await auditBefore(auditor, { url, ...request });
  let response: Response;
  try {
    // Never followed: a 307/308 would send the consented body to an address nobody agreed to.
    response = await baseFetch(url, {
      ...init,
      body: request.body,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'manual',
    });
  } catch (error) {
    settle('failed');
    throw error;
  }
  if (isRedirect(response)) {
    settle('failed', response.status);
    await response.body?.cancel().catch(() => undefined);
    throw new LocusError(
      'cloud-failed',
      `${consent.providerName} (${hostOf(url)}) answered with a redirect${response.status ? ` (HTTP ${response.status})` : ''} to another address. Locus does not follow it with your text, so nothing was sent there. Check the provider's address in Privacy.`,
    );
  }
  settle(response.ok ? 'sent' : 'failed', response.status);
  return response;
}

export function createNetworkGate(readSettings: () => Promise<Settings>, options: GateOptions = {}): NetworkGate {
  // The real fetch, taken now: once installGateAsFetch has replaced the global, calling the global
  // from here would go round in circles.
  const baseFetch = options.baseFetch ?? globalThis.fetch.bind(globalThis);
  const onDecision = options.onDecision;
  const now = options.now ?? Date.now;
  /** Consent records already let through: each covers one request. */
  const used = new Set<string>();
  return {
    async fetch(url, init, purpose, extra = {}) {
      const settings = await readSettings();
      const checked = purpose === 'cloud' ? await checkCloud(init, extra.consent, used, options, now()) : undefined;
      const decision = decide(url, purpose, settings, options.packageOrigin, checked?.cloud, { grant: extra.grant, now: now() });
      onDecision?.(url, purpose, decision);
      if (!decision.allowed) throw refusal(url, decision);
      const own = options.packageOrigin !== undefined && originOf(url) === options.packageOrigin;
      if (purpose === 'page-fetch' && !own) return fetchPage(baseFetch, url, init);
      if (purpose !== 'cloud') {
        const offHost = (finalUrl: string) => onDecision?.(finalUrl, purpose, { allowed: false, reason: 'redirected off the model host' });
        return fetchModelFile(baseFetch, url, init, { modelHost: settings.modelHost, own, offHost });
      }
      const consent = checked!.cloud.consent!;
      used.add(consent.id);
      const request = { body: checked!.body!, bodySha256: checked!.cloud.bodySha256!, consent, time: now() };
      return sendCloud(baseFetch, url, init, request, options.auditor);
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
