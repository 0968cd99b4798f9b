/**
 * The school's student-ID format is a regular expression the student types in Privacy, and it runs
 * over whole pages in the engine worker. JavaScript's regex engine backtracks: a pattern such as
 * `(a+)+$` takes exponential time on a long text that almost matches, and nothing can interrupt it,
 * so one careless pattern would hang the worker. Such patterns are refused where they are typed
 * (settings validation) and again before they run; the static check is redos-detector's (a
 * maintained analyser of backtracking paths, which also understands look-arounds), not our own
 * heuristic.
 */
import { isSafePattern } from 'redos-detector';

/** The result of checking a student-ID pattern: usable, or why not (a sentence for the student). */
export type PatternCheck = { ok: true } | { ok: false; reason: string };

/** Longest student ID a pattern may match; the matcher only guarantees matches up to this length. */
export const STUDENT_ID_MAX_LENGTH = 64;

const checked = new Map<string, PatternCheck>();

/** Whether `source` (with `flags`) is a valid, non-empty-matching pattern that cannot backtrack catastrophically. */
export function checkStudentIdPattern(source: string, flags = ''): PatternCheck {
  const key = `${flags}/${source}`;
  const known = checked.get(key);
  if (known) return known;
  const result = check(source, flags);
  if (checked.size > 100) checked.clear();
  checked.set(key, result);
  return result;
}

function check(source: string, flags: string): PatternCheck {
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch {
    return { ok: false, reason: 'This is not a valid regular expression.' };
  }
  if (regex.test('')) return { ok: false, reason: 'This pattern matches empty text, so it would mark everything.' };
  let safe: boolean;
  try {
    // Bounded analysis: its cost grows fast with the pattern's ambiguity (redos-detector's default of
    // 20,000 steps took 80 s on "(a|a)*b" here). A pattern too tangled to check in that budget is refused.
    safe = isSafePattern(source, {
      maxSteps: 2000,
      timeout: 2000,
      caseInsensitive: regex.ignoreCase,
      dotAll: regex.dotAll,
      multiLine: regex.multiline,
      unicode: regex.unicode || regex.flags.includes('v'),
    }).safe;
  } catch {
    safe = false; // a construct the analyser cannot read: not run, rather than trusted
  }
  return safe
    ? { ok: true }
    : {
        ok: false,
        reason:
          'This pattern could take minutes on some pages (a repetition inside a repetition, such as (a+)+, or alternatives that overlap). ' +
          'Write it without nesting, for example \\bS\\d{7}\\b.',
      };
}
