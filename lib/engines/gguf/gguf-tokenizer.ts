/**
 * The model's own tokenizer, rebuilt from a GGUF file's metadata, to count tokens exactly as
 * llama.cpp will (wllama 3 has no tokenize call, and counting by running the prompt would cost as
 * much as answering). The GGUF vocabulary is turned into a tokenizer.json description for
 * @huggingface/tokenizers (the tokenizer transformers.js runs), the way Hugging Face's own GGUF
 * converters do (transformers/integrations/ggml.py), with llama.cpp's semantics where they differ:
 *
 * - `llama` (SentencePiece BPE): merges derived from the piece scores (best score first), byte
 *   fallback, a "▁" before every run of plain text (llama.cpp adds the space prefix at the start and
 *   after each special token) and spaces written as "▁"; no whitespace clean-up (llama.cpp does none).
 * - `gpt2` (byte-level BPE): the merges in the file, and the pre-tokenizer regexes llama.cpp uses
 *   for the file's `tokenizer.ggml.pre` (llama-vocab.cpp).
 *
 * Special tokens (control, user-defined, unknown) are matched in the text as llama.cpp does with
 * `parse_special`, which its completion call uses for text prompts.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { ggufArray, ggufBool, ggufNumber, ggufString, type GgufMetadata } from './gguf-metadata';

/** llama.cpp's token types (tokenizer.ggml.token_type). */
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const USER_DEFINED = 4;
const BYTE = 6;

const GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
const LLAMA3_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const QWEN2_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/**
 * The regexes llama.cpp splits text with before byte-level BPE, per `tokenizer.ggml.pre`
 * (llama-vocab.cpp, `llm_tokenizer_bpe`), and whether it takes a whole word found in the vocabulary
 * without merging (`ignore_merges`).
 */
export function preTokenizerOf(pre: string): { regexes: string[]; ignoreMerges: boolean } | undefined {
  switch (pre) {
    case 'default':
    case 'gpt-2':
    case 'gpt2':
      return { regexes: [GPT2_REGEX], ignoreMerges: false };
    case 'llama3':
    case 'llama-v3':
    case 'llama-bpe':
    case 'falcon3':
    case 'falcon-h1':
    case 'pixtral':
    case 'midm-2.0':
    case 'lfm2':
      return { regexes: [LLAMA3_REGEX], ignoreMerges: true };
    case 'qwen2':
    case 'deepseek-r1-qwen':
    case 'megrez':
      return { regexes: [QWEN2_REGEX], ignoreMerges: false };
    case 'smollm':
    case 'codeshell':
    case 'exaone':
    case 'minerva-7b':
      return { regexes: ['\\p{N}', GPT2_REGEX], ignoreMerges: false };
    default:
      return undefined;
  }
}

export interface GgufTokenizerFacts {
  model: string;
  pre: string;
  bosId: number;
  eosId: number;
  bosText: string;
  eosText: string;
  addBos: boolean;
  addEos: boolean;
  chatTemplate: string | undefined;
}

interface Built {
  json: Record<string, unknown>;
  facts: GgufTokenizerFacts;
}

function asStrings(values: unknown[] | undefined, key: string): string[] {
  if (!values || !values.every((v) => typeof v === 'string')) throw new Error(`GGUF: ${key} is missing or not a list of strings`);
  return values as string[];
}

/** SentencePiece merges from piece scores, as Hugging Face's SentencePieceExtractor orders them. */
function mergesFromScores(tokens: string[], scores: number[], types: number[]): Array<[string, string]> {
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => ids.set(t, i));
  const merges: Array<{ l: string; r: string; score: number; li: number; ri: number; order: number }> = [];
  let order = 0;
  for (let id = 0; id < tokens.length; id++) {
    const type = types[id] ?? NORMAL;
    if (type === CONTROL || type === UNKNOWN || type === BYTE) continue;
    const piece = tokens[id]!;
    const chars = Array.from(piece);
    const local: typeof merges = [];
    for (let i = 1; i < chars.length; i++) {
      const l = chars.slice(0, i).join('');
      const r = chars.slice(i).join('');
      const li = ids.get(l);
      const ri = ids.get(r);
      if (li !== undefined && ri !== undefined) local.push({ l, r, score: scores[id] ?? 0, li, ri, order: 0 });
    }
    local.sort((a, b) => a.li - b.li || a.ri - b.ri);
    for (const m of local) merges.push({ ...m, order: order++ });
  }
  merges.sort((a, b) => b.score - a.score || a.order - b.order);
  return merges.map((m) => [m.l, m.r]);
}

type AddedToken = { id: number; content: string; single_word: false; lstrip: false; rstrip: false; normalized: false; special: true };

