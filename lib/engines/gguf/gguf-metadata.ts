/**
 * Reads the metadata (key/value) section of a GGUF file from a Blob: the tokenizer, the chat
 * template and the model's shape travel in it, and llama.cpp in WebAssembly (wllama 3) does not hand
 * them out. Written here rather than taken from @huggingface/gguf, which reads by HTTP Range requests
 * through `fetch` (Locus's files are Blobs in its own verified store, and only the network gate may
 * fetch) and pulls in @huggingface/tasks.
 *
 * Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (little endian; v2 and v3).
 */

export type GgufValue = number | bigint | boolean | string | GgufValue[];

/** GGUF's value types, numbered as the format numbers them: a table from the spec, not logic. */
const enum T {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
}

const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

export interface GgufMetadata {
  version: number;
  tensorCount: number;
  /** Every key/value of the file, in file order. */
  values: Map<string, GgufValue>;
}

/** Sequential reads over a Blob, a few MiB at a time (a vocabulary of 150k tokens is ~3 MB). */
class BlobReader {
  #buffer = new Uint8Array(0);
  #view = new DataView(this.#buffer.buffer);
  #start = 0; // file offset of #buffer[0]
  #at = 0; // file offset of the next byte
  readonly #decoder = new TextDecoder('utf-8');

  constructor(
    private readonly blob: Blob,
    private readonly chunk = 4 << 20,
  ) {}

  async #ensure(n: number): Promise<void> {
    const end = this.#start + this.#buffer.length;
    if (this.#at + n <= end) return;
    if (this.#at + n > this.blob.size) throw new Error('GGUF: the file ends inside its metadata (truncated or not a GGUF file)');
    const from = this.#at;
    const to = Math.min(this.blob.size, from + Math.max(n, this.chunk));
    this.#buffer = new Uint8Array(await this.blob.slice(from, to).arrayBuffer());
    this.#view = new DataView(this.#buffer.buffer);
    this.#start = from;
  }

  async fixed(type: number): Promise<number | bigint | boolean> {
    const size = FIXED_SIZE[type];
    if (size === undefined) throw new Error(`GGUF: unknown value type ${type}`);
    await this.#ensure(size);
    const o = this.#at - this.#start;
    this.#at += size;
    const v = this.#view;
    switch (type) {
      case T.U8:
        return v.getUint8(o);
      case T.I8:
        return v.getInt8(o);
      case T.U16:
        return v.getUint16(o, true);
      case T.I16:
        return v.getInt16(o, true);
      case T.U32:
        return v.getUint32(o, true);
      case T.I32:
        return v.getInt32(o, true);
      case T.F32:
        return v.getFloat32(o, true);
      case T.BOOL:
        return v.getUint8(o) !== 0;
      case T.U64:
        return v.getBigUint64(o, true);
      case T.I64:
        return v.getBigInt64(o, true);
      default:
        return v.getFloat64(o, true);
    }
  }

  async u32(): Promise<number> {
    return (await this.fixed(T.U32)) as number;
  }

  async u64(): Promise<number> {
    const n = (await this.fixed(T.U64)) as bigint;
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('GGUF: a length is too large');
    return Number(n);
  }

  async string(): Promise<string> {
    const length = await this.u64();
    await this.#ensure(length);
    const o = this.#at - this.#start;
    this.#at += length;
    return this.#decoder.decode(this.#buffer.subarray(o, o + length));
  }

  async value(type: number): Promise<GgufValue> {
    if (type === T.STRING) return this.string();
    if (type === T.ARRAY) {
      const inner = await this.u32();
      const count = await this.u64();
      const out: GgufValue[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = await this.value(inner);
      return out;
    }
    const v = await this.fixed(type);
    // 64-bit integers that fit a double are handed out as numbers (counts, token ids).
    return typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
}

export async function readGgufMetadata(blob: Blob): Promise<GgufMetadata> {
  const reader = new BlobReader(blob);
  const magic = await reader.u32();
  if (magic !== 0x46554747) throw new Error('GGUF: not a GGUF file (wrong magic number)');
  const version = await reader.u32();
  if (version < 2 || version > 3) throw new Error(`GGUF: version ${version} is not supported`);
  const tensorCount = await reader.u64();
  const kvCount = await reader.u64();
  const values = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = await reader.string();
    const type = await reader.u32();
    values.set(key, await reader.value(type));
  }
  return { version, tensorCount, values };
}

/** Typed access with a clear error when a key a model needs is missing. */
export function ggufString(meta: GgufMetadata, key: string): string | undefined {
  const v = meta.values.get(key);
  return typeof v === 'string' ? v : undefined;
}

export function ggufNumber(meta: GgufMetadata, key: string): number | undefined {
  const v = meta.values.get(key);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

export function ggufBool(meta: GgufMetadata, key: string): boolean | undefined {
  const v = meta.values.get(key);
  return typeof v === 'boolean' ? v : undefined;
}

export function ggufArray(meta: GgufMetadata, key: string): GgufValue[] | undefined {
  const v = meta.values.get(key);
  return Array.isArray(v) ? v : undefined;
}
