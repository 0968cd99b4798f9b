/**
 * The summary prompts, one builder each, used on the device (lib/tasks/summarize-task.ts) and for the
 * cloud (lib/cloud/cloud-messages.ts) alike.
 */
import type { ChatMessage } from '../engine-api/engine';
import type { PageInput, SummaryMode } from '../messaging/engine-protocol';
import { answerLanguageClause, chat, documentBlock, systemPrompt } from './prompts';

export interface ModeSpec {
  instruction: string;
  maxNewTokens: number;
}

export const SUMMARY_MODE_SPECS: Record<SummaryMode, ModeSpec> = {
  tldr: { instruction: 'Write a TL;DR of the document in 2 or 3 sentences.', maxNewTokens: 160 },
  'key-points': {
    instruction: 'List the 5 to 8 key points of the document as a Markdown bullet list, one line each.',
    maxNewTokens: 320,
  },
  'study-notes': {
    instruction:
      'Write study notes on the document: a Markdown outline with ## headings, short bullet points, and the key terms in **bold** each with a one-line definition.',
    maxNewTokens: 512,
  },
  eli5: {
    instruction: 'Explain the document to a student who is new to the topic, in plain words, with one everyday example.',
    maxNewTokens: 384,
  },
};

export interface SummarizeInput {
  mode: SummaryMode;
  page: PageInput;
  outputLanguage: string;
}

/** The summary itself: of the page, or (`partial`) of the notes taken on its parts. */
export function summaryMessages(input: SummarizeInput, body: string, partial: boolean, window: number): ChatMessage[] {
  const spec = SUMMARY_MODE_SPECS[input.mode];
  const what = partial
    ? 'The document below is a set of notes, in order, on the parts of one long page. ' +
      spec.instruction.replace('the document', 'the whole page')
    : spec.instruction;
  return chat(
    systemPrompt(window),
    `${documentBlock(input.page.title, body)}\n\n${what}${answerLanguageClause(input.outputLanguage, input.page.lang)}`,
  );
}

/** Notes on one part of a long page (the map step), or on a group of notes (a combining round). */
export function partNotesMessages(input: SummarizeInput, chunk: string, index: number, total: number, window: number): ChatMessage[] {
  return chat(
    systemPrompt(window),
    `${documentBlock(input.page.title, chunk)}\n\nThis is part ${index} of ${total} of a long page. Note its main points, key terms, definitions and figures as short bullet points.${answerLanguageClause(input.outputLanguage, input.page.lang)}`,
  );
}
