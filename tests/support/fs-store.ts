/** ModelFileStore on a Node folder: the same contract as OPFS, for tests, evaluations and benchmarks. */
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { keySegments, modelSegments, type FileKey, type FileSink, type ModelFileStore } from '../../lib/model-files/store';

async function sizeOfTree(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOfTree(p) : (await fs.stat(p)).size;
  }
  return total;
}

export class FsModelStore implements ModelFileStore {
  constructor(private readonly root: string) {}

  #path(key: FileKey): string {
    return path.join(this.root, ...keySegments(key));
  }

  async read(key: FileKey): Promise<Blob | undefined> {
    try {
      const data = await fs.readFile(this.#path(key));
      return new Blob([data]);
    } catch {
      return undefined;
    }
  }

  async size(key: FileKey): Promise<number | undefined> {
    try {
      return (await fs.stat(this.#path(key))).size;
    } catch {
      return undefined;
    }
  }

  async begin(key: FileKey): Promise<FileSink> {
    const finalPath = this.#path(key);
    const partial = `${finalPath}.partial`;
    await fs.mkdir(path.dirname(finalPath), { recursive: true });
    const stream = createWriteStream(partial);
    const ended = () => new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return {
      write: (chunk) => new Promise<void>((resolve, reject) => stream.write(chunk, (err) => (err ? reject(err) : resolve()))),
      commit: async () => {
        await ended();
        await fs.rename(partial, finalPath);
      },
      abort: async () => {
        await ended().catch(() => undefined);
        await fs.rm(partial, { force: true });
      },
    };
  }

  async deleteModel(modelId: string): Promise<number> {
    const dir = path.join(this.root, ...modelSegments(modelId));
    try {
      const freed = await sizeOfTree(dir);
      await fs.rm(dir, { recursive: true, force: true });
      return freed;
    } catch {
      return 0;
    }
  }

  async usage(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const visit = async (dir: string, prefix: string[]) => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        if (entry.name.startsWith('@')) {
          const id = prefix.join('/');
          out.set(id, (out.get(id) ?? 0) + (await sizeOfTree(path.join(dir, entry.name))));
        } else await visit(path.join(dir, entry.name), [...prefix, entry.name]);
      }
    };
    await visit(this.root, []);
    return out;
  }
}
