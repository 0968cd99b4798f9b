/**
 * Just enough of the protobuf wire format to walk an ONNX model's framing (tag, length) and write
 * a few small messages, for lib/engines/onnx-last-logits.ts.
 *
 * Why not protobufjs or onnx-proto: both decode a whole ModelProto into objects and encode it back,
 * which copies every weight (hundreds of MB) once more and holds the model twice; neither edits one
 * field of a length-delimited message in place. Here weight bytes are never read, only skipped.
 */

/** One field of a message: its tag starts at `start`, its value is `[valueStart, end)`. */
export interface WireField {
  no: number;
  wire: number;
  start: number;
  valueStart: number;
  end: number;
}

export class WireError extends Error {}

/** A varint at `at`: its value (exact up to 2^53) and where the next byte is. */
export function readVarint(buf: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i] ?? 0;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new WireError(`bad varint at ${at}`);
}

/** The fields of the message in `[from, to)`, in order; a length past the end is an error. */
export function* wireFields(buf: Uint8Array, from: number, to: number): Generator<WireField> {
  let at = from;
  while (at < to) {
    const [tag, afterTag] = readVarint(buf, at);
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    let valueStart = afterTag;
    let end: number;
    if (wire === 0) end = readVarint(buf, afterTag)[1];
    else if (wire === 1) end = afterTag + 8;
    else if (wire === 5) end = afterTag + 4;
    else if (wire === 2) {
      const [length, afterLength] = readVarint(buf, afterTag);
      valueStart = afterLength;
      end = afterLength + length;
    } else throw new WireError(`wire type ${wire} at ${at}`); // groups: not in ONNX
    if (end > to) throw new WireError(`field ${no} at ${at} runs past its message`);
    yield { no, wire, start: at, valueStart, end };
    at = end;
  }
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function fieldString(buf: Uint8Array, field: WireField): string {
  return decoder.decode(buf.subarray(field.valueStart, field.end));
}

export function fieldVarint(buf: Uint8Array, field: WireField): number {
  return readVarint(buf, field.valueStart)[0];
}

export function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** Builds a message from fields, in the order they are added. */
export class MessageWriter {
  #raw: Uint8Array[] = [];

  varint(no: number, value: number): this {
    this.#push([...varintBytes(no * 8), ...varintBytes(value)]);
    return this;
  }

  bytes(no: number, value: Uint8Array): this {
    this.#push([...varintBytes(no * 8 + 2), ...varintBytes(value.length)]);
    this.#raw.push(value);
    return this;
  }

  string(no: number, value: string): this {
    return this.bytes(no, encoder.encode(value));
  }

  /** Copies a field as it was (tag and value). */
  copy(buf: Uint8Array, field: WireField): this {
    this.#raw.push(buf.subarray(field.start, field.end));
    return this;
  }

  #push(bytes: number[]): void {
    this.#raw.push(Uint8Array.from(bytes));
  }

  finish(): Uint8Array {
    const size = this.#raw.reduce((sum, part) => sum + part.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of this.#raw) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}
