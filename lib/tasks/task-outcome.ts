import type { GenerateResult } from '../engine-api/engine';

/** What a task gives the runner: its answer, the last generation's figures, the steps it took. */
export interface TaskOutcome {
  text: string;
  final: GenerateResult;
  parts: number;
}
