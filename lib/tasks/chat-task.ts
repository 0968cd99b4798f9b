/**
 * Follow-up chat about a page. Each question gets a prompt built for it within the model's window,
 * laid out so that a follow-up on the same page starts exactly like the question before it (the
 * engines then reuse the cached prefix instead of reading the page again):
 *
 * 1. the system message: Locus's rules, then the page as data — its saved summary and the whole
 *    page when both fit in what the conversation's and the question's shares leave, otherwise as
 *    much of its beginning as a fixed share of the window holds. It depends only on the page, its
 *    summary and the model, never on the question or the conversation, so it stays byte-identical;
 * 2. the last turns of the conversation (as many as fit their share, newest first);
 * 3. the question's own part: for a page that did not fit whole, the passages further down the page
 *    that best match it (BM25 over the page's blocks), quoted as data; then the question itself.
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

/** Share of the material budget the page's stable part (summary and beginning) takes. */
const PAGE_SHARE = 0.5;
/** Share of the page part the summary may take. */
const SUMMARY_SHARE = 0.35;
/** Share of the material budget the earlier turns may take. */
const HISTORY_SHARE = 0.2;
/**
 * Share of the material budget kept for the question when the whole page goes in the stable part
 * (a question of ~140 tokens in an 8k window; a longer one takes from the conversation's room, and
 * one that leaves no room at all gets the split layout).
 */
const QUESTION_SHARE = 0.05;
/** An old answer is cut to this many tokens in the prompt (the student sees it whole). */
const MAX_TOKENS_PER_TURN = 200;

/** The page part of the system message: the same for every question on this page. */
function pageDocument(input: ChatTaskInput, summary: string, beginning: string): string {
  const title = input.page.title ? `Title: ${quoteAsData(input.page.title)}\n` : '';
  const parts = [
    summary ? `Summary of the page:\n${quoteAsData(summary)}` : '',
    beginning ? `${summary ? 'The page:\n' : ''}${quoteAsData(beginning)}` : '',
  ].filter(Boolean);
  return `<document>\n${title}${parts.join('\n\n')}\n</document>`;
}

function finalUser(input: ChatTaskInput, passages: string): string {
  const more = passages ? `<document>\nMore of the page:\n${quoteAsData(passages)}\n</document>\n\n` : '';
  return `${more}Using the document, answer the student's question. If the document does not say, say so.${answerLanguageClause(input.outputLanguage, input.page.lang)}\n\nThe student's question: ${input.question.trim()}`;
}

const PAGE_HEADER = '\n\nThe page the student is reading:\n';

/**
 * The same prompt for a cloud model: the page moves from the system message into the question's
 * turn. A cloud request has no prefix cache to keep stable, and the system message is redacted as
 * Locus's own instructions (nothing of the page may be there: lib/cloud/proposal-redaction.ts).
 */
export function withPageInQuestion(messages: ChatMessage[]): ChatMessage[] {
  const [system, ...rest] = messages;
  const last = rest.at(-1);
  const at = system?.role === 'system' ? system.content.indexOf(PAGE_HEADER) : -1;
  if (!system || !last || last.role !== 'user' || at < 0) return messages;
  const page = system.content.slice(at + PAGE_HEADER.length);
  return [
    { role: 'system', content: system.content.slice(0, at) },
    ...rest.slice(0, -1),
    { role: 'user', content: `${PAGE_HEADER.trimStart()}${page}\n\n${last.content}` },
  ];
}

export function chatMessages(
  input: ChatTaskInput,
  history: ChatTurn[],
  summary: string,
  beginning: string,
  passages: string,
  window: number,
): ChatMessage[] {
  return [
    { role: 'system', content: `${systemPrompt(window)}${PAGE_HEADER}${pageDocument(input, summary, beginning)}` },
    ...history.map((t) => ({ role: t.role, content: t.content })),
    { role: 'user', content: finalUser(input, passages) },
  ];
}

export interface BuiltChatPrompt {
  messages: ChatMessage[];
  maxNewTokens: number;
  /** Earlier turns left out of the prompt (the oldest ones). */
  turnsLeftOut: number;
  /** Page passages used, of all (the page's beginning counts as one). */
  passagesUsed: number;
  passagesTotal: number;
}

export async function buildChatPrompt(input: ChatTaskInput, engine: Engine): Promise<BuiltChatPrompt> {
  if (!input.question.trim()) throw new LocusError('empty-input', 'Type a question about the page first.');
  const window = engine.info.contextWindow;
  const maxNew = answerBudget(384, window);
  // The skeleton has the headers the material will have, so their tokens are counted.
  const withSummary = input.summary.trim() ? ' ' : '';
  const budget = await materialBudget(engine, chatMessages(input, [], withSummary, ' ', ' ', window), maxNew);
  // The page part is sized from the budget of a prompt without a question or a conversation, so it
  // is the same text for every question on the page.
  const pageBudget = await materialBudget(engine, chatMessages({ ...input, question: '' }, [], withSummary, ' ', ' ', window), maxNew);
  const build = (page: PagePart) =>
    buildWithinWindow(engine, maxNew, budget - page.tokens, (b) => chatWithin(input, engine, page, b, maxNew));
  const whole = await wholePagePart(input, engine, pageBudget);
  if (whole) {
    try {
      return await build(whole);
    } catch (error) {
      // A question too long to sit beside the whole page: the page is split for this one.
      if (!(error instanceof LocusError && error.code === 'input-too-large')) throw error;
    }
  }
  return build(await stablePagePart(input, engine, pageBudget));
}

