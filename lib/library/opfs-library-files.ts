/**
 * Export and import files in the origin-private file system: the engine worker writes an export
 * there (the panel then offers it as a download) and reads an import the panel copied there. Large
 * libraries never travel through extension messages (limited to 64 MiB) or sit on a UI thread.
 */
import { LIBRARY_FILES_DIR } from '../messaging/library-protocol';
import type { LibraryFiles } from './library-context';

async function folder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(LIBRARY_FILES_DIR, { create: true });
}

export const opfsLibraryFiles: LibraryFiles = {
  directory: LIBRARY_FILES_DIR,
  async write(name, produce) {
    const handle = await (await folder()).getFileHandle(name, { create: true });
    const writable = await handle.createWritable({ keepExistingData: false });
    const encoder = new TextEncoder();
    let bytes = 0;
    try {
      await produce(async (part) => {
        const data = encoder.encode(part);
        bytes += data.byteLength;
        await writable.write(data);
      });
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    return bytes;
  },
  async read(name) {
    const handle = await (await folder()).getFileHandle(name);
    return (await handle.getFile()).text();
  },
  async remove(name) {
    await (await folder()).removeEntry(name);
  },
};
