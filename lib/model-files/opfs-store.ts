/**
 * ModelFileStore on the Origin Private File System: disk-backed, outside the Cache API (which
 * refuses chrome-extension:// keys) and counted in navigator.storage.estimate().
 */
import { keySegments, modelSegments, type FileKey, type FileSink, type ModelFileStore, type PartialRecord } from './store';

const ROOT = 'locus-models';
const READ_BLOCK = 4 << 20;

/** The part of FileSystemSyncAccessHandle (dedicated workers only) used here. */
interface SyncAccessHandle {
  getSize(): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

async function readRecord(dir: FileSystemDirectoryHandle, name: string): Promise<PartialRecord | null> {
  try {
    const value = JSON.parse(await (await (await dir.getFileHandle(name)).getFile()).text()) as PartialRecord;
    return typeof value.url === 'string' && typeof value.etag === 'string' ? value : null;
  } catch {
    return null;
  }
}

async function rootDir(): Promise<FileSystemDirectoryHandle> {
  const opfs = await navigator.storage.getDirectory();
  return opfs.getDirectoryHandle(ROOT, { create: true });
}

async function walkTo(segments: string[], create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  let dir = await rootDir();
  for (const name of segments) {
    try {
      dir = await dir.getDirectoryHandle(name, { create });
    } catch {
      return undefined;
    }
  }
  return dir;
}

async function fileHandle(key: FileKey): Promise<FileSystemFileHandle | undefined> {
  const segments = keySegments(key);
  const dir = await walkTo(segments.slice(0, -1), false);
  try {
    return await dir?.getFileHandle(segments.at(-1)!);
  } catch {
    return undefined;
  }
}

async function directorySize(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0;
  // entries() is async-iterable in Chromium; TypeScript's DOM lib lacks it on some versions.
  for await (const [, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind === 'file') total += (await (handle as FileSystemFileHandle).getFile()).size;
    else total += await directorySize(handle as FileSystemDirectoryHandle);
  }
  return total;
}

/** The partial file's record and its moves, shared by both kinds of sink. */
interface PartialFiles {
  record: PartialRecord | null;
  setRecord(next: PartialRecord): Promise<void>;
  /** Drops the record (the bytes start again). */
  forget(): Promise<unknown>;
  /** The partial file becomes the file. */
  rename(): Promise<void>;
  /** The partial file and its record are deleted. */
  remove(): Promise<void>;
}

/**
 * In the engine worker: writes land in the file itself (flushed per block), so the bytes of a
 * download cut by a closed browser are still there after a restart.
 */
function syncSink(sync: SyncAccessHandle, files: PartialFiles): FileSink {
  const kept = sync.getSize();
  let size = kept;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    sync.flush();
    sync.close();
  };
  return {
    kept,
    record: files.record,
    async *readKept() {
      for (let at = 0; at < kept; at += READ_BLOCK) {
        const buffer = new Uint8Array(Math.min(READ_BLOCK, kept - at));
        sync.read(buffer, { at });
        yield buffer;
      }
    },
    write: async (chunk) => {
      size += sync.write(chunk, { at: size });
      sync.flush();
    },
    setRecord: files.setRecord,
    truncate: async () => {
      await files.forget();
      sync.truncate(0);
      size = 0;
    },
    commit: async () => {
      close();
      await files.rename();
    },
    abort: async () => {
      try {
        close();
      } catch {
        // already closed
      }
      await files.remove();
    },
    suspend: async () => close(),
  };
}

/** Where sync handles do not exist (a page, not a worker): a writable, whose bytes reach the file when it closes. */
async function writableSink(handle: FileSystemFileHandle, files: PartialFiles): Promise<FileSink> {
  const existing = await handle.getFile();
  const kept = existing.size;
  const writable = await handle.createWritable({ keepExistingData: true });
  await writable.seek(kept);
  let closed = false;
  return {
    kept,
    record: files.record,
    async *readKept() {
      const reader = existing.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
    write: async (chunk) => {
      await writable.write(chunk as Uint8Array<ArrayBuffer>);
    },
    setRecord: files.setRecord,
    truncate: async () => {
      await files.forget();
      await writable.truncate(0);
    },
    commit: async () => {
      closed = true;
      await writable.close();
      await files.rename();
    },
    abort: async () => {
      if (!closed) await writable.abort().catch(() => undefined);
      closed = true;
      await files.remove();
    },
    suspend: async () => {
      if (!closed) await writable.close().catch(() => undefined);
      closed = true;
    },
  };
}

export class OpfsModelStore implements ModelFileStore {
  async read(key: FileKey): Promise<Blob | undefined> {
    return (await fileHandle(key))?.getFile();
  }

  async size(key: FileKey): Promise<number | undefined> {
    return (await this.read(key))?.size;
  }

  async begin(key: FileKey): Promise<FileSink> {
    const segments = keySegments(key);
    const dir = (await walkTo(segments.slice(0, -1), true))!;
    const finalName = segments.at(-1)!;
    const partialName = `${finalName}.partial`;
    const recordName = `${partialName}.json`;
    const handle = await dir.getFileHandle(partialName, { create: true });
    const record = await readRecord(dir, recordName);
    const forget = () => dir.removeEntry(recordName).catch(() => undefined);
    const setRecord = async (next: PartialRecord) => {
      const writable = await (await dir.getFileHandle(recordName, { create: true })).createWritable();
      await writable.write(JSON.stringify(next));
      await writable.close();
    };
    const rename = async () => {
      await dir.removeEntry(finalName).catch(() => undefined);
      // move() renames atomically inside OPFS.
      await (handle as FileSystemFileHandle & { move(name: string): Promise<void> }).move(finalName);
      await forget();
    };
    const remove = async () => {
      await dir.removeEntry(partialName).catch(() => undefined);
      await forget();
    };

    const withSync = handle as FileSystemFileHandle & { createSyncAccessHandle?: () => Promise<SyncAccessHandle> };
    const files: PartialFiles = { record, setRecord, forget, rename, remove };
    if (typeof withSync.createSyncAccessHandle === 'function') return syncSink(await withSync.createSyncAccessHandle(), files);
    return writableSink(handle, files);
  }

  async deleteModel(modelId: string): Promise<number> {
    const segments = modelSegments(modelId);
    const parent = await walkTo(segments.slice(0, -1), false);
    if (!parent) return 0;
    let freed = 0;
    try {
      freed = await directorySize(await parent.getDirectoryHandle(segments.at(-1)!));
      await parent.removeEntry(segments.at(-1)!, { recursive: true });
    } catch {
      return 0;
    }
    return freed;
  }

  async usage(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const visit = async (dir: FileSystemDirectoryHandle, prefix: string[]) => {
      for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
        if (handle.kind !== 'directory') continue;
        if (name.startsWith('@')) {
          const id = prefix.join('/');
          out.set(id, (out.get(id) ?? 0) + (await directorySize(handle as FileSystemDirectoryHandle)));
        } else {
          await visit(handle as FileSystemDirectoryHandle, [...prefix, name]);
        }
      }
    };
    await visit(await rootDir(), []);
    return out;
  }
}
