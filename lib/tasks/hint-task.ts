/**
 * Socratic hints on a problem the student is working on: level 1 a nudge, 2 the concept, 3 the
 * next step, 4 (only when the student asked for it and confirmed) the worked solution. The earlier
 * hints are in the prompt so each hint goes one step further instead of repeating. At levels 1-3
 * the prompt forbids the answer and a filter drops any sentence that gives it anyway.
 */
import type { ChatMessage, Engine } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { NoticeEvent, TaskEvent } from '../messaging/engine-protocol';
import type { HintRequestLevel } from './hint-ladder';
import { aboutWords, buildWithinWindow, materialBudget, wordCount } from './budget';
import { fitAround, fitStart, locate } from './fit';
import { AnswerLeakGuard } from './hint-guard';
import { answerBudget, answerLanguageClause, chat, quoteAsData, systemPrompt } from './prompts';
import type { TaskOutcome } from './task-outcome';

export interface HintTaskInput {
  level: HintRequestLevel;
  problem: string;
  /** The page around the problem ('' when the problem is the page). */
  context: string;
  /** Hints given so far, in order. */
  previous: string[];
  page: { url: string; title: string; lang: string };
  outputLanguage: string;
}

const NO_ANSWER = 'Do not solve the problem, do not state its answer or any final result, and do not compute anything with its numbers.';

export const HINT_INSTRUCTIONS: Record<HintRequestLevel, string> = {
  1: `Give the student hint 1 of 3: a short nudge of one or two sentences, such as a guiding question, that helps them see how to start. ${NO_ANSWER}`,
  2: `Give the student hint 2 of 3: name the key concept, rule or formula this problem relies on, and say in a sentence or two why it applies. Do not apply it to the problem. ${NO_ANSWER}`,
  3: `Give the student hint 3 of 3: describe only the next single step they should take, as something for them to do. Do not carry the step out and do not describe any later step. ${NO_ANSWER}`,
  4: 'The student has asked to see the full solution. Give a complete worked solution, step by step, explaining each step, and end with the final answer on its own line.',
};

/** For models with small windows (under 2k tokens), the same rules in few words. */
export const COMPACT_HINT_INSTRUCTIONS: Record<HintRequestLevel, string> = {
  1: 'Hint 1 of 3: one short nudge, such as a guiding question. Do not give the answer.',
  2: 'Hint 2 of 3: name the key concept or formula. Do not apply it. Do not give the answer.',
  3: 'Hint 3 of 3: say only the next step, without doing it. Do not give the answer.',
  4: 'Give the full worked solution step by step, then the final answer.',
};

export function hintInstruction(level: HintRequestLevel, window: number): string {
  return window < 2048 ? COMPACT_HINT_INSTRUCTIONS[level] : HINT_INSTRUCTIONS[level];
}

const WANTED_TOKENS: Record<HintRequestLevel, number> = { 1: 96, 2: 160, 3: 160, 4: 512 };

export function hintMessages(input: HintTaskInput, problem: string, context: string, previous: string[], window: number): ChatMessage[] {
  const title = input.page.title ? `Title: ${quoteAsData(input.page.title)}\n` : '';
  const around = context
    ? `<document>\n${title}${quoteAsData(context)}\n</document>\n\nIn that document, the student is working on this problem:\n`
    : 'The student is working on this problem:\n';
  const header = window < 2048 ? 'Earlier hints:' : 'Hints already given (go one step further, do not repeat them):';
  const given = previous.length
    ? `\n\n${header}\n<document>\n${previous.map((h, i) => `${i + 1}. ${quoteAsData(h.trim())}`).join('\n')}\n</document>`
    : '';
  return chat(
    systemPrompt(window),
    `${around}<document>\n${quoteAsData(problem)}\n</document>${given}\n\n${hintInstruction(input.level, window)}${answerLanguageClause(input.outputLanguage, input.page.lang)}`,
  );
}

export async function buildHintPrompt(
  input: HintTaskInput,
  engine: Engine,
): Promise<{ messages: ChatMessage[]; maxNewTokens: number; notices: NoticeEvent[] }> {
  const problem = input.problem.trim();
  if (!problem)
    throw new LocusError(
      'empty-input',
      'There is no problem to give a hint on: select the problem on the page (or open a page with it), then ask again.',
    );
  const window = engine.info.contextWindow;
  const maxNew = answerBudget(WANTED_TOKENS[input.level], window);
  const budget = await materialBudget(
    engine,
    hintMessages(input, '', input.context ? ' ' : '', input.previous.length ? [''] : [], window),
    maxNew,
  );
  return buildWithinWindow(engine, maxNew, budget, (b) => hintWithin(input, engine, problem, b, maxNew));
}

async function hintWithin(
  input: HintTaskInput,
  engine: Engine,
  problem: string,
  budget: number,
  maxNew: number,
): Promise<{ messages: ChatMessage[]; maxNewTokens: number; notices: NoticeEvent[] }> {
  const window = engine.info.contextWindow;
  const count = (s: string) => engine.countTokens(s);
  const notices: NoticeEvent[] = [];

  // The problem first; then the hints so far (the latest ones, which matter most); then context.
  const fitted = await fitStart(problem, input.context || input.previous.length ? Math.floor(budget * 0.6) : budget, count);
  if (fitted.cut)
    notices.push({
      kind: 'notice',
      notice: { code: 'hint-problem-cut', words: wordCount(problem), readWords: wordCount(fitted.text) },
      message: `The problem is long (${aboutWords(problem)}): Locus gave the model its beginning (${aboutWords(fitted.text)}). Select just the problem to get hints on all of it.`,
    });
  let left = budget - (await count(fitted.text));
  const previous: string[] = [];
  for (const hint of [...input.previous].reverse()) {
    const cost = (await count(hint)) + 4;
    if (cost > left) break;
    previous.unshift(hint);
    left -= cost;
  }
  let context = '';
  if (input.context.trim() && left > 24) {
    const at = locate(input.context, problem.slice(0, 400)) ?? { start: 0, end: 0 };
    context = (await fitAround(input.context, at.start, at.end, left - 4, count)).text;
  }
  return { messages: hintMessages(input, fitted.text, context, previous, window), maxNewTokens: maxNew, notices };
}

export async function runHintTask(
  input: HintTaskInput,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const prompt = await buildHintPrompt(input, engine);
  for (const notice of prompt.notices) emit(notice);
  const request = { messages: prompt.messages, maxNewTokens: prompt.maxNewTokens };
  if (input.level === 4) {
    const final = await engine.generate(request, { signal, onText: (delta) => emit({ kind: 'text', delta }) });
    return { text: final.text, final, parts: 1 };
  }
  const guard = new AnswerLeakGuard((text) => emit({ kind: 'text', delta: text }));
  const final = await engine.generate(request, { signal, onText: (delta) => guard.push(delta) });
  const shown = guard.end().trim();
  if (guard.dropped > 0) {
    emit({
      kind: 'notice',
      notice: { code: 'hint-held-back', sentences: guard.dropped },
      message: `Locus held back ${guard.dropped === 1 ? 'a sentence' : `${guard.dropped} sentences`} of this hint that gave the answer away. Ask for the solution when you want it.`,
    });
  }
  // Nothing left to show (all held back, or no words): empty, and the panel says its own line in
  // the student's language (hint-state.ts); this context has no i18n to word it here.
  return {
    text: shown,
    final,
    parts: 1,
  };
}
