/**
 * The product's engine path (downloader -> verified store -> VerifiedFileCache -> transformers.js on
 * onnxruntime-node) with the chat decoder served rewritten for last-position logits: the store keeps
 * the downloaded bytes, transformers.js gets the edited graph, and the real stories260K writes the
 * same greedy text as with the graph as downloaded.
 */
import { describe, expect, it } from 'vitest';
import { transformersFiles } from '../../lib/catalog/catalog';
import type { ChatMessage } from '../../lib/engine-api/engine';
import { nodeEngine } from '../support/node-engine';

const STORY: ChatMessage[] = [{ role: 'user', content: 'Once upon a time, there was a little girl named Lily. She loved to play' }];

async function greedy(dtype: 'fp32' | 'q4', allLogits: boolean) {
  const harness = await nodeEngine('stories260K', dtype, { allLogits });
  try {
    const file = transformersFiles(harness.model, dtype).find((f) => /^onnx\/model[^/]*\.onnx$/.test(f.path));
    if (!file) throw new Error(`no decoder file for ${dtype}`);
    const key = { modelId: harness.model.id, revision: harness.model.revision, path: file.path };
    const stored = await harness.store.read(key);
    const served = await harness.cache.match(`/models/${harness.model.id}/${file.path}`);
    const result = await harness.engine.generate({ messages: STORY, maxNewTokens: 40 });
    return { text: result.text, storedSize: stored?.size ?? 0, servedSize: Number(served?.headers.get('content-length')) };
  } finally {
    await harness.dispose();
  }
}

describe.each(['fp32', 'q4'] as const)('stories260K (%s) through the engine path', (dtype) => {
  it('writes the same greedy text from the rewritten decoder as from the downloaded one', async () => {
    const asDownloaded = await greedy(dtype, true);
    const rewritten = await greedy(dtype, false);
    expect(asDownloaded.servedSize).toBe(asDownloaded.storedSize);
    // The store keeps what was downloaded (and verified); only what transformers.js reads is edited.
    expect(rewritten.storedSize).toBe(asDownloaded.storedSize);
    expect(rewritten.servedSize).toBeGreaterThan(rewritten.storedSize);
    expect(rewritten.servedSize - rewritten.storedSize).toBeLessThan(2_000);
    expect(asDownloaded.text.split(/\s+/).length).toBeGreaterThan(10);
    expect(rewritten.text).toBe(asDownloaded.text);
  });
});
