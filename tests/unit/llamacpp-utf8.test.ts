/**
 * The llama.cpp engine's guard against invalid UTF-8 (wllama 3.8.1 then fails with "Invalid typed
 * array length: 1163217991"): the tokens banned from a GGUF vocabulary, and, on a model of what
 * llama.cpp's grammar lets through (its UTF-8 decoding and partial-character check, ported from
 * llama-grammar.cpp), that the grammar plus the bans leave no way to write invalid UTF-8 while the
 * old `root ::= .*` left several.
 */
import { existsSync, openAsBlob } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGgufMetadata } from '../../lib/engines/gguf/gguf-metadata';
import { breaksUtf8, tokenBytes, unreadableTokenIds } from '../../lib/engines/gguf/utf8-bans';
import { VALID_TEXT_GRAMMAR } from '../../lib/engines/llamacpp-engine';
import { writeGgufMetadata } from '../support/gguf-writer';
import { sharedPath } from '../support/shared-data.mjs';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('tokens that break UTF-8', () => {
  it('bans byte sequences that no neighbour makes valid, and bare E0 / F0 at the end', () => {
    // F8+ leads, overlong (E0 9F), surrogate (ED A0), above U+10FFFF (F4 90), C0/C1, F5-FF, 4 continuations.
    for (const bad of ['f8808080', 'e09fbf', 'eda080', 'f4908080', 'c0', 'c1af', 'f5', 'ff', '80808080', 'e0', 'f0', '41e0', 'c3c3'])
      expect(breaksUtf8(hex(bad)), bad).toBe(true);
  });

  it('keeps ASCII, Vietnamese, emoji and the pieces of a character split across tokens', () => {
    const kept = [utf8('Tiếng Việt'), utf8('học sinh đọc bài'), utf8('🙂'), utf8(' the'), utf8('ế')];
    // Pieces: an unfinished end (E1 BA, F0 9F 99) and a start that ends a character begun before (BA BF, 82).
    kept.push(hex('e1ba'), hex('baBF'), hex('f09f99'), hex('82'), hex('808080'), hex('ed9f'), hex('f48f'), hex('e0a0'));
    for (const bytes of kept) expect(breaksUtf8(bytes), Buffer.from(bytes).toString('hex')).toBe(false);
  });

  it('reads token bytes as llama.cpp writes them: byte-level BPE, SentencePiece byte tokens', () => {
    expect([...tokenBytes('gpt2', 'Ġthe', 1)!]).toEqual([0x20, 0x74, 0x68, 0x65]);
    // GPT-2's alphabet: "Ã" and "©" stand for the bytes C3 and A9 ("é").
    expect([...tokenBytes('gpt2', 'Ã©', 1)!]).toEqual([0xc3, 0xa9]);
    expect([...tokenBytes('gpt2', 'ø', 1)!]).toEqual([0xf8]);
    expect([...tokenBytes('llama', '<0xF8>', 6)!]).toEqual([0xf8]);
    // Text pieces and control tokens are never invalid UTF-8.
    expect(tokenBytes('llama', '▁Tiếng', 1)).toBeUndefined();
    expect(tokenBytes('gpt2', '<|im_end|>', 3)).toBeUndefined();
  });

  it('finds them in a GGUF vocabulary', async () => {
    const tokens = ['<|endoftext|>', 'Ġthe', 'ø', 'Ã©', 'à', 'ð', 'ðŁ', 'ÃĤ', 'ÃÃ', 'í', 'íł', 'Ģ', 'ĢĢĢĢ'];
    const file = writeGgufMetadata([
      { key: 'tokenizer.ggml.model', type: 'string', value: 'gpt2' },
      { key: 'tokenizer.ggml.tokens', type: 'strings', value: tokens },
      { key: 'tokenizer.ggml.token_type', type: 'i32s', value: tokens.map((_, i) => (i === 0 ? 3 : 1)) },
    ]);
    const banned = unreadableTokenIds(await readGgufMetadata(new Blob([file])));
    // ø = F8, à = E0, ð = F0, ÃÃ = C3 C3 (a lead after a lead), íł = ED A0, ĢĢĢĢ = 80 80 80 80.
    // Kept: ðŁ = F0 9F (an emoji's start), ÃĤ = C3 82 ("Â"), í = ED, Ģ = 80.
    expect(banned.map((id) => tokens[id])).toEqual(['ø', 'à', 'ð', 'ÃÃ', 'íł', 'ĢĢĢĢ']);
  });

  it('on stories260K (SentencePiece) and the SmolLM2 stand-in (byte-level): the 13 impossible bytes and bare E0, F0', async () => {
    const files = [sharedPath('models/stories260K/stories260K-Q8_0.gguf')];
    const standin = join(homedir(), '.cache/locus/gguf/SmolLM2-135M-Instruct-STANDIN-Q8_0.gguf');
    if (existsSync(standin)) files.push(standin);
    for (const file of files) {
      const meta = await readGgufMetadata(await openAsBlob(file));
      const model = meta.values.get('tokenizer.ggml.model') as string;
      const tokens = meta.values.get('tokenizer.ggml.tokens') as string[];
      const types = (meta.values.get('tokenizer.ggml.token_type') as number[]).map(Number);
      const bytes = unreadableTokenIds(meta).map((id) => Buffer.from(tokenBytes(model, tokens[id]!, types[id]!)!).toString('hex'));
      expect(bytes, file).toEqual(['c0', 'c1', 'e0', 'f0', 'f5', 'f6', 'f7', 'f8', 'f9', 'fa', 'fb', 'fc', 'fd', 'fe', 'ff']);
    }
  });
});

