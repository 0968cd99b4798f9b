/**
 * Tokens llama.cpp must never sample, because whatever comes before or after them the answer would
 * not be valid UTF-8. wllama 3.8.1 writes each streamed piece with a strict JSON dump that throws on
 * invalid UTF-8, and the answer then ends with "Invalid typed array length: 1163217991"
 * (llamacpp-engine.ts). llama.cpp's grammar rejects lone continuation bytes, broken sequences,
 * surrogates and values above U+10FFFF, but it cannot see overlong forms and takes F8-FF as leads:
 * the tokens found here close those gaps, and are banned with `logit_bias`.
 *
 * A token is banned when either is true:
 * - (a) after up to 3 leading continuation bytes (a character begun by the token before) are dropped,
 *   a fatal UTF-8 decoder refuses the rest, even as an unfinished stream. That catches C0, C1 and F5-FF,
 *   overlong, surrogate and out-of-range sequences inside the token, and a bad unfinished end.
 * - (b) its last byte is a bare E0 or F0. For these leads the grammar cannot check the next byte
 *   (E0 80-9F and F0 80-8F would be overlong).
 * What that costs: no token that is valid text on its own is banned. Rule (b) takes away one way of
 * spelling characters from U+0800 to U+0FFF (Samaritan, Devanagari, Thai and others) and above
 * U+FFFF (emoji) byte by byte. The model can still write them with a token that holds the whole
 * character, or with one that ends after the lead's next byte.
 */
import { ggufArray, ggufString, type GgufMetadata } from './gguf-metadata';

/** llama.cpp's token types (tokenizer.ggml.token_type) that matter here. */
const CONTROL = 3;
const BYTE = 6;

/** GPT-2's byte-level alphabet reversed: the byte each character of a byte-level BPE token stands for. */
function byteLevelBytes(): Map<string, number> {
  const map = new Map<string, number>();
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    map.set(String.fromCodePoint(printable ? byte : 256 + shifted++), byte);
  }
  return map;
}

let byteLevel: Map<string, number> | undefined;

/**
 * The bytes llama.cpp writes for a token, when they can be other than valid UTF-8: byte-level BPE
 * pieces ('gpt2') mapped back to bytes, SentencePiece byte tokens ('llama') written `<0xXX>`.
 * Undefined for pieces that are text (a GGUF string is read as valid UTF-8) and control tokens.
 */
export function tokenBytes(model: string, piece: string, type: number): Uint8Array | undefined {
  if (type === CONTROL) return undefined;
  if (model === 'llama') {
    const byte = type === BYTE ? /^<0x([0-9A-Fa-f]{2})>$/.exec(piece) : null;
    return byte ? Uint8Array.of(parseInt(byte[1]!, 16)) : undefined;
  }
  if (model !== 'gpt2' || type !== 1) return undefined;
  byteLevel ??= byteLevelBytes();
  const bytes: number[] = [];
  for (const char of piece) {
    const byte = byteLevel.get(char);
    // llama.cpp writes a character outside the alphabet as "[UNK_BYTE_0x…]": plain text.
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  return Uint8Array.from(bytes);
}

/** True when no text around these bytes makes them valid UTF-8 that llama.cpp's grammar can check. */
export function breaksUtf8(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const last = bytes[bytes.length - 1]!;
  if (last === 0xe0 || last === 0xf0) return true;
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  const rest = bytes.subarray(start);
  if (rest.every((b) => b < 0x80)) return false;
  try {
    // A fresh decoder each time: a streaming decoder keeps the unfinished end for the next call.
    new TextDecoder('utf-8', { fatal: true }).decode(rest, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** Ids of the GGUF vocabulary's tokens that break UTF-8 wherever they are written (see above). */
export function unreadableTokenIds(meta: GgufMetadata): number[] {
  const model = ggufString(meta, 'tokenizer.ggml.model') ?? 'llama';
  const tokens = ggufArray(meta, 'tokenizer.ggml.tokens') ?? [];
  const types = (ggufArray(meta, 'tokenizer.ggml.token_type') ?? []).map(Number);
  const banned: number[] = [];
  tokens.forEach((piece, id) => {
    if (typeof piece !== 'string') return;
    const bytes = tokenBytes(model, piece, types[id] ?? 1);
    if (bytes && breaksUtf8(bytes)) banned.push(id);
  });
  return banned;
}
