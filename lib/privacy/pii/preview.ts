/**
 * What the consent dialog highlights: the redacted text cut into plain runs and placeholders, each
 * placeholder with the entity it hides and the original value (shown only on the device, in the
 * panel). Joined, the segments' texts are exactly the redacted text.
 */
import { parsePlaceholder, type PlaceholderMap } from './placeholders';
import type { Redaction } from './redact';
import type { Entity, RedactedSpan } from './types';

export interface PreviewSegment {
  text: string;
  /** Set on a placeholder: what kind of value it replaced. */
  entity?: Entity;
  /** Set on a placeholder: the value it replaced (never sent). */
  original?: string;
  /**
   * A name, place or organization left as written (it is part of the page the student is studying;
   * see lib/privacy/kept-names.ts): `text` is the value itself, sent as is, and `entity` its kind.
   */
  kept?: true;
}

/**
 * @param mapping placeholders of an earlier redaction that may already be in the text (an edited
 *   preview keeps "[EMAIL_1]" as written): they are highlighted too, with the value they stand for.
 */
export function previewSegments(
  redaction: Pick<Redaction, 'text' | 'spans'> & Partial<Pick<Redaction, 'kept'>>,
  mapping?: PlaceholderMap,
): PreviewSegment[] {
  const segments = spanSegments(redaction);
  if (!mapping || Object.keys(mapping).length === 0) return segments;
  const out: PreviewSegment[] = [];
  for (const segment of segments) {
    if (segment.entity || segment.kept) {
      out.push(segment);
      continue;
    }
    let last = 0;
    for (const m of segment.text.matchAll(/\[[A-Z_]+_\d+\]/g)) {
      const placeholder = m[0];
      const parsed = parsePlaceholder(placeholder);
      if (!parsed || mapping[placeholder] === undefined) continue;
      if (m.index > last) out.push({ text: segment.text.slice(last, m.index) });
      out.push({ text: placeholder, entity: parsed.entity, original: mapping[placeholder] });
      last = m.index + placeholder.length;
    }
    if (last < segment.text.length) out.push({ text: segment.text.slice(last) });
  }
  return out;
}

/** Placeholders per entity among the segments (what the request carries in place of personal data). */
export function segmentCounts(segments: readonly PreviewSegment[]): Partial<Record<Entity, number>> {
  const counts: Partial<Record<Entity, number>> = {};
  for (const s of segments) if (s.entity && !s.kept) counts[s.entity] = (counts[s.entity] ?? 0) + 1;
  return counts;
}

function spanSegments(redaction: Pick<Redaction, 'text' | 'spans'> & Partial<Pick<Redaction, 'kept'>>): PreviewSegment[] {
  const segments: PreviewSegment[] = [];
  let cursor = 0; // in the redacted text
  let shift = 0; // redacted offset − original offset, after the spans seen so far
  const all = [
    ...redaction.spans.map((span) => ({ span, kept: false })),
    ...(redaction.kept ?? []).map((span) => ({ span, kept: true })),
  ].sort((a, b) => a.span.start - b.span.start);
  for (const { span, kept } of all) {
    const start = span.start + shift;
    if (start > cursor) segments.push({ text: redaction.text.slice(cursor, start) });
    if (kept) {
      // Left as written: same text, same length, so the offsets after it do not move.
      segments.push({ text: span.value, entity: span.entity, kept: true });
      cursor = start + span.value.length;
      continue;
    }
    const placeholder = (span as RedactedSpan).placeholder;
    segments.push({ text: placeholder, entity: span.entity, original: span.value });
    cursor = start + placeholder.length;
    shift += placeholder.length - (span.end - span.start);
  }
  if (cursor < redaction.text.length) segments.push({ text: redaction.text.slice(cursor) });
  return segments;
}

/** Redactions per entity, only those with at least one. */
export function nonZeroCounts(counts: Partial<Record<Entity, number>>): Partial<Record<Entity, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => (n ?? 0) > 0)) as Partial<Record<Entity, number>>;
}
