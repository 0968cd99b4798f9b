/**
 * What the library saves of a capture: the text, and where it came from when it is not the page's
 * own (OCR, a video's transcript with its times), so the library marks it and a video passage's
 * citation opens the video at its time. The panel builds `library.save` requests with this.
 */
import type { z } from 'zod';
import type { libraryPageInputSchema } from '../messaging/library-protocol';
import type { CapturedPage } from '../messaging/protocol';

export type LibraryPageInput = z.infer<typeof libraryPageInputSchema>;

export function libraryInputOf(page: CapturedPage): LibraryPageInput {
  return {
    url: page.url,
    title: page.title,
    lang: page.lang,
    text: page.text,
    kind: page.source === 'pdf' ? 'pdf' : 'web',
    ...(page.pageStarts?.length ? { pageStarts: page.pageStarts } : {}),
    // A video's transcript keeps its times: its citations then open the video when it was said.
    ...(page.video ? { textOrigin: 'transcript' as const, video: { platform: page.video.platform, marks: page.video.marks } } : {}),
    // Text read with OCR (an image, scanned pages) is marked so in the library's list.
    ...(page.ocr?.pages.length && !page.video ? { textOrigin: 'ocr' as const } : {}),
  };
}
