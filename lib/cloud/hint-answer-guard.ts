/**
 * A bigger model's hint goes through the same answer-leak guard as a local hint
 * (lib/tasks/hint-guard.ts), on its stream after the placeholders are restored: a sentence that
 * gives the answer away is never shown, and the kept text is what was shown. Other answers (and the
 * worked solution, which is the answer by design) pass as they are.
 */
import type { TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { AnswerLeakGuard } from '../tasks/hint-guard';

export interface CloudTextSink {
  push(text: string): void;
  /** The end of the stream: the text to keep (`whole` when nothing is guarded). */
  end(whole: string): string;
}

export function cloudTextSink(request: TaskRequest, emit: (event: TaskEvent) => void): CloudTextSink {
  if (request.kind !== 'hint' || request.level === 4) {
    return { push: (text) => emit({ kind: 'text', delta: text }), end: (whole) => whole };
  }
  const guard = new AnswerLeakGuard((text) => emit({ kind: 'text', delta: text }));
  return {
    push: (text) => guard.push(text),
    end: () => {
      const shown = guard.end().trim();
      if (guard.dropped > 0)
        emit({
          kind: 'notice',
          notice: { code: 'hint-held-back', sentences: guard.dropped },
          message: `Locus held back ${guard.dropped === 1 ? 'a sentence' : `${guard.dropped} sentences`} of this hint that gave the answer away. Ask for the solution when you want it.`,
        });
      return shown;
    },
  };
}
