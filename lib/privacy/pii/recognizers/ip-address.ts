/**
 * IP_ADDRESS: IPv4 dotted quads (octets 0–255, no leading zeros, optional /prefix) and IPv6 in
 * full, compressed ("::") or IPv4-embedded form. Validation is the RFC 4291 text grammar, a dozen
 * lines, so no library is pulled in for it; none finds addresses inside free text anyway.
 * Dotted quads that follow "version", "section", "chapter"… are numbering, not addresses.
 */
import { cueRegex, matchAll, SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(
  String.raw`(?=\d)(?<!${SPACED_LETTER}|[\p{N}_.\-])${OCTET}(?:\.${OCTET}){3}(?:\/(?:3[0-2]|[12]?\d)(?!\d))?(?!${SPACED_LETTER}|[\p{N}_]|\.\d)`,
  'gu',
);
const IPV6 = new RegExp(
  String.raw`(?=[0-9A-Fa-f:])(?<!${SPACED_LETTER}|[\p{N}_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?:\/\d{1,3})?(?!${SPACED_LETTER}|[\p{N}_:]|\.\d)`,
  'gu',
);
const NUMBERING_CUE = cueRegex([
  'version',
  'ver',
  'ver.',
  'v',
  'release',
  'build',
  'section',
  'sections',
  'sec',
  'sec.',
  'chapter',
  'ch.',
  'figure',
  'fig',
  'fig.',
  'table',
  'step',
  'rule',
  'article',
  'art.',
  'paragraph',
  'para',
  'item',
  '§',
  'kapitel',
  'abschnitt',
  'chapitre',
  'capítulo',
  'capitolo',
  'sección',
  'ec',
  'e.c.',
  'enzyme',
]);

export function isIpv4(value: string): boolean {
  return new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`).test(value);
}

export function isIpv6(value: string): boolean {
  let address = value;
  let embedded = 0;
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (v4) {
    if (!isIpv4(v4[2]!)) return false;
    embedded = 2; // an IPv4 tail stands for the last two groups
    address = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((gs) => gs.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)))) return false;
  const count = groups.reduce((n, gs) => n + gs.length, 0) + embedded;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const ipAddress: Recognizer = {
  entity: 'IP_ADDRESS',
  priority: 5,
  find(text) {
    const spans: Span[] = [];
    for (const m of matchAll(IPV4, text)) {
      const before = text.slice(Math.max(0, m.index - 16), m.index);
      if (NUMBERING_CUE.test(before.split(/[.;:!?]\s/).pop() ?? '')) continue;
      spans.push({ entity: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length });
    }
    for (const m of matchAll(IPV6, text)) {
      const address = m[0].replace(/\/\d{1,3}$/, '');
      if (!isIpv6(address)) continue;
      // "::1" or "a::b" is too little to be an address worth hiding (or to tell from code).
      if (address.split(/[:.]/).filter(Boolean).length < 3) continue;
      spans.push({ entity: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length });
    }
    return spans;
  },
};
