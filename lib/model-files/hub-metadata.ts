/**
 * What the model host announces about a repository's files, read from its JSON API: the commit a
 * revision points to, and per file its size and its checksum (SHA-256 for LFS/Xet files, the git
 * blob id for small files kept in git).
 *
 * Why the API and not the `resolve` reply's headers: the hub answers `resolve` for LFS files with
 * a redirect to its CDN, and the SHA-256 (`X-Linked-Etag`), size (`X-Linked-Size`) and commit
 * (`X-Repo-Commit`) are on that redirect reply. huggingface_hub reads them from a HEAD that does
 * not follow cross-host redirects (file_download.py, get_hf_file_metadata); a browser cannot: a
 * followed redirect hides the first reply, and `redirect: 'manual'` gives an opaque reply with no
 * headers (the Fetch standard's opaque-redirect filtered response). huggingface.js dropped the
 * same headers when its tests started running in browsers (@huggingface/hub, commit f7e8d178,
 * "Also run tests in browser"), and its cache downloader asks the API instead (paths-info,
 * `lfs.oid`). `GET /api/models/{id}/revision/{rev}?blobs=true` (huggingface_hub's
 * `model_info(files_metadata=True)`) gives the commit and every file's metadata in one request
 * from the host itself, with no redirect.
 */
import { z } from 'zod';
import { LocusError } from '../errors';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** What the host announces for one file. */
export interface AnnouncedFile {
  size: number;
  /** SHA-256 of the content, for LFS/Xet files. */
  sha256: string | null;
  /** The git blob id (SHA-1 of "blob <size>\0" + content), for files kept in git. */
  gitOid: string | null;
}

export interface HubRevision {
  commit: string;
  files: Map<string, AnnouncedFile>;
}

const siblingSchema = z.object({
  rfilename: z.string(),
  size: z.number().int().nonnegative().optional(),
  blobId: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  lfs: z
    .object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      size: z.number().int().nonnegative(),
      pointerSize: z.number().int().nonnegative().optional(),
    })
    .nullable()
    .optional(),
});

const revisionSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  siblings: z.array(siblingSchema),
});

export function revisionInfoUrl(host: string, modelId: string, revision: string): string {
  const base = host.replace(/\/+$/, '');
  const id = modelId.split('/').map(encodeURIComponent).join('/');
  return `${base}/api/models/${id}/revision/${encodeURIComponent(revision)}?blobs=true`;
}

/** Parses the API's answer; throws on anything that is not it. */
export function parseHubRevision(json: unknown): HubRevision {
  const parsed = revisionSchema.parse(json);
  const files = new Map<string, AnnouncedFile>();
  for (const s of parsed.siblings) {
    if (s.lfs) files.set(s.rfilename, { size: s.lfs.size, sha256: s.lfs.sha256, gitOid: null });
    else if (s.size !== undefined && s.blobId) files.set(s.rfilename, { size: s.size, sha256: null, gitOid: s.blobId });
  }
  return { commit: parsed.sha, files };
}

/**
 * The commit `revision` points to and what the host announces for its files. Throws a LocusError
 * a student can read when the host has no such API (a plain file mirror) or the model is not there.
 */
export async function fetchHubRevision(
  fetchFn: FetchLike,
  host: string,
  modelId: string,
  revision: string,
  signal?: AbortSignal,
): Promise<HubRevision> {
  const url = revisionInfoUrl(host, modelId, revision);
  let response: Response;
  try {
    response = await fetchFn(url, { signal, cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error instanceof LocusError || signal?.aborted) throw error;
    throw new LocusError(
      'model-host-unreachable',
      `Locus could not reach the model host (${host}) to download ${modelId}. Connect to the internet once; after the download, Locus works offline.`,
      { cause: error },
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new LocusError(
      'model-download-failed',
      `The model host refused ${modelId} (HTTP ${response.status}); the model may need a licence accepted on its page, or another host.`,
    );
  }
  if (!response.ok) {
    throw new LocusError(
      'model-download-failed',
      `The model host ${host} does not say what the files of ${modelId} should contain (its file list answered HTTP ${response.status}), so Locus cannot check them and downloaded nothing. Use a host that publishes checksums (the Hugging Face hub does), or a catalog with pinned checksums.`,
    );
  }
  try {
    return parseHubRevision(await response.json());
  } catch (error) {
    throw new LocusError(
      'model-download-failed',
      `The model host ${host} answered Locus's question about ${modelId} with something that is not a file list, so Locus cannot check the files and downloaded nothing.`,
      { cause: error },
    );
  }
}
