/**
 * The redaction engine: placeholders numbered per distinct value, round trips through restore,
 * overlaps, continuing a conversation, the student-ID option, and the NER interface.
 */
import { describe, expect, it } from 'vitest';
import { detect, type NerRecognizer, redact, redactWithNer, restore, type Span } from '../../lib/privacy/pii';
import { resolveOverlaps } from '../../lib/privacy/pii/resolve';

const STUDENT =
  'Hi, I am Lea (student S1234567). Mail lea.m@uni.example or call +49 30 1234567. ' +
  'Refund to DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111. My laptop is 192.168.0.12, SSN 536-22-1234, ' +
  'born on 12 March 2001. Again: LEA.M@UNI.EXAMPLE, +49-30-1234567.';

describe('redact', () => {
  it('replaces every value with a numbered placeholder and keeps offsets into the original', () => {
    const r = redact(STUDENT, { studentIdPattern: /\bS\d{7}\b/ });
    expect(r.text).toBe(
      'Hi, I am Lea (student [STUDENT_ID_1]). Mail [EMAIL_1] or call [PHONE_1]. Refund to [IBAN_1], card [CREDIT_CARD_1]. ' +
        'My laptop is [IP_ADDRESS_1], SSN [SSN_1], born on [DATE_OF_BIRTH_1]. Again: [EMAIL_1], [PHONE_1].',
    );
    for (const span of r.spans) expect(STUDENT.slice(span.start, span.end)).toBe(span.value);
    expect(r.counts).toMatchObject({ EMAIL_ADDRESS: 2, PHONE_NUMBER: 2, IBAN_CODE: 1, CREDIT_CARD: 1, STUDENT_ID: 1, PERSON: 0 });
  });

  it('gives the same value the same placeholder, and the first spelling is the one restored', () => {
    const r = redact('a@b.org, A@B.ORG, c@d.org, a@b.org');
    expect(r.text).toBe('[EMAIL_1], [EMAIL_1], [EMAIL_2], [EMAIL_1]');
    expect(r.mapping).toEqual({ '[EMAIL_1]': 'a@b.org', '[EMAIL_2]': 'c@d.org' });
  });

  it('numbers each entity on its own, in order of first appearance', () => {
    const r = redact('x@y.org then (617) 555-0123 then z@y.org then 617-555-0123 then +1 212 555 0100');
    expect(r.text).toBe('[EMAIL_1] then [PHONE_1] then [EMAIL_2] then [PHONE_1] then [PHONE_2]');
  });

  it('round-trips: restore(redact(text)) is the text', () => {
    const r = redact(STUDENT, { studentIdPattern: /\bS\d{7}\b/ });
    expect(restore(r.text, r.mapping)).toBe(
      STUDENT.replace('LEA.M@UNI.EXAMPLE', 'lea.m@uni.example').replace('+49-30-1234567', '+49 30 1234567'),
    );
  });

  it('leaves text without personal data unchanged', () => {
    const text = 'Photosynthesis converts 6 CO2 + 6 H2O into C6H12O6 + 6 O2 (see chapter 3.2, pp. 45-67, 2019).';
    const r = redact(text);
    expect(r.text).toBe(text);
    expect(r.spans).toEqual([]);
    expect(r.mapping).toEqual({});
    expect(redact('').text).toBe('');
  });

  it('continues the numbering of an earlier turn of the conversation', () => {
    const first = redact('Mail a@b.org');
    const second = redact('Mail c@d.org and a@b.org', { mapping: first.mapping });
    expect(second.text).toBe('Mail [EMAIL_2] and [EMAIL_1]');
    expect(second.mapping).toEqual({ '[EMAIL_1]': 'a@b.org', '[EMAIL_2]': 'c@d.org' });
  });

  it('never reuses a placeholder the text itself already contains', () => {
    const text = 'The template says [EMAIL_1]; mine is me@uni.example.';
    const r = redact(text);
    expect(r.text).toBe('The template says [EMAIL_1]; mine is [EMAIL_2].');
    expect(restore(r.text, r.mapping)).toBe(text);
  });

  it('limits the rules to the entities asked for', () => {
    const r = redact('a@b.org 4111 1111 1111 1111', { entities: ['CREDIT_CARD'] });
    expect(r.text).toBe('a@b.org [CREDIT_CARD_1]');
  });

  it('round-trips text in right-to-left and non-Latin scripts around the values', () => {
    for (const text of [
      'مرحبا، أنا ليلى. بريدي layla@example.ae ورقم هاتفي +971 50 123 4567، وُلدت في 12/03/2001 (DOB).',
      'שלום, המייל שלי dana@example.co.il והטלפון 052-1234567. תודה!',
      '你好，我的邮箱是wang.lei@example.cn，电话是13812345678。',
      'Привет! Пишите на ivan.petrov@example.ru или звоните +7 495 123-45-67.',
      'नमस्ते, मेरा ईमेल asha@example.in है और फोन +91 98765 43210 है।',
    ]) {
      const r = redact(text);
      expect(r.spans.length, text).toBeGreaterThanOrEqual(2);
      expect(r.text).not.toMatch(/@example/);
      expect(restore(r.text, r.mapping)).toBe(text);
    }
  });
});

