/**
 * The videos whose transcripts this panel has read, by page, so the times in any answer about one
 * (Chat, Hints, Ask, as in the summary) become buttons that jump the student's video there. Filled
 * from every capture the panel makes; a few kept, the latest first (a transcript can be long).
 */
import { signal } from '@preact/signals';
import type { CapturedPage } from '../messaging/protocol';
import { pageKey } from '../store/page-key';
import type { TimeMark } from '../video/transcript';
import { targetPage } from './target-page-state';
import { lastSeek, seekStudentVideo } from './video-state';
import { t } from '../i18n/t';

/** What an answer about a video needs for its times: the transcript and the video's length. */
export interface AnswerVideo {
  url: string;
  durationSeconds: number | null;
  /** The text the answer was written from, and where in it each caption starts. */
  text: string;
  marks: readonly TimeMark[];
}

const KEPT = 8;

export const readVideos = signal<ReadonlyMap<string, AnswerVideo>>(new Map());

/** Keeps the transcript of a captured page that is a video; returns the page unchanged. */
export function rememberVideo(page: CapturedPage): CapturedPage {
  const video = page.video;
  if (!video) return page;
  const key = pageKey(page.url);
  const next = new Map(readVideos.peek());
  next.delete(key);
  next.set(key, { url: page.url, durationSeconds: video.durationSeconds, text: page.text, marks: video.marks });
  while (next.size > KEPT) next.delete(next.keys().next().value!);
  readVideos.value = next;
  return page;
}

/** The video of the page at `url`, when the panel has read its transcript. */
export function videoOfPage(url: string | null | undefined): AnswerVideo | null {
  if (!url) return null;
  return readVideos.value.get(pageKey(url)) ?? null;
}

/**
 * Jumps the video of the page at `url`, in the student's tab when it still shows that page; when
 * the student has moved to another page, says to go back to the video's tab (nothing else moves).
 */
export async function seekVideoOfPage(url: string, seconds: number): Promise<boolean> {
  const target = targetPage.value;
  if (!target || pageKey(target.url) !== pageKey(url)) {
    lastSeek.value = { ok: false, text: t('video_seekNoTab'), url };
    return false;
  }
  return seekStudentVideo(seconds, target.tabId);
}

/** The last jump, when it was made from an answer about the page at `url`. */
export function lastSeekFor(url: string | null | undefined): { ok: boolean; text: string } | null {
  const seek = lastSeek.value;
  return seek && url && pageKey(seek.url) === pageKey(url) ? seek : null;
}
