/**
 * The gate's cloud decisions: a consent record is tied to the SHA-256 of the exact body and the
 * exact address; it is used once; it expires; privacy mode refuses even with consent; offline
 * refuses everything; a revoked "always allow" stops its requests; every request that leaves is in
 * the audit log first, and one whose audit row cannot be written does not leave.
 */
import { describe, expect, it } from 'vitest';
import { LocusError } from '../../lib/errors';
import type { AuditEntry, CloudAuditor } from '../../lib/privacy/audit';
import { CONSENT_TTL_MS, sha256Hex, type CloudConsent } from '../../lib/privacy/consent';
import { createNetworkGate, decide, type CloudCheck } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

const URL_ = 'https://api.example.com/v1/chat/completions';
const BODY = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'Rivers carry sand, [EMAIL_1].' }],
  stream: true,
  max_tokens: 64,
});
const NOW = 1_800_000_000_000;
const OPEN: Settings = { ...DEFAULT_SETTINGS, privacyMode: false };

async function consentFor(body: string, overrides: Partial<CloudConsent> = {}): Promise<CloudConsent> {
  return {
    id: `c-${Math.random()}`,
    kind: 'once',
    trigger: 'student',
    url: URL_,
    bodySha256: await sha256Hex(body),
    providerId: 'p1',
    providerName: 'Example',
    model: 'm',
    site: 'course.example.edu',
    redactions: { EMAIL_ADDRESS: 1 },
    grantedAt: NOW,
    ...overrides,
  };
}

function rig(settings: Settings = OPEN, options: { standing?: boolean; auditFails?: boolean; status?: number } = {}) {
  const sent: Array<{ url: string; body: unknown; init: RequestInit | undefined }> = [];
  const audit: Array<AuditEntry & { id: number; outcome?: string; status?: number }> = [];
  const auditor: CloudAuditor = {
    async before(entry) {
      if (options.auditFails) throw new Error('disk full');
      audit.push({ ...entry, id: audit.length + 1 });
      return audit.length;
    },
    async after(id, outcome, status) {
      Object.assign(audit[id - 1]!, { outcome, status });
    },
  };
  const gate = createNetworkGate(async () => settings, {
    baseFetch: async (input, init) => {
      sent.push({ url: String(input), body: init?.body, init });
      return new Response('data: [DONE]\n\n', { status: options.status ?? 200 });
    },
    auditor,
    standingConsent: async () => options.standing ?? false,
    now: () => NOW + 1000,
  });
  return { gate, sent, audit };
}

