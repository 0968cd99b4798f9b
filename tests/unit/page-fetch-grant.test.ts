/**
 * Re-reading a page from its address (a PDF in the tab) passes the gate only for the tab the
 * student asked about, at the moment they asked: the background issues a short-lived grant for
 * that tab's URL (plus resource URLs Locus's own code derived from the page), and the gate checks
 * every 'page-fetch' against it. Without a grant, for another URL, or once it expired: refused.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

const sent: unknown[] = [];
const tabs = new Map<number, { id: number; url: string; title: string }>();
vi.mock('../../lib/platform/extension-api', () => ({
  browser: {
    runtime: {
      sendMessage: async (message: unknown) => {
        sent.push(message);
        return {
          ok: true,
          value: {
            url: 'x',
            title: 't',
            lang: '',
            dir: 'ltr',
            text: 'pdf text',
            source: 'pdf',
            truncated: false,
            originalLength: 8,
            framesIncluded: 0,
          },
        };
      },
      getURL: (p: string) => `chrome-extension://locus${p}`,
      getContexts: async () => [],
    },
    tabs: { get: async (id: number) => tabs.get(id) },
    extension: { isAllowedFileSchemeAccess: async () => true },
  },
}));
// The engine document is already open (lib/platform/engine-document.ts: Chrome's offscreen document).
vi.mock('../../lib/platform/engine-document', () => ({
  hasEngineDocument: async () => true,
  createEngineDocument: async () => undefined,
  closeEngineDocument: async () => undefined,
}));

import { captureTab } from '../../lib/background/capture-tab';
import { LocusError } from '../../lib/errors';
import { fetchPdfBytes } from '../../lib/pdf/offscreen-pdf-service';
import { FETCH_GRANT_TTL_MS, grantCovers, issueFetchGrant } from '../../lib/privacy/fetch-grant';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';

const PDF = 'https://uni.example/readings/week3.pdf';
const NOW = 1_800_000_000_000;

function rig() {
  const calls: string[] = [];
  const gate = createNetworkGate(async () => DEFAULT_SETTINGS, {
    baseFetch: async (input) => {
      calls.push(String(input));
      return new Response('%PDF-1.4', { headers: { 'content-type': 'application/pdf' } });
    },
    now: () => NOW + 1000,
  });
  return { gate, calls };
}

async function refusal(promise: Promise<unknown>): Promise<LocusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocusError);
  return error as LocusError;
}

describe("'page-fetch' through the gate", () => {
  it('is refused without a grant, whatever the address', async () => {
    const { gate, calls } = rig();
    for (const url of [PDF, 'https://evil.example/steal', 'http://127.0.0.1:8080/admin']) {
      const error = await refusal(gate.fetch(url, undefined, 'page-fetch'));
      expect(error.code, url).toBe('not-allowed');
    }
    expect(calls).toEqual([]);
  });

  it("passes for the granted tab's address only, while the grant is fresh", async () => {
    const { gate, calls } = rig();
    const grant = issueFetchGrant({ id: 7, url: PDF }, { now: NOW });
    await gate.fetch(PDF, undefined, 'page-fetch', { grant });
    // The fragment is not part of what is fetched.
    await gate.fetch(`${PDF}`, undefined, 'page-fetch', { grant: issueFetchGrant({ id: 7, url: `${PDF}#page=3` }, { now: NOW }) });
    expect(calls).toEqual([PDF, PDF]);
    for (const url of ['https://uni.example/readings/week4.pdf', 'https://evil.example/x.pdf', `${PDF}?download=1`]) {
      expect((await refusal(gate.fetch(url, undefined, 'page-fetch', { grant }))).code, url).toBe('not-allowed');
    }
    const stale = issueFetchGrant({ id: 7, url: PDF }, { now: NOW - FETCH_GRANT_TTL_MS - 5000 });
    expect((await refusal(gate.fetch(PDF, undefined, 'page-fetch', { grant: stale }))).message).toMatch(/expired|asked/);
    expect(calls).toHaveLength(2);
  });

  it('covers resource URLs listed when it was issued (a video caption file, an image), and nothing else', () => {
    const grant = issueFetchGrant(
      { id: 3, url: 'https://video.example/watch?v=abc' },
      { now: NOW, resources: ['https://video.example/api/captions?v=abc&lang=en'] },
    );
    expect(grantCovers(grant, 'https://video.example/watch?v=abc', NOW)).toBe(true);
    expect(grantCovers(grant, 'https://video.example/api/captions?v=abc&lang=en', NOW)).toBe(true);
    expect(grantCovers(grant, 'https://video.example/api/captions?v=abc&lang=vi', NOW)).toBe(false);
    expect(grantCovers(grant, 'https://video.example/watch?v=abc', NOW + FETCH_GRANT_TTL_MS + 1)).toBe(false);
    expect(() => issueFetchGrant({ id: 3, url: 'https://video.example/' }, { resources: ['javascript:alert(1)'] })).toThrow();
    expect(() => issueFetchGrant({ id: 3, url: 'chrome://settings' })).toThrow();
  });

  it('the PDF reader hands the grant it was given to the gate', async () => {
    const seen: Array<[string, unknown]> = [];
    const grant = issueFetchGrant({ id: 1, url: PDF }, { now: NOW });
    await fetchPdfBytes(
      PDF,
      {
        gate: {
          fetch: async (url, _init, purpose, extra) => {
            seen.push([`${url} ${purpose}`, extra?.grant]);
            return new Response('%PDF-1.4', { headers: { 'content-type': 'application/pdf' } });
          },
        },
        readLocalFile: async () => new ArrayBuffer(0),
      },
      grant,
    );
    expect(seen).toEqual([[`${PDF} page-fetch`, grant]]);
  });
});

describe('the background issues the grant', () => {
  it("for the PDF tab the student asked about: that tab's URL, now", async () => {
    tabs.set(12, { id: 12, url: PDF, title: 'Week 3' });
    sent.length = 0;
    const before = Date.now();
    await captureTab(12);
    const message = sent.find((m) => (m as { type?: string }).type === 'pdf.extract') as
      { url: string; page: { tabId: number; pageUrl: string; issuedAt: number; expiresAt: number; resources: string[] } } | undefined;
    expect(message?.url).toBe(PDF);
    expect(message?.page).toMatchObject({ tabId: 12, pageUrl: PDF, resources: [] });
    expect(message!.page.issuedAt).toBeGreaterThanOrEqual(before);
    expect(message!.page.expiresAt - message!.page.issuedAt).toBeLessThanOrEqual(FETCH_GRANT_TTL_MS);
  });
});
