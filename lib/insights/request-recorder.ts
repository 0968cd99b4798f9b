/**
 * Keeps the record of every request the engine host runs, for Insights (lib/insights/record.ts):
 * local tasks, library answers and cloud sends. It also remembers which local request each cloud
 * proposal was made during, so that a student's "Cancel" on the proposal marks that request's
 * record as declined, whether the request is still running or already kept.
 */
import type { EngineInfo } from '../engine-api/engine';
import type { GenerationStats, LibraryTaskRequest, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import {
  TASK_KINDS,
  newRecordId,
  recordFromStats,
  recordWithoutStats,
  type RecordEngine,
  type RequestRecord,
  type TaskKind,
} from './record';
import { isAbort } from '../errors';

type Emit = (event: TaskEvent) => void;

export interface RequestRecorderDeps {
  /** Keeps the figures of a finished request on the device (Insights). */
  recordRequest?(record: RequestRecord): Promise<void>;
  /** Marks a kept record: the student declined the cloud proposal made during that request. */
  markCloudDeclined?(recordId: string): Promise<void>;
  /** The engine the host holds now: its kind, model and device go into the record. */
  engineInfo(): EngineInfo | undefined;
}

/** The Insights task name of a request (a selection action names itself). */
export function insightTaskOf(request: TaskRequest): TaskKind | null {
  const kind = (request as { kind: string; action?: string }).kind;
  const action = (request as { action?: string }).action;
  if (action && (TASK_KINDS as readonly string[]).includes(action)) return action as TaskKind;
  if ((TASK_KINDS as readonly string[]).includes(kind)) return kind as TaskKind;
  return kind === 'download' ? null : 'ask';
}

/** Proposals remembered at most (a proposal nobody answers is forgotten with the oldest). */
const MAX_PROPOSALS = 64;

export class RequestRecorder {
  /** Local requests still running (their records are kept when they end), and those whose proposal was declined meanwhile. */
  #running = new Set<string>();
  #declined = new Set<string>();
  /** Proposal id → the record of the local request it was made during (for "declined"). */
  #proposalRecords = new Map<string, string>();

  constructor(private readonly deps: RequestRecorderDeps) {}

  #engineKind(): RecordEngine {
    return this.deps.engineInfo()?.engine ?? 'transformers';
  }

  /**
   * A local task, run by `run` with the events it should emit. The record is kept when the run is
   * over, not at `done`: the router may still propose the cloud after the last token (low
   * confidence is judged on the whole answer).
   */
  local(request: TaskRequest, emit: Emit, run: (emit: Emit) => Promise<void>): Promise<void> {
    const task = insightTaskOf(request);
    if (!task) return run(emit);
    const time = Date.now();
    const id = newRecordId(time);
    let done: { stats: GenerationStats; engine: RecordEngine } | undefined;
    let proposed = false;
    const recording = (event: TaskEvent) => {
      if (event.kind === 'done' && !done) done = { stats: event.stats, engine: this.#engineKind() };
      if (event.kind === 'cloud-proposal') {
        proposed = true;
        this.#rememberProposal(event.proposal.id, id);
      }
      emit(event);
    };
    this.#running.add(id);
    const cloud = () => ({ cloudProposed: proposed, cloudDeclined: proposed && this.#declined.delete(id) });
    const keep = (build: () => RequestRecord) => {
      this.#running.delete(id);
      void this.#keep(build);
    };
    return run(recording).then(
      () => {
        if (done) keep(() => recordFromStats(done!.stats, { id, time, task, engine: done!.engine, ...cloud() }));
        else this.#running.delete(id);
      },
      (error: unknown) => {
        if (done) {
          keep(() => recordFromStats(done!.stats, { id, time, task, engine: done!.engine, ...cloud() }));
        } else {
          const info = this.deps.engineInfo();
          keep(() =>
            recordWithoutStats(
              {
                id,
                time,
                task,
                engine: info?.engine ?? 'transformers',
                modelId: info?.modelId ?? 'unknown',
                device: info?.device ?? 'wasm',
                ...cloud(),
              },
              isAbort(error) ? 'cancelled' : 'error',
              { totalMs: Date.now() - time },
            ),
          );
        }
        throw error;
      },
    );
  }

  /** The events of a library task, recorded: an answer the local model wrote is a request; a save or a "nothing relevant" is not. */
  library(request: LibraryTaskRequest, emit: Emit): Emit {
    const time = Date.now();
    const id = newRecordId(time);
    return (event: TaskEvent) => {
      if (event.kind === 'done' && request.kind === 'library.ask' && event.stats.modelId && event.stats.outputTokens > 0) {
        const engine = this.#engineKind();
        void this.#keep(() => recordFromStats(event.stats, { id, time, task: 'library', engine }));
      }
      emit(event);
    };
  }

  /** A cloud request the student agreed to: recorded as a cloud request that was proposed and accepted. */
  async cloud(send: () => Promise<{ task: string; stats: GenerationStats }>): Promise<void> {
    const time = Date.now();
    const id = newRecordId(time);
    const outcome = await send();
    const task = (TASK_KINDS as readonly string[]).includes(outcome.task) ? (outcome.task as TaskKind) : 'ask';
    void this.#keep(() => recordFromStats(outcome.stats, { id, time, task, engine: 'cloud', cloudProposed: true }));
  }

  /** An edited proposal stands for the same local request as the one it replaces. */
  proposalReplaced(previousId: string, proposalId: string): void {
    const recordId = this.#proposalRecords.get(previousId);
    if (recordId) this.#rememberProposal(proposalId, recordId);
  }

  /** "Cancel" on a proposal made during a local request: the student declined the cloud. */
  async proposalDiscarded(proposalId: string): Promise<void> {
    const recordId = this.#proposalRecords.get(proposalId);
    this.#proposalRecords.delete(proposalId);
    if (!recordId) return;
    if (this.#running.has(recordId)) this.#declined.add(recordId);
    else await this.deps.markCloudDeclined?.(recordId).catch(() => undefined);
  }

  #rememberProposal(proposalId: string, recordId: string): void {
    this.#proposalRecords.set(proposalId, recordId);
    while (this.#proposalRecords.size > MAX_PROPOSALS) this.#proposalRecords.delete(this.#proposalRecords.keys().next().value!);
  }

  async #keep(build: () => RequestRecord): Promise<void> {
    try {
      await this.deps.recordRequest?.(build());
    } catch {
      // Insights are a convenience: a record that cannot be kept never fails the student's request.
    }
  }
}
