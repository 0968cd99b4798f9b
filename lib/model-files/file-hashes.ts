/**
 * The two hashes a downloaded file may be checked with, computed as its bytes arrive: SHA-256, and
 * the git blob id (SHA-1) only for files kept in git whose size is known. (Split from download.ts.)
 */
// SHA-256 in WebAssembly: @noble/hashes (JavaScript) hashed at ~55 MB/s in the engine worker and
// held the whole download to that speed (npm run bench -- --lifecycle); Web Crypto has no
// incremental digest, and a model file can be gigabytes.
import { createSHA1, createSHA256, type IHasher } from 'hash-wasm';
import type { Expected } from './file-expectations';

export class FileHashes {
  #sha256!: IHasher;
  #git: IHasher | null = null;
  private constructor(private readonly gitSize: number | null) {}

  static async create(expected: Expected): Promise<FileHashes> {
    const hashes = new FileHashes(expected.gitOid && expected.size !== null ? expected.size : null);
    hashes.#sha256 = await createSHA256();
    if (hashes.gitSize !== null) hashes.#git = await createSHA1();
    hashes.reset();
    return hashes;
  }

  reset(): void {
    this.#sha256.init();
    if (this.#git) {
      this.#git.init();
      // A git blob id is the SHA-1 of "blob <size>\0" followed by the content.
      this.#git.update(`blob ${this.gitSize}\0`);
    }
  }

  update(bytes: Uint8Array): void {
    this.#sha256.update(bytes);
    this.#git?.update(bytes);
  }

  digest(): { sha256: string; gitOid: string | null } {
    return { sha256: this.#sha256.digest('hex'), gitOid: this.#git ? this.#git.digest('hex') : null };
  }
}
