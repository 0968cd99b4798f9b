/**
 * The prompt pass with last-position logits only (lib/engines/onnx-last-logits.ts), on real ONNX
 * Runtime (onnxruntime-node): the rewritten decoder gives the last position's logits and the KV
 * cache of the original, on the real stories260K exports (fp32, fp16, q4, q4f16, int8) and on the
 * SmolLM2-135M stand-ins (~/.cache/locus/standins, written by ../shared/tools/make-standins.py).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { joinPieces, lastPositionLogits } from '../../lib/engines/onnx-last-logits';
import { MessageWriter } from '../../lib/engines/onnx-wire';
import { sharedPath } from '../support/shared-data.mjs';

const STORIES = sharedPath('models/stories260K');
const STANDINS = path.resolve(process.env.LOCUS_STANDINS_DIR ?? path.join(os.homedir(), '.cache/locus/standins'));
const SMOLLM2 = path.join(STANDINS, 'HuggingFaceTB/SmolLM2-135M-Instruct');

interface Shape {
  layers: number;
  kvHeads: number;
  headDim: number;
}

function shapeOf(dir: string): Shape {
  const c = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, number>;
  return { layers: c.num_hidden_layers ?? 0, kvHeads: c.num_key_value_heads ?? 0, headDim: c.head_dim ?? 0 };
}

/** One prompt pass with an empty KV cache: the logits and the first layer's keys. */
async function promptPass(bytes: Uint8Array, ids: number[], shape: Shape, halfCache: boolean) {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', intraOpNumThreads: 2 });
  try {
    const n = ids.length;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, n]),
    };
    const empty = [1, shape.kvHeads, 0, shape.headDim];
    for (let layer = 0; layer < shape.layers; layer++)
      for (const kind of ['key', 'value'])
        feeds[`past_key_values.${layer}.${kind}`] = halfCache
          ? new ort.Tensor('float16', new Uint16Array(0), empty)
          : new ort.Tensor('float32', new Float32Array(0), empty);
    const out = await session.run(feeds);
    const logits = out.logits as ort.Tensor;
    const keys = out['present.0.key'] as ort.Tensor;
    return { dims: logits.dims, logits: Float32Array.from(logits.data as Float32Array), keys: Array.from(keys.data as ArrayLike<number>) };
  } finally {
    await session.release();
  }
}

async function compare(file: string, ids: number[], shape: Shape, halfCache: boolean) {
  const original = new Uint8Array(readFileSync(file));
  const edit = lastPositionLogits(original);
  if (!edit.changed) throw new Error(`${file} was not rewritten: ${edit.reason}`);
  const rewritten = joinPieces(original, edit.pieces);
  expect(rewritten.length).toBe(edit.size);
  // Every weight byte is a range of the original file: only a few hundred bytes are new.
  const fresh = edit.pieces.reduce((sum, p) => sum + (p instanceof Uint8Array ? p.length : 0), 0);
  expect(fresh).toBeLessThan(2_000);

  const before = await promptPass(original, ids, shape, halfCache);
  const after = await promptPass(rewritten, ids, shape, halfCache);
  const vocab = before.dims[2] ?? 0;
  expect(before.dims).toEqual([1, ids.length, vocab]);
  expect(after.dims).toEqual([1, 1, vocab]);
  const last = before.logits.subarray((ids.length - 1) * vocab);
  const off: number[] = [];
  for (let i = 0; i < vocab; i++) {
    const want = last[i] ?? 0;
    if (Math.abs(want - (after.logits[i] ?? 0)) > tolerance(want, halfCache)) off.push(i);
  }
  expect(off).toEqual([]);
  expect(argmax(after.logits)).toBe(argmax(last));
  expect(after.keys).toEqual(before.keys); // the rest of the graph is untouched
  return { op: edit.lmHead };
}

/**
 * 1e-5 in float32. A float16 graph's MatMulNBits takes another kernel for one row than for many
 * (its sums are rounded to float16 in another order), so there one float16 step of the value.
 */
