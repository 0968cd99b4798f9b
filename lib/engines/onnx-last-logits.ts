/**
 * Rewrites a decoder's ONNX model so its prompt pass computes logits for the last position only.
 *
 * The hub's exports (onnx-community / optimum layout) have no `num_logits_to_keep` input, so a
 * prompt of 2,000 tokens multiplies every position by the lm_head (vocab x hidden: about a fifth of
 * the prompt's work on SmolLM2-135M) although generation reads only the last row. A Slice (axis 1,
 * the last position) in front of the lm_head's MatMul makes logits [batch, 1, vocab]; the last row
 * is computed from the same numbers as before.
 *
 * The weights are never copied or decoded: the result is a list of pieces, byte ranges of the
 * original file and a few new bytes (the graph's framing, the edited and the added messages), that
 * a caller joins as Blob slices. A model whose pattern is not found comes back unchanged, with why.
 */
import { MessageWriter, WireError, fieldString, fieldVarint, varintBytes, wireFields, type WireField } from './onnx-wire';

/** A decoder's graph files in a transformers.js model folder (not their `.onnx_data`). */
export const DECODER_GRAPH = /^onnx\/model[^/]*\.onnx$/;

/** A range `[from, to)` of the original bytes, or new bytes. */
export type Piece = Uint8Array | { from: number; to: number };

export type LastLogitsEdit = { changed: true; pieces: Piece[]; size: number; lmHead: string } | { changed: false; reason: string };

/** Ops whose input 0 is the activation [batch, sequence, hidden] and whose output is the logits. */
const LM_HEAD_OPS = new Set(['MatMul', 'MatMulNBits', 'MatMulInteger']);
/**
 * Ops between the lm_head and the `logits` output in the exports we know (Identity in fp32/q4,
 * Cast in fp16/q4f16, Cast then Mul by the scales in int8); their input 0 carries the rows on.
 */
const PASS_THROUGH = new Set(['Identity', 'Cast', 'Mul']);
const INT64_MAX = 0x7fffffffffffffffn;
const PREFIX = 'locus_last_position';
const SLICE_OPSET = 10; // Slice takes starts/ends/axes as inputs from opset 10

interface NodeInfo {
  field: WireField;
  op: string;
  inputs: string[];
  outputs: string[];
}

interface GraphInfo {
  nodes: NodeInfo[];
  names: Set<string>;
  inputs: string[];
  outputs: string[];
  externalData: boolean;
}

// GraphProto fields: node 1, initializer 5, input 11, output 12. NodeProto: input 1, output 2, op_type 4.
// TensorProto: name 8, external_data 13, data_location 14. ValueInfoProto: name 1.
function readNode(buf: Uint8Array, field: WireField): NodeInfo {
  const node: NodeInfo = { field, op: '', inputs: [], outputs: [] };
  for (const f of wireFields(buf, field.valueStart, field.end)) {
    if (f.no === 1 && f.wire === 2) node.inputs.push(fieldString(buf, f));
    else if (f.no === 2 && f.wire === 2) node.outputs.push(fieldString(buf, f));
    else if (f.no === 4 && f.wire === 2) node.op = fieldString(buf, f);
  }
  return node;
}

function readInitializer(buf: Uint8Array, field: WireField, graph: GraphInfo): void {
  for (const f of wireFields(buf, field.valueStart, field.end)) {
    if (f.no === 8 && f.wire === 2) graph.names.add(fieldString(buf, f));
    else if (f.no === 13) graph.externalData = true;
    else if (f.no === 14 && f.wire === 0 && fieldVarint(buf, f) === 1) graph.externalData = true;
  }
}

function valueInfoName(buf: Uint8Array, field: WireField): string {
  for (const f of wireFields(buf, field.valueStart, field.end)) if (f.no === 1 && f.wire === 2) return fieldString(buf, f);
  return '';
}

function readGraph(buf: Uint8Array, graphField: WireField): GraphInfo {
  const graph: GraphInfo = { nodes: [], names: new Set(), inputs: [], outputs: [], externalData: false };
  for (const f of wireFields(buf, graphField.valueStart, graphField.end)) {
    if (f.wire !== 2) continue;
    if (f.no === 1) {
      const node = readNode(buf, f);
      graph.nodes.push(node);
      for (const name of [...node.inputs, ...node.outputs]) graph.names.add(name);
    } else if (f.no === 5) readInitializer(buf, f, graph);
    else if (f.no === 11) graph.inputs.push(valueInfoName(buf, f));
    else if (f.no === 12) graph.outputs.push(valueInfoName(buf, f));
  }
  for (const name of [...graph.inputs, ...graph.outputs]) graph.names.add(name);
  return graph;
}

/** The default domain's opset version (ModelProto.opset_import 8: domain 1, version 2). */
function defaultOpset(buf: Uint8Array, modelFields: WireField[]): number {
  for (const field of modelFields) {
    if (field.no !== 8 || field.wire !== 2) continue;
    let domain = '';
    let version = 0;
    for (const f of wireFields(buf, field.valueStart, field.end)) {
      if (f.no === 1 && f.wire === 2) domain = fieldString(buf, f);
      else if (f.no === 2 && f.wire === 0) version = fieldVarint(buf, f);
    }
    if (domain === '' || domain === 'ai.onnx') return version;
  }
  return 0;
}

/** The node that multiplies by the lm_head, found from the graph output `logits` up. */
function findLmHead(graph: GraphInfo): NodeInfo | string {
  const producer = new Map<string, NodeInfo>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  let name = 'logits';
  for (let step = 0; step < 4; step++) {
    const node = producer.get(name);
    if (!node) return `no node produces ${name}`;
    if (LM_HEAD_OPS.has(node.op)) return node;
    if (!PASS_THROUGH.has(node.op) || !node.inputs[0]) return `logits come from ${node.op}, not a MatMul`;
    name = node.inputs[0];
  }
  return 'no MatMul within 4 nodes of logits';
}

