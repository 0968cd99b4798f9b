/**
 * The optional NER model end to end in Node, on a stand-in: the catalog's token-classification entry
 * (Xenova/bert-base-NER) served by a local model host from a tiny ONNX token classifier written by
 * the test (tests/support/ner-standin.ts), downloaded through the verified downloader and the network
 * gate, loaded by the real transformers.js pipeline on onnxruntime-node, its per-token output turned
 * into PERSON / LOCATION / ORGANIZATION placeholders. The stand-in's labels are fixed per word: this
 * proves the plumbing, not a model's quality.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, requireModel } from '../../lib/catalog/catalog';
import { configureTransformers } from '../../lib/engines/transformers-engine';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import { LocusError } from '../../lib/errors';
import { FsModelStore } from '../support/fs-store';
import { MemoryPinStore } from '../../lib/model-files/pins';
import { NerModel } from '../../lib/privacy/ner-model';
import { createNetworkGate } from '../../lib/privacy/network-gate';
import { redactWithNer } from '../../lib/privacy/pii';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';
import { startModelHost } from '../support/model-host.mjs';
import { writeNerStandin } from '../support/ner-standin';

const MODEL_ID = catalog.defaults.ner!;
let root: string;
let storeDir: string;
let host: Awaited<ReturnType<typeof startModelHost>>;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'locus-ner-host-'));
  storeDir = mkdtempSync(path.join(os.tmpdir(), 'locus-ner-store-'));
  writeNerStandin(root, MODEL_ID);
  host = await startModelHost({ roots: [root] });
});
afterAll(async () => {
  await host?.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

function setup(modelHost: string, dir = storeDir) {
  const settings: Settings = { ...DEFAULT_SETTINGS, modelHost };
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
  const progress: number[] = [];
  const pins = new MemoryPinStore();
  const model = new NerModel(requireModel(MODEL_ID), {
    store,
    register: (id, revision) => cache.register(id, revision),
    fetch: (url, init) => gate.fetch(url, init, 'model-download'),
    pins,
    modelHost: async () => settings.modelHost,
    device: 'cpu',
    onProgress: (p) => progress.push(p.loaded),
  });
  return { model, sent, progress, pins };
}

describe('the NER model option on a stand-in token classifier', () => {
  it('is a validated token-classification entry of the catalog', () => {
    const entry = requireModel(MODEL_ID);
    expect(entry.task).toBe('token-classification');
    expect(entry.ner).toEqual({ maxTokens: 512, labels: { PER: 'PERSON', LOC: 'LOCATION', ORG: 'ORGANIZATION' } });
    expect(() => new NerModel(requireModel(catalog.defaults.chat), {} as never)).toThrow(LocusError);
  });

  it('downloads through the gate, runs the real pipeline, and redacts what it tags', async () => {
    const { model, sent, progress, pins } = setup(host.origin);
    const recognizer = await model.recognizer();
    // Pinned on first use: the files come from the commit the host announced for 'main'.
    const commit = await host.commit(MODEL_ID);
    expect(sent.some((u) => u.endsWith(`/${MODEL_ID}/resolve/${commit}/onnx/model_quantized.onnx`))).toBe(true);
    // …and recorded in the pin store it was given (the worker's is kept across restarts).
    expect(await pins.get(MODEL_ID, requireModel(MODEL_ID).revision)).toMatchObject({ commit });
    expect(sent.some((u) => u.endsWith('/tokenizer.json'))).toBe(true);
    expect(progress.length).toBeGreaterThan(0);

    const text = 'Lan Nguyen met Minh Tran in Hanoi. Lan works for Acme Labs in Da Nang, the Euro zone aside.';
    const spans = await recognizer(text);
    expect(spans.map((s) => [s.entity, text.slice(s.start, s.end)])).toEqual([
      ['PERSON', 'Lan Nguyen'],
      ['PERSON', 'Minh Tran'],
      ['LOCATION', 'Hanoi'],
      ['PERSON', 'Lan'],
      ['ORGANIZATION', 'Acme Labs'],
      ['LOCATION', 'Da Nang'],
    ]); // MISC ("Euro") is not a label the catalog maps: left alone
    const r = await redactWithNer(`${text} Mail lan@uni.example.`, recognizer);
    expect(r.text).toBe(
      '[PERSON_1] met [PERSON_2] in [LOCATION_1]. [PERSON_3] works for [ORGANIZATION_1] in [LOCATION_2], the Euro zone aside. Mail [EMAIL_1].',
    );

    // Loaded once: a second proposal downloads nothing.
    const before = sent.length;
    await (
      await model.recognizer()
    )('Minh met Lan.');
    expect(sent.length).toBe(before);
  }, 120_000);

  it('fails with a clear error when the model cannot be downloaded, and works once it can be', async () => {
    const gone = await startModelHost({ roots: [] });
    const empty = mkdtempSync(path.join(os.tmpdir(), 'locus-ner-empty-'));
    try {
      const { model } = setup(gone.origin, empty);
      await gone.stop();
      await expect(model.recognizer()).rejects.toBeInstanceOf(LocusError);
      // Nothing half-downloaded is trusted: with the host back, the same store downloads and runs.
      const back = setup(host.origin, empty);
      await expect((await back.model.recognizer())('Minh met Lan.')).resolves.toHaveLength(2);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
