/**
 * WebVTT caption files (W3C WebVTT) to transcript segments. Parsing follows the specification
 * through the W3C's own parser (w3c/webvtt.js, npm `webvtt-parser`): signature, header, NOTE/STYLE/
 * REGION blocks, cue identifiers, timings with or without hours, cue settings, and cue text with
 * its tags (<c>, <i>, <b>, <u>, <ruby>/<rt>, <v>, <lang>, inner timestamps) and HTML character
 * references. What this module adds is what a transcript needs:
 *  - text only: tags dropped, ruby annotations (<rt>) left out, a voice (<v Name>) named once when
 *    the speaker changes ("Name: …");
 *  - empty cues (no text, or only tags and spaces) dropped;
 *  - overlapping cues kept in time order, and the repeats of "roll-up" captions removed: a cue that
 *    begins with the lines the previous cue ended with (as live and automatic captions are often
 *    written) contributes only its new lines; a cue repeating the previous one entirely is merged.
 */
import { WebVTTParser, type WebVttNode } from 'webvtt-parser';
import htmlEntities from 'webvtt-parser/html-entities.json';
import { LocusError } from '../errors';
import type { TranscriptSegment } from './transcript';

export interface VttCueSettings {
  vertical: '' | 'rl' | 'lr';
  line: number | 'auto';
  position: number | 'auto';
  size: number;
  align: string;
}

export interface VttCue {
  id: string;
  start: number;
  end: number;
  /** The cue's text without tags, its lines kept. */
  text: string;
  /** The first voice (<v Name>) of the cue, '' when none. */
  voice: string;
  settings: VttCueSettings;
}

const parser = new WebVTTParser(htmlEntities as Record<string, string>);

function nodeText(nodes: readonly WebVttNode[] | undefined, voices: string[]): string {
  let out = '';
  for (const node of nodes ?? []) {
    if (node.type === 'text') out += String(node.value ?? '');
    else if (node.type === 'object') {
      if (node.name === 'rt') continue; // ruby annotation: the pronunciation of the base text
      if (node.name === 'v' && typeof node.value === 'string' && node.value.trim()) voices.push(node.value.trim());
      out += nodeText(node.children, voices);
    }
  }
  return out;
}

/** The cues of a WebVTT file, in time order. A file without the WEBVTT signature is refused. */
export function parseWebVtt(input: string): VttCue[] {
  const result = parser.parse(input, 'metadata');
  if (result.errors.some((e) => e.line === 1 && /signature/i.test(e.message))) {
    throw new LocusError('transcript-unreadable', 'The captions file is not a WebVTT file (it does not start with "WEBVTT").');
  }
  return result.cues.map((cue) => {
    const voices: string[] = [];
    const text = nodeText(cue.tree.children, voices)
      .split('\n')
      .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    const vertical = cue.direction === 'rl' || cue.direction === 'lr' ? cue.direction : '';
    return {
      id: cue.id,
      start: cue.startTime,
      end: cue.endTime,
      text,
      voice: voices[0] ?? '',
      settings: { vertical, line: cue.linePosition, position: cue.textPosition, size: cue.size, align: cue.alignment },
    };
  });
}

/**
 * Cues as transcript segments: empty ones dropped, in time order, roll-up repeats removed, the
 * speaker named when it changes.
 */
export function vttSegments(cues: readonly VttCue[]): TranscriptSegment[] {
  const sorted = cues.filter((c) => c.text.trim() && c.end >= c.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TranscriptSegment[] = [];
  let previousLines: string[] = [];
  let previousEnd = -Infinity;
  let speaker = '';
  for (const cue of sorted) {
    let lines = cue.text.split('\n');
    // Roll-up captions: the cue repeats the previous cue's last lines before adding its own.
    if (cue.start <= previousEnd + 0.5) {
      for (let k = Math.min(lines.length, previousLines.length); k > 0; k--) {
        if (lines.slice(0, k).join('\n') === previousLines.slice(-k).join('\n')) {
          lines = lines.slice(k);
          break;
        }
      }
    }
    const last = out.at(-1);
    if (!lines.length) {
      if (last) last.end = Math.max(last.end, cue.end);
      previousEnd = Math.max(previousEnd, cue.end);
      continue;
    }
    let text = lines.join(' ');
    if (cue.voice && cue.voice !== speaker) text = `${cue.voice}: ${text}`;
    if (cue.voice) speaker = cue.voice;
    out.push({ start: cue.start, end: cue.end, text });
    previousLines = cue.text.split('\n');
    previousEnd = Math.max(previousEnd, cue.end);
  }
  return out;
}
