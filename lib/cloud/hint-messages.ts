/**
 * A hint's prompt for a bigger model (from a hint card's "Ask a bigger model…"): the device's own
 * hint prompt (lib/tasks/hint-task.ts) with its full instructions, the problem and its context
 * whole (capped as any cloud material), every hint given so far, and the line about placeholders.
 */
import type { ChatMessage } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { HintTaskRequest } from '../messaging/engine-protocol';
import type { WordedNotice } from '../messaging/notice-protocol';
import { hintMessages } from '../tasks/hint-task';

/** Room for a hint (a few sentences) and for a worked solution. */
const CLOUD_HINT_TOKENS = 384;
const CLOUD_SOLUTION_TOKENS = 1024;

export function hintCloudMessages(
  request: HintTaskRequest,
  maxChars: number,
  withNote: (messages: ChatMessage[]) => ChatMessage[],
): { messages: ChatMessage[]; maxNewTokens: number; notes: WordedNotice[] } {
  const problem = request.problem.trim();
  if (!problem) throw new LocusError('empty-input', 'There is no problem to send.');
  // The full instructions whatever the model's window (a cloud model reads them easily).
  const messages = hintMessages(request, problem.slice(0, maxChars), request.context.slice(0, maxChars), request.previous, 8192);
  return { messages: withNote(messages), maxNewTokens: request.level === 4 ? CLOUD_SOLUTION_TOKENS : CLOUD_HINT_TOKENS, notes: [] };
}
