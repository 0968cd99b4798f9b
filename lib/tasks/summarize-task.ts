/**
 * Summarize a page in one of four modes. A page that does not fit the model's window is summarized
 * map-reduce: chunks sized with the model's own tokenizer, a partial summary of each, then one
 * combined summary (combined in rounds if even the partial summaries do not fit).
 */
import { chunkByTokens } from '../capture/chunk';
import type { ChatMessage, Engine, GenerateResult } from '../engine-api/engine';
import { LocusError, cancelled } from '../errors';
import type { NoticeEvent, TaskEvent } from '../messaging/engine-protocol';
import { answerBudget } from './prompts';
import { SUMMARY_MODE_SPECS, partNotesMessages, summaryMessages, type SummarizeInput } from './summary-prompt';

const MAP_MAX_NEW_TOKENS = 192;
/**
 * A page needing more parts than this (a book, a 10 MB dump) is summarized from its beginning, and
 * the student is told how much was covered, rather than keeping the device busy for an hour.
 */
export const MAX_MAP_PARTS = 48;
/** Prompts beyond this are slow to process on a laptop CPU; longer pages go map-reduce. */
const MAX_PROMPT_TOKENS = 3072;

export interface SummarizeOutcome {
  text: string;
  final: GenerateResult;
  parts: number;
}

/** Tokens left for document text once the prompt's own words and the answer are counted. */
async function textBudget(engine: Engine, messagesFor: (body: string) => ChatMessage[], maxNewTokens: number): Promise<number> {
  const overhead = await engine.countPromptTokens(messagesFor(''));
  const window = Math.min(engine.info.contextWindow, MAX_PROMPT_TOKENS + maxNewTokens);
  const budget = window - maxNewTokens - overhead - 8; // a small margin for joins at chunk edges
  if (budget < 32) {
    throw new LocusError(
      'input-too-large',
      `${engine.info.modelName}'s window (${engine.info.contextWindow} tokens) is too small for this task.`,
    );
  }
  return budget;
}

/** Combining steps needed for `notes` notes of up to `noteTokens` each (what the plan announces). */
export function estimateCombineSteps(notes: number, noteTokens: number, budget: number): number {
  const perGroup = Math.max(2, Math.floor(budget / (noteTokens + 2)));
  let steps = 0;
  let n = notes;
  while (n * (noteTokens + 2) > budget && n > 1) {
    n = Math.ceil(n / perGroup);
    steps += n;
  }
  return steps;
}

/** The `part` event of a step; a map step names the part of the page it reads (`piece` of `pieces`). */
function partEvent(index: number, total: number, stage: 'map' | 'reduce', piece: number, pieces: number): TaskEvent {
  return { kind: 'part', index, total, stage, ...(stage === 'map' ? { pagePart: { index: piece, total: pieces } } : {}) };
}

/** The page is too long for the model: the summary covers its first parts (`share` % of the text). */
function firstPartsNotice(model: string, share: number): NoticeEvent {
  return {
    kind: 'notice',
    notice: { code: 'summary-first-parts', model, parts: MAX_MAP_PARTS, percent: share },
    message: `This page is very long for ${model}: the summary covers its first ${MAX_MAP_PARTS} parts (about ${share}% of the text). Select a section and summarize it to go further.`,
  };
}

const COMBINE_CUT_NOTICE: NoticeEvent = {
  kind: 'notice',
  notice: { code: 'summary-combine-cut' },
  message: 'The page is too long to combine every part; the summary covers its first parts.',
};

