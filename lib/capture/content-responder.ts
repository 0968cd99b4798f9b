/**
 * The content script's side of the protocol: answers the background's capture requests and
 * nothing else. Runs inside web pages, so it parses what it receives like any other boundary.
 */
import { toErrorInfo, LocusError } from '../errors';
import { backgroundToContentSchema, type CapturedPage, type Reply } from '../messaging/protocol';
import { extractPage } from './extract';

export async function answerContentRequest(raw: unknown, doc: Document): Promise<Reply<CapturedPage> | undefined> {
  const parsed = backgroundToContentSchema.safeParse(raw);
  if (!parsed.success) return undefined; // Not for us: let other listeners answer.
  try {
    switch (parsed.data.type) {
      case 'capture.page':
        if (doc.contentType === 'application/pdf') {
          throw new LocusError('pdf-unreadable', 'This tab shows a PDF. Reading PDFs is not available yet in this version of Locus.');
        }
        return { ok: true, value: extractPage(doc) };
      case 'capture.selection':
        throw new LocusError('not-allowed', 'Selection capture is not available yet.');
    }
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
