/**
 * A download's progress as the panel shows it: bytes so far of the whole plan, speed over a sliding
 * window (so the figure follows the connection as it changes), and time left; at most one report
 * per 100 ms unless one is forced (a file begun or finished). (Split from download.ts.)
 */
import type { DownloadProgress } from '../messaging/engine-protocol';

/** Bytes per second over a sliding window. */
class SpeedMeter {
  #samples: Array<[number, number]> = [];
  constructor(private readonly windowMs = 3000) {}
  add(at: number, totalBytes: number): void {
    this.#samples.push([at, totalBytes]);
    while (this.#samples.length > 2 && at - this.#samples[0]![0] > this.windowMs) this.#samples.shift();
  }
  bytesPerSecond(): number {
    if (this.#samples.length < 2) return 0;
    const [t0, b0] = this.#samples[0]!;
    const [t1, b1] = this.#samples.at(-1)!;
    return t1 > t0 ? ((b1 - b0) * 1000) / (t1 - t0) : 0;
  }
}

export class ProgressMeter {
  #meter = new SpeedMeter();
  #done = 0; // bytes of finished files (cached ones included)
  #lastEmit = -Infinity;

  constructor(
    private readonly modelId: string,
    private readonly total: number,
    private readonly now: () => number,
    private readonly onProgress: ((progress: DownloadProgress) => void) | undefined,
  ) {}

  /** A whole file's bytes are in (downloaded or found in the store). */
  finished(bytes: number): void {
    this.#done += bytes;
  }

  /** `current` bytes of `file` are in, on top of the finished files. */
  report(file: string, current: number, force = false): void {
    const t = this.now();
    const loaded = this.#done + current;
    this.#meter.add(t, loaded);
    if (!force && t - this.#lastEmit < 100) return;
    this.#lastEmit = t;
    const speed = this.#meter.bytesPerSecond();
    const remaining = Math.max(0, this.total - loaded);
    this.onProgress?.({
      modelId: this.modelId,
      file,
      loaded,
      total: Math.max(this.total, loaded),
      bytesPerSecond: speed,
      etaSeconds: speed > 0 ? remaining / speed : remaining === 0 ? 0 : null,
    });
  }
}
