/**
 * Graduated hints: a nudge, then the concept, then the next step; the full solution only when the
 * student explicitly asks for it (and confirms). Pure rules, used by the panel and tested in Node.
 */
import type { MessageKey } from '../i18n/t';

export const HINT_LEVELS = [1, 2, 3] as const;
export type HintLevel = (typeof HINT_LEVELS)[number];
/** Level 4 is the solution: never reached by asking for another hint. */
export type HintRequestLevel = HintLevel | 4;
export const SOLUTION_LEVEL = 4;

/** The heading of each hint and of the solution (message keys). */
export const HINT_LEVEL_LABELS: Record<HintRequestLevel, MessageKey> = {
  1: 'hints_level1',
  2: 'hints_level2',
  3: 'hints_level3',
  4: 'hints_solution',
};

/** The level the next "Give me a hint" gives after `given` hints; null once all three are given. */
export function nextHintLevel(given: number): HintLevel | null {
  const next = given + 1;
  return next <= 3 ? (next as HintLevel) : null;
}

export type HintStep = { kind: 'hint'; level: HintLevel } | { kind: 'no-more-hints' } | { kind: 'confirm-solution' } | { kind: 'solution' };

/**
 * What a request does. A hint request never yields the solution; the solution needs `confirmed`
 * (the student pressed "Show the solution" and then confirmed it).
 */
export function decideHintStep(request: 'hint' | 'solution', given: number, confirmed = false): HintStep {
  if (request === 'solution') return confirmed ? { kind: 'solution' } : { kind: 'confirm-solution' };
  const level = nextHintLevel(given);
  return level === null ? { kind: 'no-more-hints' } : { kind: 'hint', level };
}
