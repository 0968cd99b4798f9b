/**
 * "Ask my library": hybrid retrieval (words, and the question's embedding when the library has vectors
 * of the current model), the "nothing relevant" decision, then a grounded answer from the chat model
 * that cites the passages it was given by number. Every way out ends with one `done` event.
 */
import type { Engine } from '../engine-api/engine';
import { tokensPerSecond } from '../engine-api/generation-stats';
import { isAbort, toErrorInfo } from '../errors';
import type { LibrarySearchFilter } from '../messaging/library-protocol';
import { isFilterEmpty, type HybridHit } from '../search/fusion';
import {
  EMPTY_LIBRARY,
  NOTHING_RELEVANT,
  NOTHING_RELEVANT_FILTERED,
  fitGroundedPrompt,
  generateGroundedAnswer,
} from '../tasks/library-answer-task';
import { chunkContext } from './chunk-document';
import { judgeRelevance } from './citations';
import type { Emit, LibraryContext } from './library-context';
import type { LibraryIndex } from './library-index';
import { sourcesFor } from './library-sources';

/** Retrieved passages the "nothing relevant" rule looks at, and the most an answer may cite. */
const JUDGE_TOP = 8;
const MAX_SOURCES = 5;

/**
 * The question's embedding, when the library has vectors of the current model (else undefined:
 * the search is lexical). Call inside `exclusive`.
 */
async function queryVector(library: LibraryContext, question: string, emit: Emit, signal: AbortSignal): Promise<Float32Array | undefined> {
  const index = await library.index();
  const model = await library.modelId();
  if (index.denseModel !== model) await index.loadDense(library.store, model);
  if (!model || !index.dense || index.dense.size === 0) return undefined;
  try {
    const embedder = await library.deps.prepareEmbedder(emit, signal);
    const [vector] = await embedder.embed([question], { signal });
    return vector;
  } catch (error) {
    if (isAbort(error)) throw error;
    emit({
      kind: 'notice',
      notice: { code: 'library-words-only', error: toErrorInfo(error) },
      message: `Searched your library by its words only: the embedding model is not available (${toErrorInfo(error).message}).`,
    });
    return undefined;
  }
}

function search(index: LibraryIndex, question: string, vector: Float32Array | undefined, filter: LibrarySearchFilter): HybridHit[] {
  return index.search({ text: question, ...(vector ? { vector } : {}), filter, limit: JUDGE_TOP, depth: 100 });
}

/** Hybrid retrieval for a question, as "Ask my library" does it (lexical only without vectors). */
export async function retrieve(
  library: LibraryContext,
  question: string,
  filter: LibrarySearchFilter,
  signal: AbortSignal,
): Promise<HybridHit[]> {
  const index = await library.index();
  const vector = await library.deps.exclusive(() => queryVector(library, question, () => undefined, signal));
  return search(index, question, vector, filter);
}

interface AnswerFigures {
  promptTokens: number;
  outputTokens: number;
  ttftMs: number;
  tokensPerSecond: number;
}

/** The `done` event; without an engine the answer came from the search alone (nothing found). */
function finish(emit: Emit, started: number, text: string, engine?: Engine, figures?: AnswerFigures): void {
  emit({
    kind: 'done',
    text,
    stats: {
      modelId: engine?.info.modelId ?? '',
      modelName: engine?.info.modelName ?? 'Library search',
      device: engine && engine.info.device !== 'cloud' ? engine.info.device : 'wasm',
      dtype: engine?.info.dtype ?? '',
      promptTokens: figures?.promptTokens ?? 0,
      outputTokens: figures?.outputTokens ?? 0,
      ttftMs: figures?.ttftMs ?? 0,
      totalMs: performance.now() - started,
      tokensPerSecond: figures?.tokensPerSecond ?? 0,
      parts: 1,
    },
  });
}

/** An answer without sources (an empty library, nothing relevant): said as the answer's text. */
function answerWithoutSources(emit: Emit, started: number, text: string): void {
  emit({ kind: 'library.sources', found: false, sources: [] });
  emit({ kind: 'text', delta: text });
  finish(emit, started, text);
}

/** Answers from the relevant passages, as many as the chat model's window holds, saying what it left out. */
async function answerFrom(
  library: LibraryContext,
  index: LibraryIndex,
  relevant: readonly HybridHit[],
  question: string,
  emit: Emit,
  signal: AbortSignal,
): Promise<{ engine: Engine; text: string; figures: AnswerFigures }> {
  const candidates = await sourcesFor(index, library.store, relevant.slice(0, MAX_SOURCES));
  const engine = await library.deps.prepareChat(emit, signal);
  const passages = candidates.map((s) => ({ label: chunkContext({ headings: s.headings }, s.title), text: s.text }));
  const prompt = await fitGroundedPrompt(engine, question, passages, signal);
  // What each source's passage was for the model: a card keeps exactly that, to ask it again elsewhere.
  const sources = candidates
    .slice(0, prompt.used.length)
    .map((s, i) => (prompt.used[i]!.text === s.text ? s : { ...s, given: prompt.used[i]!.text }));
  emit({ kind: 'library.sources', found: true, sources });
  if (prompt.cut)
    emit({
      kind: 'notice',
      notice: { code: 'library-source-cut', model: engine.info.modelName },
      message: `${engine.info.modelName}'s window is small: it read only the beginning of source [1].`,
    });
  else if (sources.length < candidates.length)
    emit({
      kind: 'notice',
      notice: { code: 'library-passages-cut', model: engine.info.modelName, used: sources.length, found: candidates.length },
      message: `${engine.info.modelName}'s window holds ${sources.length} of the ${candidates.length} relevant passages; the answer uses those.`,
    });
  const result = await generateGroundedAnswer(engine, prompt, (delta) => emit({ kind: 'text', delta }), signal);
  const { promptTokens, outputTokens, ttftMs } = result;
  return { engine, text: result.text, figures: { promptTokens, outputTokens, ttftMs, tokensPerSecond: tokensPerSecond(result) } };
}

/** The `library.ask` task. */
export async function askLibrary(
  library: LibraryContext,
  question: string,
  filter: LibrarySearchFilter,
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const index = await library.index();
  if (index.pages.size === 0) return answerWithoutSources(emit, started, EMPTY_LIBRARY);
  await library.deps.exclusive(async () => {
    const vector = await queryVector(library, question, emit, signal);
    const decision = judgeRelevance(search(index, question, vector, filter));
    if (!decision.found) return answerWithoutSources(emit, started, isFilterEmpty(filter) ? NOTHING_RELEVANT : NOTHING_RELEVANT_FILTERED);
    const answer = await answerFrom(library, index, decision.relevant, question, emit, signal);
    finish(emit, started, answer.text, answer.engine, answer.figures);
  });
}
