// Peak memory of one Chromium target (a page or the offscreen document) as the operating system
// sees it: the resident set of the renderer process that hosts it. A dedicated worker always runs
// in its document's renderer process, and the WASM heap is ordinary memory of that process, so the
// engine host's worker and its model are included. GPU buffers (WebGPU) live in the GPU process,
// which is reported separately.
//
// Which process hosts a target? DevTools does not say, so the target is made to spin for a moment
// and the renderer whose CPU time rose by about that much is the one: exact, and independent of
// Chromium's process model (extension pages can be split over several processes, for instance).
import { readFileSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Every process below `rootPid`, with its Chromium process type. */
export function chromiumProcesses(rootPid) {
  const out = [];
  const walk = (pid) => {
    for (const child of childrenOf(pid)) {
      try {
        // Zygote-forked processes rewrite their command line as one space-separated string.
        const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split(/[\0 ]/);
        const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'unknown';
        out.push({ pid: child, type, extension: args.includes('--extension-process') });
      } catch {}
      walk(child);
    }
  };
  walk(rootPid);
  return out;
}

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/**
 * The pid of the renderer hosting the DevTools target behind `session`.
 * @param {number} browserPid
 * @param {import('puppeteer-core').CDPSession} session
 */
export async function rendererPidOf(browserPid, session) {
  const renderers = chromiumProcesses(browserPid).filter((p) => p.type === 'renderer');
  const ticks = () => new Map(renderers.map((p) => [p.pid, cpuTicks(p.pid)]));
  const spinMs = 1500;
  // CPU time each renderer uses anyway (a page that just loaded a model keeps busy for a while),
  // over as long as the spin, then during the spin: the host is the one whose use rose.
  const t0 = ticks();
  await sleep(spinMs);
  const t1 = ticks();
  await session.send('Runtime.evaluate', {
    expression: `{ const end = performance.now() + ${spinMs}; while (performance.now() < end); }`,
    awaitPromise: true,
  });
  const t2 = ticks();
  const rises = renderers
    .map(({ pid }) => ({ pid, rise: ((t2.get(pid) ?? 0) - 2 * (t1.get(pid) ?? 0) + (t0.get(pid) ?? 0)) / TICKS_PER_SECOND }))
    .sort((a, b) => b.rise - a.rise);
  const [top, next] = rises;
  // On a busy machine the spinning process gets less than the full spin: ask only for a clear winner.
  if (!top || top.rise < 0.1 || (next && next.rise > top.rise / 3)) {
    throw new Error(
      `Could not tell which renderer hosts the target (extra CPU seconds per renderer during a ${spinMs} ms spin: ${JSON.stringify(rises)})`,
    );
  }
  return top.pid;
}

/**
 * The process's CPU priority: Chromium gives renderers with nothing visible nice 5 instead of 0,
 * which matters when other programs compete for the cores.
 */
export function niceOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return NaN;
  }
}

/** Share of one core `pid` uses over `ms` (0.25 = a quarter of a core). */
export async function cpuShare(pid, ms) {
  const before = cpuTicks(pid);
  await sleep(ms);
  return (cpuTicks(pid) - before) / TICKS_PER_SECOND / (ms / 1000);
}

/** The GPU process (WebGPU buffers on SwiftShader live there), if any. */
export function gpuPidOf(browserPid) {
  return chromiumProcesses(browserPid).find((p) => p.type === 'gpu-process')?.pid;
}

/** Current and peak resident memory of `pid`, in bytes (VmRSS, VmHWM from /proc). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Follows one process's peak memory across phases. Linux can reset a process's high-water mark
 * (writing 5 to /proc/PID/clear_refs), so each phase gets its own peak; the session peak is the
 * largest of them. When the reset is refused, phase peaks are session peaks so far (said in `resettable`).
 */
export class PeakTracker {
  /** @param {number | undefined} pid */
  /** Starts following `pid` now: its high-water mark so far (an earlier model's, say) is dropped. */
  constructor(pid) {
    this.pid = pid;
    this.sessionPeak = 0;
    this.resettable = true;
    this.#reset();
  }

  #reset() {
    if (!this.pid) return;
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      this.resettable = false;
    }
  }

  /** Starts a phase: remembers the peak so far, then resets the high-water mark. */
  startPhase() {
    if (!this.pid) return;
    this.sessionPeak = Math.max(this.sessionPeak, memoryOf(this.pid).peak);
    this.#reset();
  }

  /** Ends a phase: its peak (bytes), folded into the session peak. */
  endPhase() {
    if (!this.pid) return NaN;
    const { peak } = memoryOf(this.pid);
    this.sessionPeak = Math.max(this.sessionPeak, peak);
    return peak;
  }

  current() {
    return this.pid ? memoryOf(this.pid) : { rss: NaN, peak: NaN };
  }
}
