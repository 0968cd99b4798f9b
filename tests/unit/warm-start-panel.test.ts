/** The panel's side of the warm start: it asks once, and follows the status until the model is ready. */
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { ModelStatus, RpcRequest } from '../../lib/messaging/engine-protocol';
import { SummarizeSession } from '../../lib/panel/summarize-session';

const base: ModelStatus = {
  modelId: 'm',
  modelName: 'M',
  engine: 'llama-cpp',
  device: 'wasm',
  dtype: 'Q8_0',
  downloadBytes: 0,
  cachedBytes: 10,
  cached: true,
  loaded: false,
  pinned: true,
  verification: { kind: 'first-use', commit: 'c0ffee' },
  deviceReason: '',
  recommendation: '',
};

function engineAnswering(answers: ModelStatus[], asked: string[]): EngineClient {
  return {
    async rpc(request: RpcRequest) {
      asked.push(request.method);
      return answers.shift() ?? { ...base, loaded: true };
    },
  } as unknown as EngineClient;
}

const session = (engine: EngineClient) =>
  new SummarizeSession({ engine, target: async () => null, capture: async () => Promise.reject(new Error('unused')) });

describe('SummarizeSession.warmUp', () => {
  it('shows "preparing" while the engine host loads, then the loaded model', async () => {
    const asked: string[] = [];
    const s = session(
      engineAnswering(
        [
          { ...base, preparing: true },
          { ...base, preparing: true },
          { ...base, loaded: true },
        ],
        asked,
      ),
    );
    const seen: Array<boolean | undefined> = [];
    const stop = s.model.subscribe((m) => void (m && seen.push(m.preparing)));
    await s.warmUp(1);
    stop();
    expect(asked).toEqual(['model.warm', 'model.status', 'model.status']);
    expect(seen).toEqual([true, true, undefined]);
    expect(s.model.value).toMatchObject({ loaded: true });
  });

  it('asks once when there is nothing to prepare', async () => {
    const asked: string[] = [];
    const s = session(engineAnswering([{ ...base, cached: false }], asked));
    await s.warmUp(1);
    expect(asked).toEqual(['model.warm']);
    expect(s.model.value).toMatchObject({ cached: false });
  });
});
