/**
 * Follow-up chat about a page. Each question gets a prompt built for it within the model's window:
 * the last turns of the conversation (as many as fit a share of the window, newest first), the
 * page's saved summary when there is one, and the passages of the page that best match the
 * question (BM25 over the page's blocks), all quoted as data; the question itself stays outside.
 */
import type { ChatMessage, Engine } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { TaskEvent } from '../messaging/engine-protocol';
import { passagesText, selectPassages } from './passages';
import { buildWithinWindow, materialBudget } from './budget';
import { fitStart } from './fit';
import { answerBudget, answerLanguageClause, quoteAsData, systemPrompt } from './prompts';
import type { TaskOutcome } from './task-outcome';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatTaskInput {
  page: { url: string; title: string; lang: string; text: string };
  /** The page's latest saved summary ('' when none). */
  summary: string;
  /** The conversation so far, oldest first (without the new question). */
  history: ChatTurn[];
  question: string;
  outputLanguage: string;
}

/** Share of the material budget the earlier turns may take. */
const HISTORY_SHARE = 0.35;
/** Share the summary may take of what is left for the page. */
const SUMMARY_SHARE = 0.35;
/** An old answer is cut to this many tokens in the prompt (the student sees it whole). */
const MAX_TOKENS_PER_TURN = 200;

function finalUser(input: ChatTaskInput, summary: string, passages: string): string {
  const title = input.page.title ? `Title: ${quoteAsData(input.page.title)}\n` : '';
  const parts = [
    summary ? `Summary of the page:\n${quoteAsData(summary)}` : '',
    passages ? `${summary ? 'Parts of the page:\n' : ''}${quoteAsData(passages)}` : '',
  ].filter(Boolean);
  return `<document>\n${title}${parts.join('\n\n')}\n</document>\n\nUsing the document, answer the student's question. If the document does not say, say so.${answerLanguageClause(input.outputLanguage, input.page.lang)}\n\nThe student's question: ${input.question.trim()}`;
}

export function chatMessages(input: ChatTaskInput, history: ChatTurn[], summary: string, passages: string, window: number): ChatMessage[] {
  return [
    { role: 'system', content: systemPrompt(window) },
    ...history.map((t) => ({ role: t.role, content: t.content })),
    { role: 'user', content: finalUser(input, summary, passages) },
  ];
}

export interface BuiltChatPrompt {
  messages: ChatMessage[];
  maxNewTokens: number;
  /** Earlier turns left out of the prompt (the oldest ones). */
  turnsLeftOut: number;
  /** Page passages used, of all. */
  passagesUsed: number;
  passagesTotal: number;
}

export async function buildChatPrompt(input: ChatTaskInput, engine: Engine): Promise<BuiltChatPrompt> {
  if (!input.question.trim()) throw new LocusError('empty-input', 'Type a question about the page first.');
  const window = engine.info.contextWindow;
  const maxNew = answerBudget(384, window);
  // The skeleton has the headers the material will have, so their tokens are counted.
  const withSummary = input.summary.trim() ? ' ' : '';
  const budget = await materialBudget(engine, chatMessages(input, [], withSummary, ' ', window), maxNew);
  return buildWithinWindow(engine, maxNew, budget, (b) => chatWithin(input, engine, b, maxNew));
}

async function chatWithin(input: ChatTaskInput, engine: Engine, budget: number, maxNew: number): Promise<BuiltChatPrompt> {
  const window = engine.info.contextWindow;
  const count = (s: string) => engine.countTokens(s);
  // 1. The last turns, whole pairs where possible, newest first, within their share.
  const history: ChatTurn[] = [];
  let historyTokens = 0;
  for (const turn of [...input.history].reverse()) {
    const fitted = await fitStart(turn.content.trim(), MAX_TOKENS_PER_TURN, count);
    const text = fitted.cut ? `${fitted.text} […]` : fitted.text;
    const cost = (await count(text)) + 4;
    if (historyTokens + cost > budget * HISTORY_SHARE) break;
    history.unshift({ role: turn.role, content: text });
    historyTokens += cost;
  }
  // A conversation handed to the model starts with the student's turn.
  while (history[0]?.role === 'assistant') history.shift();
  let left = budget - historyTokens;

  // 2. The saved summary, within its share.
  let summary = '';
  if (input.summary.trim()) {
    summary = (await fitStart(input.summary.trim(), Math.floor(left * SUMMARY_SHARE), count)).text;
    if (summary) left -= (await count(summary)) + 6;
  }

  // 3. The passages that match the question; for a follow-up that matches nothing ("and why?"),
  // those that match it with the previous question.
  // Characters per token of this page, from a sample, to pick passages before counting exactly.
  const sample = input.page.text.slice(0, 4000);
  const perToken = sample ? sample.length / Math.max(1, await count(sample)) : 4;
  const maxChars = Math.max(200, Math.floor(left * perToken));
  const passageChars = Math.max(200, Math.floor(maxChars / 3));
  let selection = selectPassages(input.page.text, input.question, maxChars, passageChars);
  const lastQuestion = [...input.history].reverse().find((t) => t.role === 'user')?.content ?? '';
  if (!selection.matched && lastQuestion)
    selection = selectPassages(input.page.text, `${input.question} ${lastQuestion}`, maxChars, passageChars);
  const passages = (await fitStart(passagesText(selection.passages), Math.max(0, left - 4), count)).text;

  return {
    messages: chatMessages(input, history, summary, passages, window),
    maxNewTokens: maxNew,
    turnsLeftOut: input.history.length - history.length,
    passagesUsed: selection.passages.length,
    passagesTotal: selection.total,
  };
}

export async function runChatTask(
  input: ChatTaskInput,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const prompt = await buildChatPrompt(input, engine);
  if (prompt.turnsLeftOut > 0) {
    emit({
      kind: 'notice',
      message: `The model reads the last ${input.history.length - prompt.turnsLeftOut} messages of this conversation with your question (its window is ${engine.info.contextWindow.toLocaleString('en')} tokens); earlier ones stay here for you.`,
    });
  }
  const final = await engine.generate(
    { messages: prompt.messages, maxNewTokens: prompt.maxNewTokens },
    { signal, onText: (delta) => emit({ kind: 'text', delta }) },
  );
  return { text: final.text, final, parts: 1 };
}