function tolerance(value: number, half: boolean): number {
  return half ? Math.max(1e-5, 2 ** (Math.floor(Math.log2(Math.abs(value) || 1)) - 10)) : 1e-5;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

describe('last-position logits on the real stories260K exports', () => {
  const tokenizer = new Tokenizer(
    JSON.parse(readFileSync(path.join(STORIES, 'tokenizer.json'), 'utf8')) as object,
    JSON.parse(readFileSync(path.join(STORIES, 'tokenizer_config.json'), 'utf8')) as object,
  );
  const ids = tokenizer.encode('Once upon a time, there was a little girl named Lily. She loved to play outside in the park.').ids;

  it.each([
    ['model.onnx', 'MatMul', false],
    ['model_fp16.onnx', 'MatMul', true],
    ['model_q4.onnx', 'MatMulNBits', false],
    ['model_q4f16.onnx', 'MatMulNBits', true],
    ['model_quantized.onnx', 'MatMulInteger', false],
  ] as const)('%s: the same last-position logits and KV cache, from a %s fed one row', async (file, op, half) => {
    expect(ids.length).toBeGreaterThan(10);
    const result = await compare(path.join(STORIES, 'onnx', file), ids, shapeOf(STORIES), half);
    expect(result.op).toBe(op);
  });
});

describe.skipIf(!existsSync(path.join(SMOLLM2, 'onnx/model_q4.onnx')))('last-position logits on the SmolLM2-135M stand-ins', () => {
  // The stand-in's tokenizer is synthetic: a fixed run of token ids is the prompt.
  const ids = Array.from({ length: 96 }, (_, i) => 1 + ((i * 7919) % 49_000));
  it.each([
    ['model_q4.onnx', 'MatMulNBits'],
    ['model.onnx', 'MatMul'],
  ] as const)('%s: the same last-position logits and KV cache (%s)', async (file, op) => {
    const full = path.join(SMOLLM2, 'onnx', file);
    if (!existsSync(full)) throw new Error(`missing stand-in ${full}: run ../shared/tools/make-standins.py`);
    const result = await compare(full, ids, shapeOf(SMOLLM2), false);
    expect(result.op).toBe(op);
  });
});

describe('a model without the pattern comes back unchanged, with the reason', () => {
  const stories = new Uint8Array(readFileSync(path.join(STORIES, 'onnx/model.onnx')));

  it('an encoder with no logits output', () => {
    const minilm = path.join(STANDINS, 'Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx');
    if (!existsSync(minilm)) throw new Error(`missing stand-in ${minilm}: run ../shared/tools/make-standins.py`);
    expect(lastPositionLogits(new Uint8Array(readFileSync(minilm)))).toEqual({ changed: false, reason: 'no graph output named logits' });
  });

  it('a model already rewritten, bytes that are not a model, an empty file', () => {
    const edit = lastPositionLogits(stories);
    if (!edit.changed) throw new Error(edit.reason);
    expect(lastPositionLogits(joinPieces(stories, edit.pieces))).toEqual({ changed: false, reason: 'already rewritten' });
    const cut = lastPositionLogits(stories.subarray(0, 5_000));
    expect(cut.changed).toBe(false);
    expect(lastPositionLogits(new TextEncoder().encode('<html>not found</html>')).changed).toBe(false);
    expect(lastPositionLogits(new Uint8Array(0))).toEqual({ changed: false, reason: 'no graph' });
  });
});

/** A tiny decoder-shaped graph, written with the same wire helpers: hidden [1, seq, 4] x W [4, 3] -> logits. */
function tinyModel(options: { op?: 'MatMul' | 'Gemm'; extraInput?: string; external?: boolean } = {}): Uint8Array {
  const dim = (d: number | string) =>
    (typeof d === 'number' ? new MessageWriter().varint(1, d) : new MessageWriter().string(2, d)).finish();
  const valueInfo = (name: string, elem: number, dims: Array<number | string>) => {
    const shape = new MessageWriter();
    for (const d of dims) shape.bytes(1, dim(d));
    const tensorType = new MessageWriter().varint(1, elem).bytes(2, shape.finish()).finish();
    return new MessageWriter().string(1, name).bytes(2, new MessageWriter().bytes(1, tensorType).finish()).finish();
  };
  const weights = new MessageWriter().varint(1, 4).varint(1, 3).varint(2, 1).string(8, 'W');
  if (options.external) {
    const entry = new MessageWriter().string(1, 'location').string(2, 'model.onnx_data').finish();
    weights.bytes(13, entry).varint(14, 1);
  } else weights.bytes(9, new Uint8Array(Float32Array.from({ length: 12 }, (_, i) => (i - 5) / 7).buffer));
  const node = new MessageWriter()
    .string(1, 'hidden')
    .string(1, 'W')
    .string(2, 'logits')
    .string(3, 'lm_head')
    .string(4, options.op ?? 'MatMul')
    .finish();
  const graph = new MessageWriter().bytes(1, node).string(2, 'tiny').bytes(5, weights.finish());
  graph.bytes(11, valueInfo('hidden', 1, ['batch_size', 'sequence_length', 4]));
  if (options.extraInput) graph.bytes(11, valueInfo(options.extraInput, 7, []));
  graph.bytes(12, valueInfo('logits', 1, ['batch_size', 'sequence_length', 3]));
  const opset = new MessageWriter().string(1, '').varint(2, 17).finish();
  return new MessageWriter().varint(1, 8).bytes(7, graph.finish()).bytes(8, opset).finish();
}

describe('the pattern on a tiny graph', () => {
  it('is rewritten: logits [1, 1, 3], equal to the last row of the original, the declared shape left symbolic', async () => {
    const bytes = tinyModel();
    const edit = lastPositionLogits(bytes);
    if (!edit.changed) throw new Error(edit.reason);
    const hidden = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 20 }, (_, i) => Math.sin(i)),
      [1, 5, 4],
    );
    const run = async (model: Uint8Array) => {
      const session = await ort.InferenceSession.create(model);
      const out = (await session.run({ hidden })).logits as ort.Tensor;
      await session.release();
      return out;
    };
    const before = await run(bytes);
    const after = await run(joinPieces(bytes, edit.pieces));
    expect(before.dims).toEqual([1, 5, 3]);
    expect(after.dims).toEqual([1, 1, 3]);
    expect(Array.from(after.data as Float32Array)).toEqual(Array.from((before.data as Float32Array).subarray(12)));
  });

  it('is left alone with num_logits_to_keep, with external data, or behind a Gemm', () => {
    expect(lastPositionLogits(tinyModel({ extraInput: 'num_logits_to_keep' }))).toEqual({
      changed: false,
      reason: 'the model already has num_logits_to_keep',
    });
    expect(lastPositionLogits(tinyModel({ external: true }))).toEqual({ changed: false, reason: 'weights in external data' });
    expect(lastPositionLogits(tinyModel({ op: 'Gemm' }))).toEqual({ changed: false, reason: 'logits come from Gemm, not a MatMul' });
  });
});
