/** Runs one task request with an engine and reports its final event with the figures of the run. */
import type { Engine } from '../engine-api/engine';
import { decorateEngine } from '../engine-api/engine-decorator';
import { tokensPerSecond } from '../engine-api/generation-stats';
import type { TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { runCardsTask } from './cards-task';
import { runChatTask } from './chat-task';
import { runHintTask } from './hint-task';
import { runSelectionTask } from './selection-task';
import { runSummarizeTask } from './summarize-task';
import type { TaskOutcome } from './task-outcome';

/** The engine, counting the tokens of every generation a task makes (map-reduce runs many). */
export function meter(engine: Engine): { engine: Engine; promptTokens: () => number; outputTokens: () => number } {
  let prompt = 0;
  let output = 0;
  const metered = decorateEngine(engine, {
    async generate(request, callbacks) {
      const result = await engine.generate(request, callbacks);
      prompt += result.promptTokens;
      output += result.outputTokens;
      return result;
    },
  });
  return { engine: metered, promptTokens: () => prompt, outputTokens: () => output };
}

export type LocalTaskRequest = Extract<TaskRequest, { kind: 'summarize' | 'selection' | 'hint' | 'quiz' | 'chat' }>;

/** The task module of each request kind (lib/tasks/*-task.ts). */
function runLocalTask(
  request: LocalTaskRequest,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  switch (request.kind) {
    case 'summarize':
      return runSummarizeTask(request, engine, emit, signal);
    case 'selection':
      return runSelectionTask(request, engine, emit, signal);
    case 'hint':
      return runHintTask(request, engine, emit, signal);
    case 'quiz':
      return runCardsTask(request, engine, emit, signal);
    case 'chat':
      return runChatTask(request, engine, emit, signal);
  }
}

/** Runs a local task request on `engine` and ends with its `done` event: the answer and the run's figures. */
export async function dispatchTask(
  request: TaskRequest,
  plainEngine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const metered = meter(plainEngine);
  const engine = metered.engine;
  const started = performance.now();
  let firstTextAt: number | undefined;
  const tracked = (event: TaskEvent) => {
    if (event.kind === 'text') firstTextAt ??= performance.now();
    emit(event);
  };
  switch (request.kind) {
    case 'download':
      throw new Error('downloads are run by the engine host, not as a task');
    case 'cloud':
      throw new Error('cloud requests are sent by the engine host (lib/cloud/cloud-service.ts), not run on a local engine');
    case 'library.question':
      throw new Error('a library question asked again is only proposed to a bigger model in the cloud');
    case 'summarize':
    case 'selection':
    case 'hint':
    case 'quiz':
    case 'chat': {
      const outcome = await runLocalTask(request, engine, tracked, signal);
      const ended = performance.now();
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
          tokensPerSecond: tokensPerSecond(outcome.final),
          parts: outcome.parts,
          allPromptTokens: metered.promptTokens(),
          allOutputTokens: metered.outputTokens(),
        },
      });
      return;
    }
  }
}