// ---- A model of llama.cpp's grammar check (llama-grammar.cpp: decode_utf8 with a partial start,
// llama_grammar_match_partial_char), for `root ::= <class>*` where the class is `.` or ranges.

interface PartialUtf8 {
  value: number;
  nRemain: number;
}
type CharClass = 'any' | Array<[number, number]>;
const LOOKUP = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 3, 4];

function decode(bytes: number[], start: PartialUtf8): { points: number[]; partial: PartialUtf8 } {
  let pos = 0;
  let { value, nRemain } = start;
  const points: number[] = [];
  for (; pos < bytes.length && nRemain > 0; pos++, nRemain--) {
    if (bytes[pos]! >> 6 !== 2) return { points: [], partial: { value: 0, nRemain: -1 } };
    value = (value << 6) + (bytes[pos]! & 0x3f);
  }
  if (start.nRemain > 0 && nRemain === 0) points.push(value);
  while (pos < bytes.length) {
    nRemain = LOOKUP[bytes[pos]! >> 4]! - 1;
    if (nRemain < 0) return { points: [], partial: { value: 0, nRemain } };
    value = bytes[pos++]! & ((1 << (7 - nRemain)) - 1);
    // As llama.cpp does, the bytes after a lead inside one token are not checked to be continuations.
    for (; pos < bytes.length && nRemain > 0; pos++, nRemain--) value = (value << 6) + (bytes[pos]! & 0x3f);
    if (nRemain === 0) points.push(value);
  }
  return { points, partial: { value, nRemain } };
}

function matchPartial(cls: CharClass, { value, nRemain }: PartialUtf8): boolean {
  if (nRemain < 0 || (nRemain === 1 && value < 2)) return false;
  let low = value * 2 ** (nRemain * 6);
  const high = low + 2 ** (nRemain * 6) - 1;
  if (low === 0 && nRemain === 2) low = 1 << 11;
  if (low === 0 && nRemain === 3) low = 1 << 16;
  return cls === 'any' || cls.some(([lo, hi]) => lo <= high && low <= hi);
}

/** The partial character after `token`, or undefined when the grammar rejects the token. */
function grammarAccepts(cls: CharClass, state: PartialUtf8, token: number[]): PartialUtf8 | undefined {
  const { points, partial } = decode(token, state);
  if (partial.nRemain < 0) return undefined;
  if (cls !== 'any' && !points.every((cp) => cls.some(([lo, hi]) => lo <= cp && cp <= hi))) return undefined;
  if (partial.nRemain > 0 && !matchPartial(cls, partial)) return undefined;
  return partial;
}

/** The grammar's character class, read from the grammar string the engine sends. */
function classOf(grammar: string): CharClass {
  const body = /^root ::= \[(.*)\]\*$/.exec(grammar)![1]!;
  const ranges = [
    ...body.matchAll(/\\(?:x([0-9A-F]{2})|u([0-9A-F]{4})|U([0-9A-F]{8}))-\\(?:x([0-9A-F]{2})|u([0-9A-F]{4})|U([0-9A-F]{8}))/g),
  ];
  expect(ranges.map((m) => m[0]).join('')).toBe(body);
  return ranges.map((m) => [parseInt(m[1] ?? m[2] ?? m[3]!, 16), parseInt(m[4] ?? m[5] ?? m[6]!, 16)]);
}

