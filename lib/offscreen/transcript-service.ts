/** The offscreen document's caption reader: fetch the file for the tab (page-resource.ts), read its segments. */
import type { PageFetchContext } from '../messaging/protocol';
import type { NetworkGate } from '../privacy/network-gate';
import { parseCaptionBody } from '../video/timedtext';
import type { TranscriptSegment } from '../video/transcript';
import { fetchPageResource } from './page-resource';

/** A caption file larger than this is not captions. */
export const MAX_CAPTION_BYTES = 20 * 1024 * 1024;

export async function fetchTranscriptSegments(
  url: string,
  page: PageFetchContext,
  deps: { gate: NetworkGate; parseXml(text: string): Document },
): Promise<TranscriptSegment[]> {
  const { bytes } = await fetchPageResource(deps.gate, url, page, { maxBytes: MAX_CAPTION_BYTES, what: 'captions' });
  return parseCaptionBody(new TextDecoder('utf-8').decode(bytes), deps.parseXml);
}
