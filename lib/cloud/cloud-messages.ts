/**
 * The prompt a task sends to a cloud model: the same instructions as on the device, with the whole
 * material in one pass (a cloud window is large), cut to fit when it is not, and a line asking the
 * model to keep placeholders as written so they can be restored on the device.
 * Redaction happens after this, on every message, before anything is shown or sent.
 */
import type { ChatMessage, Engine } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { TaskRequest } from '../messaging/engine-protocol';
import type { WordedNotice } from '../messaging/notice-protocol';
import { buildChatPrompt, withPageInQuestion } from '../tasks/chat-task';
import { libraryQuestionMessages } from '../tasks/library-answer-task';
import { buildSelectionPrompt } from '../tasks/selection-prompt';
import { hintCloudMessages } from './hint-messages';
import { SUMMARY_MODE_SPECS, summaryMessages } from '../tasks/summary-prompt';

export const PLACEHOLDER_NOTE =
  ' Some personal details in the material were replaced by placeholders in square brackets (an e-mail address by [EMAIL_n], a phone number by [PHONE_n]…). Keep any placeholder you use exactly as written.';

/** A cloud prompt never carries more than this much material, whatever the window (about 100k tokens). */
export const MAX_CLOUD_MATERIAL_CHARS = 400_000;

export interface CloudMessages {
  messages: ChatMessage[];
  maxNewTokens: number;
  /** What the student should know (the material was cut…). */
  notes: WordedNotice[];
}

/** The device's prompt, with the line about placeholders added to its system message. */
function withPlaceholderNote(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((m) => ({ ...m, content: m.role === 'system' ? m.content + PLACEHOLDER_NOTE : m.content }));
}

/** Characters of material that fit `window` tokens with room for the instructions and the answer. */
function materialBudget(window: number, maxNewTokens: number): number {
  const tokens = Math.max(256, window - maxNewTokens - 400);
  return Math.min(MAX_CLOUD_MATERIAL_CHARS, tokens * 3); // 3 characters per token: a safe margin
}

/**
 * The messages for `request` on the cloud model `sizing` describes (its window; token counts are
 * estimates). Summaries, highlight-and-ask and a question about the page use the same prompt
 * builders as on the device (a question with the page whole when the window holds it, else the
 * page's beginning and the passages that match it).
 * Hints from a hint card (./hint-messages.ts; the answer-leak guard runs on the cloud's stream too,
 * ./hint-answer-guard.ts). Not offered: quizzes (built in several generations).
 */
export async function cloudMessagesFor(request: TaskRequest, sizing: Engine): Promise<CloudMessages> {
  const contextWindow = sizing.info.contextWindow;
  const modelName = sizing.info.modelName;
  switch (request.kind) {
    case 'summarize': {
      const spec = SUMMARY_MODE_SPECS[request.mode];
      const maxNewTokens = spec.maxNewTokens;
      const notes: WordedNotice[] = [];
      let text = request.page.text.trim();
      if (!text) throw new LocusError('empty-input', 'There is no text on this page to send.');
      const budget = materialBudget(contextWindow, maxNewTokens);
      if (text.length > budget) {
        notes.push({
          message: `The page is long: only its first ${budget.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters would be sent, to fit ${modelName}.`,
          notice: { code: 'cloud-page-cut', model: modelName, sent: budget, total: text.length },
        });
        text = text.slice(0, budget);
      }
      // The full system prompt whatever the window (a cloud model reads it easily).
      const messages = withPlaceholderNote(summaryMessages(request, text, false, Math.max(contextWindow, 2048)));
      return { messages, maxNewTokens, notes };
    }
    case 'selection': {
      const built = await buildSelectionPrompt(request, sizing);
      return {
        messages: withPlaceholderNote(built.messages),
        maxNewTokens: built.maxNewTokens,
        notes: built.notices.map(({ message, notice }) => ({ message, notice })),
      };
    }
    case 'chat': {
      if (!request.page.text.trim()) throw new LocusError('empty-input', 'There is no text on this page to send.');
      // The page is capped as a summary's is; the prompt builder then fits it to the window.
      const page = { ...request.page, text: request.page.text.slice(0, MAX_CLOUD_MATERIAL_CHARS) };
      const built = await buildChatPrompt({ ...request, page }, sizing);
      return { messages: withPlaceholderNote(withPageInQuestion(built.messages)), maxNewTokens: built.maxNewTokens, notes: [] };
    }
    case 'hint':
      return hintCloudMessages(request, MAX_CLOUD_MATERIAL_CHARS, withPlaceholderNote);
    case 'library.question': {
      // Exactly the passages the device's model was given (the card kept them), numbered as its
      // citations; never cut: they fitted a local model's prompt (at most 3,072 tokens).
      const built = libraryQuestionMessages(request, Math.max(contextWindow, 2048));
      return { messages: withPlaceholderNote(built.messages), maxNewTokens: built.maxNewTokens, notes: [] };
    }
    default:
      throw new LocusError('not-allowed', 'A bigger model is not available for this feature yet.');
  }
}

/** The page a task is about, for "always allow for this site". */
export function pageUrlOf(request: TaskRequest): string {
  const page = (request as { page?: { url?: unknown } }).page;
  return typeof page?.url === 'string' ? page.url : '';
}
