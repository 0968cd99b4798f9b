/**
 * PII redaction before anything leaves the device, and restoration on the way back.
 *
 *   const r = redact(text, { studentIdPattern: /\bS\d{7}\b/ });   // r.text goes to the cloud
 *   const shown = restore(answer, r.mapping);                        // on the device again
 *
 * Rules find EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS, DATE_OF_BIRTH
 * and STUDENT_ID (one recognizer per entity in ./recognizers). PERSON, LOCATION and ORGANIZATION
 * need a token-classification model: pass it as a `NerRecognizer` to `redactWithNer`. Pure logic:
 * no DOM, no network; runs in Node and in every extension context.
 */
export { detect, redact, redactSpans, redactWithNer, type KeptSpan, type Redaction, type RedactOptions } from './redact';
export { LABELS, parsePlaceholder, placeholderFor, placeholderRanges, restore, type PlaceholderMap } from './placeholders';
export {
  ENTITIES,
  isNerEntity,
  NER_ENTITIES,
  PATTERN_ENTITIES,
  type Entity,
  type NerEntity,
  type NerRecognizer,
  type PatternEntity,
  type RedactedSpan,
  type Span,
} from './types';
export { nonZeroCounts, previewSegments, segmentCounts, type PreviewSegment } from './preview';
