/** The study tasks of issue 4, by request kind: each returns its outcome for the runner's report. */
import type { Engine } from '../engine-api/engine';
import type { TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { runCardsTask } from './cards-task';
import { runChatTask } from './chat-task';
import { runHintTask } from './hint-task';
import { runSelectionTask } from './selection-task';
import type { TaskOutcome } from './task-outcome';

export type StudyTaskRequest = Extract<TaskRequest, { kind: 'selection' | 'hint' | 'quiz' | 'chat' }>;

export function runStudyTask(
  request: StudyTaskRequest,
  engine: Engine,
  emit: (event: TaskEvent) => void,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  switch (request.kind) {
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
