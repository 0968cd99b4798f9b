/**
 * Redirects through the network gate, against real HTTP servers on the loopback interface (Node's
 * fetch follows redirects the way a browser's does): a consented cloud request that gets a
 * 307/308 must not re-send the consented body anywhere else; a model download may follow the
 * model host's redirects only to its file servers (the configured host's own name, or the Hugging
 * Face hub's listed file CDNs), never to another host.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LocusError } from '../../lib/errors';
import type { AuditEntry, CloudAuditor } from '../../lib/privacy/audit';
import { sha256Hex, type CloudConsent } from '../../lib/privacy/consent';
import { createNetworkGate, isModelFileHost } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

interface Seen {
  method: string;
  url: string;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server on `address` that records what it receives and answers with `respond`. */
async function serve(address: string, respond: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      respond(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return { origin: `http://${address}:${(server.address() as AddressInfo).port}`, seen };
}

async function refusal(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

const BODY = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'My essay draft about rivers.' }], stream: true });

describe('a consented cloud request that is redirected', () => {
  for (const status of [307, 308, 302]) {
    it(`HTTP ${status} to another port: the body goes nowhere else, and the student reads why`, async () => {
      const elsewhere = await serve('127.0.0.1', (_req, res) =>
        res.writeHead(200, { 'Content-Type': 'text/event-stream' }).end('data: [DONE]\n\n'),
      );
      const provider = await serve('127.0.0.1', (_req, res) =>
        res.writeHead(status, { Location: `${elsewhere.origin}/v1/chat/completions` }).end(),
      );
      const url = `${provider.origin}/v1/chat/completions`;
      const audit: Array<AuditEntry & { outcome?: string; status?: number }> = [];
      const auditor: CloudAuditor = {
        async before(entry) {
          audit.push({ ...entry });
          return audit.length;
        },
        async after(id, outcome, code) {
          Object.assign(audit[id - 1]!, { outcome, status: code });
        },
      };
      const settings: Settings = { ...DEFAULT_SETTINGS, privacyMode: false };
      const gate = createNetworkGate(async () => settings, { auditor });
      const consent: CloudConsent = {
        id: 'c1',
        kind: 'once',
        trigger: 'student',
        url,
        bodySha256: await sha256Hex(BODY),
        providerId: 'p',
        providerName: 'Local test provider',
        model: 'm',
        site: '',
        redactions: {},
        grantedAt: Date.now(),
      };
      const error = await refusal(
        gate.fetch(url, { method: 'POST', body: BODY, headers: { 'Content-Type': 'application/json' } }, 'cloud', { consent }),
      );
      expect(error.code).toBe('cloud-failed');
      expect(error.message).toMatch(/redirect/i);
      expect(error.message).toMatch(/nothing was sent there/i);
      // The provider got the consented body once; the other address got nothing at all.
      expect(provider.seen).toEqual([{ method: 'POST', url: '/v1/chat/completions', body: BODY }]);
      expect(elsewhere.seen).toEqual([]);
      await new Promise((r) => setTimeout(r, 0));
      expect(audit[0]).toMatchObject({ outcome: 'failed' });
    });
  }
});

describe('model downloads and redirects', () => {
  it("follow the model host's redirect to its own file server (same host name, another port)", async () => {
    const cdn = await serve('127.0.0.1', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end('weights'));
    const host = await serve('127.0.0.1', (req, res) => res.writeHead(302, { Location: `${cdn.origin}/blobs/abc${req.url}` }).end());
    const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, modelHost: host.origin }));
    const response = await gate.fetch(`${host.origin}/m/resolve/main/model.onnx`, undefined, 'model-download');
    expect(await response.text()).toBe('weights');
    expect(cdn.seen).toHaveLength(1);
  });

  it('refuse a redirect to any other host, and use nothing it answered', async () => {
    // 127.0.0.2 is loopback too, but another host than the configured 127.0.0.1.
    const other = await serve('127.0.0.2', (_req, res) => res.writeHead(200).end('not the weights'));
    const host = await serve('127.0.0.1', (_req, res) => res.writeHead(302, { Location: `${other.origin}/x.onnx` }).end());
    const gate = createNetworkGate(async () => ({ ...DEFAULT_SETTINGS, modelHost: host.origin }));
    const error = await refusal(gate.fetch(`${host.origin}/m/resolve/main/model.onnx`, undefined, 'model-download'));
    expect(error.code).toBe('not-allowed');
    expect(error.message).toContain('127.0.0.2');
  });

  it("the hub's file servers are a fixed list; look-alikes are not on it", () => {
    const hub = 'https://huggingface.co';
    for (const url of [
      'https://huggingface.co/m/resolve/abc/model.onnx',
      'https://cdn-lfs.hf.co/repos/aa/bb/cc',
      'https://cdn-lfs-us-1.hf.co/repos/aa/bb/cc',
      'https://cdn-lfs.huggingface.co/repos/aa/bb/cc',
      'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc',
      'https://transfer.xethub.hf.co/abc',
      'https://us.aws.cdn.hf.co/xet-bridge-us/abc',
      'https://us-east-1.aws.cdn.hf.co/xet-bridge-us/abc',
    ]) {
      expect(isModelFileHost(url, hub), url).toBe(true);
    }
    for (const url of [
      'http://cdn-lfs.hf.co/repos/aa', // not https
      'https://cdn-lfs.hf.co.evil.example/x',
      'https://evilhf.co/x',
      'https://evil.example/https://cdn-lfs.hf.co/',
      'https://hf.co.evil.example/x',
      'https://raw.githubusercontent.com/x/y/main/z.onnx',
    ]) {
      expect(isModelFileHost(url, hub), url).toBe(false);
    }
    // A school mirror: its own host name (any port) and its subdomains, nothing else.
    const mirror = 'https://models.school.example';
    expect(isModelFileHost('https://models.school.example/m/resolve/main/x', mirror)).toBe(true);
    expect(isModelFileHost('https://files.models.school.example/blob/1', mirror)).toBe(true);
    expect(isModelFileHost('https://cdn-lfs.hf.co/repos/aa', mirror)).toBe(false);
    expect(isModelFileHost('https://school.example/x', mirror)).toBe(false);
  });
});
