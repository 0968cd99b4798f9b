/**
 * A problem the student types or pastes into the Hints tool (an exercise from a PDF, a notebook):
 * pure rules, tested in Node. The typed text is the whole problem; the open page is not added as
 * context, because the exercise is not on it (the page would only mislead the model, and would go
 * to a bigger model with it). The page is kept only as the thread the hint cards join.
 */
import type { HintCardTask } from '../store/db';

/**
 * The longest typed problem, in characters (about 1,500 words): an exercise, not a chapter. A local
 * model reads only the beginning of longer text; the student is told to shorten it instead.
 */
export const TYPED_PROBLEM_MAX_CHARS = 8000;

export type TypedProblemCheck = { kind: 'empty' } | { kind: 'ok'; text: string } | { kind: 'too-long'; length: number; max: number };

/** What the box holds: nothing (the selection or the page is used), a problem, or too much. */
export function checkTypedProblem(raw: string): TypedProblemCheck {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  if (text.length > TYPED_PROBLEM_MAX_CHARS) return { kind: 'too-long', length: text.length, max: TYPED_PROBLEM_MAX_CHARS };
  return { kind: 'ok', text };
}

export interface HintProblem {
  text: string;
  context: string;
  page: { url: string; title: string; lang: string };
  /** 'typed': the student's own words from the box; else the selection or the whole page. */
  source: 'selection' | 'page' | 'typed';
  notices: string[];
}

/** A typed problem, kept with the page open now (its thread keeps the cards); no page context. */
export function typedProblem(text: string, page: { url: string; title: string } | null): HintProblem {
  return { text, context: '', page: { url: page?.url ?? '', title: page?.title ?? '', lang: '' }, source: 'typed', notices: [] };
}

/** Whether the box asks for another problem than the one the hints are on now. */
export function typedProblemChanged(current: HintProblem | null, typed: string): boolean {
  return current?.source !== 'typed' || current.text !== typed;
}

/** What a hint card keeps of its problem, so a bigger model can be asked the next hint on it. */
export function hintCardTask(problem: HintProblem, outputLanguage: string): HintCardTask {
  return { problem: problem.text, context: problem.context, page: problem.page, outputLanguage };
}
