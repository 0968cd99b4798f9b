/**
 * A file a page names (a video's caption file, an image the student right-clicked), fetched for
 * the student's tab through the network gate with purpose 'page-fetch': without cookies, refused
 * in offline mode. Every such request carries the tab and the address it showed when the student
 * acted (`PageFetchContext`): the background checked that the tab still shows it before asking,
 * and the context is handed on with the URL so the gate's page-fetch rule can hold each request to
 * "for the tab the student asked about, at the moment they asked".
 */
import { LocusError } from '../errors';
import type { PageFetchContext } from '../messaging/protocol';
import type { NetworkGate } from '../privacy/network-gate';

export interface PageResource {
  bytes: Uint8Array;
  contentType: string;
}

function isHttp(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

export async function fetchPageResource(
  gate: NetworkGate,
  url: string,
  page: PageFetchContext,
  limits: { maxBytes: number; what: string },
): Promise<PageResource> {
  if (!isHttp(url))
    throw new LocusError('not-allowed', `Locus fetches only web addresses (http or https) for a page, not ${url.slice(0, 40)}.`);
  if (!page.pageUrl) throw new LocusError('not-allowed', 'Locus fetches a file for a page only when it knows which tab asked.');
  // The gate lets it through only if the background's grant for this action covers `url`.
  const response = await gate.fetch(url, { cache: 'force-cache' }, 'page-fetch', { grant: page });
  if (!response.ok) {
    throw new LocusError(
      limits.what === 'image' ? 'ocr-failed' : 'transcript-unreadable',
      `${new URL(url).host} did not give Locus the ${limits.what} (HTTP ${response.status}).`,
    );
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > limits.maxBytes) {
    throw new LocusError(
      'input-too-large',
      `The ${limits.what} is ${Math.round(length / 1e6)} MB: Locus reads up to ${Math.round(limits.maxBytes / 1e6)} MB.`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > limits.maxBytes) {
    throw new LocusError('input-too-large', `The ${limits.what} is over ${Math.round(limits.maxBytes / 1e6)} MB: Locus reads up to that.`);
  }
  return { bytes, contentType: response.headers.get('content-type') ?? '' };
}
