/** Pin records (pins.ts) in a Node folder: the same contract as OPFS, for tests, evaluations and benchmarks. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isModelPin, pinFileName, type ModelPin, type PinStore } from '../../lib/model-files/pins';

export class FsPinStore implements PinStore {
  constructor(private readonly root: string) {}

  async get(modelId: string, revision: string): Promise<ModelPin | undefined> {
    try {
      const value: unknown = JSON.parse(await fs.readFile(path.join(this.root, pinFileName(modelId, revision)), 'utf8'));
      return isModelPin(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async put(pin: ModelPin): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const file = path.join(this.root, pinFileName(pin.modelId, pin.revision));
    await fs.writeFile(`${file}.tmp`, JSON.stringify(pin));
    await fs.rename(`${file}.tmp`, file);
  }
}
