/**
 * Times in a model's answer about a video ("[12:34]", "[1:02:03]"), found in plain text so the
 * panel can turn each into a button that seeks the video there. Only bracketed times are taken:
 * a bare "12:34" in an answer is as often a ratio or a clock time as a moment of the video.
 */
import { formatTimestamp, parseTimestamp } from './transcript';

/** A run of plain text, or a time of the video (seconds) with the label to show. */
export type TimePiece = { text: string } | { seconds: number; label: string };

const BRACKETED_TIME = /\[(?:\d{1,2}:)?\d{1,2}:\d{2}\]/g;

/**
 * Splits text into plain runs and times. A time past the video's end (when its length is known)
 * stays plain text: the model made it up, and seeking there would only show the last frame.
 */
export function timePieces(text: string, durationSeconds: number | null = null): TimePiece[] {
  const pieces: TimePiece[] = [];
  let last = 0;
  for (const match of text.matchAll(BRACKETED_TIME)) {
    const seconds = parseTimestamp(match[0]);
    if (seconds === null || (durationSeconds !== null && seconds > durationSeconds)) continue;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ seconds, label: `[${formatTimestamp(seconds)}]` });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** Whether the text has at least one time a student could jump to. */
export function hasTimes(text: string, durationSeconds: number | null = null): boolean {
  return timePieces(text, durationSeconds).some((p) => 'seconds' in p);
}
