// A real transformers.js engine in Node for unit tests and evaluations: model files are downloaded
// by Locus's own downloader from a local model host serving ../shared/models, into a temp store.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireModel, transformersFiles, type Dtype } from '../../lib/catalog/catalog';
import { TransformersEngine, configureTransformers } from '../../lib/engines/transformers-engine';
import { VerifiedFileCache } from '../../lib/engines/verified-file-cache';
import { downloadModelFiles } from '../../lib/model-files/download';
import { FsModelStore } from './fs-store';
import { startModelHost } from './model-host.mjs';
import { sharedPath } from './shared-data.mjs';

/** `allLogits`: serve the decoder as downloaded (the product serves chat decoders with last-position logits). */
export async function nodeEngine(modelId = 'stories260K', dtype: Dtype = 'q4', options: { allLogits?: boolean } = {}) {
  const host = await startModelHost({ roots: [sharedPath('models')] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'locus-store-'));
  const store = new FsModelStore(dir);
  const model = requireModel(modelId);
  await downloadModelFiles(
    { modelId, revision: model.revision, host: host.origin, files: transformersFiles(model, dtype) },
    { store, fetch: (url, init) => fetch(url, init) },
  );
  const cache = new VerifiedFileCache(store);
  cache.register(model.id, model.revision, { decoder: model.task === 'chat' && !options.allLogits });
  configureTransformers({ cache });
  const engine = new TransformersEngine(model, 'cpu', dtype);
  await engine.load();
  return {
    engine,
    cache,
    model,
    store,
    host,
    async dispose() {
      await engine.unload();
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
