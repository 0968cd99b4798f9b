/**
 * In the content script: what video the page shows and where its captions are, read from the DOM
 * only (a content script runs in an isolated world: it reads the page's script text, never runs
 * page code), and "jump the video to t" (`seekVideo`).
 *
 *  - A YouTube-style watch page: the player response in a script's text (youtube-captions.ts), and,
 *    when the student has opened "Show transcript", the transcript the page itself displays.
 *  - Any page: an HTML5 <video> with <track kind="captions|subtitles" src="…vtt">.
 */
import { formatTimestamp, parseTimestamp, type TranscriptSegment } from '../video/transcript';
import { extractPlayerResponse, youTubeVideoOf, type CaptionTrack } from '../video/youtube-captions';

export interface Html5Track {
  /** Absolute URL of the caption file. */
  src: string;
  srclang: string;
  label: string;
  kind: 'captions' | 'subtitles';
  isDefault: boolean;
}

export type VideoProbe =
  | {
      platform: 'youtube';
      videoId: string;
      title: string;
      lengthSeconds: number | null;
      tracks: CaptionTrack[];
      /** The player response in the page is for another video (the site changed videos without reloading). */
      stale: boolean;
      /** The transcript the page shows in its own transcript panel, when open ([] otherwise). */
      pageTranscript: TranscriptSegment[];
    }
  | { platform: 'html5'; title: string; tracks: Html5Track[]; durationSeconds: number | null };

/** The v= of a watch URL ('' when none). */
function videoIdOf(url: string): string {
  try {
    return new URL(url).searchParams.get('v') ?? '';
  } catch {
    return '';
  }
}

/** YouTube's transcript panel, when open: each segment renderer holds a timestamp and its text. */
export function pageTranscriptOf(doc: Document): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  for (const el of Array.from(doc.querySelectorAll('ytd-transcript-segment-renderer, transcript-segment-view-model'))) {
    // The timestamp is a text node of its own (in its own element); the words are the rest.
    const nodes: string[] = [];
    const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node.nodeValue ?? '');
    const at = nodes.findIndex((n) => /^\s*\d{1,2}:\d{2}(?::\d{2})?\s*$/.test(n));
    if (at < 0) continue;
    const t = parseTimestamp(nodes[at]!);
    const text = nodes
      .filter((_, i) => i !== at)
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    if (t === null || !text) continue;
    out.push({ start: t, end: t, text });
  }
  for (let i = 0; i < out.length; i++) out[i]!.end = out[i + 1]?.start ?? out[i]!.start;
  return out;
}

function youTubeProbe(doc: Document): VideoProbe | null {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const text = script.textContent ?? '';
    if (!text.includes('ytInitialPlayerResponse')) continue;
    const video = youTubeVideoOf(extractPlayerResponse(text));
    if (!video) continue;
    const urlId = videoIdOf(doc.location?.href ?? '');
    return {
      platform: 'youtube',
      videoId: video.videoId || urlId,
      title: video.title || doc.title,
      lengthSeconds: video.lengthSeconds,
      tracks: video.tracks,
      stale: Boolean(urlId && video.videoId && urlId !== video.videoId),
      pageTranscript: pageTranscriptOf(doc),
    };
  }
  return null;
}

function trackKind(el: Element): 'captions' | 'subtitles' | null {
  // HTML: a missing kind means subtitles; an unknown one means metadata (not text to read).
  const kind = (el.getAttribute('kind') ?? 'subtitles').trim().toLowerCase();
  return kind === 'captions' || kind === 'subtitles' ? kind : null;
}

function absolute(src: string, doc: Document): string {
  try {
    return new URL(src, doc.baseURI || doc.location?.href).href;
  } catch {
    return '';
  }
}

/** The page's main <video>: the one with caption tracks, else the largest, else the first. */
export function mainVideo(doc: Document): HTMLVideoElement | null {
  const player = doc.querySelector<HTMLVideoElement>('#movie_player video, video.html5-main-video');
  if (player) return player;
  const videos = Array.from(doc.querySelectorAll('video'));
  const withTracks = videos.find((v) => Array.from(v.querySelectorAll('track')).some((t) => trackKind(t) && t.getAttribute('src')));
  if (withTracks) return withTracks;
  const area = (v: HTMLVideoElement) => {
    const r = typeof v.getBoundingClientRect === 'function' ? v.getBoundingClientRect() : { width: 0, height: 0 };
    return r.width * r.height;
  };
  return videos.sort((a, b) => area(b) - area(a))[0] ?? null;
}

function html5Probe(doc: Document): VideoProbe | null {
  const video = mainVideo(doc);
  if (!video) return null;
  const tracks: Html5Track[] = [];
  for (const el of Array.from(video.querySelectorAll('track'))) {
    const kind = trackKind(el);
    const src = el.getAttribute('src');
    if (!kind || !src) continue;
    const url = absolute(src, doc);
    if (!url) continue;
    tracks.push({
      src: url,
      srclang: el.getAttribute('srclang') ?? '',
      label: el.getAttribute('label') ?? '',
      kind,
      isDefault: el.hasAttribute('default'),
    });
  }
  const duration = Number(video.duration);
  return { platform: 'html5', title: doc.title, tracks, durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : null };
}

/** What video the page shows, or null when it has none. */
export function probeVideo(doc: Document): VideoProbe | null {
  return youTubeProbe(doc) ?? html5Probe(doc);
}

/** Sets the main video's time; the answer says whether there was a video to seek. */
export function seekVideo(doc: Document, seconds: number): { seeked: boolean; duration: number | null; label: string } {
  const video = mainVideo(doc);
  const t = Math.max(0, seconds);
  if (!video) return { seeked: false, duration: null, label: formatTimestamp(t) };
  const duration = Number(video.duration);
  const known = Number.isFinite(duration) && duration > 0;
  video.currentTime = known ? Math.min(t, duration) : t;
  return { seeked: true, duration: known ? duration : null, label: formatTimestamp(t) };
}