async function refused(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('cloud requests through the gate', () => {
  it('lets through exactly the body the consent names, once, and audits it first', async () => {
    const { gate, sent, audit } = rig();
    const consent = await consentFor(BODY);
    const response = await gate.fetch(URL_, { method: 'POST', body: BODY, headers: { Authorization: 'Bearer sk-secret' } }, 'cloud', {
      consent,
    });
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(BODY);
    expect(sent[0]!.init?.credentials).toBe('omit');
    expect(audit).toEqual([
      expect.objectContaining({
        destination: URL_,
        bytes: new TextEncoder().encode(BODY).length,
        payloadSha256: consent.bodySha256,
        redactions: { EMAIL_ADDRESS: 1 },
        provider: 'Example',
        model: 'm',
        consent: 'once',
        site: 'course.example.edu',
        outcome: 'sent',
        status: 200,
      }),
    ]);
    // The audit row never holds the text or the key.
    expect(JSON.stringify(audit)).not.toContain('Rivers');
    expect(JSON.stringify(audit)).not.toContain('sk-secret');

    // The same consent a second time: refused, nothing sent.
    const again = await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent }));
    expect(again.message).toMatch(/already used/);
    expect(sent).toHaveLength(1);
  });

  it('refuses any other body, address, a missing or expired consent', async () => {
    const { gate, sent, audit } = rig();
    const consent = await consentFor(BODY);
    const other = BODY.replace('[EMAIL_1]', 'jane@example.org');
    expect((await refused(gate.fetch(URL_, { method: 'POST', body: other }, 'cloud', { consent }))).message).toMatch(
      /differs from what the student saw/,
    );
    expect(
      (await refused(gate.fetch(`${URL_}?x=1`, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY) }))).message,
    ).toMatch(/address/);
    expect((await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud'))).message).toMatch(/no consent/);
    const stream = new Blob([BODY]) as unknown as BodyInit;
    expect(
      (await refused(gate.fetch(URL_, { method: 'POST', body: stream }, 'cloud', { consent: await consentFor(BODY) }))).message,
    ).toMatch(/not the text/);
    const old = await consentFor(BODY, { grantedAt: NOW - CONSENT_TTL_MS - 5000 });
    expect((await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: old }))).message).toMatch(/expired/);
    expect(sent).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('refuses in privacy mode even with a valid consent', async () => {
    const { gate, sent } = rig({ ...DEFAULT_SETTINGS, privacyMode: true });
    const error = await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY) }));
    expect(error.code).toBe('not-allowed');
    expect(error.message).toMatch(/privacy mode/);
    expect(sent).toEqual([]);
  });

  it('refuses everything offline, consent or not', async () => {
    const { gate, sent } = rig({ ...OPEN, offline: true });
    expect((await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY) }))).code).toBe(
      'offline-blocked',
    );
    expect((await refused(gate.fetch(`${DEFAULT_SETTINGS.modelHost}/m/resolve/main/config.json`, undefined, 'model-download'))).code).toBe(
      'offline-blocked',
    );
    expect(sent).toEqual([]);
  });

  it('a standing consent works until it is revoked', async () => {
    const allowed = rig(OPEN, { standing: true });
    await allowed.gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY, { kind: 'site' }) });
    expect(allowed.sent).toHaveLength(1);
    expect(allowed.audit[0]!.consent).toBe('site');
    const revoked = rig(OPEN, { standing: false });
    const error = await refused(
      revoked.gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY, { kind: 'site' }) }),
    );
    expect(error.message).toMatch(/revoked/);
    expect(revoked.sent).toEqual([]);
  });

  it('sends nothing when the audit row cannot be written', async () => {
    const { gate, sent } = rig(OPEN, { auditFails: true });
    const error = await refused(gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY) }));
    expect(error.message).toMatch(/audit log/);
    expect(sent).toEqual([]);
  });

  it('records a refused key as a failed request (the bytes did leave)', async () => {
    const { gate, audit } = rig(OPEN, { status: 401 });
    const response = await gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent: await consentFor(BODY) });
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 0));
    expect(audit[0]).toMatchObject({ outcome: 'failed', status: 401 });
  });

  it('two racing requests on one consent: one passes', async () => {
    const { gate, sent } = rig();
    const consent = await consentFor(BODY);
    const results = await Promise.allSettled([
      gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent }),
      gate.fetch(URL_, { method: 'POST', body: BODY }, 'cloud', { consent }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('decide() is pure: the same facts, the same answer', async () => {
    const consent = await consentFor(BODY);
    const check: CloudCheck = { consent, bodySha256: consent.bodySha256, consentUsed: false, standingConsent: false, now: NOW };
    expect(decide(URL_, 'cloud', OPEN, undefined, check)).toEqual({ allowed: true, reason: 'the student agreed to this exact request' });
    expect(decide(URL_, 'cloud', { ...OPEN, privacyMode: true }, undefined, check)).toEqual({
      allowed: false,
      reason: 'privacy mode is on',
    });
    expect(decide(URL_, 'cloud', { ...OPEN, offline: true }, undefined, check)).toEqual({ allowed: false, reason: 'offline mode is on' });
    // A consent does not open other purposes: the provider is not the model host.
    expect(decide(URL_, 'model-download', OPEN, undefined, check).allowed).toBe(false);
  });
});
