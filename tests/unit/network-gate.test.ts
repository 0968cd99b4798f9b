/**
 * The single network gate: what may leave the device, and how. A recording base fetch shows what
 * actually went out.
 */
import { describe, expect, it, test } from 'vitest';
import { LocusError } from '../../lib/errors';
import { issueFetchGrant } from '../../lib/privacy/fetch-grant';
import { createNetworkGate, decide, installGateAsFetch, type GateDecision, type RequestPurpose } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

const HOST = 'https://models.school.example';

function gateWith(overrides: Partial<Settings> = {}) {
  const settings: Settings = { ...DEFAULT_SETTINGS, modelHost: HOST, ...overrides };
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const decisions: Array<{ url: string; purpose: RequestPurpose; decision: GateDecision }> = [];
  const gate = createNetworkGate(async () => settings, {
    baseFetch: async (input, init) => {
      calls.push({ url: String(input), init });
      return new Response('ok');
    },
    onDecision: (url, purpose, decision) => decisions.push({ url, purpose, decision }),
    packageOrigin: 'chrome-extension://locusid',
  });
  return { gate, calls, decisions, settings };
}

async function refusal(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe('network gate', () => {
  it('lets model downloads reach the configured model host only', async () => {
    const { gate, calls } = gateWith();
    const ok = `${HOST}/stories260K/resolve/main/config.json`;
    expect(await (await gate.fetch(ok, undefined, 'model-download')).text()).toBe('ok');
    expect(calls.map((c) => c.url)).toEqual([ok]);

    for (const url of [
      'https://huggingface.co/stories260K/resolve/main/config.json', // another host
      'http://models.school.example/stories260K/resolve/main/config.json', // same name, other scheme
      'https://models.school.example:8443/x', // same name, other port
      'https://models.school.example.evil.example/x', // look-alike
      'https://evil.example/?u=https://models.school.example/',
      'ftp://models.school.example/x',
      'not a url',
    ]) {
      const error = await refusal(gate.fetch(url, undefined, 'model-download'));
      expect(error.code, url).toBe('not-allowed');
    }
    expect(calls).toHaveLength(1); // refused requests never reached the base fetch
  });

  it("blocks every request in offline mode with 'offline-blocked'", async () => {
    const { gate, calls } = gateWith({ offline: true, privacyMode: false });
    for (const [url, purpose] of [
      [`${HOST}/m/resolve/main/config.json`, 'model-download'],
      ['https://example.org/paper.pdf', 'page-fetch'],
      ['https://api.example.com/v1/chat/completions', 'cloud'],
    ] as const) {
      const error = await refusal(gate.fetch(url, undefined, purpose));
      expect(error.code, purpose).toBe('offline-blocked');
    }
    expect(calls).toEqual([]);
  });

  it('refuses cloud requests in privacy mode, and without a consent record outside it (see consent-gate.test.ts)', async () => {
    const privacy = gateWith({ privacyMode: true });
    const error = await refusal(
      privacy.gate.fetch('https://api.example.com/v1/chat/completions', { method: 'POST', body: 'page text' }, 'cloud'),
    );
    expect(error.code).toBe('not-allowed');
    expect(error.message).toMatch(/privacy mode/);
    expect(privacy.calls).toEqual([]);
    expect(privacy.decisions).toEqual([
      { url: 'https://api.example.com/v1/chat/completions', purpose: 'cloud', decision: { allowed: false, reason: 'privacy mode is on' } },
    ]);

    const open = gateWith({ privacyMode: false });
    expect((await refusal(open.gate.fetch('https://api.example.com/v1/chat/completions', undefined, 'cloud'))).code).toBe('not-allowed');
    expect(open.calls).toEqual([]);
  });

  it('sends allowed requests without credentials or referrer, keeping the caller options', async () => {
    const { gate, calls } = gateWith();
    const controller = new AbortController();
    await gate.fetch(
      `${HOST}/m/resolve/main/onnx/model.onnx`,
      { headers: { Range: 'bytes=10-' }, signal: controller.signal, credentials: 'include' },
      'model-download',
    );
    await gate.fetch('https://example.org/paper.pdf', undefined, 'page-fetch', {
      grant: issueFetchGrant({ id: 1, url: 'https://example.org/paper.pdf' }),
    });
    expect(calls).toHaveLength(2);
    for (const { init } of calls) {
      expect(init?.credentials).toBe('omit');
      expect(init?.referrerPolicy).toBe('no-referrer');
    }
    expect(calls[0]!.init?.headers).toEqual({ Range: 'bytes=10-' });
    expect(calls[0]!.init?.signal).toBe(controller.signal);
  });

  it('reads the settings on every request, so a change applies at once', async () => {
    const { gate, calls, settings } = gateWith();
    const url = `${HOST}/m/resolve/main/config.json`;
    await gate.fetch(url, undefined, 'model-download');
    settings.offline = true;
    expect((await refusal(gate.fetch(url, undefined, 'model-download'))).code).toBe('offline-blocked');
    settings.offline = false;
    settings.modelHost = 'https://mirror.example';
    expect((await refusal(gate.fetch(url, undefined, 'model-download'))).code).toBe('not-allowed');
    expect(calls).toHaveLength(1);
  });

  it('decide() refuses non-http schemes whatever the purpose', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, modelHost: HOST, privacyMode: false };
    for (const purpose of ['model-download', 'page-fetch', 'cloud'] as const) {
      for (const url of ['file:///etc/passwd', 'data:text/plain,hi', 'chrome-extension://abc/x', 'javascript:alert(1)']) {
        expect(decide(url, purpose, settings).allowed, `${purpose} ${url}`).toBe(false);
      }
    }
  });
});

describe('package files and the gate as a context fetch', () => {
  test('files of the extension package are always readable, even offline', async () => {
    const { gate, calls } = gateWith({ offline: true });
    await gate.fetch('chrome-extension://locusid/ort/ort-wasm-simd-threaded.asyncify.wasm', undefined, 'model-download');
    expect(calls).toHaveLength(1);
  });

  test("installGateAsFetch routes a library's own fetch calls through the gate", async () => {
    const { gate, calls } = gateWith();
    const scope = { fetch: (async () => new Response('direct')) as typeof fetch };
    installGateAsFetch(scope, gate);
    await scope.fetch(`${HOST}/m/resolve/main/config.json`);
    expect(calls.map((c) => c.url)).toEqual([`${HOST}/m/resolve/main/config.json`]);
    const refused = await refusal(scope.fetch('https://cdn.jsdelivr.net/npm/onnxruntime-web/dist/ort.wasm'));
    expect(refused.code).toBe('not-allowed');
    expect(calls).toHaveLength(1);
  });
});

test('a gate installed as the global fetch still reaches the network (it keeps the real fetch)', async () => {
  const original = globalThis.fetch;
  const seen: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    seen.push(String(input));
    return new Response('real');
  }) as typeof fetch;
  try {
    const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, modelHost: HOST }));
    installGateAsFetch(globalThis as unknown as { fetch: typeof fetch }, gate);
    const response = await globalThis.fetch(`${HOST}/m/resolve/main/config.json`);
    expect(await response.text()).toBe('real');
    expect(seen).toEqual([`${HOST}/m/resolve/main/config.json`]);
  } finally {
    globalThis.fetch = original;
  }
});
