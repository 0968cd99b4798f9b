/**
 * Serves transformers.js its model files from Locus's verified store, through transformers.js's
 * `customCache` hook. transformers.js itself is never allowed to fetch (see `configureTransformers`):
 * the only bytes it sees are ones Locus downloaded, checked and kept.
 */
import type { FileKey, ModelFileStore } from '../model-files/store';

export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

export class VerifiedFileCache implements CacheLike {
  /** model id → revision */
  #models = new Map<string, string>();

  constructor(private readonly store: ModelFileStore) {}

  /** Makes a model's committed files visible to transformers.js. */
  register(modelId: string, revision: string): void {
    this.#models.set(modelId, revision);
  }

  /**
   * transformers.js asks by local path (`/models/{id}/{file}`), by remote URL
   * (`{host}/{id}/resolve/{rev}/{file}`) or by `{id}/{rev}/{file}`; all name the same file.
   */
  keyFor(request: string): FileKey | undefined {
    let path: string;
    try {
      path = decodeURIComponent(new URL(request, 'https://locus.invalid/').pathname);
    } catch {
      return undefined;
    }
    for (const [modelId, revision] of this.#models) {
      const at = path.indexOf(`/${modelId}/`);
      if (at < 0) continue;
      let rest = path.slice(at + modelId.length + 2);
      for (const prefix of [`resolve/${revision}/`, `${revision}/`]) {
        if (rest.startsWith(prefix)) {
          rest = rest.slice(prefix.length);
          break;
        }
      }
      return { modelId, revision, path: rest };
    }
    return undefined;
  }

  async match(request: string): Promise<Response | undefined> {
    const key = this.keyFor(request);
    if (!key) return undefined;
    const blob = await this.store.read(key);
    if (!blob) return undefined;
    return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size) } });
  }

  async put(): Promise<void> {
    // Files enter the store only through the verifying downloader.
  }
}
