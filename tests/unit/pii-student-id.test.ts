/**
 * The student-ID pattern comes from the student and runs over whole pages in the engine worker: a
 * pattern that backtracks catastrophically must be refused where it is typed and never run, and
 * the others run over bounded windows without losing an ID at a window's edge.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { studentIdPatterns } from '../../lib/cloud/proposal-redaction';
import { redact } from '../../lib/privacy/pii';
import { studentIdWindows } from '../../lib/privacy/pii/recognizers/student-id';
import { checkStudentIdPattern, STUDENT_ID_MAX_LENGTH } from '../../lib/settings/student-id-pattern';
import { normalizeSettings, saveSettings, settingsSchema } from '../../lib/settings/settings';
import { LocusDatabase } from '../../lib/store/db';

const opened: LocusDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const CATASTROPHIC = ['(a+)+$', '(\\d+)*x', '^(\\w+\\s?)+$', '(a|a)*b', '(x+x+)+y', '(.*a){12}', '([A-Z]\\d?)+-'];

describe('student-ID pattern check', () => {
  it.each(CATASTROPHIC)('refuses %s with a clear message', (pattern) => {
    const check = checkStudentIdPattern(pattern);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/could take minutes/);
    const parsed = settingsSchema.shape.studentIdPattern.safeParse(pattern);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/could take minutes.*without nesting/);
  });

  it.each([
    '\\bS\\d{7}\\b',
    '\\b\\d{8}\\b',
    '[A-Z]{2}\\d{6}',
    '\\bSV-\\d{4}-\\d{3}\\b',
    '(?<![A-Z])[A-Z]\\d{7}(?!\\d)',
    '\\b(?:19|20)\\d{2}[A-Z]{3}\\d{4}\\b',
  ])('accepts the ordinary format %s', (pattern) => {
    expect(checkStudentIdPattern(pattern)).toEqual({ ok: true });
    expect(settingsSchema.shape.studentIdPattern.safeParse(pattern).success).toBe(true);
  });

  it('still refuses invalid patterns and patterns that match empty text, each with its reason', () => {
    expect(checkStudentIdPattern('([')).toEqual({ ok: false, reason: expect.stringMatching(/not a valid regular expression/) });
    expect(checkStudentIdPattern('\\d*')).toEqual({ ok: false, reason: expect.stringMatching(/matches empty text/) });
  });

  it('is refused by saveSettings, and a stored unsafe pattern reads back as none', async () => {
    const db = new LocusDatabase(`locus-student-id-${process.pid}`);
    opened.push(db);
    await expect(saveSettings(db, { studentIdPattern: '(a+)+$' })).rejects.toThrow(/could take minutes/);
    expect(normalizeSettings({ studentIdPattern: '(a+)+$' }).studentIdPattern).toBe('');
  });

  it('is refused again before the worker compiles it', () => {
    expect(() => studentIdPatterns({ studentIdPattern: '(a+)+$' })).toThrow(/student ID format cannot be used.*Nothing was sent/);
    expect(studentIdPatterns({ studentIdPattern: '\\bS\\d{7}\\b' })).toHaveLength(1);
  });
});

describe('student-ID matcher', () => {
  it('never runs a catastrophic pattern, even when a caller passes one directly', () => {
    // On the code before this check, this call backtracks 2^40 times and never returns.
    const text = `Student S1234567 wrote ${'a'.repeat(40)}!`;
    const r = redact(text, { studentIdPattern: [/(a+)+$/, /\bS\d{7}\b/] });
    expect(r.text).toBe(`Student [STUDENT_ID_1] wrote ${'a'.repeat(40)}!`);
  });

  it('finds every ID of a long page, including those at window edges, exactly once', () => {
    const words: string[] = [];
    for (let i = 0; i < 3000; i++) words.push(i % 7 === 0 ? `S${String(1000000 + i)}` : `word${i}`);
    const text = words.join(' ');
    const r = redact(text, { studentIdPattern: /\bS\d{7}\b/ });
    const expected = words.filter((w) => /^S\d{7}$/.test(w));
    expect(r.spans.map((s) => s.value)).toEqual(expected);
  });

  it('cuts windows at spaces, overlapping by at least the longest ID', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const windows = studentIdWindows(text);
    expect(windows[0]![0]).toBe(0);
    expect(windows.at(-1)![1]).toBe(text.length);
    for (let i = 1; i < windows.length; i++) {
      const [start] = windows[i]!;
      const [, prevEnd] = windows[i - 1]!;
      expect(prevEnd - start).toBeGreaterThanOrEqual(STUDENT_ID_MAX_LENGTH);
      expect(text[start - 1]).toBe(' ');
      expect(windows[i - 1]![1] - windows[i - 1]![0]).toBeLessThanOrEqual(1024);
    }
  });
});
