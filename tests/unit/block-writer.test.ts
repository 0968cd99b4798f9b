/** The download's block writer: the bytes written are the bytes pushed, in order, in few writes. */
import { describe, expect, it } from 'vitest';
import { BlockWriter } from '../../lib/model-files/block-writer';
import type { FileSink } from '../../lib/model-files/store';

function recordingSink(fail?: (n: number) => Error | undefined) {
  const writes: Uint8Array[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink: FileSink = {
    write: async (chunk: Uint8Array) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight -= 1;
      const error = fail?.(writes.length);
      if (error) throw error;
      writes.push(chunk.slice());
    },
    commit: async () => undefined,
    abort: async () => undefined,
  } as unknown as FileSink;
  return { sink, writes, maxInFlight: () => maxInFlight };
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

describe('BlockWriter', () => {
  it('writes the pushed bytes in order, in blocks of its size, one write at a time', async () => {
    const { sink, writes, maxInFlight } = recordingSink();
    const writer = new BlockWriter(sink, 1000);
    const pushed = [bytes(300), bytes(999, 2), bytes(1), bytes(2500, 3), bytes(7, 4)];
    for (const p of pushed) await writer.push(p);
    await writer.flush();
    expect(concat(writes)).toEqual(concat(pushed));
    expect(writes.map((w) => w.byteLength)).toEqual([1000, 1000, 1000, 807]);
    expect(maxInFlight()).toBe(1);
  });

  it('flush writes a partial block; flushing again writes nothing more', async () => {
    const { sink, writes } = recordingSink();
    const writer = new BlockWriter(sink, 1000);
    await writer.push(bytes(10));
    await writer.flush();
    await writer.flush();
    expect(writes.map((w) => w.byteLength)).toEqual([10]);
  });

  it('a failed write is thrown by the next push or flush; discard drops what was not written', async () => {
    const { sink, writes } = recordingSink((n) => (n === 1 ? new DOMException('full', 'QuotaExceededError') : undefined));
    const writer = new BlockWriter(sink, 100);
    await writer.push(bytes(200)); // two blocks: the first written, the second in flight (fails)
    await expect(writer.flush()).rejects.toThrow(/full/);
    expect(writes).toHaveLength(1);
    await writer.push(bytes(50));
    await writer.discard();
    expect(writes).toHaveLength(1);
  });

  it('on a slow link, writes what arrived once it is a second old, so a closed browser loses at most that', async () => {
    const { sink, writes } = recordingSink();
    let clock = 0;
    const writer = new BlockWriter(sink, 1000, 1000, () => clock);
    await writer.push(bytes(100)); // t=0
    clock = 600;
    await writer.push(bytes(100, 2));
    expect(writes).toHaveLength(0);
    clock = 1000;
    await writer.push(bytes(50, 3)); // the first bytes are 1 s old: written
    await writer.flush();
    expect(writes.map((w) => w.byteLength)).toEqual([250]);
    clock = 1100;
    await writer.push(bytes(10, 4)); // a new block starts its own clock
    await writer.flush();
    expect(writes.map((w) => w.byteLength)).toEqual([250, 10]);
  });
});
