/**
 * The GGUF side of the llama.cpp engine, on real files: the metadata reader on the real stories260K
 * GGUF files (and the SmolLM2 stand-in when it was generated), and the tokenizer rebuilt from them
 * against the Hugging Face tokenizer.json the GGUF was converted from (same ids on the same text),
 * and the chat template rendered from the GGUF.
 */
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { ChatPromptRenderer } from '../../lib/engines/gguf/chat-prompt';
import { readGgufMetadata } from '../../lib/engines/gguf/gguf-metadata';
import { GgufTokenizer, preTokenizerOf } from '../../lib/engines/gguf/gguf-tokenizer';
import { writeGgufMetadata } from '../support/gguf-writer';
import { sharedPath } from '../support/shared-data.mjs';

function fileBlob(file: string): Blob {
  return new Blob([readFileSync(file)]);
}

const STORIES = 'models/stories260K';

// Sentences without leading, trailing or doubled spaces: the stories260K tokenizer.json also has
// SentencePiece's whitespace clean-up, which llama.cpp does not do (see the last test).
const TEXTS = [
  'Once upon a time, there was a little girl named Lily.',
  'She loved to play outside in the park. One day, she saw a big, red ball!',
  'Photosynthesis turns light into chemical energy: 6CO2 + 6H2O -> C6H12O6 + 6O2.',
  'Tiếng Việt có dấu: học sinh đọc bài.',
  'Line one\nLine two\n\nA third line with tabs\tand 12345 numbers.',
  "It's a dog's life, isn't it? We'll see; they've gone.",
  // (No fraction signs like ½: tokenizers.js's Digits pre-tokenizer leaves them to the next split, where Rust's
  // tokenizers and llama.cpp isolate every \p{N} character; the GGUF tokenizer follows llama.cpp.)
  'Emoji and symbols: 🙂 → ∑ «quoted»',
];

describe('GGUF metadata', () => {
  it('reads the real stories260K GGUF (F32 and Q8_0): architecture, vocabulary, template', async () => {
    for (const name of ['stories260K-F32.gguf', 'stories260K-Q8_0.gguf']) {
      const meta = await readGgufMetadata(fileBlob(sharedPath(`${STORIES}/${name}`)));
      expect(meta.version).toBe(3);
      expect(meta.values.get('general.architecture')).toBe('llama');
      expect(meta.values.get('llama.context_length')).toBe(512);
      expect(meta.values.get('tokenizer.ggml.model')).toBe('llama');
      expect((meta.values.get('tokenizer.ggml.tokens') as string[]).length).toBe(512);
      expect(meta.values.get('tokenizer.ggml.bos_token_id')).toBe(1);
      expect(String(meta.values.get('tokenizer.chat_template'))).toContain('bos_token');
      expect(meta.tensorCount).toBeGreaterThan(10);
    }
  });

  it('refuses what is not a GGUF file, and a file cut inside its metadata', async () => {
    await expect(readGgufMetadata(new Blob([new Uint8Array(64)]))).rejects.toThrow(/not a GGUF file/);
    const whole = readFileSync(sharedPath(`${STORIES}/stories260K-Q8_0.gguf`));
    await expect(readGgufMetadata(new Blob([whole.subarray(0, 2000)]))).rejects.toThrow(/ends inside its metadata/);
  });
});

