/** Numbers as a student reads them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatDevice(device: string): string {
  if (device === 'browser') return 'Chrome itself';
  return device === 'webgpu' ? 'WebGPU' : device === 'wasm' ? 'WASM (CPU)' : device.toUpperCase();
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words in any script (Chinese and Japanese have no spaces between words). */
export function countWords(text: string): number {
  let n = 0;
  for (const segment of words.segment(text)) if (segment.isWordLike) n += 1;
  return n;
}
