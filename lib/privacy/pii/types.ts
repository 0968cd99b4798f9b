/**
 * The vocabulary of PII redaction: which entities exist, what a detection is, and what a
 * recognizer promises. Pure types; nothing here touches the DOM, the network or the clock.
 */

/** Entities found by rules (regular grammar plus checksum or context), on every machine. */
export const PATTERN_ENTITIES = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
  'STUDENT_ID',
  'STREET_ADDRESS',
  'POSTAL_CODE',
  'AGE',
  'US_DRIVER_LICENSE',
] as const;
export type PatternEntity = (typeof PATTERN_ENTITIES)[number];

/**
 * Names, places and organizations: found by the on-device name finder (lib/privacy/names) or a
 * token-classification (NER) model, both run by the caller and passed in as spans.
 */
export const NER_ENTITIES = ['PERSON', 'LOCATION', 'ORGANIZATION'] as const;
export type NerEntity = (typeof NER_ENTITIES)[number];

export type Entity = PatternEntity | NerEntity;

export function isNerEntity(value: unknown): value is NerEntity {
  return typeof value === 'string' && (NER_ENTITIES as readonly string[]).includes(value);
}
export const ENTITIES: readonly Entity[] = [...PATTERN_ENTITIES, ...NER_ENTITIES];

export function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

/** A detection: `text.slice(start, end)` is personal data of kind `entity` (UTF-16 offsets). */
export interface Span {
  entity: Entity;
  start: number;
  end: number;
  /** Confidence in [0, 1] where the source has one (an NER model); rules leave it out. */
  score?: number;
}

/** A detection as redacted: the original value and the placeholder that replaced it. */
export interface RedactedSpan {
  entity: Entity;
  start: number;
  end: number;
  value: string;
  placeholder: string;
}

/**
 * An NER model behind an async call (the offscreen document's token classifier, later). It gets the
 * whole text and returns spans in the same offsets; invalid spans are dropped, not trusted.
 */
export type NerRecognizer = (text: string) => Promise<Span[]>;

export interface RecognizerOptions {
  /**
   * The school's student-ID format, e.g. `/\bS\d{7}\b/`. Several formats may be given. Flags are
   * kept except that the pattern is always run globally.
   */
  studentIdPattern?: RegExp | readonly RegExp[];
}

/**
 * One recognizer per entity. `find` gets the text with digits, dashes and spaces normalized to
 * ASCII (same length, same offsets as the original: see `normalizeForMatching`) and the original.
 */
export interface Recognizer {
  entity: PatternEntity;
  /**
   * Breaks ties between overlapping detections of equal length: the more specific entity
   * (checksum-validated, or explicitly configured) has the higher priority.
   */
  priority: number;
  find(normalized: string, options: RecognizerOptions): Span[];
}
