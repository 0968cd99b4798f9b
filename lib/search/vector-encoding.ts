/**
 * How the dense index stores a vector: at unit length (so a dot product is the cosine), and in int8
 * minus a center with one scale per vector (lib/search/dense-index.ts says why).
 */

/** Returns a unit-length copy of `v` (zero vectors stay zero). */
export function l2Normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

/**
 * Writes `unit` (unit length; changed in place: the center is subtracted) as int8 into
 * `out[offset…]`, scaled by its own max |x| to [-127, 127]; returns the scale.
 */
export function quantizeInto(unit: Float32Array, center: Float32Array | undefined, out: Int8Array, offset: number): number {
  if (center) for (let i = 0; i < unit.length; i++) unit[i] = unit[i]! - center[i]!;
  let max = 0;
  for (let i = 0; i < unit.length; i++) max = Math.max(max, Math.abs(unit[i]!));
  const scale = max > 0 ? max / 127 : 0;
  for (let i = 0; i < unit.length; i++) out[offset + i] = scale > 0 ? Math.round(unit[i]! / scale) : 0;
  return scale;
}
