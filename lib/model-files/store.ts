/**
 * Where verified model files live. A file appears under its final name only after it was fully
 * downloaded and matched its checksum (written aside, then renamed), so a cut download or a killed
 * document can leave at most a `.partial`, never a corrupt model. A `.partial` keeps the bytes that
 * arrived and, beside it, what resuming needs (the address and the reply's ETag): the next attempt,
 * after a restart too, asks only for the rest, and only if the file did not change meanwhile.
 */
export interface FileKey {
  modelId: string;
  revision: string;
  path: string;
}

/** What was recorded with a partial file: enough to ask for the rest of the same bytes. */
export interface PartialRecord {
  /** The address the bytes came from. */
  url: string;
  /** The strong ETag of the reply they came from (sent back as If-Range). */
  etag: string;
}

export interface FileSink {
  /** Bytes already in the partial file when it was opened (kept from an earlier attempt). */
  readonly kept: number;
  /** What was recorded with those bytes; null when nothing was (they cannot be resumed). */
  readonly record: PartialRecord | null;
  /** The kept bytes, in order (hashed again before resuming). */
  readKept(): AsyncIterable<Uint8Array>;
  /** Appends; the bytes are on disk when it resolves (as far as the platform allows). */
  write(chunk: Uint8Array): Promise<void>;
  /** Records where the bytes come from, for a later resume. */
  setRecord(record: PartialRecord): Promise<void>;
  /** Empties the partial file (its bytes cannot be resumed) and forgets its record. */
  truncate(): Promise<void>;
  /** Makes the file visible under its final name. */
  commit(): Promise<void>;
  /** Throws the written bytes away. */
  abort(): Promise<void>;
  /** Closes without committing: the partial file and its record stay for a later attempt. */
  suspend(): Promise<void>;
}

export interface ModelFileStore {
  /** A committed file, or undefined. */
  read(key: FileKey): Promise<Blob | undefined>;
  /** Size of a committed file, or undefined. */
  size(key: FileKey): Promise<number | undefined>;
  /** Opens the file's partial copy, keeping what an earlier attempt left in it. */
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
