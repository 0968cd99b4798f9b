/**
 * The redaction engine: run the recognizers, merge in spans from an NER model if there is one,
 * resolve overlaps, and replace each detection with a placeholder numbered per distinct value.
 * Pure: same text and options, same result.
 */
import { type PlaceholderMap, parsePlaceholder, placeholderFor, placeholdersIn } from './placeholders';
import { RECOGNIZERS } from './recognizers';
import { resolveOverlaps } from './resolve';
import { digitsOf, normalizeForMatching } from './text';
import {
  ENTITIES,
  type Entity,
  isEntity,
  isNerEntity,
  type NerEntity,
  type NerRecognizer,
  PATTERN_ENTITIES,
  type RecognizerOptions,
  type RedactedSpan,
  type Span,
} from './types';

export interface RedactOptions extends RecognizerOptions {
  /** Entities to look for with the rules; default every pattern entity. */
  entities?: readonly Entity[];
  /** Detections from elsewhere (an NER model), merged with the rules' before overlaps are resolved. */
  extraSpans?: readonly Span[];
  /**
   * The mapping of an earlier redaction in the same conversation: values seen before keep their
   * placeholder, new values get the next free number.
   */
  mapping?: PlaceholderMap;
  /**
   * Detections to leave as written (names from the page the student is studying, see
   * lib/privacy/kept-names.ts). Asked only about names, places and organizations: a pattern entity
   * (an e-mail, a phone number…) is always replaced whatever this says.
   */
  keep?: (span: Span, value: string) => boolean;
}

/** A detection left as written, with where it is in the original text. */
export interface KeptSpan {
  entity: NerEntity;
  start: number;
  end: number;
  value: string;
}

export interface Redaction {
  /** The text with every detection replaced by its placeholder. */
  text: string;
  /** What was replaced, in text order, with offsets into the original text. */
  spans: RedactedSpan[];
  /** Detections per entity (occurrences, not distinct values). */
  counts: Record<Entity, number>;
  /** Placeholder → original value: everything `restore` needs (includes `options.mapping`). */
  mapping: PlaceholderMap;
  /** Detections left as written because `options.keep` said so, in text order. */
  kept: KeptSpan[];
}

/** Rule priority; spans from an NER model rank below every rule. */
function priorityOf(entity: Entity): number {
  return RECOGNIZERS.find((r) => r.entity === entity)?.priority ?? 0;
}

/** Spans from outside (an NER model) that are usable: known entity, inside the text, not empty. */
function validSpans(spans: readonly Span[] | undefined, text: string): Span[] {
  const out: Span[] = [];
  for (const span of spans ?? []) {
    if (!span || !isEntity(span.entity) || !Number.isInteger(span.start) || !Number.isInteger(span.end)) continue;
    let { start, end } = span;
    if (start < 0 || end > text.length || start >= end) continue;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (start < end) out.push({ entity: span.entity, start, end });
  }
  return out;
}

/** Every detection in `text`, overlaps resolved, in text order. */
export function detect(text: string, options: RedactOptions = {}): Span[] {
  const wanted = new Set(options.entities ?? PATTERN_ENTITIES);
  const normalized = normalizeForMatching(text);
  const spans: Span[] = [];
  for (const recognizer of RECOGNIZERS) {
    if (wanted.has(recognizer.entity)) spans.push(...recognizer.find(normalized, options));
  }
  spans.push(...validSpans(options.extraSpans, text));
  return resolveOverlaps(spans, priorityOf);
}

/** The form of a value under which repeats count as the same value. */
function sameValueKey(entity: Entity, value: string): string {
  switch (entity) {
    case 'PHONE_NUMBER':
    case 'CREDIT_CARD':
    case 'US_SSN':
      return `${entity}:${digitsOf(normalizeForMatching(value))}`;
    case 'IBAN_CODE':
      return `${entity}:${value.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
    default:
      return `${entity}:${value.normalize('NFKC').replace(/\s+/g, ' ').toLowerCase()}`;
  }
}

export function redact(text: string, options: RedactOptions = {}): Redaction {
  return redactSpans(text, detect(text, options), options);
}

/** `redact` over detections already made (`detect`'s result): the text with placeholders. */
export function redactSpans(text: string, spans: readonly Span[], options: Pick<RedactOptions, 'mapping' | 'keep'> = {}): Redaction {
  const mapping: PlaceholderMap = { ...(options.mapping ?? {}) };
  const placeholderOf = new Map<string, string>();
  const used = new Set<string>(Object.keys(mapping));
  for (const [placeholder, value] of Object.entries(mapping)) {
    const parsed = parsePlaceholder(placeholder);
    if (parsed) placeholderOf.set(sameValueKey(parsed.entity, value), placeholder);
  }
  // Placeholder-like text already in the input must not be mistaken for ours on the way back.
  for (const existing of placeholdersIn(text)) used.add(existing);
  const next = new Map<Entity, number>();
  const fresh = (entity: Entity): string => {
    let n = next.get(entity) ?? 1;
    while (used.has(placeholderFor(entity, n))) n++;
    next.set(entity, n + 1);
    const placeholder = placeholderFor(entity, n);
    used.add(placeholder);
    return placeholder;
  };

  const counts = Object.fromEntries(ENTITIES.map((e) => [e, 0])) as Record<Entity, number>;
  const redacted: RedactedSpan[] = [];
  const kept: KeptSpan[] = [];
  const parts: string[] = [];
  let cursor = 0;
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    if (isNerEntity(span.entity) && options.keep?.(span, value)) {
      kept.push({ entity: span.entity, start: span.start, end: span.end, value });
      continue;
    }
    const key = sameValueKey(span.entity, value);
    let placeholder = placeholderOf.get(key);
    if (!placeholder) {
      placeholder = fresh(span.entity);
      placeholderOf.set(key, placeholder);
      mapping[placeholder] = value;
    }
    counts[span.entity]++;
    redacted.push({ entity: span.entity, start: span.start, end: span.end, value, placeholder });
    parts.push(text.slice(cursor, span.start), placeholder);
    cursor = span.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), spans: redacted, counts, mapping, kept };
}

/**
 * `redact` with an NER model's spans (PERSON, LOCATION, ORGANIZATION) merged in. The recognizer's
 * failure is the caller's to handle: redaction without it would send names in the clear.
 */
export async function redactWithNer(text: string, ner: NerRecognizer, options: RedactOptions = {}): Promise<Redaction> {
  const nerSpans = await ner(text);
  return redact(text, { ...options, extraSpans: [...(options.extraSpans ?? []), ...nerSpans] });
}
