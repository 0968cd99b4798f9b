// What the panel knows of a model's files while any task downloads it: downloading with its
// fraction, stored once the engine loads (or the download task ends), cleared on error or delete.
import { beforeEach, describe, expect, test } from 'vitest';
import { downloadsNow, forgetDownload, watchDownloads } from '../../lib/panel/download-activity';
import type { TaskEvent } from '../../lib/messaging/engine-protocol';

const progress = (loaded: number, total: number): TaskEvent => ({
  kind: 'download',
  progress: { modelId: 'stories260K', file: 'onnx/model_q4.onnx', loaded, total, bytesPerSecond: 0, etaSeconds: null },
});
const stats = { modelId: 'stories260K', modelName: 's', device: 'wasm' as const, dtype: 'q4', promptTokens: 0, outputTokens: 0 };
const done: TaskEvent = { kind: 'done', text: '', stats: { ...stats, ttftMs: 0, totalMs: 1, tokensPerSecond: 0, parts: 1 } };

describe('download activity', () => {
  beforeEach(() => {
    downloadsNow.value = new Map();
  });

  test('a summary that downloads: downloading 40%, then stored for the build it loads; events still reach the task', () => {
    const seen: string[] = [];
    const w = watchDownloads((e) => seen.push(e.kind));
    w.onEvent(progress(40, 100));
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'downloading', fraction: 0.4 });
    w.onEvent({ kind: 'loading', modelId: 'stories260K', device: 'wasm', dtype: 'q4' });
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'stored', variant: 'q4' });
    w.onEvent(done);
    w.end();
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'stored', variant: 'q4' });
    expect(seen).toEqual(['download', 'loading', 'done']);
    forgetDownload('stories260K');
    expect(downloadsNow.value.has('stories260K')).toBe(false);
  });

  test('the Models page download task ends with done: stored', () => {
    const w = watchDownloads(() => {});
    w.onEvent(progress(0, 0));
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'downloading', fraction: null });
    w.onEvent(done);
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'stored', variant: 'q4' });
  });

  test('a refused, cancelled or abandoned download leaves nothing claimed', () => {
    const failed = watchDownloads(() => {});
    failed.onEvent(progress(10, 100));
    failed.onEvent({ kind: 'error', error: { code: 'cancelled', message: 'Cancelled.' } } as TaskEvent);
    expect(downloadsNow.value.size).toBe(0);
    const abandoned = watchDownloads(() => {});
    abandoned.onEvent(progress(10, 100));
    abandoned.end();
    expect(downloadsNow.value.size).toBe(0);
  });

  test('a task that downloads nothing changes nothing', () => {
    downloadsNow.value = new Map([['stories260K', { kind: 'stored', variant: 'q4' }]]);
    const w = watchDownloads(() => {});
    w.onEvent({ kind: 'loading', modelId: 'stories260K', device: 'wasm', dtype: 'q4' });
    w.onEvent({ kind: 'error', error: { code: 'internal', message: 'y' } } as TaskEvent);
    w.end();
    expect(downloadsNow.value.get('stories260K')).toEqual({ kind: 'stored', variant: 'q4' });
  });
});
