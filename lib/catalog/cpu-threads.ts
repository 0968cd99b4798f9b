/**
 * How many threads llama.cpp (wllama) gets on the CPU, decided from measured figures
 * (`npm run bench -- --llama-threads --busy-cores 1`: SmolLM2-135M Q8_0 stand-in in Chromium).
 *
 * Why fewer threads than cores: llama.cpp's threads meet at a barrier after every operation of the
 * model and wait there by spinning. In the browser each is a Web Worker the system schedules like any
 * other thread, so when another program holds a core (on a student's laptop: the browser itself, a
 * video call), the thread that got it off the core makes every other one spin through a whole time
 * slice, at every one of the hundreds of operations per token. Decode, many small operations, collapses
 * first. One thread has no barrier to wait at.
 */

export interface ThreadFigure {
  /** Cores of the machine measured. */
  cores: number;
  /** Cores kept busy by other work during the measurement. */
  busyCores: number;
  threads: number;
  /** Medians over the runs. */
  promptTokensPerSecond: number;
  decodeTokensPerSecond: number;
  /** The machine's 1-minute load average while measuring (it was shared). */
  loadAverage: number;
}

/**
 * Measured 2026-12-04 20:17-20:35 UTC on the shared 2-core build machine, one core kept busy by `yes`,
 * medians of 2 runs alternating 1 and 2 threads (a 544-token prompt, 48 new tokens): 1 thread 4.6-5.6
 * prompt and 1.6-2.4 decode tokens/s; 2 threads 3.7-4.0 and 0.2-0.3.
 */
export const LLAMACPP_THREAD_FIGURES: readonly ThreadFigure[] = [
  { cores: 2, busyCores: 1, threads: 1, promptTokensPerSecond: 5.1, decodeTokensPerSecond: 2.0, loadAverage: 16 },
  { cores: 2, busyCores: 1, threads: 2, promptTokensPerSecond: 3.8, decodeTokensPerSecond: 0.2, loadAverage: 16 },
];

/**
 * Half the cores, at most 4 (llama.cpp's own default is half): on 2 cores that is 1 thread, which the
 * figures above show faster than 2 as soon as another program holds a core. Larger machines are not
 * measured yet; half keeps a core free for the browser and the rest of the machine there too.
 */
export function llamaCppThreads(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}