describe('overlaps', () => {
  const priority = (e: string) => ({ CREDIT_CARD: 8, PHONE_NUMBER: 2, STUDENT_ID: 10, PERSON: 0 })[e] ?? 1;
  const spans: Span[] = [
    { entity: 'PHONE_NUMBER', start: 0, end: 10 },
    { entity: 'CREDIT_CARD', start: 0, end: 19 },
    { entity: 'PERSON', start: 30, end: 35 },
    { entity: 'STUDENT_ID', start: 30, end: 35 },
    { entity: 'PHONE_NUMBER', start: 50, end: 60 },
    { entity: 'PERSON', start: 55, end: 70 },
  ];

  it('keeps the longest detection, then the most specific, and covers the union of a partial overlap', () => {
    expect(resolveOverlaps(spans, priority)).toEqual([
      { entity: 'CREDIT_CARD', start: 0, end: 19 },
      { entity: 'STUDENT_ID', start: 30, end: 35 },
      { entity: 'PERSON', start: 50, end: 70 },
    ]);
  });

  it('does not depend on the order detections arrive in', () => {
    const expected = resolveOverlaps(spans, priority);
    for (let i = 0; i < 10; i++) {
      const shuffled = [...spans].sort(() => Math.random() - 0.5);
      expect(resolveOverlaps(shuffled, priority)).toEqual(expected);
    }
  });

  it('lets a configured student ID win over a phone number of the same extent', () => {
    const r = redact('call 12345678', { studentIdPattern: /\b\d{8}\b/ });
    expect(r.text).toBe('call [STUDENT_ID_1]');
  });

  it('does not let a phone rule split an email address', () => {
    expect(detect('call me: tel+4930123456@voip.example.org')).toEqual([{ entity: 'EMAIL_ADDRESS', start: 9, end: 40 }]);
  });
});

describe('STUDENT_ID', () => {
  it('finds nothing without a configured pattern', () => {
    expect(redact('S1234567').text).toBe('S1234567');
  });

  it('accepts several patterns, with their flags, run over the whole text', () => {
    const r = redact('ids s1234567, S7654321 and 2023-CS-0042; not S12345678', {
      studentIdPattern: [/\bs\d{7}\b/iy, /\b\d{4}-[A-Z]{2}-\d{4}\b/],
    });
    expect(r.text).toBe('ids [STUDENT_ID_1], [STUDENT_ID_2] and [STUDENT_ID_3]; not S12345678');
  });

  it('survives a pattern that can match the empty string', () => {
    expect(redact('abc', { studentIdPattern: /x*/ }).text).toBe('abc');
  });
});

describe('redactWithNer (the interface an NER model will fill)', () => {
  // A stand-in for the offscreen token classifier, to test the interface only: no model runs here.
  const ner =
    (spans: Span[]): NerRecognizer =>
    async () =>
      spans;

  it('merges model spans with the rules and numbers them like any entity', async () => {
    const text = 'Ask Maria Lopez at MIT about maria@mit.example, Maria Lopez said.';
    const r = await redactWithNer(
      text,
      ner([
        { entity: 'PERSON', start: 4, end: 15 },
        { entity: 'ORGANIZATION', start: 19, end: 22 },
        { entity: 'PERSON', start: 48, end: 59 },
      ]),
    );
    expect(r.text).toBe('Ask [PERSON_1] at [ORGANIZATION_1] about [EMAIL_1], [PERSON_1] said.');
    expect(restore(r.text, r.mapping)).toBe(text);
  });

  it('drops spans it cannot trust and trims whitespace', async () => {
    const text = 'Paris is lovely.';
    const r = await redactWithNer(
      text,
      ner([
        { entity: 'LOCATION', start: 0, end: 6 }, // "Paris " → "Paris"
        { entity: 'LOCATION', start: 10, end: 99 },
        { entity: 'LOCATION', start: 5, end: 5 },
        { entity: 'NOT_AN_ENTITY' as never, start: 9, end: 15 },
        { entity: 'PERSON', start: 1.5, end: 3 },
      ]),
    );
    expect(r.text).toBe('[LOCATION_1] is lovely.');
  });

  it('lets a rule that covers more text win over a model span inside it', async () => {
    const text = 'write to jane.doe@uni.example';
    const r = await redactWithNer(text, ner([{ entity: 'PERSON', start: 9, end: 17 }]));
    expect(r.text).toBe('write to [EMAIL_1]');
  });

  it('fails when the model fails, rather than sending names in the clear', async () => {
    const broken: NerRecognizer = async () => {
      throw new Error('model gone');
    };
    await expect(redactWithNer('Maria', broken)).rejects.toThrow('model gone');
  });
});
