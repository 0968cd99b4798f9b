/**
 * The panel's one run model: one run at a time, Stop frees it at once, and a run that ended after
 * Stop (or after a newer run began) does not take the newer run's handle away.
 */
import { describe, expect, it } from 'vitest';
import { applyRunEvent, clearRun } from '../../lib/panel/run-events';
import { RunModel } from '../../lib/panel/run-model';

describe('RunModel', () => {
  it('starts idle and empty', () => {
    const run = new RunModel();
    expect(run.phase.value).toBe('idle');
    expect([run.text.value, run.notices.value, run.error.value, run.stats.value, run.updates.value]).toEqual(['', [], null, null, 0]);
    expect(run.running).toBe(false);
  });

  it('holds one run at a time, and frees it when that run ends', () => {
    const run = new RunModel();
    const first = run.begin();
    expect(first).toBeInstanceOf(AbortController);
    expect(run.running).toBe(true);
    expect(run.begin()).toBeUndefined();
    expect(run.holds(first!)).toBe(true);
    run.end(first!);
    expect(run.running).toBe(false);
    expect(run.begin()).toBeInstanceOf(AbortController);
  });

  it('Stop aborts the run, shows "stopped" and frees the model for a new run at once', () => {
    const run = new RunModel();
    const first = run.begin()!;
    run.phase.value = 'writing';
    run.stop();
    expect(first.signal.aborted).toBe(true);
    expect(run.phase.value).toBe('stopped');
    expect(run.running).toBe(false);
    const second = run.begin()!;
    // The stopped run winds down later: its end must not release the new run.
    expect(run.holds(first)).toBe(false);
    run.end(first);
    expect(run.running).toBe(true);
    expect(run.holds(second)).toBe(true);
  });

  it('Stop with nothing running changes nothing', () => {
    const run = new RunModel();
    run.phase.value = 'done';
    run.stop();
    expect(run.phase.value).toBe('done');
  });

  it('is what the run reducer writes and clearRun clears, notices and error included', () => {
    const run = new RunModel();
    const notices: string[] = [];
    applyRunEvent(run, { kind: 'text', delta: 'Plates ' }, { notice: (m) => notices.push(m), fail: () => undefined });
    applyRunEvent(run, { kind: 'text', delta: 'move.' }, { notice: (m) => notices.push(m), fail: () => undefined });
    expect([run.phase.value, run.text.value, run.updates.value]).toEqual(['writing', 'Plates move.', 2]);
    run.notices.value = ['a notice'];
    run.error.value = { code: 'internal', message: 'x' };
    clearRun(run);
    expect([run.text.value, run.notices.value, run.error.value, run.updates.value]).toEqual(['', [], null, 0]);
  });
});
