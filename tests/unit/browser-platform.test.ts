// Firefox's limits as the panel states them (lib/platform/browser-limits.ts) and the storage check
// behind the private-window notice (lib/platform/storage-check.ts): the rules, and the probe run
// against a real IndexedDB implementation (fake-indexeddb) and one that refuses to open.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { browserLimits, processorThreads, type BrowserFacts } from '../../lib/platform/browser-limits';
import { probeStorage, storageVerdict } from '../../lib/platform/storage-check';

const incognito = vi.hoisted(() => ({ value: false }));
vi.mock('../../lib/platform/extension-api', () => ({
  browser: {
    extension: {
      get inIncognitoContext() {
        return incognito.value;
      },
    },
  },
}));

const FIREFOX_HERE: BrowserFacts = { firefox: true, crossOriginIsolated: false, sharedArrayBuffer: false, webgpu: false, cores: 2 };
const CHROME_HERE: BrowserFacts = { firefox: false, crossOriginIsolated: true, sharedArrayBuffer: true, webgpu: true, cores: 2 };

describe('browser limits', () => {
  test('Firefox as measured here: no built-in AI, no web-llm, sidebar, background page, one thread, no WebGPU', () => {
    const ids = browserLimits(FIREFOX_HERE).map((l) => l.id);
    expect(ids).toEqual(['chrome-ai', 'web-llm', 'sidebar', 'background', 'threads', 'webgpu']);
    const threads = browserLimits(FIREFOX_HERE).find((l) => l.id === 'threads')!;
    expect(threads.title).toBe('Models use 1 of this computer’s 2 processor cores.');
  });

  test('threads: as many as the engine asks for (up to 4) only with cross-origin isolation and SharedArrayBuffer', () => {
    expect(processorThreads(CHROME_HERE)).toBe(2);
    expect(processorThreads({ ...CHROME_HERE, cores: 16 })).toBe(4);
    expect(processorThreads({ ...CHROME_HERE, crossOriginIsolated: false })).toBe(1);
    expect(processorThreads({ ...CHROME_HERE, sharedArrayBuffer: false })).toBe(1);
    expect(processorThreads({ ...CHROME_HERE, cores: 0 })).toBe(1);
  });

  test('Chrome with isolation and WebGPU: nothing to list; one core: no thread complaint', () => {
    expect(browserLimits(CHROME_HERE)).toEqual([]);
    expect(browserLimits({ ...CHROME_HERE, webgpu: false }).map((l) => l.id)).toEqual(['webgpu']);
    expect(browserLimits({ ...FIREFOX_HERE, cores: 1 }).map((l) => l.id)).not.toContain('threads');
  });

  test('every limit is worded for a student: a sentence and its reason', () => {
    for (const l of browserLimits(FIREFOX_HERE)) {
      expect(l.title).toMatch(/^[A-Z].*\.$/);
      expect(l.detail).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('storage verdict', () => {
  test('a normal window with IndexedDB and OPFS: nothing to say', () => {
    expect(storageVerdict({ privateWindow: false, indexedDb: 'ok', opfs: 'ok' })).toEqual({ kind: 'ok' });
  });

  test('a private window with working storage: it is kept only until the window closes', () => {
    const v = storageVerdict({ privateWindow: true, indexedDb: 'ok', opfs: 'ok' });
    expect(v.kind).toBe('temporary');
    expect(v.kind !== 'ok' && v.title).toMatch(/private window.*forgotten when you close it/);
  });

  test('a private window without IndexedDB or OPFS: Locus cannot save, and says where it can', () => {
    const v = storageVerdict({ privateWindow: true, indexedDb: 'failed', opfs: 'failed' });
    expect(v).toMatchObject({ kind: 'unavailable' });
    expect(v.kind !== 'ok' && v.title).toBe(
      'Locus cannot save your library, flashcards and settings or downloaded models in this private window.',
    );
    expect(v.kind !== 'ok' && v.detail).toMatch(/normal window/);
  });

  test('a normal window whose OPFS is missing: only the models are named', () => {
    const v = storageVerdict({ privateWindow: false, indexedDb: 'ok', opfs: 'missing' });
    expect(v.kind !== 'ok' && v.title).toBe('Locus cannot save downloaded models in this window.');
  });
});

describe('storage probe', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    incognito.value = false;
  });

  test('Node without IndexedDB or OPFS: both missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(await probeStorage()).toEqual({ privateWindow: false, indexedDb: 'missing', opfs: 'missing' });
  });

  test('a real IndexedDB and an OPFS root: ok, in a private window', async () => {
    const { indexedDB } = await import('fake-indexeddb');
    vi.stubGlobal('indexedDB', indexedDB);
    vi.stubGlobal('navigator', { storage: { getDirectory: () => Promise.resolve({ kind: 'directory' }) } });
    incognito.value = true;
    expect(await probeStorage()).toEqual({ privateWindow: true, indexedDb: 'ok', opfs: 'ok' });
    // The probe leaves no database behind.
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('locus-storage-check');
  });

  test('storage that refuses (as Firefox private windows without storage do): failed', async () => {
    const refusing = {
      open() {
        const request: { error: Error; onerror?: () => void; onsuccess?: () => void } = {
          error: new DOMException('A mutation operation was attempted', 'InvalidStateError'),
        };
        queueMicrotask(() => request.onerror?.());
        return request;
      },
    };
    vi.stubGlobal('indexedDB', refusing);
    vi.stubGlobal('navigator', { storage: { getDirectory: () => Promise.reject(new DOMException('Security error', 'SecurityError')) } });
    expect(await probeStorage()).toEqual({ privateWindow: false, indexedDb: 'failed', opfs: 'failed' });
  });
});
