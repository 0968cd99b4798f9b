/** Adds the text of child frames (embedded readers, LMS content frames) after the page's own. */
import type { CapturedPage } from '../messaging/protocol';

/** Frames with less text are ads, widgets or empty shells. */
export const MIN_FRAME_CHARS = 200;

export function mergeFrames(main: CapturedPage, frames: readonly CapturedPage[], maxChars: number): CapturedPage {
  let text = main.text;
  let included = 0;
  let originalLength = main.originalLength;
  for (const frame of frames) {
    const frameText = frame.text.trim();
    if (frameText.length < MIN_FRAME_CHARS || text.includes(frameText.slice(0, 200))) continue;
    text += `${text ? '\n\n' : ''}## ${frame.title || 'Embedded frame'}\n\n${frameText}`;
    originalLength += frame.originalLength;
    included += 1;
  }
  const truncated = main.truncated || text.length > maxChars;
  return {
    ...main,
    text: text.slice(0, maxChars),
    truncated,
    originalLength,
    framesIncluded: included,
    source: main.text.trim() ? main.source : frames.length ? 'body' : main.source,
  };
}
