/**
 * How a model's files are checked, for the Models view: pinned by the catalog, pinned on first use
 * (with the commit), or to be pinned when first downloaded. Engines that fetch their own files
 * (web-llm) and Chrome's model are said to be what they are.
 */
import type { CatalogFile } from '../catalog/catalog';
import { pinnedByCatalog } from './file-expectations';
import type { PinStore } from './pins';

export type Verification =
  | { kind: 'catalog' }
  | { kind: 'first-use'; commit: string }
  | { kind: 'on-first-download' }
  /** The engine downloads and caches its files itself (web-llm): Locus does not check them. */
  | { kind: 'engine-managed' }
  /** Chrome downloads and runs its own model. */
  | { kind: 'browser' };

export async function verificationOf(
  modelId: string,
  revision: string,
  files: readonly CatalogFile[],
  pins: PinStore | undefined,
): Promise<Verification> {
  const unpinned = files.filter((f) => !pinnedByCatalog(f));
  if (unpinned.length === 0) return { kind: 'catalog' };
  const pin = await pins?.get(modelId, revision);
  if (pin && unpinned.every((f) => pin.files[f.path])) return { kind: 'first-use', commit: pin.commit };
  return { kind: 'on-first-download' };
}
