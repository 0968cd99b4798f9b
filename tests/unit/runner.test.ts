// The task runner's metering: every generation of a task is counted, and the engine (a class with
// private state, like the real ones) keeps working through the wrapper.
import { describe, expect, test } from 'vitest';
import { meter } from '../../lib/tasks/runner';
import { FakeEngine } from '../support/fake-engine';

class PrivateStateEngine extends FakeEngine {
  #generations = 0;
  override async generate(...args: Parameters<FakeEngine['generate']>) {
    this.#generations += 1; // throws "Receiver must be an instance" if called on another object
    return super.generate(...args);
  }
  get generations() {
    return this.#generations;
  }
}

describe('meter', () => {
  test('sums prompt and output tokens over all generations, calling the engine as itself', async () => {
    const engine = new PrivateStateEngine({ reply: () => 'one two three' });
    await engine.load();
    const metered = meter(engine);
    const a = await metered.engine.generate({ messages: [{ role: 'user', content: 'alpha beta' }], maxNewTokens: 10 });
    const b = await metered.engine.generate({ messages: [{ role: 'user', content: 'gamma delta epsilon' }], maxNewTokens: 10 });
    expect(engine.generations).toBe(2);
    expect(metered.promptTokens()).toBe(a.promptTokens + b.promptTokens);
    expect(metered.outputTokens()).toBe(a.outputTokens + b.outputTokens);
    expect(metered.outputTokens()).toBe(6);
    expect(metered.engine.info).toBe(engine.info);
    expect(await metered.engine.countTokens('a b c d')).toBe(4);
  });
});
