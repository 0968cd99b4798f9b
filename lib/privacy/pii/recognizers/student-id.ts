/**
 * STUDENT_ID: the school's own format, given by the caller (`studentIdPattern`, e.g.
 * `/\bS\d{7}\b/`), because student numbers differ from school to school and a guessed generic rule
 * would hide every number in a text. Nothing is found when no pattern is configured.
 */
import { matchAll } from '../text';
import type { Recognizer, Span } from '../types';

export const studentId: Recognizer = {
  entity: 'STUDENT_ID',
  // Configured on purpose by the school: it wins ties against the generic rules.
  priority: 10,
  find(text, options) {
    const configured = options.studentIdPattern;
    if (!configured) return [];
    const patterns = configured instanceof RegExp ? [configured] : configured;
    const spans: Span[] = [];
    for (const pattern of patterns) {
      for (const m of matchAll(pattern, text)) spans.push({ entity: 'STUDENT_ID', start: m.index, end: m.index + m[0].length });
    }
    return spans;
  },
};