function int64Initializer(name: string, value: bigint): Uint8Array {
  const raw = new Uint8Array(8);
  new DataView(raw.buffer).setBigInt64(0, value, true);
  // TensorProto: dims 1, data_type 2 (7 = INT64), name 8, raw_data 9.
  return new MessageWriter().varint(1, 1).varint(2, 7).string(8, name).bytes(9, raw).finish();
}

function field(no: number, message: Uint8Array): Uint8Array {
  return Uint8Array.from([...varintBytes(no * 8 + 2), ...varintBytes(message.length), ...message]);
}

/** The lm_head node with its input 0 renamed (every other field copied as it was). */
function renameInput0(buf: Uint8Array, node: NodeInfo, input: string): Uint8Array {
  const writer = new MessageWriter();
  let renamed = false;
  for (const f of wireFields(buf, node.field.valueStart, node.field.end)) {
    if (!renamed && f.no === 1 && f.wire === 2) {
      writer.string(1, input);
      renamed = true;
    } else writer.copy(buf, f);
  }
  return writer.finish();
}

/** Why a model is left as it is, or undefined when it can be edited. */
function refusal(graph: GraphInfo, opset: number): string | undefined {
  if (graph.externalData) return 'weights in external data';
  if (graph.inputs.some((name) => name === 'num_logits_to_keep' || name === 'logits_to_keep'))
    return 'the model already has num_logits_to_keep';
  if (!graph.outputs.includes('logits')) return 'no graph output named logits';
  if (opset < SLICE_OPSET) return `opset ${opset} is older than ${SLICE_OPSET}`;
  if ([...graph.names].some((name) => name.startsWith(PREFIX))) return 'already rewritten';
  return undefined;
}

/** Edits `bytes` (a whole ModelProto) so the lm_head sees only the last sequence position. */
export function lastPositionLogits(bytes: Uint8Array): LastLogitsEdit {
  let modelFields: WireField[];
  let graphField: WireField | undefined;
  let graph: GraphInfo;
  try {
    modelFields = [...wireFields(bytes, 0, bytes.length)];
    graphField = modelFields.find((f) => f.no === 7 && f.wire === 2);
    if (!graphField) return { changed: false, reason: 'no graph' };
    graph = readGraph(bytes, graphField);
  } catch (error) {
    if (error instanceof WireError) return { changed: false, reason: `not an ONNX model (${error.message})` };
    throw error;
  }
  const refused = refusal(graph, defaultOpset(bytes, modelFields));
  if (refused) return { changed: false, reason: refused };
  const lmHead = findLmHead(graph);
  if (typeof lmHead === 'string') return { changed: false, reason: lmHead };
  const hidden = lmHead.inputs[0] ?? '';
  const sliced = `${PREFIX}/${hidden}`;
  const constants = { starts: -1n, ends: INT64_MAX, axes: 1n };
  const constantNames = Object.keys(constants).map((key) => `${PREFIX}/${key}`);
  const slice = new MessageWriter()
    .string(1, hidden)
    .string(1, constantNames[0] ?? '')
    .string(1, constantNames[1] ?? '')
    .string(1, constantNames[2] ?? '')
    .string(2, sliced)
    .string(3, PREFIX)
    .string(4, 'Slice')
    .finish();
  // The Slice goes right before the lm_head, so the node list stays in topological order as ONNX
  // asks (ONNX Runtime 1.30 also loads it appended at the end: it sorts on load; others may not).
  const graphPieces: Piece[] = [
    { from: graphField.valueStart, to: lmHead.field.start },
    field(1, slice),
    field(1, renameInput0(bytes, lmHead, sliced)),
    { from: lmHead.field.end, to: graphField.end },
    ...Object.values(constants).map((value, i) => field(5, int64Initializer(constantNames[i] ?? '', value))),
  ];
  const graphSize = graphPieces.reduce((sum, p) => sum + pieceSize(p), 0);
  const pieces: Piece[] = [
    { from: 0, to: graphField.start },
    Uint8Array.from([...varintBytes(7 * 8 + 2), ...varintBytes(graphSize)]),
    ...graphPieces,
    { from: graphField.end, to: bytes.length },
  ].filter((p) => pieceSize(p) > 0);
  return { changed: true, pieces, size: pieces.reduce((sum, p) => sum + pieceSize(p), 0), lmHead: lmHead.op };
}

export function pieceSize(piece: Piece): number {
  return piece instanceof Uint8Array ? piece.length : piece.to - piece.from;
}

/** The edited model as one array (for Node and tests; the browser joins Blob slices instead). */
export function joinPieces(bytes: Uint8Array, pieces: Piece[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + pieceSize(p), 0));
  let at = 0;
  for (const piece of pieces) {
    const part = piece instanceof Uint8Array ? piece : bytes.subarray(piece.from, piece.to);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A stored decoder file with its lm_head fed the last position only, as slices of the stored Blob
 * (the weights are not copied); the file itself, and why, when the model does not have the pattern.
 */
export async function withLastPositionLogits(stored: Blob): Promise<{ blob: Blob; kept?: string }> {
  const edit = lastPositionLogits(new Uint8Array(await stored.arrayBuffer()));
  if (!edit.changed) return { blob: stored, kept: edit.reason };
  const parts = edit.pieces.map((p) => (p instanceof Uint8Array ? (p as Uint8Array<ArrayBuffer>) : stored.slice(p.from, p.to)));
  return { blob: new Blob(parts) };
}
