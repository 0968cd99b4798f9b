import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '../lib/i18n/t';
import { captionWords, pointTime, type CaptionWords } from '../lib/video/point-times';
import { timePieces } from '../lib/video/time-links';
import { formatTimestamp, type TimeMark } from '../lib/video/transcript';

function timeButton(seconds: number, extraClass = ''): HTMLButtonElement {
  const button = document.createElement('button');
  const label = formatTimestamp(seconds);
  button.type = 'button';
  button.className = `time-link ${extraClass}`.trim();
  button.dataset.seconds = String(seconds);
  button.textContent = `[${label}]`;
  button.title = t('video_jumpTo', label);
  return button;
}

/** Each "[12:34]" the answer's text holds becomes a button. */
function linkWrittenTimes(root: HTMLElement, durationSeconds: number | null): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest('button')) nodes.push(n as Text);
  for (const node of nodes) {
    const pieces = timePieces(node.data, durationSeconds);
    if (!pieces.some((p) => 'seconds' in p)) continue;
    node.replaceWith(...pieces.map((p) => ('text' in p ? document.createTextNode(p.text) : timeButton(p.seconds))));
  }
}

/** Each point (paragraph or list item) without a time gets its closest caption's time, at its end. */
function linkPointTimes(root: HTMLElement, captions: readonly CaptionWords[]): void {
  for (const point of root.querySelectorAll<HTMLElement>('.markdown p, .markdown li')) {
    if (point.querySelector('p, li, button.time-link')) continue;
    const seconds = pointTime(point.textContent ?? '', captions);
    if (seconds !== null) point.append(' ', timeButton(seconds, 'point-time'));
  }
}

/**
 * Wraps an answer (already rendered, sanitized Markdown) about a video: its times become buttons
 * that jump the video there. Built from text nodes, never from HTML, so nothing the model wrote
 * can become markup. `text` is what the answer shows: the buttons are rebuilt when it changes.
 */
export function TimeLinks(props: {
  text: string;
  durationSeconds: number | null;
  /** The transcript the answer was written from: points without a time get their caption's. */
  transcript?: { text: string; marks: readonly TimeMark[] };
  onSeek: (seconds: number) => void;
  children: ComponentChildren;
}) {
  const { text, durationSeconds, transcript, onSeek, children } = props;
  const ref = useRef<HTMLDivElement>(null);
  const source = transcript?.text;
  const marks = transcript?.marks;
  const captions = useMemo(() => (source !== undefined && marks ? captionWords(source, marks) : []), [source, marks]);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    linkWrittenTimes(root, durationSeconds);
    if (captions.length) linkPointTimes(root, captions);
  }, [text, durationSeconds, captions]);
  return (
    <div
      class="time-links"
      ref={ref}
      onClick={(e) => {
        const button = (e.target as HTMLElement).closest('button.time-link') as HTMLButtonElement | null;
        if (button) onSeek(Number(button.dataset.seconds));
      }}
    >
      {children}
    </div>
  );
}
