/**
 * A provider on plain http:// would get the student's API key and text in clear on the network.
 * http:// is accepted only for a server on this computer (localhost, 127.0.0.0/8, ::1: Ollama,
 * LM Studio); anywhere else the provider is not saved, and the panel says why. The gate refuses
 * such an address too, should a provider saved by an older version still have one.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEARTEXT_PROVIDER_MESSAGE, cleartextProblem, getProvider, saveProvider, type Provider } from '../../lib/cloud/providers';
import { LocusError } from '../../lib/errors';
import { PrivacyState } from '../../lib/panel/privacy-state';
import { sha256Hex } from '../../lib/privacy/consent';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

let db: LocusDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});
const fresh = () => (db = new LocusDatabase(`locus-loopback-${process.pid}-${Math.random()}`));
const BASE: Provider = {
  id: 'p1',
  kind: 'openai-compatible',
  name: 'Lab server',
  baseUrl: 'https://api.example.com/v1',
  model: 'm',
  apiKey: 'sk-secret',
  inputPricePerMTok: 0,
  outputPricePerMTok: 0,
};

describe('http:// providers', () => {
  it('are refused anywhere but on this computer, with the reason', async () => {
    const d = fresh();
    for (const baseUrl of [
      'http://api.example.com/v1',
      'http://192.168.1.20:11434',
      'http://10.0.0.5:1234/v1',
      'http://localhost.evil.example/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://[::ffff:10.0.0.1]:11434',
    ]) {
      const error = await saveProvider(d, { ...BASE, baseUrl }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, baseUrl).toBeInstanceOf(LocusError);
      expect((error as LocusError).message, baseUrl).toBe(CLEARTEXT_PROVIDER_MESSAGE);
      expect(cleartextProblem(baseUrl), baseUrl).toBe(CLEARTEXT_PROVIDER_MESSAGE);
    }
    expect(await d.providers.count()).toBe(0);
    // The message says why, in plain words.
    expect(CLEARTEXT_PROVIDER_MESSAGE).toMatch(/https:\/\//);
    expect(CLEARTEXT_PROVIDER_MESSAGE).toMatch(/key/i);
  });

  it('are accepted for loopback addresses (Ollama, LM Studio on this computer), and https anywhere', async () => {
    const d = fresh();
    for (const [i, baseUrl] of [
      'http://localhost:11434',
      'http://127.0.0.1:1234/v1',
      'http://127.8.9.10:8080/v1',
      'http://[::1]:11434',
      'https://api.example.com/v1',
      'https://192.168.1.20/v1',
    ].entries()) {
      await saveProvider(d, { ...BASE, id: `p${i}`, baseUrl });
      expect(cleartextProblem(baseUrl), baseUrl).toBeNull();
      expect((await getProvider(d, `p${i}`))?.baseUrl, baseUrl).toBe(baseUrl);
    }
  });

  it('the Privacy tab shows the reason when the student tries to save one', async () => {
    const d = fresh();
    const privacy = new PrivacyState(() => d);
    const saved = await privacy.saveProvider({
      kind: 'openai-compatible',
      name: 'Lab server',
      baseUrl: 'http://api.example.com/v1',
      model: 'm',
      apiKey: 'sk-secret',
      inputPricePerMTok: 0,
      outputPricePerMTok: 0,
    });
    expect(saved).toBe(false);
    expect(privacy.error.value?.message).toContain(CLEARTEXT_PROVIDER_MESSAGE);
  });

  it('the gate refuses a cloud request to http:// off this computer, even with a consent', async () => {
    const calls: string[] = [];
    const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, privacyMode: false }), {
      baseFetch: async (input) => {
        calls.push(String(input));
        return new Response('');
      },
    });
    const body = '{}';
    const url = 'http://api.example.com/v1/chat/completions';
    const error = await gate
      .fetch(url, { method: 'POST', body }, 'cloud', {
        consent: {
          id: 'c',
          kind: 'once',
          trigger: 'student',
          url,
          bodySha256: await sha256Hex(body),
          providerId: 'p1',
          providerName: 'Lab',
          model: 'm',
          site: '',
          redactions: {},
          grantedAt: Date.now(),
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(LocusError);
    expect((error as LocusError).message).toMatch(/https/);
    expect(calls).toEqual([]);
  });
});
