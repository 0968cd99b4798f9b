/**
 * POSTAL_CODE: a ZIP or postal code the text says is one ("zip code is 98547", "PLZ 10115",
 * "CEP 01310-100", "mã bưu chính 700000"), a US ZIP after a state code ("Springfield, IL 62704"),
 * and the British and Canadian formats, whose letter-digit shapes nothing else has ("SW1A 1AA",
 * "K1A 0B1"). A bare five-digit number is not one: it could be anything.
 */
import { cueRegex, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';
import { US_STATES } from './address-words';

const CUE = cueRegex([
  'zip',
  'zip code',
  'zipcode',
  'zip+4',
  'postal code',
  'postcode',
  'post code',
  'postleitzahl',
  'plz',
  'code postal',
  'cp',
  'cep',
  'código postal',
  'codigo postal',
  'cap',
  'c.a.p.',
  'postnummer',
  'postinumero',
  'irányítószám',
  'kod pocztowy',
  'psč',
  'mã bưu chính',
  'mã bưu điện',
  'индекс',
  '〒',
  '郵便番号',
  '邮编',
  '우편번호',
]);
/** Postal code shapes of the UPU's members, loosely: 3–10 letters and digits with at least three digits. */
const GENERIC = new RegExp(
  String.raw`(?<!${SPACED_LETTER}|[\p{N}_-])(?:\p{Lu}{1,2}-?)?\d[\dA-Z]{1,4}(?:[ -]?[\dA-Z]{2,4})?(?!${SPACED_LETTER}|[\p{N}_]|-\d)`,
  'gu',
);
const UK = /(?<![\p{L}\p{N}])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}|GIR ?0AA)(?![\p{L}\p{N}])/gu;
const CANADA = /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d(?![\p{L}\p{N}])/gu;
const STATE_ZIP = /(?<![\p{L}\p{N}])([A-Z]{2})[ \t]+(\d{5}(?:-\d{4})?)(?![\p{L}\p{N}]|-\d)/gu;

export const postalCode: Recognizer = {
  entity: 'POSTAL_CODE',
  // Found only after a postal-code word or in a postal format: wins a tie against a phone ("CEP" is also Turkish for "mobile").
  priority: 4,
  find(text) {
    const spans: Span[] = [];
    const cues = new RegExp(CUE.source, 'giu');
    for (const cue of text.matchAll(cues)) {
      const from = cue.index + cue[0].length;
      const window = text.slice(from, from + 30).split('\n')[0]!;
      const lead = /^\s*(?:[:#.\-–]|is|was|of|no\.?|number)?\s*(?:is\s*)?[:#]?\s*/iu.exec(window)!;
      const rest = window.slice(lead[0].length);
      const code = [...matchAll(GENERIC, rest)].find((m) => m.index === 0 && (m[0].match(/\d/g) ?? []).length >= 3);
      if (code) spans.push({ entity: 'POSTAL_CODE', start: from + lead[0].length, end: from + lead[0].length + code[0].length });
    }
    for (const re of [UK, CANADA])
      for (const m of text.matchAll(re)) spans.push({ entity: 'POSTAL_CODE', start: m.index, end: m.index + m[0].length });
    for (const m of text.matchAll(STATE_ZIP)) {
      if (!US_STATES.has(m[1]!)) continue;
      const start = m.index + m[0].length - m[2]!.length;
      spans.push({ entity: 'POSTAL_CODE', start, end: m.index + m[0].length });
    }
    const seen = new Set<string>();
    return spans.filter((s) => !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`));
  },
};
