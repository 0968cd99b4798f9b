/** Numbers as a student reads them, in the interface's language ("5.4 s", "5,4 s"). */
import { t, uiLanguage } from '../i18n/t';

const decimals = (n: number, digits: number) =>
  n.toLocaleString(uiLanguage(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** A count as the interface's language writes it ("1,200" in English, "1.200" in Vietnamese). */
export function formatCount(n: number): string {
  return n.toLocaleString(uiLanguage());
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? decimals(value, 0) : decimals(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${decimals(Math.round(ms), 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${decimals(s, s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return t('common_minutesSeconds', m, Math.round(s - m * 60));
}

export function formatDevice(device: string): string {
  if (device === 'browser') return t('common_chromeItself');
  return device === 'webgpu' ? 'WebGPU' : device === 'wasm' ? 'WASM (CPU)' : device.toUpperCase();
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words in any script (Chinese and Japanese have no spaces between words). */
export function countWords(text: string): number {
  let n = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) n += 1;
  return n;
}
