/**
 * Highlight-and-ask: explain, define, simplify, translate a passage the student selected, or answer
 * their question about it, with the prompt of lib/tasks/selection-prompt.ts; any cut is said first.
 */
import type { Engine } from '../engine-api/engine';
import type { TaskEvent } from '../messaging/engine-protocol';
import { buildSelectionPrompt, type SelectionTaskInput } from './selection-prompt';
import type { TaskOutcome } from './task-outcome';

export async function runSelectionTask(
  input: SelectionTaskInput,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const prompt = await buildSelectionPrompt(input, engine);
  for (const notice of prompt.notices) emit(notice);
  const final = await engine.generate(
    { messages: prompt.messages, maxNewTokens: prompt.maxNewTokens },
    { signal, onText: (delta) => emit({ kind: 'text', delta }) },
  );
  return { text: final.text, final, parts: 1 };
}
