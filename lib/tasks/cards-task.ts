/**
 * Flashcards and multiple-choice questions from a page or a selection, in a strict format that
 * lib/tasks/card-parser.ts reads back. A page longer than one prompt is covered by several calls on
 * parts spread over the whole page (each asked for its share of the cards), with progress.
 */
import { chunkByTokens } from '../capture/chunk';
import type { ChatMessage, Engine, GenerateResult } from '../engine-api/engine';
import { LocusError, cancelled } from '../errors';
import type { TaskEvent } from '../messaging/engine-protocol';
import type { CardFormat } from './card-parser';
import { buildWithinWindow, materialBudget } from './budget';
import { fitStart } from './fit';
import { answerBudget, answerLanguageClause, chat, documentBlock, systemPrompt } from './prompts';
import type { TaskOutcome } from './task-outcome';

export interface CardsTaskInput {
  format: CardFormat;
  count: number;
  /** The page's text, or the student's selection. */
  text: string;
  fromSelection: boolean;
  page: { url: string; title: string; lang: string };
  outputLanguage: string;
}

export const MAX_CARDS = 30;
/** Tokens an item takes in the answer, to size the answer budget. */
const TOKENS_PER_ITEM: Record<CardFormat, number> = { flashcards: 56, 'multiple-choice': 96 };
/** Parts of a long page used at most (each gives a few cards): enough to cover it, not an hour. */
const MAX_PARTS = 10;
const MAX_SOURCE_CHARS = 400_000;

const FORMATS: Record<CardFormat, (n: number) => string> = {
  flashcards: (n) =>
    `Write ${n} flashcard${n === 1 ? '' : 's'} that test the key facts, terms and ideas of the document. Use exactly this format for each card, with a blank line between cards, and write nothing else:\n\nQ: <a question>\nA: <its answer, in one or two sentences>`,
  'multiple-choice': (n) =>
    `Write ${n} multiple-choice question${n === 1 ? '' : 's'} on the key facts and ideas of the document, each with four options of which exactly one is correct. Use exactly this format for each question, with a blank line between questions, and write nothing else:\n\nQ: <the question>\nA) <option>\nB) <option>\nC) <option>\nD) <option>\nAnswer: <the letter of the correct option>`,
};

export function cardsMessages(input: CardsTaskInput, body: string, n: number, window: number): ChatMessage[] {
  return chat(
    systemPrompt(window),
    `${documentBlock(input.page.title, body)}\n\n${FORMATS[input.format](n)}${answerLanguageClause(input.outputLanguage, input.page.lang)}`,
  );
}

/** How many items each part asks for: `count` spread over `parts`, earlier parts first. */
export function spreadItems(count: number, parts: number): number[] {
  const base = Math.floor(count / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < count % parts ? 1 : 0));
}

/** `k` of `n` indexes spread evenly from the first to the last. */
export function spreadIndexes(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  if (k <= 1) return [0];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

export async function runCardsTask(
  input: CardsTaskInput,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const text = input.text.trim();
  if (!text)
    throw new LocusError(
      'empty-input',
      input.fromSelection ? 'Nothing is selected: select a passage first.' : 'There is no text on this page to make cards from.',
    );
  const count = Math.max(1, Math.min(MAX_CARDS, Math.round(input.count)));
  const window = engine.info.contextWindow;
  const onText = (delta: string) => emit({ kind: 'text', delta });

  // Items per call: as many as the answer budget holds (a small model's window holds two or three).
  const perCallMax = Math.max(1, Math.floor(answerBudget(4096, window) / TOKENS_PER_ITEM[input.format]));
  const maxNewFor = (n: number) => answerBudget(n * TOKENS_PER_ITEM[input.format] + 16, window);
  const budget = await materialBudget(
    engine,
    cardsMessages(input, '', Math.min(count, perCallMax), window),
    maxNewFor(Math.min(count, perCallMax)),
  );
  const count_ = (s: string) => {
    if (signal.aborted) throw cancelled();
    return engine.countTokens(s);
  };

  // A short text is one part; a long one is cut along its structure (its first 400,000 characters:
  // at most ten parts are used, spread over them).
  const short = text.length <= budget * 16 && (await engine.countTokens(text)) <= budget;
  const chunks = short ? [text] : await chunkByTokens(text.slice(0, MAX_SOURCE_CHARS), budget, count_);
  const parts = Math.min(chunks.length, MAX_PARTS, Math.max(Math.ceil(count / perCallMax), Math.min(chunks.length, Math.ceil(count / 2))));
  const picked = spreadIndexes(chunks.length, parts).map((i) => chunks[i]!);
  const shares = spreadItems(count, picked.length).map((n) => Math.min(n, perCallMax));
  const planned = shares.reduce((a, b) => a + b, 0);
  if (planned < count) {
    emit({
      kind: 'notice',
      notice: {
        code: 'cards-per-run',
        model: engine.info.modelName,
        count: planned,
        quiz: input.format !== 'flashcards',
        fromSelection: !!input.fromSelection,
      },
      message: `${engine.info.modelName} writes about ${planned} ${input.format === 'flashcards' ? 'cards' : 'questions'} from this ${input.fromSelection ? 'selection' : 'page'} at a time; ask again for more.`,
    });
  }
  if (chunks.length > picked.length || text.length > MAX_SOURCE_CHARS) {
    emit({
      kind: 'notice',
      notice: { code: 'cards-spread', parts: picked.length, quiz: input.format !== 'flashcards', fromSelection: !!input.fromSelection },
      message: `The ${input.fromSelection ? 'selection' : 'page'} is long: the ${input.format === 'flashcards' ? 'cards' : 'questions'} come from ${picked.length} parts spread over it.`,
    });
  }
  if (picked.length > 1) emit({ kind: 'plan', parts: picked.length });

  let all = '';
  let final: GenerateResult | undefined;
  for (const [i, chunk] of picked.entries()) {
    if (signal.aborted) throw cancelled();
    if (picked.length > 1) emit({ kind: 'part', index: i + 1, total: picked.length, stage: 'map' });
    if (all) {
      all += '\n\n';
      onText('\n\n');
    }
    const n = shares[i]!;
    if (n === 0) continue;
    const maxNew = maxNewFor(n);
    const prompt = await buildWithinWindow(engine, maxNew, budget, async (b) => ({
      messages: cardsMessages(input, b >= budget ? chunk : (await fitStart(chunk, b, count_)).text, n, window),
    }));
    final = await engine.generate({ messages: prompt.messages, maxNewTokens: maxNew }, { signal, onText });
    all += final.text;
  }
  if (!final) throw new LocusError('internal', 'No cards were asked for.');
  return { text: all, final, parts: picked.length };
}
