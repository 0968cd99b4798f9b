/**
 * The highlight-and-ask prompt, used on the device (lib/tasks/selection-task.ts) and for the cloud
 * (lib/cloud/cloud-messages.ts) alike. The passage and the section of the page around it are quoted
 * as data; the instruction and the student's question stay outside the quotes. The passage has
 * priority over its surroundings when the window is small, and any cut is said.
 */
import type { ChatMessage, Engine } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { NoticeEvent } from '../messaging/engine-protocol';
import type { SelectionAction } from '../messaging/protocol';
import { aboutWords, buildWithinWindow, materialBudget, wordCount } from './budget';
import { fitAround, fitStart, locate } from './fit';
import { answerBudget, answerLanguageClause, chat, languageName, quoteAsData, systemPrompt } from './prompts';

export type AnswerAction = Exclude<SelectionAction, 'hint' | 'quiz'>;

export interface SelectionTaskInput {
  action: AnswerAction;
  selection: string;
  /** The section of the page around the selection ('' when unknown). */
  context: string;
  /** The student's question ('ask' only). */
  question: string;
  /** Language to translate into ('translate' only; a BCP 47 tag). */
  targetLanguage: string;
  page: { url: string; title: string; lang: string };
  outputLanguage: string;
}

const WANTED_TOKENS: Record<AnswerAction, number> = { explain: 320, define: 160, simplify: 320, translate: 512, ask: 320 };

function instruction(input: SelectionTaskInput): string {
  switch (input.action) {
    case 'explain':
      return 'Explain the selected passage to the student: what it means and why it matters here, in plain words, in a short paragraph or a few bullet points.';
    case 'define':
      return 'Define the selected term or phrase as it is used in this document: a one-sentence definition, then one short example.';
    case 'simplify':
      return 'Rewrite the selected passage in simpler words for a student new to the topic, keeping its meaning and every key fact.';
    case 'translate': {
      const name = languageName(input.targetLanguage) || input.targetLanguage || 'English';
      return `Translate the selected passage into ${name}. Keep its meaning, tone and formatting; write only the translation.`;
    }
    case 'ask':
      return `Answer the student's question about the selected passage, using the document. The student's question: ${input.question.trim()}`;
  }
}

function languageClause(input: SelectionTaskInput): string {
  // A translation is written in its target language whatever the answer language is.
  return input.action === 'translate' ? '' : answerLanguageClause(input.outputLanguage, input.page.lang);
}

export function selectionMessages(input: SelectionTaskInput, passage: string, context: string, window: number): ChatMessage[] {
  const title = input.page.title ? `Title: ${quoteAsData(input.page.title)}\n` : '';
  const around = context
    ? `<document>\n${title}${quoteAsData(context)}\n</document>\n\nFrom that document, the student selected this passage:\n`
    : `The student selected this passage${input.page.title ? ` on the page "${quoteAsData(input.page.title)}"` : ''}:\n`;
  return chat(
    systemPrompt(window),
    `${around}<document>\n${quoteAsData(passage)}\n</document>\n\n${instruction(input)}${languageClause(input)}`,
  );
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  maxNewTokens: number;
  notices: NoticeEvent[];
}

/** The prompt for a selection action, within the model's window (answer included). */
export async function buildSelectionPrompt(input: SelectionTaskInput, engine: Engine): Promise<BuiltPrompt> {
  const selection = input.selection.trim();
  if (!selection) throw new LocusError('empty-input', 'Nothing is selected. Select some text on the page first, then try again.');
  if (input.action === 'ask' && !input.question.trim())
    throw new LocusError('empty-input', 'Type your question about the selection first.');
  const window = engine.info.contextWindow;
  const count = (s: string) => engine.countTokens(s);

  let maxNew = answerBudget(WANTED_TOKENS[input.action], window);
  if (input.action === 'translate') {
    // A translation is about as long as its source: the answer gets room for the passage.
    maxNew = answerBudget(Math.max(64, Math.ceil((await count(selection)) * 1.3)), window);
  }
  // Explain, define and simplify size their material alike (the longest answer and instruction of the
  // three), so a second tool on the same selection reads the same passage and surroundings, word for
  // word, and reuses the first one's prompt; only its instruction, at the end, differs.
  const shared = input.action === 'explain' || input.action === 'define' || input.action === 'simplify';
  const sizing = shared ? { ...input, action: 'explain' as const } : input;
  const sizingMaxNew = shared
    ? answerBudget(Math.max(WANTED_TOKENS.explain, WANTED_TOKENS.define, WANTED_TOKENS.simplify), window)
    : maxNew;
  const budget = await materialBudget(engine, selectionMessages(sizing, '', input.context ? ' ' : '', window), sizingMaxNew);
  return buildWithinWindow(engine, maxNew, budget, async (b) => selectionWithin(input, engine, selection, b, maxNew));
}

async function selectionWithin(
  input: SelectionTaskInput,
  engine: Engine,
  selection: string,
  budget: number,
  maxNew: number,
): Promise<BuiltPrompt> {
  const window = engine.info.contextWindow;
  const count = (s: string) => engine.countTokens(s);
  const notices: NoticeEvent[] = [];
  // The passage first (up to its share), the surroundings with what is left.
  const passageShare =
    input.action === 'translate' ? Math.min(budget, Math.floor(maxNew / 1.3)) : input.context ? Math.floor(budget * 0.6) : budget;
  const passage = await fitStart(selection, passageShare, count);
  if (passage.cut) {
    notices.push({
      kind: 'notice',
      notice: {
        code: 'selection-cut',
        model: engine.info.modelName,
        words: wordCount(selection),
        readWords: wordCount(passage.text),
        translate: input.action === 'translate',
      },
      message: `Your selection is long (${aboutWords(selection)}): ${engine.info.modelName} reads ${aboutWords(passage.text)} at a time, so Locus used its beginning. Select a shorter passage to cover the rest${input.action === 'translate' ? '' : ', or use Summarize'}.`,
    });
  }
  let context = '';
  if (input.context.trim() && input.action !== 'translate') {
    const left = budget - (await count(passage.text)) - 4;
    if (left > 24) {
      const at = locate(input.context, selection.slice(0, 400)) ?? { start: 0, end: 0 };
      context = (await fitAround(input.context, at.start, at.end, left, count)).text;
    }
  }
  return { messages: selectionMessages(input, passage.text, context, window), maxNewTokens: maxNew, notices };
}
