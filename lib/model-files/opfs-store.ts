/**
 * ModelFileStore on the Origin Private File System: disk-backed, outside the Cache API (which
 * refuses chrome-extension:// keys) and counted in navigator.storage.estimate().
 */
import { keySegments, modelSegments, type FileKey, type FileSink, type ModelFileStore } from './store';

const ROOT = 'locus-models';

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
    const handle = await dir.getFileHandle(partialName, { create: true });
    const writable = await handle.createWritable({ keepExistingData: false });
    let closed = false;
    return {
      write: async (chunk) => {
        await writable.write(chunk as Uint8Array<ArrayBuffer>);
      },
      commit: async () => {
        closed = true;
        await writable.close();
        await dir.removeEntry(finalName).catch(() => undefined);
        // move() renames atomically inside OPFS.
        await (handle as FileSystemFileHandle & { move(name: string): Promise<void> }).move(finalName);
      },
      abort: async () => {
        if (!closed) await writable.abort().catch(() => undefined);
        closed = true;
        await dir.removeEntry(partialName).catch(() => undefined);
      },
    };
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
