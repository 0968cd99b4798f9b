/**
 * The engine host holds the library's embedding model next to the chat model: downloaded on first
 * use through the same verified downloader and network gate (progress events, files checked), the
 * real transformers.js feature extraction (onnxruntime-node) on the MiniLM stand-in with the
 * catalog's pooling, normalization and truncation; reused while it stays the settings' choice;
 * released with the chat model when the host goes idle; routed library tasks keep the host busy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireModel, type CatalogModel, type Dtype } from '../../lib/catalog/catalog';
import { NO_GPU } from '../../lib/catalog/device';
import { TransformersEmbedder } from '../../lib/engines/transformers-embedder';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import { configureTransformers } from '../../lib/engines/transformers-engine';
import type { EmbeddingChoice, EngineChoice } from '../../lib/engine-host/choose-engine';
import { EngineHost } from '../../lib/engine-host/engine-host';
import type { TaskEvent } from '../../lib/messaging/engine-protocol';
import { FsModelStore } from '../support/fs-store';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';
import { FakeEngine } from '../support/fake-engine';
import { ensureMinilmStandin, standinsDir } from '../support/library-standin.mjs';
import { startModelHost } from '../support/model-host.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const minilm = requireModel('Xenova/all-MiniLM-L6-v2'); // the catalog's default embedding model
let modelHost: Awaited<ReturnType<typeof startModelHost>>;
let dir: string;

beforeAll(async () => {
  ensureMinilmStandin();
  // The real catalog entry, served from the stand-in's files (same names; no checksums pinned yet).
  modelHost = await startModelHost({ roots: [sharedPath('models'), standinsDir] });
});
afterAll(async () => {
  await modelHost?.stop();
});
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function makeHost(overrides: Partial<Settings> = {}) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-embed-host-'));
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    modelHost: modelHost.origin,
    chatModel: 'stories260K',
    embeddingModel: 'auto',
    idleUnloadMinutes: 0,
    ...overrides,
  };
  const store = new FsModelStore(dir);
  const cache = new VerifiedFileCache(store);
  configureTransformers({ cache });
  const sent: string[] = [];
  const gate = createNetworkGate(async () => settings, {
    baseFetch: async (input, init) => {
      sent.push(String(input));
      return fetch(input, init);
    },
  });
  const embedders: TransformersEmbedder[] = [];
  const chats: FakeEngine[] = [];
  let closes = 0;
  const host = new EngineHost({
    readSettings: async () => ({ ...settings }),
    store,
    cache,
    gate,
    deviceProfile: async () => ({ gpu: NO_GPU, memoryGB: 8, cores: 2, freeStorageBytes: 50e9, chromeAiReady: false }),
    createEngine: (choice: EngineChoice) => {
      const m: CatalogModel = choice.model;
      const engine = new FakeEngine({ info: { modelId: m.id, modelName: m.name, contextWindow: m.contextWindow } });
      chats.push(engine);
      return engine;
    },
    // onnxruntime-node runs on the CPU in Node ('cpu'); the worker gives 'wasm' or 'webgpu'.
    createEmbedder: (choice: EmbeddingChoice) => {
      const embedder = new TransformersEmbedder(choice.model, 'cpu', choice.variant as Dtype);
      embedders.push(embedder);
      return embedder;
    },
    requestClose: () => {
      closes += 1;
    },
  });
  return { host, sent, embedders, chats, closes: () => closes, settings };
}

describe('EngineHost: the embedding model next to the chat model', () => {
  it('downloads through the gate with progress, loads, embeds with the catalog facts, and reuses it', async () => {
    const { host, sent, embedders } = makeHost();
    const events: TaskEvent[] = [];
    const signal = new AbortController().signal;
    const embedder = await host.runExclusive(() => host.prepareEmbedder((e) => events.push(e), signal));
    expect(embedder.info).toMatchObject({ modelId: minilm.id, dims: 384, maxTokens: 256, pooling: 'mean', normalize: true, dtype: 'q8' });
    expect(events.some((e) => e.kind === 'download')).toBe(true);
    expect(events.at(-1)).toMatchObject({ kind: 'loading', modelId: minilm.id, dtype: 'q8' });
    expect(sent.some((u) => u.endsWith('/onnx/model_quantized.onnx'))).toBe(true);
    expect(sent.every((u) => u.startsWith(modelHost.origin))).toBe(true);

    const [a, b, long] = await embedder.embed(['Plates move.', 'Plates move.', 'word '.repeat(2000)]);
    expect(a!.length).toBe(384);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5); // normalized
    expect([...b!]).toEqual([...a!]);
    expect(long!.length).toBe(384); // truncated at 256 tokens, not an error
    expect(await embedder.countTokens('Plate tectonics')).toBeGreaterThan(1);

    // Same settings: the loaded model is reused, nothing downloaded again.
    const before = sent.length;
    expect(await host.runExclusive(() => host.prepareEmbedder(() => undefined, signal))).toBe(embedder);
    expect(sent.length).toBe(before);
    expect(embedders).toHaveLength(1);
  });

  it('holds both models, and releases both when idle, then asks to be closed', async () => {
    const { host, embedders, chats, closes } = makeHost({ idleUnloadMinutes: 0.001 }); // 60 ms
    const signal = new AbortController().signal;
    await host.runExclusive(() => host.prepareEmbedder(() => undefined, signal));
    const release = host.hold();
    await host.runExclusive(() => host.prepareChat(() => undefined, signal));
    expect(embedders[0]!.loaded).toBe(true);
    expect(chats[0]!.loaded).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(embedders[0]!.loaded).toBe(true); // held: background work still running
    release();
    await new Promise((r) => setTimeout(r, 250));
    expect(embedders[0]!.loaded).toBe(false);
    expect(chats[0]!.loaded).toBe(false);
    expect(closes()).toBe(1);
  });

  it('routes library tasks and RPCs to the attached library', async () => {
    const { host } = makeHost();
    const seen: string[] = [];
    host.attachLibrary({
      handleLibraryTask: async (request, emit) => {
        seen.push(request.kind);
        emit({ kind: 'notice', message: 'ok', notice: { code: 'summary-combine-cut' } });
      },
      handleLibraryRpc: async (request) => {
        seen.push(request.method);
        return 42;
      },
    });
    const events: TaskEvent[] = [];
    await host.handle({ kind: 'library.ask', question: 'q', filter: {} }, (e) => events.push(e), new AbortController().signal);
    expect(await host.rpc({ method: 'library.status' })).toBe(42);
    expect(seen).toEqual(['library.ask', 'library.status']);
    expect(events).toEqual([{ kind: 'notice', message: 'ok', notice: { code: 'summary-combine-cut' } }]);
  });

  it('refuses a chat model as the embedding model', async () => {
    const { host } = makeHost({ embeddingModel: 'stories260K' });
    await expect(host.embeddingChoice()).rejects.toThrow(/not an embedding model/);
  });
});
