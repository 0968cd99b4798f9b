/**
 * Where verified model files live. A file appears under its final name only after it was fully
 * downloaded and matched its checksum (written aside, then renamed), so a cut download or a killed
 * document can leave at most an abandoned `.partial`, never a corrupt model.
 */
export interface FileKey {
  modelId: string;
  revision: string;
  path: string;
}

export interface FileSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the file visible under its final name. */
  commit(): Promise<void>;
  /** Throws the written bytes away. */
  abort(): Promise<void>;
}

export interface ModelFileStore {
  /** A committed file, or undefined. */
  read(key: FileKey): Promise<Blob | undefined>;
  /** Size of a committed file, or undefined. */
  size(key: FileKey): Promise<number | undefined>;
  begin(key: FileKey): Promise<FileSink>;
  /** Deletes every file of the model (all revisions); returns the bytes freed. */
  deleteModel(modelId: string): Promise<number>;
  /** Bytes stored per model id. */
  usage(): Promise<Map<string, number>>;
}

/** Path segments under the store root for a key: model id parts, revision, file path parts. */
export function keySegments(key: FileKey): string[] {
  const clean = (s: string) => {
    if (s === '' || s === '.' || s === '..' || s.includes('\\')) throw new Error(`unsafe path segment: ${s}`);
    return s;
  };
  return [...key.modelId.split('/').map(clean), `@${clean(key.revision)}`, ...key.path.split('/').map(clean)];
}

export function modelSegments(modelId: string): string[] {
  return modelId.split('/');
}
