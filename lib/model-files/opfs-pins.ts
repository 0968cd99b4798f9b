/** Pin records (pins.ts) in the Origin Private File System, beside the model files' folder. */
import { isModelPin, pinFileName, type ModelPin, type PinStore } from './pins';

const ROOT = 'locus-pins';

async function dir(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
}

export class OpfsPinStore implements PinStore {
  async get(modelId: string, revision: string): Promise<ModelPin | undefined> {
    try {
      const file = await (await (await dir()).getFileHandle(pinFileName(modelId, revision))).getFile();
      const value: unknown = JSON.parse(await file.text());
      return isModelPin(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async put(pin: ModelPin): Promise<void> {
    const handle = await (await dir()).getFileHandle(pinFileName(pin.modelId, pin.revision), { create: true });
    // A writable replaces the file only when closed: a record is never half written.
    const writable = await handle.createWritable();
    await writable.write(JSON.stringify(pin));
    await writable.close();
  }
}
