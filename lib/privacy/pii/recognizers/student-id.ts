/**
 * STUDENT_ID: the school's own format, given by the caller (`studentIdPattern`, e.g.
 * `/\bS\d{7}\b/`), because student numbers differ from school to school and a guessed generic rule
 * would hide every number in a text. Nothing is found when no pattern is configured.
 *
 * The pattern is the student's, so it is bounded twice: a pattern that can backtrack catastrophically
 * is never run (checkStudentIdPattern; the settings refuse it where it is typed), and the others run
 * over windows of at most WINDOW characters cut at spaces, so even a polynomial pattern costs a
 * bounded amount per window and a whole page costs linear time. Windows overlap by
 * STUDENT_ID_MAX_LENGTH, so every ID up to that length lies wholly inside one window.
 */
import { checkStudentIdPattern, STUDENT_ID_MAX_LENGTH } from '../../../settings/student-id-pattern';
import { matchAll } from '../text';
import type { Recognizer, Span } from '../types';

const WINDOW = 1024;

/** [start, end) windows of `text`: at most WINDOW long, starting and ending at whitespace where there is some. */
export function studentIdWindows(text: string): Array<[number, number]> {
  if (text.length <= WINDOW) return [[0, text.length]];
  const windows: Array<[number, number]> = [];
  let start = 0;
  for (;;) {
    let end = Math.min(text.length, start + WINDOW);
    if (end < text.length) {
      const space = lastSpace(text, start + STUDENT_ID_MAX_LENGTH * 2, end);
      if (space > 0) end = space;
    }
    windows.push([start, end]);
    if (end >= text.length) return windows;
    // The next window starts after a space at least MAX_LENGTH before this one's end.
    let next = end - STUDENT_ID_MAX_LENGTH;
    const space = lastSpace(text, start + 1, next);
    next = space > 0 ? space + 1 : next;
    start = Math.max(start + 1, next);
  }
}

function lastSpace(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (/\s/.test(text[i]!)) return i;
  return -1;
}

export const studentId: Recognizer = {
  entity: 'STUDENT_ID',
  // Configured on purpose by the school: it wins ties against the generic rules.
  priority: 10,
  find(text, options) {
    const configured = options.studentIdPattern;
    if (!configured) return [];
    const patterns = (configured instanceof RegExp ? [configured] : configured).filter((p) => checkStudentIdPattern(p.source, p.flags).ok);
    if (!patterns.length) return [];
    const spans: Span[] = [];
    const seen = new Set<string>();
    for (const [from, to] of studentIdWindows(text)) {
      const piece = text.slice(from, to);
      for (const pattern of patterns) {
        for (const m of matchAll(pattern, piece)) {
          const start = from + m.index;
          const end = start + m[0].length;
          const key = `${start}:${end}`;
          if (m[0].length > STUDENT_ID_MAX_LENGTH || seen.has(key)) continue;
          seen.add(key);
          spans.push({ entity: 'STUDENT_ID', start, end });
        }
      }
    }
    return spans;
  },
};
