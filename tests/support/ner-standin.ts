/**
 * A tiny token-classification model written here, in the layout transformers.js loads (config.json
 * with id2label, a WordPiece tokenizer.json, onnx/model_quantized.onnx), standing in for a BERT NER
 * model whose weights cannot be downloaded on these machines. Its ONNX graph is one Gather: each
 * vocabulary token has a fixed row of label logits, so "Hanoi" is always B-LOC. It runs through
 * the real ONNX Runtime and the real transformers.js pipeline; it proves the plumbing, not quality.
 * The protobuf messages are the subset of onnx.proto (ONNX IR v8) that the graph needs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

export const NER_LABELS = ['O', 'B-MISC', 'I-MISC', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'] as const;
type Label = (typeof NER_LABELS)[number];

/** Each word of the stand-in's vocabulary and the label it always gets. */
const WORDS: Array<[string, Label]> = [
  ['Lan', 'B-PER'],
  ['Nguyen', 'I-PER'],
  ['Minh', 'B-PER'],
  ['Tran', 'I-PER'],
  ['Hanoi', 'B-LOC'],
  ['Da', 'B-LOC'],
  ['Nang', 'I-LOC'],
  ['Acme', 'B-ORG'],
  ['Labs', 'I-ORG'],
  ['Geneva', 'B-LOC'],
  ['Euro', 'B-MISC'],
  ['met', 'O'],
  ['in', 'O'],
  ['at', 'O'],
  ['and', 'O'],
  ['works', 'O'],
  ['for', 'O'],
  ['lives', 'O'],
  ['.', 'O'],
  [',', 'O'],
  ['the', 'O'],
];
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

const onnxProto = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: { fields: { name: { type: 'string', id: 1 }, i: { type: 'int64', id: 3 }, type: { type: 'int32', id: 20 } } },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
            name: { type: 'string', id: 8 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
});

const FLOAT = 1;
const INT64 = 7;
const tensorType = (elemType: number, dims: Array<string | number>) => ({
  tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
});

/** The ONNX bytes: logits[b, s, :] = table[input_ids[b, s], :]. */
function modelBytes(vocab: string[]): Uint8Array {
  const rows = vocab.map((token) => {
    const label: Label = WORDS.find(([w]) => w === token)?.[1] ?? 'O';
    return NER_LABELS.map((l) => (l === label ? 8 : 0));
  });
  const model = {
    irVersion: 8,
    producerName: 'locus-ner-standin',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'ner-standin',
      initializer: [{ name: 'table', dataType: FLOAT, dims: [vocab.length, NER_LABELS.length], floatData: rows.flat() }],
      node: [
        {
          name: 'lookup',
          opType: 'Gather',
          input: ['table', 'input_ids'],
          output: ['logits'],
          attribute: [{ name: 'axis', i: 0, type: 2 }],
        },
      ],
      input: [
        { name: 'input_ids', type: tensorType(INT64, ['batch', 'sequence']) },
        { name: 'attention_mask', type: tensorType(INT64, ['batch', 'sequence']) },
      ],
      output: [{ name: 'logits', type: tensorType(FLOAT, ['batch', 'sequence', NER_LABELS.length]) }],
    },
  };
  const ModelProto = onnxProto.lookupType('onnx.ModelProto');
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Writes the stand-in under `root/{modelId}/` (the hub layout the model host serves). */
export function writeNerStandin(root: string, modelId: string): string {
  const dir = path.join(root, modelId);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const vocab = [...SPECIAL, ...WORDS.map(([w]) => w)];
  const id = (t: string) => vocab.indexOf(t);
  const id2label = Object.fromEntries(NER_LABELS.map((l, i) => [String(i), l]));
  const label2id = Object.fromEntries(NER_LABELS.map((l, i) => [l, i]));
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertForTokenClassification'], id2label, label2id, max_position_embeddings: 512 }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: false,
      model_max_length: 512,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
    }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map((content, i) => ({
        id: i,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    }),
  );
  writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), modelBytes(vocab));
  return dir;
}
