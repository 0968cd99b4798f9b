/** Runs one task request with an engine and reports its final event with the figures of the run. */
import type { Engine } from '../engines/engine';
import type { TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { summarize } from './summarize';

export async function runTask(request: TaskRequest, engine: Engine, emit: (event: TaskEvent) => void, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  let firstTextAt: number | undefined;
  const tracked = (event: TaskEvent) => {
    if (event.kind === 'text') firstTextAt ??= performance.now();
    emit(event);
  };
  switch (request.kind) {
    case 'download':
      throw new Error('downloads are run by the engine host, not as a task');
    case 'summarize': {
      const outcome = await summarize(request, engine, tracked, signal);
      const ended = performance.now();
      const decodeMs = Math.max(1, outcome.final.totalMs - outcome.final.ttftMs);
      emit({
        kind: 'done',
        text: outcome.text,
        stats: {
          modelId: engine.info.modelId,
          modelName: engine.info.modelName,
          device: engine.info.device,
          dtype: engine.info.dtype,
          promptTokens: outcome.final.promptTokens,
          outputTokens: outcome.final.outputTokens,
          ttftMs: (firstTextAt ?? ended) - started,
          totalMs: ended - started,
          tokensPerSecond: outcome.final.outputTokens > 1 ? ((outcome.final.outputTokens - 1) * 1000) / decodeMs : 0,
          parts: outcome.parts,
        },
      });
      return;
    }
  }
}
