/** Token budgets shared by the study tasks: what is left of the model's window for material. */
import type { ChatMessage, Engine } from '../engine-api/engine';
import { LocusError } from '../errors';

/** Prompts beyond this are slow to process on a laptop CPU (as for summaries). */
export const MAX_PROMPT_TOKENS = 3072;

/** The window a task may fill: the model's, or less for a model with a very large one. */
export function usableWindow(engine: Engine, maxNewTokens: number): number {
  return Math.min(engine.info.contextWindow, MAX_PROMPT_TOKENS + maxNewTokens);
}

/**
 * Tokens left for material once the prompt's own words (`skeleton`: the messages with every piece
 * of material empty) and the answer are counted; a small margin covers joins.
 */
export async function materialBudget(engine: Engine, skeleton: ChatMessage[], maxNewTokens: number, minimum = 16): Promise<number> {
  const overhead = await engine.countPromptTokens(skeleton);
  const budget = usableWindow(engine, maxNewTokens) - maxNewTokens - overhead - 8;
  if (budget < minimum) {
    throw new LocusError(
      'input-too-large',
      `${engine.info.modelName}'s window (${engine.info.contextWindow} tokens) is too small for this task.`,
    );
  }
  return budget;
}

/** Words separated by spaces, for notices (the panel words the count). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** "about 1,200 words", for the English log line of a notice. */
export function aboutWords(text: string): string {
  const n = wordCount(text);
  return `about ${n.toLocaleString('en')} word${n === 1 ? '' : 's'}`;
}

/**
 * Builds a prompt with `build(budget)` and checks it exactly: token counts of joined pieces are not
 * quite the sum of their parts (and the chat template adds its own), so when the whole prompt and
 * its answer overflow the window, the material budget shrinks by the overflow and the prompt is
 * built again. Every prompt a study task sends has passed this check.
 */
export async function buildWithinWindow<T extends { messages: ChatMessage[] }>(
  engine: Engine,
  maxNewTokens: number,
  budget: number,
  build: (budget: number) => Promise<T>,
): Promise<T> {
  const window = usableWindow(engine, maxNewTokens);
  let current = budget;
  for (let attempt = 0; attempt < 5; attempt++) {
    const built = await build(current);
    const over = (await engine.countPromptTokens(built.messages)) + maxNewTokens - window;
    if (over <= 0) return built;
    current -= over + 4 * (attempt + 1);
    if (current < 16) break;
  }
  throw new LocusError(
    'input-too-large',
    `${engine.info.modelName}'s window (${engine.info.contextWindow} tokens) is too small for this task.`,
  );
}
