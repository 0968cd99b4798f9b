/**
 * Watches one local run for the router's signals and turns the first one into a proposal event
 * (at most one per task): the request's own rules at the start, no first token of the visible
 * answer within the budget, and low confidence in the answer. A task reading its material in parts
 * is no signal (map-reduce already solves a small window), nor is a part's notes being slow (the
 * student sees the progress of the parts, not a silent model). The run itself continues locally whatever happens here; if the student accepts the
 * proposal, the panel stops it.
 *
 * The engine the task gets is a thin observer of the real one (lib/engine-api/engine-decorator.ts).
 */
import type { Engine, GenerateCallbacks, GenerateRequest, GenerateResult } from '../engine-api/engine';
import { decorateEngine } from '../engine-api/engine-decorator';
import type { RouteReason } from '../messaging/cloud-protocol';
import type { TaskEvent } from '../messaging/engine-protocol';
import type { TokenConfidence } from '../engine-api/confidence';
import {
  DEFAULT_POLICY,
  routeConfidence,
  routeRequest,
  routeSlowStart,
  requestFacts,
  type RouteDecision,
  type RouterEnv,
  type RouterPolicy,
} from './router';

export interface WatchDeps {
  /** The privacy settings and provider state, read when the run starts. */
  env(): Promise<RouterEnv>;
  /** Builds the proposal and emits it as a `cloud-proposal` event; may fail (then nothing is shown). */
  propose(reasons: RouteReason[]): Promise<void>;
  policy?: RouterPolicy;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

export class LocalRunWatch {
  #env: RouterEnv | undefined;
  #proposed = false;
  #pending: Promise<void> | undefined;
  #held: TaskEvent | undefined;
  #timers = new Set<unknown>();
  #lastVisible: TokenConfidence | undefined;
  readonly #policy: RouterPolicy;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #now: () => number;

  constructor(
    private readonly request: object,
    private readonly deps: WatchDeps,
    private readonly downstream: (event: TaskEvent) => void,
  ) {
    this.#policy = deps.policy ?? DEFAULT_POLICY;
    this.#setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.#now = deps.now ?? (() => performance.now());
  }

  /** Reads the environment and applies the request's own rules. */
  async start(): Promise<void> {
    try {
      this.#env = await this.deps.env();
    } catch {
      this.#env = undefined; // no environment, no proposals
    }
    this.#consider(this.#env ? routeRequest(requestFacts(this.request), this.#env, this.#policy) : undefined);
  }

  /** The events of the task: watched, and the final `done` held until `finish`. */
  readonly emit = (event: TaskEvent): void => {
    if (event.kind === 'done') {
      this.#held = event;
      return;
    }
    this.downstream(event);
  };

  /** The engine, observed: first-token time and confidence of every generation. */
  engine(inner: Engine): Engine {
    const watch = this;
    return decorateEngine(inner, {
      async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerateResult> {
        const started = watch.#now();
        let timer: unknown;
        const visible = callbacks.onText;
        // Only a generation the student reads as it streams can be "slow to start".
        if (watch.#env && visible) {
          const env = watch.#env;
          timer = watch.#setTimer(() => {
            watch.#timers.delete(timer);
            watch.#consider(routeSlowStart(watch.#now() - started, env, watch.#policy));
          }, watch.#policy.firstTokenBudgetMs);
          watch.#timers.add(timer);
        }
        const stopTimer = () => {
          if (timer !== undefined && watch.#timers.delete(timer)) watch.#clearTimer(timer);
        };
        try {
          const result = await inner.generate(request, {
            ...callbacks,
            onText: (delta) => {
              stopTimer();
              visible?.(delta);
            },
          });
          if (visible) watch.#lastVisible = result.confidence;
          return result;
        } finally {
          stopTimer();
        }
      },
    });
  }

  /**
   * After the task: the answer's confidence, then the held final event, only once the proposal being
   * built is out. The panel's channel forgets a task at its final event and drops what comes later,
   * so a proposal finished after `done` would never reach the consent dialog. The answer has streamed
   * already; only the 'done' mark waits (`propose` never throws, see #consider).
   */
  async finish(): Promise<void> {
    this.dispose();
    if (this.#held?.kind === 'done' && this.#env) this.#consider(routeConfidence(this.#lastVisible, this.#env, this.#policy));
    await this.#pending;
    const held = this.#held;
    this.#held = undefined;
    if (held) this.downstream(held);
  }

  /** Stops the timers (the task ended or failed). */
  dispose(): void {
    for (const t of this.#timers) this.#clearTimer(t);
    this.#timers.clear();
  }

  /** The confidence of the last visible answer (for tests and the record). */
  get confidence(): TokenConfidence | undefined {
    return this.#lastVisible;
  }

  #consider(decision: RouteDecision | undefined): void {
    if (!decision || decision.route !== 'propose-cloud' || this.#proposed) return;
    this.#proposed = true;
    this.#pending = this.deps.propose(decision.reasons).catch(() => undefined);
  }
}
