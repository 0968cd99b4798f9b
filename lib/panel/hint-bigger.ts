/**
 * "Ask a bigger model…" on a hint card (pure, tested in Node): the request the consent dialog
 * shows. On a hint: the problem, the hints given so far up to that card, and the instruction for the
 * NEXT hint (never the answer; after the third, one more "next step" hint). On the solution card:
 * the worked solution again, the task that card did.
 *
 * The bigger model's hint counts as a rung (its card's label is its level): it is the next hint the
 * student got, so the next one, local or cloud, must go on from it and not repeat it, and "Show
 * the solution" counts the hints honestly.
 */
import type { HintTaskRequest } from '../messaging/engine-protocol';
import type { ThreadItemRow } from '../store/db';
import { SOLUTION_LEVEL, type HintLevel, type HintRequestLevel } from '../tasks/hint-ladder';
import type { HintProblem } from './hint-problem';
import { hintLadder, hintLevelOf } from './thread-items';

/** The hint request a bigger model is asked for on `item` (one of `items`, the page's cards), or null. */
export function biggerHintRequest(item: ThreadItemRow, items: readonly ThreadItemRow[]): HintTaskRequest | null {
  const rung = hintLevelOf(item);
  if (rung === null || !item.hintTask || item.cloud) return null;
  const at = items.findIndex((i) => i.id === item.id);
  const before = at < 0 ? [item] : items.slice(0, at + 1);
  const previous = hintLadder(before).map((h) => h.text);
  const level: HintRequestLevel = rung === SOLUTION_LEVEL ? SOLUTION_LEVEL : (Math.min(previous.length + 1, 3) as HintLevel);
  return { kind: 'hint', level, ...item.hintTask, previous: previous.slice(-10) };
}

/**
 * The card a bigger model's hint is kept as: at the rung it was asked for, and when every sentence
 * gave the answer away (the guard held them all back), the student's nudge line instead.
 */
export function hintCardOf(request: HintTaskRequest, fallback: string): (card: Omit<ThreadItemRow, 'id'>) => Omit<ThreadItemRow, 'id'> {
  return (card) => ({ ...card, label: String(request.level), text: request.level === 4 ? card.text : card.text.trim() || fallback });
}

/** The problem of a hint card, to go on with it ("Another hint"); null for cards kept without it. */
export function resumedHintProblem(item: ThreadItemRow): HintProblem | null {
  const task = item.hintTask;
  if (!task || item.kind !== 'hints') return null;
  const source = item.source === 'typed' || item.source === 'selection' ? item.source : 'page';
  return { text: task.problem, context: task.context, page: task.page, source, notices: [] };
}
