/**
 * What a model host's reply to a file request says, read without consuming its body: the entity tag
 * a resume may be checked against, the range it carries, the size it announces, the host's own
 * statements about the file, and what an error status means for the student. Read by
 * file-download.ts, which fetches and checks the bytes.
 */
import { LocusError } from '../errors';
import type { DownloadPlan, Expected } from './file-expectations';

/** A strong entity tag (weak ones may not be used with If-Range). */
export function strongEtag(response: Response): string | null {
  const etag = response.headers.get('etag');
  return etag && !etag.startsWith('W/') ? etag : null;
}

/** `bytes start-end/total` → its numbers; null when absent or malformed. */
export function parseContentRange(header: string | null): { start: number; end: number; total: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

/** The whole file's size as the reply announces it (the total of Content-Range, or Content-Length of a 200). */
export function announcedSize(response: Response): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = response.status === 200 ? Number(response.headers.get('content-length')) : NaN;
  // Compressed transfers announce the compressed length: only trust an identity encoding.
  const encoding = response.headers.get('content-encoding');
  return Number.isFinite(length) && length > 0 && (!encoding || encoding === 'identity') ? length : null;
}

/** The host's own statements about the file, where a reply carries them (not after a redirect in browsers). */
export function hubHeaderProblem(response: Response, want: Expected): string | null {
  const commit = response.headers.get('x-repo-commit');
  if (want.commit && commit && commit !== want.commit) return `comes from ${commit.slice(0, 7)}, not the pinned ${want.commit.slice(0, 7)}`;
  const linkedSize = response.headers.get('x-linked-size');
  if (want.size !== null && linkedSize && Number(linkedSize) !== want.size)
    return `is announced with ${linkedSize} bytes, not ${want.size}`;
  const linkedEtag = response.headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '');
  if (want.sha256 && linkedEtag && /^[0-9a-f]{64}$/.test(linkedEtag) && linkedEtag !== want.sha256)
    return 'is announced with another SHA-256';
  return null;
}

/** The error a status that is not a file says, in the student's words. */
export function httpError(status: number, path: string, plan: DownloadPlan): LocusError {
  if (status === 404) {
    return new LocusError(
      'model-download-failed',
      `The model host ${plan.host} has no ${path} for ${plan.modelId}. Check the model host in Models.`,
    );
  }
  if (status === 401 || status === 403) {
    return new LocusError(
      'model-download-failed',
      `The model host refused ${plan.modelId} (HTTP ${status}); the model may need a licence accepted on its page, or another host.`,
    );
  }
  return new LocusError('model-download-failed', `The model host answered HTTP ${status} for ${path}.`);
}

/** Lets a reply's body go unread (the connection is freed); a body that already failed is no matter. */
export async function dropBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
