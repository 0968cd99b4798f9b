/**
 * Placeholders: "[EMAIL_1]", numbered per entity and per distinct value, and the way back from a
 * model's answer to the real values.
 *
 * Models copy placeholders imperfectly, so `restore` accepts what they plausibly write instead:
 * "[email_1]", "[EMAIL 1]", "{EMAIL_1}", "[[EMAIL_1]]", a missing bracket ("[EMAIL_1", "EMAIL_1]"),
 * Markdown-escaped "\[EMAIL\_1\]", a bare "EMAIL_1", the entity's full name ("[PHONE_NUMBER_2]").
 * It does not accept what ordinary prose contains: "Person 1", "email 1" (no bracket, no
 * underscore, not in capitals). "EMAIL_1" never matches inside "EMAIL_12", and a placeholder that
 * is not in the mapping is left as the model wrote it.
 */
import { SPACED_LETTER } from './text';
import type { Entity } from './types';

/** The label inside a placeholder, per entity. */
export const LABELS: Readonly<Record<Entity, string>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH',
  STUDENT_ID: 'STUDENT_ID',
  STREET_ADDRESS: 'ADDRESS',
  POSTAL_CODE: 'POSTAL_CODE',
  AGE: 'AGE',
  US_DRIVER_LICENSE: 'DRIVER_LICENSE',
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
};

/** Placeholder → the original text it stands for. Plain data: storable with a conversation. */
export type PlaceholderMap = Record<string, string>;

const ENTITY_OF_LABEL = new Map<string, Entity>(Object.entries(LABELS).map(([entity, label]) => [label, entity as Entity]));
/** Other names a model may use for a label: the entity's own name, or a short form. */
const ALIASES: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: 'EMAIL',
  E_MAIL: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  IBAN_CODE: 'IBAN',
  US_SSN: 'SSN',
  IP: 'IP_ADDRESS',
  DOB: 'DATE_OF_BIRTH',
  STREET_ADDRESS: 'ADDRESS',
  ZIP_CODE: 'POSTAL_CODE',
  US_DRIVER_LICENSE: 'DRIVER_LICENSE',
};

export function placeholderFor(entity: Entity, n: number): string {
  return `[${LABELS[entity]}_${n}]`;
}

/** "[EMAIL_3]" → { entity: 'EMAIL_ADDRESS', n: 3 }; anything else → null. */
export function parsePlaceholder(placeholder: string): { entity: Entity; n: number } | null {
  const m = /^\[([A-Z_]+)_(\d+)\]$/.exec(placeholder);
  const entity = m ? ENTITY_OF_LABEL.get(m[1]!) : undefined;
  return m && entity ? { entity, n: Number(m[2]) } : null;
}

const NAMES = [...new Set([...ENTITY_OF_LABEL.keys(), ...Object.keys(ALIASES)])].sort((a, b) => b.length - a.length);
/** A label as a model may mangle it: inner "_" as "_", "\_", " ", "-" or nothing. */
const LABEL_SOURCE = NAMES.map((name) => name.split('_').join(String.raw`(?:\\?_|[ -])?`)).join('|');
const LENIENT = new RegExp(
  String.raw`(?:(?<open>\\?\[\\?\[?|\{\{?)\s?|(?<!${SPACED_LETTER}|[\p{N}_]))` +
    String.raw`(?<label>${LABEL_SOURCE})(?<sep>\\?_|[ -])?(?<num>\d{1,6})(?!\d)` +
    String.raw`(?:\s?(?<close>\\?\]\\?\]?|\}\}?)|(?!${SPACED_LETTER}|[\p{N}_]))`,
  'giu',
);

interface LenientMatch {
  /** Canonical placeholder, e.g. "[EMAIL_1]". */
  placeholder: string;
  /** Characters of the match that were not part of the placeholder (an extra closing bracket). */
  keepAfter: string;
}

/** Label or alias with its separators dropped ("EMAILADDRESS") → canonical label ("EMAIL"). */
const CANONICAL = new Map<string, string>([
  ...[...ENTITY_OF_LABEL.keys()].map((label) => [label.replace(/_/g, ''), label] as const),
  ...Object.entries(ALIASES).map(([alias, label]) => [alias.replace(/_/g, ''), label] as const),
]);

function interpret(groups: Record<string, string | undefined>): LenientMatch | null {
  const { open, label = '', sep, num = '', close } = groups;
  const bracketed = open !== undefined || close !== undefined;
  // Without a bracket, only "LABEL_1" (any case) or an all-capitals "EMAIL 1" is a placeholder.
  if (!bracketed && !sep?.endsWith('_') && label !== label.toUpperCase()) return null;
  const canonical = CANONICAL.get(label.toUpperCase().replace(/[\\_ -]/g, ''));
  if (!canonical) return null;
  // Only as many closing brackets as were opened belong to the placeholder ("[see [EMAIL_1]]").
  let keepAfter = '';
  if (close !== undefined) {
    const opened = Math.max(1, (open?.match(/[[{]/g) ?? []).length);
    const closing = close.replace(/\\/g, '');
    if (closing.length > opened) keepAfter = closing.slice(opened);
  }
  return { placeholder: `[${canonical}_${Number(num)}]`, keepAfter };
}

/** Every placeholder-like token in `text`, canonical ("[EMAIL_1]"). */
export function placeholdersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(LENIENT)) {
    const it = interpret(m.groups ?? {});
    if (it) found.add(it.placeholder);
  }
  return found;
}

/** Where placeholder-like tokens are in `text` ([start, end) offsets), for streaming restoration. */
export function placeholderRanges(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(LENIENT)) ranges.push({ start: m.index, end: m.index + m[0].length });
  return ranges;
}

/** The model's answer with every placeholder of `mapping` (as written, or mangled) replaced by its value. */
export function restore(answer: string, mapping: PlaceholderMap): string {
  if (!answer || Object.keys(mapping).length === 0) return answer;
  return answer.replace(LENIENT, (match: string, ...rest: unknown[]) => {
    const groups = rest[rest.length - 1] as Record<string, string | undefined>;
    const it = interpret(groups);
    if (!it) return match;
    const value = mapping[it.placeholder];
    return value === undefined ? match : value + it.keepAfter;
  });
}
