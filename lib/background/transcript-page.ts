/**
 * A video's transcript as a CapturedPage, the shape every tool reads: the text with times
 * (lib/video/transcript.ts), the caption track it came from (automatic captions marked), and the time marks
 * that let a citation or a card seek the video. A page that has its own text and a captioned video
 * keeps its text, followed by the transcript.
 */
import { guessDirection } from '../capture/text-direction';
import { MAX_CAPTURE_CHARS, type CapturedPage, type VideoInfo } from '../messaging/protocol';
import { baseLanguage } from '../settings/languages';
import { transcriptText, type TranscriptSegment } from '../video/transcript';
import type { Html5Track } from '../capture/video-probe';
import type { TrackChoice } from '../video/youtube-captions';

/** The <track> to read: the student's language, else the page's default track, else captions, else the first. */
export function chooseHtml5Track(tracks: readonly Html5Track[], studentLanguage: string): TrackChoice<Html5Track> | null {
  if (!tracks.length) return null;
  const student = baseLanguage(studentLanguage);
  const mine = tracks.filter((t) => student && baseLanguage(t.srclang) === student);
  if (mine.length) return { track: mine.find((t) => t.kind === 'captions') ?? mine[0]!, reason: 'student-language' };
  return { track: tracks.find((t) => t.isDefault) ?? tracks.find((t) => t.kind === 'captions') ?? tracks[0]!, reason: 'original' };
}

/** Heading between a page's own text and its video's transcript. */
export const TRANSCRIPT_HEADING = '# Transcript';

export interface TranscriptPageInput {
  url: string;
  title: string;
  /** The caption track's language (BCP 47), or the page's. */
  lang: string;
  segments: readonly TranscriptSegment[];
  video: Omit<VideoInfo, 'marks'>;
  /** The page's own text, when the transcript is added after it. */
  page?: CapturedPage;
}

export function transcriptPage(input: TranscriptPageInput): CapturedPage {
  const { text: transcript, marks } = transcriptText(input.segments);
  const prefix = input.page?.text.trim() ? `${input.page.text.trimEnd()}\n\n${TRANSCRIPT_HEADING}\n\n` : '';
  const full = prefix + transcript;
  const text = full.slice(0, MAX_CAPTURE_CHARS);
  const kept = marks.map((m) => ({ at: m.at + prefix.length, t: m.t })).filter((m) => m.at < text.length);
  return {
    url: input.url,
    title: input.title || input.page?.title || input.url,
    lang: input.page?.lang || input.lang,
    dir: input.page?.dir ?? guessDirection(text),
    text,
    source: input.page ? input.page.source : 'transcript',
    truncated: full.length > MAX_CAPTURE_CHARS || Boolean(input.page?.truncated),
    originalLength: full.length,
    framesIncluded: input.page?.framesIncluded ?? 0,
    video: { ...input.video, marks: kept },
  };
}
