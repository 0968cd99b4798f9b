/**
 * A WebAssembly SIMD kernel for the int8 dense scan: every stored vector's dot product with the
 * query in one call, 16 components per instruction. Plain JavaScript scans 200,000 int8 vectors of
 * 384 dimensions in ~73 ms on a 2-core laptop-class CPU (V8 turns every int8 load into a double);
 * this kernel does it in a few milliseconds, which is what makes a p95 under 50 ms possible at that
 * size (tests/bench/library-scale.mjs).
 *
 * The module is 200 bytes, written here byte by byte (no toolchain, nothing fetched), and needs only
 * the WebAssembly SIMD proposal (Chrome 91+, Firefox 89+, Node 16.4+). Where SIMD is missing or the
 * dimension is not a multiple of 16, `createInt8Kernel` returns undefined and the JavaScript scan
 * is used. The vectors live in the kernel's own WebAssembly.Memory, so the scan reads them in place.
 *
 * Exported function: scan(vectors, count, dims, query, out)
 *   vectors  byte offset of `count` int8 vectors of `dims` components, back to back
 *   query    byte offset of `dims` int16 components
 *   out      byte offset of `count` int32 results: Σ vectors[i][j] · query[j]
 * (|int8 × int16| sums of 384 terms stay far below 2^31.)
 */

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

const name = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// Opcodes used below.
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32const = (v: number) => [0x41, ...leb(v)];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_EQZ = 0x45;
const simd = (op: number, ...rest: number[]) => [0xfd, ...leb(op), ...rest];
const v128load = (offset: number) => simd(0x00, 0, ...leb(offset)); // align 2^0, offset
const EXTEND_LOW_S = simd(0x87);
const EXTEND_HIGH_S = simd(0x88);
const DOT_I16 = simd(0xba);
const I32X4_ADD = simd(0xae);
const lane = (i: number) => simd(0x1b, i);

// eslint-disable-next-line max-lines-per-function -- one WebAssembly function body, instruction by instruction: its loops read top to bottom like the assembly they are, and splitting them would scatter one loop nest across helpers.
function moduleBytes(): Uint8Array<ArrayBuffer> {
  // params: 0 vectors, 1 count, 2 dims, 3 query, 4 out; locals: 5 i, 6 j, 7 p (i32), 8 acc, 9 x (v128)
  const [VEC, COUNT, DIMS, QUERY, OUT, I, J, P, ACC, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const queryAt = [...get(QUERY), ...get(J), ...i32const(1), I32_SHL, I32_ADD];
  const code = [
    ...get(VEC),
    ...set(P),
    0x02,
    0x40, // block
    ...get(COUNT),
    I32_EQZ,
    0x0d,
    0, // br_if block (nothing to do)
    0x03,
    0x40, // loop over vectors
    ...simd(0x0c, ...new Array(16).fill(0)),
    ...set(ACC),
    ...i32const(0),
    ...set(J),
    0x03,
    0x40, // loop over 16-component groups
    ...get(P),
    ...get(J),
    I32_ADD,
    ...v128load(0),
    ...set(X),
    ...get(ACC),
    ...get(X),
    ...EXTEND_LOW_S,
    ...queryAt,
    ...v128load(0),
    ...DOT_I16,
    ...I32X4_ADD,
    ...get(X),
    ...EXTEND_HIGH_S,
    ...queryAt,
    ...v128load(16),
    ...DOT_I16,
    ...I32X4_ADD,
    ...set(ACC),
    ...get(J),
    ...i32const(16),
    I32_ADD,
    ...tee(J),
    ...get(DIMS),
    I32_LT_U,
    0x0d,
    0, // br_if inner loop
    0x0b, // end inner loop
    ...get(OUT),
    ...get(I),
    ...i32const(2),
    I32_SHL,
    I32_ADD,
    ...get(ACC),
    ...lane(0),
    ...get(ACC),
    ...lane(1),
    I32_ADD,
    ...get(ACC),
    ...lane(2),
    I32_ADD,
    ...get(ACC),
    ...lane(3),
    I32_ADD,
    0x36,
    2,
    0, // i32.store align 4
    ...get(P),
    ...get(DIMS),
    I32_ADD,
    ...set(P),
    ...get(I),
    ...i32const(1),
    I32_ADD,
    ...tee(I),
    ...get(COUNT),
    I32_LT_U,
    0x0d,
    0, // br_if outer loop
    0x0b, // end outer loop
    0x0b, // end block
    0x0b, // end function
  ];
  const body = [2, 3, I32, 2, V128, ...code];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('scan'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null; // No WebAssembly, no SIMD, or a CSP without 'wasm-unsafe-eval'.
  }
  return compiled;
}

const PAGE = 65536;

/** One kernel instance with its memory laid out as [query | results | vectors]. */
export interface Int8Kernel {
  /** The stored vectors (a view on the kernel's memory): `capacity × dims` components. */
  readonly vectors: Int8Array;
  /** Writes Σ vectors[i]·query for i < count into the returned view (valid until the next call). */
  scan(query: Int16Array, count: number): Int32Array;
}

/**
 * A kernel for `capacity` vectors of `dims` components, or undefined when this platform has no
 * WebAssembly SIMD (or dims is not a multiple of 16): the caller keeps its JavaScript scan.
 */
export function createInt8Kernel(dims: number, capacity: number): Int8Kernel | undefined {
  if (dims % 16 !== 0 || dims <= 0) return undefined;
  const module = kernelModule();
  if (!module) return undefined;
  const queryBytes = Math.ceil((dims * 2) / 16) * 16;
  const outBytes = Math.ceil((capacity * 4) / 16) * 16;
  const vectorBytes = capacity * dims;
  const total = queryBytes + outBytes + vectorBytes;
  let memory: WebAssembly.Memory;
  let scanFn: (vectors: number, count: number, dims: number, query: number, out: number) => void;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / PAGE)) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    scanFn = instance.exports.scan as typeof scanFn;
  } catch {
    return undefined; // Out of memory for one more Memory: the JavaScript scan still works.
  }
  const buffer = memory.buffer;
  const query = new Int16Array(buffer, 0, dims);
  const out = new Int32Array(buffer, queryBytes, capacity);
  const vectors = new Int8Array(buffer, queryBytes + outBytes, vectorBytes);
  return {
    vectors,
    scan(q: Int16Array, count: number): Int32Array {
      query.set(q);
      scanFn(queryBytes + outBytes, Math.min(count, capacity), dims, 0, queryBytes);
      return out;
    },
  };
}
