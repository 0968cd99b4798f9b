/**
 * What Locus cannot do in the browser it runs in, in plain words for the Models view (README
 * "Firefox" lists the same). Firefox's differences are known from the build; the speed limits are
 * measured in the page (cross-origin isolation, SharedArrayBuffer, WebGPU, cores).
 * `browserLimits` is pure (unit-tested); `measureBrowser` reads the page.
 */
import { IS_FIREFOX } from './target-browser';
import { t } from '../i18n/t';

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

/** A function, so the words are read in the browser's language when shown. */
const firefoxLimits = (): BrowserLimit[] => [
  {
    id: 'chrome-ai',
    title: t('limits_chromeAiTitle'),
    detail: t('limits_chromeAiDetail'),
  },
  {
    id: 'web-llm',
    title: t('limits_webllmTitle'),
    detail: t('limits_webllmDetail'),
  },
  {
    id: 'sidebar',
    title: t('limits_sidebarTitle'),
    detail: t('limits_sidebarDetail'),
  },
  {
    id: 'background',
    title: t('limits_backgroundTitle'),
    detail: t('limits_backgroundDetail'),
  },
];

export function browserLimits(facts: BrowserFacts): BrowserLimit[] {
  const limits = facts.firefox ? firefoxLimits() : [];
  const threads = processorThreads(facts);
  if (threads === 1 && facts.cores > 1) {
    limits.push({
      id: 'threads',
      title: t('limits_threadsTitle', facts.cores),
      detail: t('limits_threadsDetail'),
    });
  }
  if (!facts.webgpu) {
    limits.push({
      id: 'webgpu',
      title: t('limits_webgpuTitle'),
      detail: t('limits_webgpuDetail'),
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