/** SentencePiece-style vocabularies ('llama'): merges rebuilt from the scores, byte fallback. */
function llamaJson(meta: GgufMetadata, tokens: string[], types: number[], vocab: Record<string, number>, added: AddedToken[]) {
  const unkId = ggufNumber(meta, 'tokenizer.ggml.unknown_token_id');
  const scores = (ggufArray(meta, 'tokenizer.ggml.scores') ?? []).map(Number);
  const addSpacePrefix = ggufBool(meta, 'tokenizer.ggml.add_space_prefix') ?? true;
  return {
    version: '1.0',
    added_tokens: added,
    normalizer: {
      type: 'Sequence',
      normalizers: [
        ...(addSpacePrefix ? [{ type: 'Prepend', prepend: '▁' }] : []),
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: unkId !== undefined ? tokens[unkId] : null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab,
      merges: mergesFromScores(tokens, scores, types),
    },
  };
}

/** Byte-level BPE vocabularies ('gpt2'): the pre-tokenizer's regexes by name, merges as stored. */
function gpt2Json(meta: GgufMetadata, pre: string, vocab: Record<string, number>, added: AddedToken[]) {
  const split = preTokenizerOf(pre);
  if (!split) throw new Error(`GGUF: the pre-tokenizer "${pre}" is not known to Locus`);
  const merges = asStrings(ggufArray(meta, 'tokenizer.ggml.merges'), 'tokenizer.ggml.merges').map((m) => {
    const at = m.indexOf(' ', 1);
    return [m.slice(0, at), m.slice(at + 1)] as [string, string];
  });
  return {
    version: '1.0',
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        ...split.regexes.map((regex) => ({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false })),
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: split.ignoreMerges,
      vocab,
      merges,
    },
  };
}

/** The tokenizer.json description of the GGUF's tokenizer, and the facts a prompt needs. */
export function tokenizerJsonFromGguf(meta: GgufMetadata): Built {
  const model = ggufString(meta, 'tokenizer.ggml.model') ?? 'llama';
  const tokens = asStrings(ggufArray(meta, 'tokenizer.ggml.tokens'), 'tokenizer.ggml.tokens');
  const types = (ggufArray(meta, 'tokenizer.ggml.token_type') ?? []).map(Number);
  const bosId = ggufNumber(meta, 'tokenizer.ggml.bos_token_id') ?? -1;
  const eosId = ggufNumber(meta, 'tokenizer.ggml.eos_token_id') ?? -1;
  const pre = ggufString(meta, 'tokenizer.ggml.pre') ?? 'default';
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => {
    if (!(t in vocab)) vocab[t] = i;
  });
  const added: AddedToken[] = tokens
    .map((content, id) => ({ id, content, type: types[id] ?? NORMAL }))
    .filter((t) => t.type === CONTROL || t.type === USER_DEFINED || t.type === UNKNOWN)
    .map((t) => ({ id: t.id, content: t.content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));

  let json: Record<string, unknown>;
  let addBosDefault: boolean;
  if (model === 'llama') {
    json = llamaJson(meta, tokens, types, vocab, added);
    addBosDefault = true;
  } else if (model === 'gpt2') {
    json = gpt2Json(meta, pre, vocab, added);
    addBosDefault = false;
  } else {
    throw new Error(`GGUF: the tokenizer type "${model}" is not supported by Locus`);
  }
  return {
    json,
    facts: {
      model,
      pre,
      bosId,
      eosId,
      bosText: tokens[bosId] ?? '',
      eosText: tokens[eosId] ?? '',
      addBos: ggufBool(meta, 'tokenizer.ggml.add_bos_token') ?? addBosDefault,
      addEos: ggufBool(meta, 'tokenizer.ggml.add_eos_token') ?? false,
      chatTemplate: ggufString(meta, 'tokenizer.chat_template'),
    },
  };
}

/** Token counts with the GGUF's own tokenizer, as llama.cpp tokenizes a text prompt. */
export class GgufTokenizer {
  readonly facts: GgufTokenizerFacts;
  readonly #tokenizer: Tokenizer;

  constructor(meta: GgufMetadata) {
    const { json, facts } = tokenizerJsonFromGguf(meta);
    this.facts = facts;
    this.#tokenizer = new Tokenizer(json, {});
  }

  /** Token ids of `text` alone (special tokens in it are matched, none are added). */
  encode(text: string): number[] {
    if (!text) return [];
    return this.#tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  count(text: string): number {
    return this.encode(text).length;
  }

  /** Tokens llama.cpp evaluates for `prompt` sent as text: BOS/EOS added as the vocabulary asks. */
  countPrompt(prompt: string): number {
    return this.count(prompt) + (this.facts.addBos ? 1 : 0) + (this.facts.addEos ? 1 : 0);
  }
}
