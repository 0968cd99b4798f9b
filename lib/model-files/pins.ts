/**
 * Pinned on first use: a model whose catalog entry has no checksums is checked, file by file,
 * against what its host announced (lib/model-files/hub-metadata.ts), and that announcement is
 * recorded here with the commit it came from. Every later download or resume of the model's
 * files comes from that commit and must match the record; the host changing its mind later (a
 * moved branch, a changed file, another host) is refused rather than trusted again.
 *
 * Records live outside the model files (deleting a model keeps its pin) and survive restarts:
 * OPFS in the extension (opfs-pins.ts), a folder in Node, memory in tests.
 */

export interface FilePin {
  size: number;
  /** SHA-256 of the content: announced (LFS files) or computed when the file verified. */
  sha256: string | null;
  /** The git blob id the host announced, for files kept in git. */
  gitOid: string | null;
}

export interface ModelPin {
  modelId: string;
  /** The catalog's revision (often a branch, 'main') the pin resolved. */
  revision: string;
  /** The commit the host said `revision` pointed to when the model was first downloaded. */
  commit: string;
  /** The host that announced it. */
  host: string;
  pinnedAt: number;
  files: Record<string, FilePin>;
}

export interface PinStore {
  get(modelId: string, revision: string): Promise<ModelPin | undefined>;
  put(pin: ModelPin): Promise<void>;
}

export function pinKey(modelId: string, revision: string): string {
  return `${modelId}@${revision}`;
}

/** A file name for a pin record: the model id and revision, safe on every file system. */
export function pinFileName(modelId: string, revision: string): string {
  return `${encodeURIComponent(pinKey(modelId, revision))}.json`;
}

export function isModelPin(value: unknown): value is ModelPin {
  const v = value as ModelPin | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.modelId === 'string' &&
    typeof v.revision === 'string' &&
    typeof v.commit === 'string' &&
    /^[0-9a-f]{40}$/.test(v.commit) &&
    typeof v.files === 'object' &&
    v.files !== null
  );
}

export class MemoryPinStore implements PinStore {
  readonly pins = new Map<string, ModelPin>();
  async get(modelId: string, revision: string): Promise<ModelPin | undefined> {
    const pin = this.pins.get(pinKey(modelId, revision));
    return pin ? structuredClone(pin) : undefined;
  }
  async put(pin: ModelPin): Promise<void> {
    this.pins.set(pinKey(pin.modelId, pin.revision), structuredClone(pin));
  }
}
