/**
 * YouTube's timed-text formats (the caption track's `baseUrl`, by its `fmt` parameter) to
 * transcript segments:
 *
 *  - JSON3 (`fmt=json3`): { events: [{ tStartMs, dDurationMs, segs: [{ utf8, tOffsetMs }],
 *    aAppend, wWinId, … }] }. Events without `segs` define windows; automatic captions send words as
 *    segs and line breaks as appended events ("\n"), which carry no text of their own.
 *  - srv1 (the default XML): <transcript><text start="s" dur="s">…</text></transcript>, seconds,
 *    with the text escaped twice (`&amp;#39;`).
 *  - srv2: <timedtext><text t="ms" d="ms">…</text></timedtext>.
 *  - srv3 (`fmt=srv3`): <timedtext format="3"><body><p t="ms" d="ms">…<s t="ms">word</s>…</p></body>.
 *  - WebVTT (`fmt=vtt`): see webvtt.ts.
 * `parseCaptionBody` recognises which one it was given.
 */
import { LocusError } from '../errors';
import { decodeHtmlEntities } from './html-entities';
import type { TranscriptSegment } from './transcript';
import { parseWebVtt, vttSegments } from './webvtt';

interface Json3Event {
  tStartMs?: number;
  dDurationMs?: number;
  aAppend?: number;
  segs?: Array<{ utf8?: string; tOffsetMs?: number }>;
}

function cleanLine(text: string): string {
  // Captions sometimes carry markup as text (<font color=…>, <i>): keep the words only.
  return decodeHtmlEntities(text.replace(/<[^>]{0,200}>/g, ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

function unreadable(what: string): LocusError {
  return new LocusError('transcript-unreadable', `Locus could not read the video's captions (${what}).`);
}

export function parseJson3(json: unknown): TranscriptSegment[] {
  const events = (json as { events?: unknown })?.events;
  if (!Array.isArray(events)) throw unreadable('no caption events in the JSON answer');
  const out: TranscriptSegment[] = [];
  for (const e of events as Json3Event[]) {
    if (!Array.isArray(e?.segs) || typeof e.tStartMs !== 'number') continue;
    const text = cleanLine(e.segs.map((s) => (typeof s?.utf8 === 'string' ? s.utf8 : '')).join(''));
    if (!text) continue;
    const start = e.tStartMs / 1000;
    out.push({ start, end: start + (typeof e.dDurationMs === 'number' ? e.dDurationMs : 0) / 1000, text });
  }
  return sortSegments(out);
}

function num(el: Element, name: string): number | null {
  const v = el.getAttribute(name);
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** srv1, srv2 or srv3 XML, already parsed into a Document. */
export function parseTimedTextXml(doc: Document): TranscriptSegment[] {
  const root = doc.documentElement;
  if (!root || root.getElementsByTagName('parsererror').length || root.nodeName === 'parsererror')
    throw unreadable('the XML answer is damaged');
  const out: TranscriptSegment[] = [];
  if (root.nodeName === 'transcript') {
    for (const el of Array.from(root.getElementsByTagName('text'))) {
      const start = num(el, 'start');
      if (start === null) continue;
      const text = cleanLine(el.textContent ?? '');
      if (text) out.push({ start, end: start + (num(el, 'dur') ?? 0), text });
    }
  } else if (root.nodeName === 'timedtext') {
    const body = root.getElementsByTagName('body')[0];
    const items = body ? Array.from(body.getElementsByTagName('p')) : Array.from(root.getElementsByTagName('text'));
    for (const el of items) {
      const t = num(el, 't');
      if (t === null) continue;
      const text = cleanLine(el.textContent ?? '');
      if (text) out.push({ start: t / 1000, end: (t + (num(el, 'd') ?? 0)) / 1000, text });
    }
  } else {
    throw unreadable(`an unknown XML format <${root.nodeName}>`);
  }
  return sortSegments(out);
}

function sortSegments(segments: TranscriptSegment[]): TranscriptSegment[] {
  return segments.sort((a, b) => a.start - b.start || a.end - b.end);
}

export type CaptionFormat = 'vtt' | 'json3' | 'xml';

/** Which caption format a response body is in, from its first characters. */
export function captionFormatOf(body: string): CaptionFormat | null {
  const head = body.replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (head.startsWith('{')) return 'json3';
  if (head.startsWith('<')) return 'xml';
  return null;
}

/**
 * The segments of a caption file in any of the formats above. An empty body (what YouTube answers
 * when it will not give captions to a request) is reported as such.
 */
export function parseCaptionBody(body: string, parseXml: (text: string) => Document): TranscriptSegment[] {
  if (!body.trim()) throw new LocusError('transcript-unreadable', 'The video site answered with an empty captions file.');
  switch (captionFormatOf(body)) {
    case 'vtt':
      return vttSegments(parseWebVtt(body));
    case 'json3': {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw unreadable('the JSON answer is damaged');
      }
      return parseJson3(json);
    }
    case 'xml':
      return parseTimedTextXml(parseXml(body));
    default:
      throw unreadable('an unknown format');
  }
}
