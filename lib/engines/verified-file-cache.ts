/**
 * Serves transformers.js its model files from Locus's verified store, through transformers.js's
 * `customCache` hook. transformers.js itself is never allowed to fetch (see `configureTransformers`):
 * the only bytes it sees are ones Locus downloaded, checked and kept.
 */
import type { FileKey, ModelFileStore } from '../model-files/store';
import { DECODER_GRAPH, withLastPositionLogits } from './onnx-last-logits';

export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

export interface RegisterOptions {
  /**
   * A text-generation decoder: its `onnx/model*.onnx` is served rewritten so the prompt pass
   * computes logits for the last position only (lib/engines/onnx-last-logits.ts). The store keeps
   * the downloaded bytes, so the hash check is on what the hub sent.
   */
  decoder?: boolean;
}

export class VerifiedFileCache implements CacheLike {
  /** model id → revision */
  #models = new Map<string, string>();
  #decoders = new Set<string>();

  constructor(private readonly store: ModelFileStore) {}

  /** Makes a model's committed files visible to transformers.js. */
  register(modelId: string, revision: string, options: RegisterOptions = {}): void {
    this.#models.set(modelId, revision);
    if (options.decoder) this.#decoders.add(modelId);
    else this.#decoders.delete(modelId);
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
    const stored = await this.store.read(key);
    if (!stored) return undefined;
    const blob = this.#decoders.has(key.modelId) && DECODER_GRAPH.test(key.path) ? await decoderGraph(stored, key) : stored;
    return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size) } });
  }

  async put(): Promise<void> {
    // Files enter the store only through the verifying downloader.
  }
}

async function decoderGraph(stored: Blob, key: FileKey): Promise<Blob> {
  const { blob, kept } = await withLastPositionLogits(stored);
  if (kept) console.debug(`[locus] ${key.modelId}/${key.path}: logits of every position kept (${kept})`);
  return blob;
}
