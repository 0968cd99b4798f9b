/**
 * What Locus cannot do in the browser it runs in, in plain words for the Models view (README
 * "Firefox" lists the same). Firefox's differences are known from the build; the speed limits are
 * measured in the page (cross-origin isolation, SharedArrayBuffer, WebGPU, cores).
 * `browserLimits` is pure (unit-tested); `measureBrowser` reads the page.
 */
import { IS_FIREFOX } from './target-browser';

export interface BrowserFacts {
  firefox: boolean;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  webgpu: boolean;
  cores: number;
}

export interface BrowserLimit {
  id: string;
  title: string;
  detail: string;
}

/** The engine asks for up to 4 threads (engine-worker-main.ts); WebAssembly gets them only when isolated. */
const MAX_THREADS = 4;

export function processorThreads(facts: BrowserFacts): number {
  if (!facts.crossOriginIsolated || !facts.sharedArrayBuffer) return 1;
  return Math.max(1, Math.min(MAX_THREADS, facts.cores || 1));
}

const FIREFOX_LIMITS: BrowserLimit[] = [
  {
    id: 'chrome-ai',
    title: 'Chrome’s built-in AI is not available.',
    detail: 'It exists only in Chrome. Locus uses the models it downloads instead.',
  },
  {
    id: 'web-llm',
    title: 'The web-llm engine is not included.',
    detail: 'It needs a graphics chip through WebGPU and is too large for Firefox add-ons. Locus uses the other engines.',
  },
  {
    id: 'sidebar',
    title: 'Locus opens in Firefox’s sidebar, not Chrome’s side panel.',
    detail: 'Open it with the toolbar button, Alt+L, or the Locus entry when you right-click selected text.',
  },
  {
    id: 'background',
    title: 'Models run in Locus’s background page.',
    detail: 'Firefox has no offscreen documents; nothing changes for you, except that closing Firefox stops a running task.',
  },
];

export function browserLimits(facts: BrowserFacts): BrowserLimit[] {
  const limits = facts.firefox ? [...FIREFOX_LIMITS] : [];
  const threads = processorThreads(facts);
  if (threads === 1 && facts.cores > 1) {
    limits.push({
      id: 'threads',
      title: `Models use 1 of this computer’s ${facts.cores} processor cores.`,
      detail: 'This browser does not give Locus the isolation that several threads need (measured here), so answers come more slowly.',
    });
  }
  if (!facts.webgpu) {
    limits.push({
      id: 'webgpu',
      title: 'No graphics chip for models (WebGPU is not offered).',
      detail: 'Models run on the processor, which is slower for the larger ones.',
    });
  }
  return limits;
}

/** This page's facts. */
export function measureBrowser(): BrowserFacts {
  return {
    firefox: IS_FIREFOX,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator,
    cores: typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1,
  };
}
