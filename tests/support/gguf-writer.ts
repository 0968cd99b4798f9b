/**
 * Writes the metadata section of a GGUF v3 file (no tensors), for tests of the GGUF reader and of
 * the tokenizer rebuilt from it. Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */
export type GgufEntry =
  | { key: string; type: 'u32' | 'i32' | 'f32'; value: number }
  | { key: string; type: 'bool'; value: boolean }
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'strings'; value: string[] }
  | { key: string; type: 'i32s' | 'f32s'; value: number[] };

const TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

export function writeGgufMetadata(entries: GgufEntry[], tensorCount = 0): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const u32 = (n: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    parts.push(b);
  };
  const u64 = (n: number) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
    parts.push(b);
  };
  const str = (s: string) => {
    const bytes = encoder.encode(s);
    u64(bytes.length);
    parts.push(bytes);
  };
  const num = (type: number, n: number) => {
    const b = new Uint8Array(4);
    const v = new DataView(b.buffer);
    if (type === TYPE.u32) v.setUint32(0, n, true);
    else if (type === TYPE.i32) v.setInt32(0, n, true);
    else v.setFloat32(0, n, true);
    parts.push(b);
  };
  u32(0x46554747);
  u32(3);
  u64(tensorCount);
  u64(entries.length);
  for (const e of entries) {
    str(e.key);
    switch (e.type) {
      case 'u32':
      case 'i32':
      case 'f32':
        u32(TYPE[e.type]);
        num(TYPE[e.type], e.value);
        break;
      case 'bool':
        u32(TYPE.bool);
        parts.push(new Uint8Array([e.value ? 1 : 0]));
        break;
      case 'string':
        u32(TYPE.string);
        str(e.value);
        break;
      case 'strings':
        u32(TYPE.array);
        u32(TYPE.string);
        u64(e.value.length);
        for (const s of e.value) str(s);
        break;
      case 'i32s':
      case 'f32s': {
        const inner = e.type === 'i32s' ? TYPE.i32 : TYPE.f32;
        u32(TYPE.array);
        u32(inner);
        u64(e.value.length);
        for (const n of e.value) num(inner, n);
        break;
      }
    }
  }
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
