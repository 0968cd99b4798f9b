/**
 * A video's transcript as text Locus's tools read like a page: paragraphs that each start with
 * their time ("[12:34] …"), so a summary can quote times, and a mark per caption segment
 * (character offset → seconds), so any passage of the text (a citation, a card's source) knows when
 * it was said and can seek the video there.
 */

/** One caption cue/event, in seconds from the start of the video. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

/** Where a segment's text starts in the transcript text, and its time in seconds. */
export interface TimeMark {
  at: number;
  t: number;
}

/** "0:07", "12:34", "1:02:03". */
export function formatTimestamp(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "[12:34]" or "[1:02:03]" anywhere in text (a summary's timestamps) → seconds. */
export const TIMESTAMP_PATTERN = /\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]/g;

export function parseTimestamp(match: string): number | null {
  const m = /^\[?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]?$/.exec(match.trim());
  if (!m) return null;
  const [h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (min > 59 && m[1] !== undefined) return null;
  if (s > 59) return null;
  return h * 3600 + min * 60 + s;
}

export interface TranscriptTextOptions {
  /** A paragraph closes after this many seconds… */
  paragraphSeconds?: number;
  /** …or this many characters, at the end of a sentence when one comes soon enough. */
  paragraphChars?: number;
}

/**
 * The transcript as text with a time at the head of each paragraph, and a mark per segment.
 * Segments must be in time order (the parsers return them so) and non-empty.
 */
export function transcriptText(
  segments: readonly TranscriptSegment[],
  options: TranscriptTextOptions = {},
): { text: string; marks: TimeMark[] } {
  const maxSeconds = options.paragraphSeconds ?? 45;
  const maxChars = options.paragraphChars ?? 600;
  let text = '';
  const marks: TimeMark[] = [];
  let paragraphStart = -1;
  let paragraphChars = 0;
  for (const seg of segments) {
    const words = seg.text.replace(/\s+/g, ' ').trim();
    if (!words) continue;
    const sentenceEnded = /[.!?…。？！]["')\]]?$/.test(text);
    const long = paragraphStart >= 0 && (seg.start - paragraphStart >= maxSeconds || paragraphChars >= maxChars);
    const veryLong = paragraphStart >= 0 && (seg.start - paragraphStart >= maxSeconds * 2 || paragraphChars >= maxChars * 2);
    if (paragraphStart < 0 || (long && sentenceEnded) || veryLong) {
      if (text) text += '\n\n';
      text += `[${formatTimestamp(seg.start)}] `;
      paragraphStart = seg.start;
      paragraphChars = 0;
    } else {
      text += ' ';
    }
    marks.push({ at: text.length, t: seg.start });
    text += words;
    paragraphChars += words.length + 1;
  }
  return { text, marks };
}

/** The time (seconds) at which the text at `offset` is said: the last mark at or before it. */
export function timeAt(marks: readonly TimeMark[], offset: number): number | null {
  if (!marks.length) return null;
  let lo = 0;
  let hi = marks.length - 1;
  if (marks[0]!.at > offset) return marks[0]!.t;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  return marks[lo]!.t;
}

/** Where the video plays: a YouTube-style watch page (player response) or an HTML5 <video>. */
export type VideoPlatform = 'youtube' | 'html5';

/**
 * When the passage `text.slice(start, end)` begins to be said. A passage often starts with a
 * paragraph's "[12:34] " head, before its first segment's mark: the head is not words of the
 * previous segment, so the first segment inside the passage gives the time.
 */
export function timeOfSpan(text: string, marks: readonly TimeMark[], start: number, end: number): number | null {
  const inside = marks.find((m) => m.at >= start && m.at < end);
  if (!inside) return timeAt(marks, start);
  const lead = text.slice(start, inside.at).replace(/\[(?:\d{1,2}:)?\d{1,2}:\d{2}\]/g, '');
  return /[\p{L}\p{N}]/u.test(lead) ? timeAt(marks, start) : inside.t;
}

/**
 * A URL that opens the video at `seconds`: a YouTube watch URL takes `t=<n>s`; any other page keeps
 * its URL (the video there is seeked by the content script once the page has loaded).
 */
export function videoTimeUrl(pageUrl: string, seconds: number, platform: VideoPlatform): string {
  if (platform !== 'youtube') return pageUrl;
  try {
    const u = new URL(pageUrl);
    u.searchParams.set('t', `${Math.max(0, Math.floor(seconds))}s`);
    return u.href;
  } catch {
    return pageUrl;
  }
}
