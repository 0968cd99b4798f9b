/**
 * What each file of a download must be, before any byte of it is fetched: its size and SHA-256
 * pinned in the catalog; else the record made when the model was first downloaded (pins.ts); else
 * what the host announces now (hub-metadata.ts), recorded as that pin first. Files of the last two
 * come from the pinned commit. (Split from download.ts; file-download.ts fetches and checks the bytes.)
 */
import { fileUrl, type CatalogFile } from '../catalog/catalog';
import { LocusError } from '../errors';
import { fetchHubRevision, type FetchLike, type HubRevision } from './hub-metadata';
import type { FilePin, ModelPin, PinStore } from './pins';

export interface DownloadPlan {
  modelId: string;
  revision: string;
  host: string;
  files: readonly CatalogFile[];
}

/** Where a file's expected bytes come from. */
export type CheckSource = 'catalog' | 'first-use';

/** What one file must be. */
export interface Expected {
  url: string;
  size: number | null;
  sha256: string | null;
  gitOid: string | null;
  source: CheckSource;
  /** The commit it must come from (first-use pins), checked where the host says it. */
  commit: string | null;
}

/** True when the catalog alone says what `file` must be. */
export function pinnedByCatalog(file: CatalogFile): boolean {
  return file.sha256 !== null;
}

/**
 * What each missing file must be: from the catalog, the model's pin, or (first download) the
 * host's announcement, which is recorded as the pin before any byte is fetched.
 */
export async function fileExpectations(
  plan: DownloadPlan,
  files: readonly CatalogFile[],
  pins: PinStore,
  fetchFn: FetchLike,
  signal: AbortSignal | undefined,
  now: () => number,
): Promise<{ expected: Map<string, Expected>; pin: ModelPin | undefined }> {
  const expected = new Map<string, Expected>();
  const unpinned = files.filter((f) => !pinnedByCatalog(f));
  for (const f of files.filter(pinnedByCatalog)) {
    expected.set(f.path, {
      url: fileUrl(plan.host, plan.modelId, plan.revision, f.path),
      size: f.size,
      sha256: f.sha256,
      gitOid: null,
      source: 'catalog',
      commit: null,
    });
  }
  if (unpinned.length === 0) return { expected, pin: undefined };
  let pin = await pins.get(plan.modelId, plan.revision);
  if (!pin || unpinned.some((f) => !pin!.files[f.path])) {
    // First download of these files: ask the host, at the pinned commit if there is one already
    // (another build of the same model must come from the same commit).
    const announced: HubRevision = await fetchHubRevision(fetchFn, plan.host, plan.modelId, pin?.commit ?? plan.revision, signal);
    if (pin && announced.commit !== pin.commit) {
      throw new LocusError(
        'model-checksum-mismatch',
        `${plan.modelId}: the model host now answers for another version (${announced.commit.slice(0, 7)}) than the one Locus pinned when it first downloaded this model (${pin.commit.slice(0, 7)}), so Locus downloaded nothing.`,
      );
    }
    const next: ModelPin = pin ?? {
      modelId: plan.modelId,
      revision: plan.revision,
      commit: announced.commit,
      host: plan.host,
      pinnedAt: now(),
      files: {},
    };
    for (const f of unpinned) {
      if (next.files[f.path]) continue;
      const a = announced.files.get(f.path);
      if (!a) {
        throw new LocusError(
          'model-download-failed',
          `The model host has no ${f.path} for ${plan.modelId} at ${announced.commit.slice(0, 7)}, so Locus cannot check it and downloaded nothing. Check the model host in Models.`,
        );
      }
      if (f.size !== null && f.size !== a.size) {
        throw new LocusError(
          'model-checksum-mismatch',
          `${plan.modelId}: the model host announces ${f.path} with ${a.size} bytes, the catalog says ${f.size}, so Locus downloaded nothing.`,
        );
      }
      next.files[f.path] = { size: a.size, sha256: a.sha256, gitOid: a.gitOid } satisfies FilePin;
    }
    await pins.put(next);
    pin = next;
  }
  for (const f of unpinned) {
    const p = pin.files[f.path]!;
    expected.set(f.path, {
      url: fileUrl(plan.host, plan.modelId, pin.commit, f.path),
      size: p.size,
      sha256: p.sha256,
      gitOid: p.sha256 ? null : p.gitOid,
      source: 'first-use',
      commit: pin.commit,
    });
  }
  return { expected, pin };
}