export async function runSummarizeTask(
  input: SummarizeInput,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<SummarizeOutcome> {
  const text = input.page.text.trim();
  if (!text) throw new LocusError('empty-input', 'There is no text to summarize on this page.');
  const spec = SUMMARY_MODE_SPECS[input.mode];
  const window = engine.info.contextWindow;
  const maxNew = answerBudget(spec.maxNewTokens, window);
  const onText = (delta: string) => emit({ kind: 'text', delta });
  // Counting tokens of a long page takes a while: a Stop must not wait for it.
  const count = (s: string) => {
    if (signal.aborted) throw cancelled();
    return engine.countTokens(s);
  };

  const directBudget = await textBudget(engine, (body) => summaryMessages(input, body, false, window), maxNew);
  if ((await engine.countTokens(text)) <= directBudget) {
    const final = await engine.generate(
      { messages: summaryMessages(input, text, false, window), maxNewTokens: maxNew },
      { signal, onText },
    );
    return { text: final.text, final, parts: 1 };
  }

  // Notes are kept to a third of what one combining prompt holds, so every combining round at
  // least halves their number and the reduce always ends.
  const reduceBudget = await textBudget(engine, (body) => summaryMessages(input, body, true, window), maxNew);
  const mapMaxNew = Math.max(16, Math.min(answerBudget(MAP_MAX_NEW_TOKENS, window), Math.floor(reduceBudget / 3)));

  // Map: one partial summary per chunk.
  const mapBudget = await textBudget(engine, (body) => partNotesMessages(input, body, 99, 99, window), mapMaxNew);
  let chunks = await chunkByTokens(text, mapBudget, count);
  if (signal.aborted) throw cancelled();
  if (chunks.length > MAX_MAP_PARTS) {
    const covered = chunks.slice(0, MAX_MAP_PARTS).reduce((n, c) => n + c.length, 0);
    const share = Math.max(1, Math.floor((covered / text.length) * 100));
    emit(firstPartsNotice(engine.info.modelName, share));
    chunks = chunks.slice(0, MAX_MAP_PARTS);
  }
  // Rounds: each reduce round groups notes that fit together; estimate the total now for progress
  // (notes as long as they may be), and correct it if the rounds turn out otherwise.
  let total = chunks.length + estimateCombineSteps(chunks.length, mapMaxNew, reduceBudget) + 1;
  emit({ kind: 'plan', parts: total });
  let step = 0;
  // One note per piece (a part of the page, or a group of notes), each piece a step of the plan.
  const noteEach = async (pieces: string[], stage: 'map' | 'reduce'): Promise<string[]> => {
    const out: string[] = [];
    for (const [i, piece] of pieces.entries()) {
      step += 1;
      emit(partEvent(step, total, stage, i + 1, pieces.length));
      const result = await engine.generate(
        { messages: partNotesMessages(input, piece, i + 1, pieces.length, window), maxNewTokens: mapMaxNew },
        { signal },
      );
      out.push(result.text.trim());
      if (stage === 'map') emit({ kind: 'part-notes', index: i + 1, text: result.text.trim() }); // read while the rest is
    }
    return out;
  };
  let notes = await noteEach(chunks, 'map');

  // Reduce until the notes fit one prompt.
  for (;;) {
    const joined = notes.join('\n\n');
    if ((await engine.countTokens(joined)) <= reduceBudget) break;
    const groups = await chunkByTokens(joined, reduceBudget, count);
    if (groups.length >= notes.length || notes.length === 1) {
      // Notes that cannot be merged further (each near the budget): keep the leading ones.
      notes = groups.slice(0, 1);
      emit(COMBINE_CUT_NOTICE);
      break;
    }
    const planned = total;
    total = Math.max(total, step + groups.length + 1);
    if (total !== planned) emit({ kind: 'plan', parts: total });
    notes = await noteEach(groups, 'reduce');
  }

  step += 1;
  // Notes shorter than planned need fewer combining rounds: say so, so the plan ends where the parts do.
  if (total !== step) emit({ kind: 'plan', parts: step });
  total = step;
  emit({ kind: 'part', index: step, total, stage: 'reduce' });
  const final = await engine.generate(
    { messages: summaryMessages(input, notes.join('\n\n'), true, window), maxNewTokens: maxNew },
    { signal, onText },
  );
  return { text: final.text, final, parts: step };
}
