import { describe, expect, it } from 'vitest';
import { requireModel } from '../../lib/catalog/catalog';
import { NO_GPU } from '../../lib/catalog/device';
import type { DeviceProfile } from '../../lib/catalog/recommend';
import { warmStartDecision } from '../../lib/engine-host/warm-start';
import type { ModelStatus } from '../../lib/messaging/engine-protocol';

const model = { ...requireModel('stories260K'), hardware: { minMemoryGB: 4 } };
const profile: DeviceProfile = { gpu: NO_GPU, memoryGB: 8, cores: 4, freeStorageBytes: null, chromeAiReady: false };
const status = (over: Partial<ModelStatus>): ModelStatus => ({
  modelId: model.id,
  modelName: model.name,
  engine: 'llama-cpp',
  device: 'wasm',
  dtype: 'Q8_0',
  downloadBytes: 0,
  cachedBytes: 1,
  cached: true,
  loaded: false,
  pinned: true,
  verification: { kind: 'first-use', commit: 'c0ffee' },
  deviceReason: '',
  recommendation: '',
  ...over,
});

describe('warmStartDecision', () => {
  it('warms a downloaded, unloaded model when memory allows and nothing runs', () => {
    expect(warmStartDecision(status({}), model, profile, false)).toEqual({ warm: true });
    expect(warmStartDecision(status({}), model, { ...profile, memoryGB: 4 }, false)).toEqual({ warm: true });
  });

  it('never over a loaded model, a running task, missing files or too little (or unknown) memory', () => {
    expect(warmStartDecision(status({ loaded: true }), model, profile, false)).toEqual({ warm: false, why: 'loaded' });
    expect(warmStartDecision(status({}), model, profile, true)).toEqual({ warm: false, why: 'busy' });
    expect(warmStartDecision(status({ cached: false, downloadBytes: 5 }), model, profile, false)).toEqual({
      warm: false,
      why: 'not-downloaded',
    });
    expect(warmStartDecision(status({}), model, { ...profile, memoryGB: 2 }, false)).toEqual({ warm: false, why: 'memory' });
    expect(warmStartDecision(status({}), model, { ...profile, memoryGB: null }, false)).toEqual({ warm: false, why: 'memory' });
  });
});