/** Tokens for the search: representative ASCII and continuation bytes, every lead, and 2-byte tokens after E0 / F0. */
const CONTINUATIONS = [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf];
const ALPHABET: number[][] = [
  ...[0x01, 0x41, 0x7f, ...CONTINUATIONS].map((b) => [b]),
  ...Array.from({ length: 64 }, (_, i) => [0xc0 + i]),
  ...[0xe0, 0xf0].flatMap((lead) => CONTINUATIONS.map((c) => [lead, c])),
];

/**
 * Every way to write text from these tokens that the grammar accepts: a breadth-first search over the
 * unfinished character at the end (at most 3 bytes). Returns the byte sequences the grammar accepts
 * and a strict UTF-8 decoder refuses.
 */
function escapes(cls: CharClass, tokens: number[][]): string[] {
  const found: string[] = [];
  const seen = new Set<string>(['']);
  const queue: Array<{ pending: number[]; partial: PartialUtf8 }> = [{ pending: [], partial: { value: 0, nRemain: 0 } }];
  while (queue.length > 0) {
    const { pending, partial } = queue.shift()!;
    for (const token of tokens) {
      const next = grammarAccepts(cls, partial, token);
      if (!next) continue;
      const bytes = [...pending, ...token];
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes), { stream: true });
      } catch {
        found.push(Buffer.from(bytes).toString('hex'));
        continue;
      }
      const lead = bytes.findLastIndex((b) => b >> 6 !== 2);
      const rest = next.nRemain > 0 ? bytes.slice(lead) : [];
      const key = Buffer.from(rest).toString('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push({ pending: rest, partial: next });
    }
  }
  return found;
}

/** Whether the grammar accepts these bytes written one token per byte. */
function bytewise(cls: CharClass, bytes: string): boolean {
  let state: PartialUtf8 | undefined = { value: 0, nRemain: 0 };
  for (const b of hex(bytes)) state = state && grammarAccepts(cls, state, [b]);
  return state !== undefined;
}

describe("llama.cpp's grammar with the banned tokens", () => {
  it('is the class of Unicode scalar values without NUL, in GBNF escapes', () => {
    expect(VALID_TEXT_GRAMMAR).toBe('root ::= [\\x01-\\uD7FF\\uE000-\\U0010FFFF]*');
    expect(classOf(VALID_TEXT_GRAMMAR)).toEqual([
      [0x01, 0xd7ff],
      [0xe000, 0x10ffff],
    ]);
  });

  it('`root ::= .*` without bans let invalid UTF-8 through (the defect)', () => {
    // The search stops at the first byte the strict decoder refuses. (C0 and C1 `.` does reject.)
    const found = escapes('any', ALPHABET);
    for (const bad of ['f8', 'e09f', 'eda0', 'f490', 'f5', 'ff']) expect(found, bad).toContain(bad);
    // Whole characters of one-byte tokens, as a random-weight model wrote them: all accepted by `.`.
    for (const bad of ['f8808080', 'e09fbf', 'eda080', 'f4908080']) expect(bytewise('any', bad), bad).toBe(true);
  });

  it('the grammar and the bans leave no way to write invalid UTF-8', () => {
    const cls = classOf(VALID_TEXT_GRAMMAR);
    const allowed = ALPHABET.filter((token) => !breaksUtf8(Uint8Array.from(token)));
    expect(escapes(cls, allowed)).toEqual([]);
    for (const bad of ['f8808080', 'e09fbf', 'eda080', 'f4908080']) {
      const banned = [...hex(bad)].some((b) => breaksUtf8(Uint8Array.of(b)));
      expect(banned || !bytewise(cls, bad), bad).toBe(true);
    }
    // Without the bans the grammar alone still lets overlong forms through.
    expect(escapes(cls, ALPHABET)).toContain('e09f');
  });

  it('still writes Vietnamese and emoji, byte by byte where the vocabulary has no whole character', () => {
    const cls = classOf(VALID_TEXT_GRAMMAR);
    // "🙂" as F0 9F + 99 + 82 (bare F0 is banned, F0 9F is not); Vietnamese one byte per token.
    const pieces = [...[...utf8('Tiếng Việt ')].map((b) => [b]), [0xf0, 0x9f], [0x99], [0x82]];
    let state: PartialUtf8 | undefined = { value: 0, nRemain: 0 };
    for (const piece of pieces) {
      expect(breaksUtf8(Uint8Array.from(piece))).toBe(false);
      state = grammarAccepts(cls, state!, piece);
      expect(state, Buffer.from(piece).toString('hex')).toBeDefined();
    }
    expect(state!.nRemain).toBe(0);
  });
});
