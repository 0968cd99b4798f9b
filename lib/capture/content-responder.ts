/**
 * The content script's side of the protocol: answers the background's capture requests and
 * nothing else. Runs inside web pages, so it parses what it receives like any other boundary.
 */
import { toErrorInfo } from '../errors';
import {
  backgroundToContentSchema,
  type CapturedPage,
  type FrameSelection,
  type Reply,
  type VideoProbeMessage,
  type VideoSeekResult,
} from '../messaging/protocol';
import { probeVideo, seekVideo } from './video-probe';
import { extractPage } from './extract';
import { captureSelection } from './selection-capture';

/**
 * A tab showing a PDF: Chrome's viewer is not a document a content script can read, so the answer
 * only says "this is a PDF"; the background has the file's text extracted by pdf.js instead.
 */
export function pdfPlaceholder(doc: Document): CapturedPage {
  const url = doc.location?.href ?? '';
  return {
    url,
    title: doc.title?.trim() || url,
    lang: '',
    dir: 'ltr',
    text: '',
    source: 'pdf',
    truncated: false,
    originalLength: 0,
    framesIncluded: 0,
  };
}

export async function answerContentRequest(
  raw: unknown,
  doc: Document,
): Promise<Reply<CapturedPage> | Reply<FrameSelection | null> | Reply<VideoProbeMessage | null> | Reply<VideoSeekResult> | undefined> {
  const parsed = backgroundToContentSchema.safeParse(raw);
  if (!parsed.success) return undefined; // Not for us: let other listeners answer.
  try {
    switch (parsed.data.type) {
      case 'capture.page':
        if (doc.contentType === 'application/pdf') return { ok: true, value: pdfPlaceholder(doc) };
        return { ok: true, value: extractPage(doc) };
      case 'capture.selection':
        return { ok: true, value: captureSelection(doc) };
      case 'capture.video':
        return { ok: true, value: probeVideo(doc) };
      case 'video.seek':
        return { ok: true, value: seekVideo(doc, parsed.data.seconds) };
    }
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
