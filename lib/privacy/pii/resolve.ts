/**
 * Overlapping detections, resolved deterministically. Detections that overlap (directly or through
 * a chain) form a cluster; the cluster's entity is its longest detection's, ties broken by the
 * recognizer's priority (the more specific rule), then by the earlier start, then by entity name.
 * The redacted span is the whole cluster, so a character that any recognizer found is never left in
 * the clear because another detection won.
 */
import type { Entity, Span } from './types';

export function resolveOverlaps(spans: readonly Span[], priorityOf: (entity: Entity) => number): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.entity.localeCompare(b.entity));
  const resolved: Span[] = [];
  let cluster: Span[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (!cluster.length) return;
    const winner = cluster.reduce((best, s) => (better(s, best, priorityOf) ? s : best));
    const start = cluster[0]!.start;
    resolved.push({ entity: winner.entity, start, end: clusterEnd });
    cluster = [];
  };
  for (const span of sorted) {
    if (span.start >= clusterEnd) flush();
    cluster.push(span);
    clusterEnd = Math.max(clusterEnd, span.end);
  }
  flush();
  return resolved;
}

function better(a: Span, b: Span, priorityOf: (entity: Entity) => number): boolean {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  const pa = priorityOf(a.entity);
  const pb = priorityOf(b.entity);
  if (pa !== pb) return pa > pb;
  if (a.start !== b.start) return a.start < b.start;
  return a.entity < b.entity;
}