interface PagePart {
  summary: string;
  beginning: string;
  /** Characters of the page text the beginning covers. */
  covered: number;
  tokens: number;
}

/**
 * The summary and the whole page, when they fit in what is left of the budget after the
 * conversation's and the question's shares: then a follow-up processes only its own turn again.
 */
async function wholePagePart(input: ChatTaskInput, engine: Engine, budget: number): Promise<PagePart | undefined> {
  const text = input.page.text.trim();
  const summary = input.summary.trim();
  if (!text) return undefined;
  const room = Math.floor(budget * (1 - HISTORY_SHARE - QUESTION_SHARE));
  // A long page is refused on a beginning that already overflows (no count of a 2 MB text).
  const probe = text.slice(0, Math.max(64, room * 8));
  if (probe.length < text.length && (await engine.countTokens(probe)) > room) return undefined;
  // The same costs as stablePagePart's (headers and joins).
  const pageTokens = (await engine.countTokens(text)) + 4;
  const summaryTokens = summary ? (await engine.countTokens(summary)) + 6 : 0;
  if (pageTokens + summaryTokens > room) return undefined;
  return { summary, beginning: text, covered: text.length, tokens: pageTokens + summaryTokens };
}

async function stablePagePart(input: ChatTaskInput, engine: Engine, budget: number): Promise<PagePart> {
  const count = (s: string) => engine.countTokens(s);
  let left = Math.floor(budget * PAGE_SHARE);
  let summary = '';
  let tokens = 0;
  if (input.summary.trim()) {
    summary = (await fitStart(input.summary.trim(), Math.floor(left * SUMMARY_SHARE), count)).text;
    if (summary) {
      const cost = (await count(summary)) + 6;
      left -= cost;
      tokens += cost;
    }
  }
  const text = input.page.text.trim();
  const fitted = await fitStart(text, Math.max(0, left - 4), count);
  const beginning = fitted.text;
  if (beginning) tokens += (await count(beginning)) + 4;
  return { summary, beginning, covered: fitted.cut ? beginning.length : text.length, tokens };
}

async function chatWithin(input: ChatTaskInput, engine: Engine, page: PagePart, budget: number, maxNew: number): Promise<BuiltChatPrompt> {
  const window = engine.info.contextWindow;
  const count = (s: string) => engine.countTokens(s);
  // 1. The last turns, whole pairs where possible, newest first, within their share.
  const history: ChatTurn[] = [];
  let historyTokens = 0;
  const historyBudget = Math.min(budget, Math.floor((budget + page.tokens) * HISTORY_SHARE));
  for (const turn of [...input.history].reverse()) {
    const fitted = await fitStart(turn.content.trim(), MAX_TOKENS_PER_TURN, count);
    const text = fitted.cut ? `${fitted.text} […]` : fitted.text;
    const cost = (await count(text)) + 4;
    if (historyTokens + cost > historyBudget) break;
    history.unshift({ role: turn.role, content: text });
    historyTokens += cost;
  }
  // A conversation handed to the model starts with the student's turn.
  while (history[0]?.role === 'assistant') history.shift();
  const left = budget - historyTokens;

  // 2. The passages after the page's beginning that match the question; for a follow-up that
  // matches nothing ("and then?"), those that match it with the previous question.
  const text = input.page.text.trim();
  const rest = text.slice(page.covered);
  let passages = '';
  let used = 0;
  let total = 0;
  if (rest.trim() && left > 16) {
    // Characters per token of this page, from a sample, to pick passages before counting exactly.
    const sample = rest.slice(0, 4000);
    const perToken = sample.length / Math.max(1, await count(sample));
    const maxChars = Math.max(200, Math.floor(left * perToken));
    const passageChars = Math.max(200, Math.floor(maxChars / 3));
    let selection = selectPassages(rest, input.question, maxChars, passageChars);
    const lastQuestion = [...input.history].reverse().find((t) => t.role === 'user')?.content ?? '';
    if (!selection.matched && lastQuestion) selection = selectPassages(rest, `${input.question} ${lastQuestion}`, maxChars, passageChars);
    passages = (await fitStart(passagesText(selection.passages), Math.max(0, left - 12), count)).text;
    used = passages ? selection.passages.length : 0;
    total = selection.total;
  }

  return {
    messages: chatMessages(input, history, page.summary, page.beginning, passages, window),
    maxNewTokens: maxNew,
    turnsLeftOut: input.history.length - history.length,
    passagesUsed: used + (page.beginning ? 1 : 0),
    passagesTotal: total + 1,
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
      notice: { code: 'chat-history-cut', messages: input.history.length - prompt.turnsLeftOut, window: engine.info.contextWindow },
      message: `The model reads the last ${input.history.length - prompt.turnsLeftOut} messages of this conversation with your question (its window is ${engine.info.contextWindow.toLocaleString('en')} tokens); earlier ones stay here for you.`,
    });
  }
  const final = await engine.generate(
    { messages: prompt.messages, maxNewTokens: prompt.maxNewTokens },
    { signal, onText: (delta) => emit({ kind: 'text', delta }) },
  );
  return { text: final.text, final, parts: 1 };
}
