// Stop reaches a task that never yields to the event loop: the flag is read between tokens.
import { describe, expect, test } from 'vitest';
import { cancelPoller, createCancelFlags, polling, raiseCancel, slotOf } from '../../lib/engine-host/cancel-flags';
import { FakeEngine } from '../support/fake-engine';

describe('cancel flags', () => {
  test('both sides find the same slot from the task id alone', () => {
    expect(slotOf('abc-1')).toBe(slotOf('abc-1'));
    expect(slotOf('abc-1')).not.toBe(slotOf('abc-2'));
    expect(slotOf('x', 8)).toBeLessThan(8);
  });

  test('a raised flag aborts the task on its next poll, and a new task with the id starts clear', () => {
    const flags = createCancelFlags();
    const controller = new AbortController();
    const poll = cancelPoller(flags, 'task-7', controller);
    poll();
    expect(controller.signal.aborted).toBe(false);
    raiseCancel(flags, 'task-7');
    poll();
    expect(controller.signal.aborted).toBe(true);
    const next = new AbortController();
    cancelPoller(flags, 'task-7', next)();
    expect(next.signal.aborted).toBe(false);
  });

  test('a generation that never yields stops at the next piece of text once the flag is raised', async () => {
    const flags = createCancelFlags();
    const controller = new AbortController();
    const poll = cancelPoller(flags, 'gen', controller);
    const engine = new FakeEngine({ reply: () => Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ') });
    await engine.load();
    const pieces: string[] = [];
    const run = polling(engine, poll).generate(
      { messages: [{ role: 'user', content: 'go' }], maxNewTokens: 200 },
      {
        signal: controller.signal,
        onText: (d) => {
          pieces.push(d);
          // Another thread raises the flag; no message, no event-loop turn in between.
          if (pieces.length === 5) raiseCancel(flags, 'gen');
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(pieces.length).toBeLessThan(10);
  });
});
