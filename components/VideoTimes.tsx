/**
 * An answer about a page (Chat, Hints, Ask): when the page is a video whose transcript the panel
 * has read, its times become buttons that jump the video (TimeLinks), and the last jump is said.
 */
import type { ComponentChildren } from 'preact';
import { lastSeekFor, seekVideoOfPage, videoOfPage } from '../lib/panel/video-answers';
import { TimeLinks } from './TimeLinks';

export function VideoTimes({ url, text, children }: { url: string | null | undefined; text: string; children: ComponentChildren }) {
  const video = videoOfPage(url);
  if (!video || !url) return <>{children}</>;
  return (
    <TimeLinks
      text={text}
      durationSeconds={video.durationSeconds}
      transcript={{ text: video.text, marks: video.marks }}
      onSeek={(s) => void seekVideoOfPage(url, s)}
    >
      {children}
    </TimeLinks>
  );
}

/** What the last jump from an answer about this page did ("The video is now at 2:14."). */
export function VideoSeekNote({ url }: { url: string | null | undefined }) {
  const seek = lastSeekFor(url);
  if (!seek) return null;
  return (
    <p class={seek.ok ? 'muted video-seek' : 'notice video-seek'} role="status" data-ok={String(seek.ok)}>
      {seek.text}
    </p>
  );
}
