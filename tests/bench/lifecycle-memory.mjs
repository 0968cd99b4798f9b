// Memory as the operating system sees it, for the lifecycle benchmark: the resident set (VmRSS)
// and proportional set (Pss, shared pages divided among the processes that map them) of one
// process, and the sum over every process of a Chromium instance. Read from /proc; a process that
// has exited reads as `exited`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromiumProcesses } from './processes.mjs';

const KIB = 1024;

function field(text, name) {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * KIB : NaN;
}

/**
 * RSS, PSS, USS and peak RSS (VmHWM) of `pid`, in bytes. PSS divides each shared page among the
 * processes that map it, so its file-backed part (Chromium's own binary and libraries) shrinks
 * when other Chromium instances run on the machine; USS (the pages only this process maps) and
 * the anonymous part of PSS (heaps, WASM memory) do not depend on other processes.
 * @returns {{ pid: number, exited: boolean, rss: number, pss: number, uss: number, pssAnon: number, pssFile: number, pssShmem: number, peak: number }}
 */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return {
      pid,
      exited: false,
      rss: field(status, 'VmRSS'),
      pss: field(rollup, 'Pss'),
      uss: field(rollup, 'Private_Clean') + field(rollup, 'Private_Dirty'),
      pssAnon: field(rollup, 'Pss_Anon'),
      pssFile: field(rollup, 'Pss_File'),
      pssShmem: field(rollup, 'Pss_Shmem'),
      peak: field(status, 'VmHWM'),
    };
  } catch {
    return { pid, exited: true, rss: NaN, pss: NaN, uss: NaN, pssAnon: NaN, pssFile: NaN, pssShmem: NaN, peak: NaN };
  }
}

/** Chromium processes on the machine that are not `browserPid`'s (another benchmark, a CI run). */
export function otherChromiumProcesses(browserPid) {
  const ours = new Set([browserPid, ...chromiumProcesses(browserPid).map((p) => p.pid)]);
  let n = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || ours.has(Number(name))) continue;
    try {
      if (/^(chromium|chrome)/.test(readFileSync(`/proc/${name}/comm`, 'utf8').trim())) n += 1;
    } catch {}
  }
  return n;
}

/**
 * The whole browser: the browser process and every process below it (renderers, GPU, utility).
 * PSS sums to the memory the instance really holds; RSS would count shared pages many times.
 */
export function browserMemory(browserPid) {
  const pids = [browserPid, ...chromiumProcesses(browserPid).map((p) => p.pid)];
  let pss = 0;
  let processes = 0;
  for (const pid of pids) {
    const m = processMemory(pid);
    if (m.exited) continue;
    pss += m.pss;
    processes += 1;
  }
  return { pss, processes };
}

/** One reading: the engine host's renderer and the whole browser, with when it was taken. */
export function snapshot(pid, browserPid, label) {
  const browserGone = processMemory(browserPid).exited;
  return {
    label,
    at: Date.now(),
    ...processMemory(pid),
    browserGone,
    browserPss: browserGone ? NaN : browserMemory(browserPid).pss,
    otherChromium: otherChromiumProcesses(browserPid),
  };
}

/**
 * Reads `pid`'s memory every `intervalMs` until stopped, with `state()` (what is alive then):
 * the timeline shows when the memory goes up and when it comes back.
 */
export function sampleMemory(pid, state, intervalMs = 500) {
  const t0 = Date.now();
  const samples = [];
  const take = () => {
    const m = processMemory(pid);
    samples.push({ t: Date.now() - t0, pss: m.pss, uss: m.uss, rss: m.rss, ...state() });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Bytes in a folder (recursively); 0 when it does not exist. */
export function folderBytes(dir) {
  let total = 0;
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(full);
    else {
      try {
        total += statSync(full).size;
      } catch {}
    }
  }
  return total;
}
