/**
 * EMAIL_ADDRESS: local@domain.tld, internationalized letters allowed. Found from each "@" outwards
 * rather than by one big regex, so a megabyte of letters without an "@" costs one pass, not a scan
 * per start position.
 */
import { SPACED_LETTER } from '../text';
import type { Recognizer, Span } from '../types';

// Local parts in Latin, Greek or Cyrillic letters: Hebrew and Arabic prefixes ("ל-dana@…") and
// Chinese or Japanese words glued to an address are prose, not part of it.
const LOCAL_CHAR = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}._%+'-]$/u;
const MAX_LOCAL = 64; // RFC 5321
const L = SPACED_LETTER;
const DOMAIN = new RegExp(
  String.raw`(?:(?:${L}|\p{N})(?:(?:${L}|[\p{N}-]){0,61}(?:${L}|\p{N}))?\.)+(?:${L}{2,63}|xn--[a-z0-9-]{1,59})(?!${L}|[\p{N}_-]|\.(?:${L}|\p{N}))`,
  'uy',
);

export const emailAddress: Recognizer = {
  entity: 'EMAIL_ADDRESS',
  priority: 6,
  find(text) {
    const spans: Span[] = [];
    let from = 0;
    for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', from)) {
      from = at + 1;
      DOMAIN.lastIndex = at + 1;
      const domain = DOMAIN.exec(text);
      if (!domain) continue;
      let start = at;
      while (start > 0 && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1]!)) start--;
      // A local part neither starts nor ends with a dot; quotes and apostrophes at its edge are prose.
      while (start < at && /[.'-]/.test(text[start]!)) start++;
      if (start === at || text[at - 1] === '.') continue;
      if (!/[\p{L}\p{N}]/u.test(text.slice(start, at))) continue;
      const end = at + 1 + domain[0].length;
      spans.push({ entity: 'EMAIL_ADDRESS', start, end });
      from = end;
    }
    return spans;
  },
};