describe('the tokenizer rebuilt from a GGUF', () => {
  it('gives the same ids as the Hugging Face tokenizer on stories260K (SentencePiece BPE)', async () => {
    const gguf = new GgufTokenizer(await readGgufMetadata(fileBlob(sharedPath(`${STORIES}/stories260K-Q8_0.gguf`))));
    const hf = new Tokenizer(
      JSON.parse(readFileSync(sharedPath(`${STORIES}/tokenizer.json`), 'utf8')),
      JSON.parse(readFileSync(sharedPath(`${STORIES}/tokenizer_config.json`), 'utf8')),
    );
    for (const text of TEXTS) expect(gguf.encode(text), text).toEqual(hf.encode(text, { add_special_tokens: false }).ids);
    expect(gguf.facts).toMatchObject({ model: 'llama', bosId: 1, eosId: 2, bosText: '<s>', eosText: '</s>', addBos: true });
    // A prompt counts its BOS, which llama.cpp adds while tokenizing a text prompt.
    expect(gguf.countPrompt('Once upon a time')).toBe(gguf.count('Once upon a time') + 1);
  });

  it('matches special tokens written in the text, and prefixes the text after them as llama.cpp does', async () => {
    const gguf = new GgufTokenizer(await readGgufMetadata(fileBlob(sharedPath(`${STORIES}/stories260K-F32.gguf`))));
    const ids = gguf.encode('Hello</s>Hello');
    expect(ids).toContain(2);
    const at = ids.indexOf(2);
    // llama.cpp puts a space prefix before the first text and after every special token.
    expect(ids.slice(at + 1)).toEqual(ids.slice(0, at));
  });

  it('keeps doubled spaces (llama.cpp does no whitespace clean-up), unlike the SentencePiece normalizer', async () => {
    const gguf = new GgufTokenizer(await readGgufMetadata(fileBlob(sharedPath(`${STORIES}/stories260K-F32.gguf`))));
    expect(gguf.count('a  b')).toBeGreaterThan(gguf.count('a b'));
  });

  it('gives the same ids as a Hugging Face byte-level BPE tokenizer (SmolLM2 pre-tokenizer) built from the same vocabulary', async () => {
    const bpe = trainByteLevelBpe(TEXTS.join(' ').repeat(3), 300);
    const specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
    const tokens = [...specials, ...bpe.vocab];
    const hfJson = {
      version: '1.0',
      added_tokens: specials.map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      // SmolLM2's own tokenizer.json pre-tokenizer: digits one by one, then GPT-2's byte-level split.
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Digits', individual_digits: true },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
        ],
      },
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: false,
        byte_fallback: false,
        vocab: Object.fromEntries(tokens.map((t, i) => [t, i])),
        merges: bpe.merges.map(([a, b]) => `${a} ${b}`),
      },
    };
    const hf = new Tokenizer(hfJson, {});
    const file = writeGgufMetadata([
      { key: 'general.architecture', type: 'string', value: 'llama' },
      { key: 'tokenizer.ggml.model', type: 'string', value: 'gpt2' },
      { key: 'tokenizer.ggml.pre', type: 'string', value: 'smollm' },
      { key: 'tokenizer.ggml.tokens', type: 'strings', value: tokens },
      { key: 'tokenizer.ggml.token_type', type: 'i32s', value: tokens.map((_, i) => (i < specials.length ? 3 : 1)) },
      { key: 'tokenizer.ggml.merges', type: 'strings', value: bpe.merges.map(([a, b]) => `${a} ${b}`) },
      { key: 'tokenizer.ggml.bos_token_id', type: 'u32', value: 1 },
      { key: 'tokenizer.ggml.eos_token_id', type: 'u32', value: 2 },
      { key: 'tokenizer.ggml.add_bos_token', type: 'bool', value: false },
    ]);
    const gguf = new GgufTokenizer(await readGgufMetadata(new Blob([file])));
    expect(gguf.facts).toMatchObject({ model: 'gpt2', pre: 'smollm', addBos: false, bosText: '<|im_start|>', eosText: '<|im_end|>' });
    const more = ['Digits 2024 and 3.14159 split one by one', '  leading spaces and trailing  ', '<|im_start|>user\nHi<|im_end|>\n'];
    for (const text of [...TEXTS, ...more]) expect(gguf.encode(text), text).toEqual(hf.encode(text, { add_special_tokens: false }).ids);
    expect(gguf.encode('<|im_start|>user')[0]).toBe(1);
    expect(gguf.countPrompt('<|im_start|>user')).toBe(gguf.count('<|im_start|>user'));
  });

  it('knows the pre-tokenizers of the catalog models, and refuses an unknown one', () => {
    for (const pre of ['smollm', 'qwen2', 'llama-bpe', 'default']) expect(preTokenizerOf(pre)).toBeDefined();
    expect(preTokenizerOf('llama-bpe')!.ignoreMerges).toBe(true);
    expect(preTokenizerOf('no-such-pre')).toBeUndefined();
  });
});

describe('the chat template from a GGUF', () => {
  it('renders stories260K template without the BOS llama.cpp adds itself', async () => {
    const gguf = new GgufTokenizer(await readGgufMetadata(fileBlob(sharedPath(`${STORIES}/stories260K-F32.gguf`))));
    const renderer = new ChatPromptRenderer(gguf.facts);
    const text = renderer.render([
      { role: 'system', content: 'You are Locus.' },
      { role: 'user', content: ' Once upon a time ' },
    ]);
    // Chat templates render with trim_blocks (as transformers and llama.cpp render them): the newline
    // after `{% if not loop.last %}` goes.
    expect(text).toBe('You are Locus.Once upon a time');
  });
});

/** GPT-2's byte to printable-character table (every byte-level BPE vocabulary is written with it). */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table: string[] = new Array(256);
  bs.forEach((b, i) => (table[b] = String.fromCodePoint(cs[i]!)));
  return table;
}

/** A small byte-level BPE trained on `text` (most frequent pair first): a real vocabulary and merge list. */
function trainByteLevelBpe(text: string, merges: number): { vocab: string[]; merges: Array<[string, string]> } {
  const table = bytesToUnicode();
  const words = (text.match(/ ?\p{L}+| ?\p{N}| ?[^\s\p{L}\p{N}]+|\s+/gu) ?? []).map((w) =>
    Array.from(new TextEncoder().encode(w), (b) => table[b]!),
  );
  const vocab = [...table];
  const out: Array<[string, string]> = [];
  for (let m = 0; m < merges; m++) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++) counts.set(`${w[i]}\u0000${w[i + 1]}`, (counts.get(`${w[i]}\u0000${w[i + 1]}`) ?? 0) + 1);
    let best = '';
    let bestCount = 1;
    for (const [pair, count] of counts) if (count > bestCount) [best, bestCount] = [pair, count];
    if (!best) break;
    const [a, b] = best.split('\u0000') as [string, string];
    out.push([a, b]);
    if (!vocab.includes(a + b)) vocab.push(a + b);
    for (const w of words) {
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) w.splice(i, 2, a + b);
    }
  }
  return { vocab, merges: out };
}
