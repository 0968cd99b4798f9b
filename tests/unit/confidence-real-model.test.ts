/**
 * Token confidence from the real transformers.js engine (stories260K in Node): the logits probe
 * sees one distribution per generated token, and its figures are well-formed. What counts as "low"
 * is the router's heuristic (router.test.ts); this proves the figures are real, not made up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engine-api/engine';
import { lowConfidence } from '../../lib/router/router';
import { nodeEngine } from '../support/node-engine';

let harness: Awaited<ReturnType<typeof nodeEngine>>;
let engine: Engine;
beforeAll(async () => {
  harness = await nodeEngine('stories260K', 'q4');
  engine = harness.engine;
});
afterAll(async () => {
  await harness?.dispose();
});

describe('confidence of a real generation', () => {
  it('is measured on every generated token', async () => {
    const result = await engine.generate({
      messages: [{ role: 'user', content: 'Once upon a time, there was a little girl named Lily.' }],
      maxNewTokens: 24,
    });
    const c = result.confidence!;
    expect(c).toBeDefined();
    expect(c.tokens).toBe(result.outputTokens);
    // stories260K has a 512-token vocabulary: entropy lies in [0, ln 512].
    expect(c.meanEntropy).toBeGreaterThanOrEqual(0);
    expect(c.meanEntropy).toBeLessThanOrEqual(Math.log(512) + 1e-6);
    expect(c.meanTop1).toBeGreaterThan(0);
    expect(c.meanTop1).toBeLessThanOrEqual(1);
    expect(c.meanTop2Gap).toBeGreaterThanOrEqual(0);
    expect(c.meanTop2Gap).toBeLessThanOrEqual(c.meanTop1);
    expect(c.lowGapShare).toBeGreaterThanOrEqual(0);
    expect(c.lowGapShare).toBeLessThanOrEqual(1);
    console.log(
      `stories260K greedy, 24 tokens: mean entropy ${c.meanEntropy.toFixed(3)} nats, mean top-2 gap ${c.meanTop2Gap.toFixed(3)}, low? ${lowConfidence(c)}`,
    );
  });
});
