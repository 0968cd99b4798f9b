/**
 * What the consent dialog highlights (segments of the redacted text: runs and placeholders, with
 * the values they hide) and how placeholders come back while an answer streams (never shown
 * half-restored, whatever the chunking).
 */
import { describe, expect, it } from 'vitest';
import { StreamingRestorer } from '../../lib/cloud/restore-stream';
import { detect, previewSegments, redact, redactSpans, restore, segmentCounts, type Span } from '../../lib/privacy/pii';

describe('redaction preview segments', () => {
  it('show names left as written (kept) beside placeholders, still joining to the redacted text; a pattern entity is never kept', () => {
    const text = 'Newton met Halley in London; write to halley@comet.org or call 415-555-0199. Newton again.';
    const names: Span[] = [
      { entity: 'PERSON', start: 0, end: 6 },
      { entity: 'PERSON', start: 11, end: 17 },
      { entity: 'LOCATION', start: 21, end: 27 },
      { entity: 'PERSON', start: text.lastIndexOf('Newton'), end: text.lastIndexOf('Newton') + 6 },
    ];
    const asked: string[] = [];
    const r = redactSpans(text, detect(text, { extraSpans: names }), {
      keep: (span, value) => {
        asked.push(value);
        return value !== 'Halley' || span.entity !== 'PERSON' ? true : false;
      },
    });
    // Only names were asked about; the e-mail and phone were replaced without asking.
    expect(asked).toEqual(['Newton', 'Halley', 'London', 'Newton']);
    expect(r.text).toBe('Newton met [PERSON_1] in London; write to [EMAIL_1] or call [PHONE_1]. Newton again.');
    expect(r.kept.map((k) => [k.entity, k.value])).toEqual([
      ['PERSON', 'Newton'],
      ['LOCATION', 'London'],
      ['PERSON', 'Newton'],
    ]);
    const segments = previewSegments(r);
    expect(segments.map((s) => s.text).join('')).toBe(r.text);
    expect(segments.filter((s) => s.kept).map((s) => s.text)).toEqual(['Newton', 'London', 'Newton']);
    expect(segmentCounts(segments)).toEqual({ PERSON: 1, EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 });
    expect(restore(r.text, r.mapping)).toBe(text);
  });

  it('cut the redacted text into runs and placeholders that join back exactly', () => {
    const text =
      'Mail ana@uni.edu, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, again ana@uni.edu. SSN 536-22-8475 at 10.0.0.1.';
    const r = redact(text);
    const segments = previewSegments(r);
    expect(segments.map((s) => s.text).join('')).toBe(r.text);
    const marked = segments.filter((s) => s.entity);
    expect(marked.map((s) => [s.entity, s.text, s.original])).toEqual([
      ['EMAIL_ADDRESS', '[EMAIL_1]', 'ana@uni.edu'],
      ['CREDIT_CARD', '[CREDIT_CARD_1]', '4111 1111 1111 1111'],
      ['IBAN_CODE', '[IBAN_1]', 'DE89 3704 0044 0532 0130 00'],
      ['EMAIL_ADDRESS', '[EMAIL_1]', 'ana@uni.edu'],
      ['US_SSN', '[SSN_1]', '536-22-8475'],
      ['IP_ADDRESS', '[IP_ADDRESS_1]', '10.0.0.1'],
    ]);
    // Each placeholder segment sits exactly where the redacted text has it.
    let at = 0;
    for (const s of segments) {
      expect(r.text.slice(at, at + s.text.length)).toBe(s.text);
      at += s.text.length;
    }
  });

  it('also mark placeholders an edit kept as written (with the value from the earlier mapping)', () => {
    const first = redact('Mail ana@uni.edu.');
    const edited = redact('Mail [EMAIL_1] and bob@x.org; [EMAIL_7] is just text.', { mapping: first.mapping });
    const segments = previewSegments(edited, edited.mapping);
    expect(segments.map((s) => s.text).join('')).toBe(edited.text);
    expect(segments.filter((s) => s.entity).map((s) => [s.text, s.original])).toEqual([
      ['[EMAIL_1]', 'ana@uni.edu'],
      ['[EMAIL_2]', 'bob@x.org'],
    ]);
    expect(segmentCounts(segments)).toEqual({ EMAIL_ADDRESS: 2 });
  });

  it('handle text with nothing to redact, and redactions at both ends', () => {
    expect(previewSegments(redact('Nothing personal here.'))).toEqual([{ text: 'Nothing personal here.' }]);
    expect(previewSegments(redact('')).length).toBe(0);
    const r = redact('a@b.io and c@d.io');
    expect(previewSegments(r).map((s) => s.text)).toEqual(['[EMAIL_1]', ' and ', '[EMAIL_2]']);
  });
});

describe('restoring placeholders while the answer streams', () => {
  const mapping = { '[EMAIL_1]': 'ana@uni.edu', '[PHONE_1]': '+1 415 555 0199', '[EMAIL_12]': 'z@z.io' };
  const answer =
    'Write to [EMAIL_1] today. Or call [PHONE_1] (or PHONE_1, or \\[EMAIL\\_1\\]) before noon; [EMAIL_12] is someone else, and [EMAIL_9] is not ours. The end of a rather long answer about [EMAIL_1].';
  const final = restore(answer, mapping);

  it.each([1, 2, 3, 5, 8, 13, 40, 1000])('gives the final text whatever the chunk size (%i), never half a placeholder', (size) => {
    const restorer = new StreamingRestorer(mapping);
    const shown: string[] = [];
    for (let i = 0; i < answer.length; i += size) {
      const out = restorer.push(answer.slice(i, i + size));
      if (out) shown.push(out);
    }
    shown.push(restorer.end());
    expect(shown.join('')).toBe(final);
    let sofar = '';
    for (const piece of shown) {
      sofar += piece;
      expect(final.startsWith(sofar)).toBe(true);
      expect(sofar).not.toMatch(/\[(E|EM|EMA|EMAI|EMAIL|EMAIL_|EMAIL_1)$/);
    }
    if (size < 40) expect(shown.filter(Boolean).length).toBeGreaterThan(2); // it streams
  });

  it('passes text straight through when nothing was redacted', () => {
    const restorer = new StreamingRestorer({});
    expect(restorer.push('Hello ')).toBe('Hello ');
    expect(restorer.push('[EMAIL_1]')).toBe('[EMAIL_1]');
    expect(restorer.end()).toBe('');
  });
});
