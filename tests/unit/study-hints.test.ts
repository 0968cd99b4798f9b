/**
 * Hints escalate one level per request (a nudge, the concept, the next step) and never reach the
 * solution on their own; the solution needs "Show the solution" and a confirmation. At levels 1-3
 * a sentence that gives the answer away is held back even while the hint streams.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import type { CapturedPage } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import { HintState } from '../../lib/panel/hint-state';
import type { StudyResult } from '../../lib/panel/thread-items';
import type { SelectionSource } from '../../lib/panel/selection-source';
import { decideHintStep, nextHintLevel } from '../../lib/tasks/hint-ladder';
import { AnswerLeakGuard, leaksAnswer } from '../../lib/tasks/hint-guard';
import { runHintTask } from '../../lib/tasks/hint-task';
import { FakeEngine } from '../support/fake-engine';
import { fakeStats } from '../support/fake-stats';

describe('the hint ladder', () => {
  it('gives levels 1, 2, 3, then no more hints', () => {
    expect([0, 1, 2, 3, 4].map(nextHintLevel)).toEqual([1, 2, 3, null, null]);
    expect(decideHintStep('hint', 0)).toEqual({ kind: 'hint', level: 1 });
    expect(decideHintStep('hint', 2)).toEqual({ kind: 'hint', level: 3 });
    expect(decideHintStep('hint', 3)).toEqual({ kind: 'no-more-hints' });
  });

  it('gives the solution only when asked for and confirmed, at any point', () => {
    expect(decideHintStep('solution', 0)).toEqual({ kind: 'confirm-solution' });
    expect(decideHintStep('solution', 3)).toEqual({ kind: 'confirm-solution' });
    expect(decideHintStep('solution', 1, true)).toEqual({ kind: 'solution' });
    // A hint request, confirmed or not, never yields the solution.
    expect(decideHintStep('hint', 3, true)).toEqual({ kind: 'no-more-hints' });
  });
});

describe('the answer-leak guard', () => {
  it('recognises sentences that announce the answer, and lets hints through', () => {
    for (const s of [
      'The answer is 2.02 s.',
      'So the answer is 4.',
      'Final answer: t = 2 s',
      '**Answer:** 42',
      'The correct answer would be B.',
      'La réponse est 2 s.',
      'Die Antwort ist 7.',
      'La respuesta es 3.',
    ])
      expect(leaksAnswer(s), s).toBe(true);
    for (const s of [
      'What does the problem give you?',
      'Think about which formula links distance and time.',
      'Try writing down what you know first.',
      'The result of this step is a quadratic in t: solve it yourself.',
    ])
      expect(leaksAnswer(s), s).toBe(false);
  });

  it('drops a leaking sentence from a stream cut anywhere, before it is shown', () => {
    const text = 'Think about free fall. The answer is 2.02 seconds. Which formula links d and t?\nTry it!';
    for (const size of [1, 3, 7, 100]) {
      const shown: string[] = [];
      const guard = new AnswerLeakGuard((t) => shown.push(t));
      for (let i = 0; i < text.length; i += size) {
        guard.push(text.slice(i, i + size));
        // At no moment has anything of the leaking sentence been shown.
        expect(shown.join('')).not.toMatch(/answer is|2\.02/);
      }
      expect(guard.end()).toBe('Think about free fall. Which formula links d and t?\nTry it!');
      expect(shown.join('')).toBe(guard.shown);
      expect(guard.dropped).toBe(1);
    }
  });
});

const page = { url: 'https://ocw.example/ps5', title: 'Problem set 5', lang: 'en' };

describe('runHintTask', () => {
  it('streams a hint without the sentence that gives the answer, and says it held one back', async () => {
    const engine = new FakeEngine({
      contextWindow: 2048,
      reply: () => 'Think about what falls freely. The answer is 2 seconds. Which equation has d and t?',
    });
    const events: TaskEvent[] = [];
    const outcome = await runHintTask(
      { level: 1, problem: 'A ball falls 20 m. How long?', context: '', previous: [], page, outputLanguage: '' },
      engine,
      (e) => events.push(e),
      new AbortController().signal,
    );
    const streamed = events.flatMap((e) => (e.kind === 'text' ? [e.delta] : [])).join('');
    expect(streamed).not.toContain('answer is');
    expect(outcome.text).toBe('Think about what falls freely. Which equation has d and t?');
    expect(events.some((e) => e.kind === 'notice' && /held back a sentence/.test(e.message))).toBe(true);
  });

  it('a hint whose every sentence gives the answer away comes back empty (the panel words the nudge)', async () => {
    const engine = new FakeEngine({ contextWindow: 2048, reply: () => 'The answer is 2 seconds.' });
    const outcome = await runHintTask(
      { level: 1, problem: 'A ball falls 20 m. How long?', context: '', previous: [], page, outputLanguage: '' },
      engine,
      () => undefined,
      new AbortController().signal,
    );
    expect(outcome.text).toBe('');
  });

  it('does not filter the solution the student asked for', async () => {
    const engine = new FakeEngine({ contextWindow: 2048, reply: () => 'Use d = ½gt². So t = √(2d/g). The answer is 2.02 s.' });
    const outcome = await runHintTask(
      { level: 4, problem: 'A ball falls 20 m. How long?', context: '', previous: [], page, outputLanguage: '' },
      engine,
      () => undefined,
      new AbortController().signal,
    );
    expect(outcome.text).toContain('The answer is 2.02 s.');
  });
});

/** An engine client that answers every task at once and records the requests. */
function fakeClient(requests: TaskRequest[], hintText = (level: number) => `Hint at level ${level}.`): EngineClient {
  return {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
      requests.push(request);
      const level = request.kind === 'hint' ? request.level : 0;
      const text = level === 4 ? 'Full solution.' : hintText(level);
      onEvent({ kind: 'text', delta: text });
      const done = {
        kind: 'done' as const,
        text,
        stats: fakeStats(),
      };
      onEvent(done);
      return done;
    },
  } as unknown as EngineClient;
}

describe('HintState (the panel)', () => {
  const problem = 'A ball is dropped from 20 m. How long does it fall?';
  const source: SelectionSource = {
    current: async () => ({
      subject: {
        selection: { text: problem, context: '', inEditable: false, originalLength: problem.length },
        page,
        frame: { top: true, url: page.url, crossOrigin: false },
      },
    }),
  };
  const target = async () => ({ tabId: 1, url: page.url, title: page.title });
  const capture = async (): Promise<CapturedPage> => ({
    ...page,
    dir: 'ltr',
    text: problem,
    source: 'readability',
    truncated: false,
    originalLength: problem.length,
    framesIncluded: 0,
  });

  it('each "Give me a hint" asks the next level with the hints so far; a fourth gives none; the solution needs a confirmation', async () => {
    const requests: TaskRequest[] = [];
    const hints = new HintState({ engine: () => fakeClient(requests), answerLanguage: () => 'fr', source, target, capture });
    const handed: StudyResult[] = [];
    hints.onResult = async (result) => void handed.push(result);
    await hints.request('hint');
    await hints.request('hint');
    await hints.request('hint');
    expect(requests.map((r) => (r.kind === 'hint' ? [r.level, r.previous.length] : null))).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(requests[2]).toMatchObject({ kind: 'hint', problem, previous: ['Hint at level 1.', 'Hint at level 2.'], outputLanguage: 'fr' });
    expect(hints.hints.value.map((h) => h.level)).toEqual([1, 2, 3]);

    await hints.request('hint');
    expect(requests).toHaveLength(3); // no fourth hint, and never the solution
    expect(hints.message.value).toMatch(/That was the last hint/);

    await hints.request('solution');
    expect(requests).toHaveLength(3); // asked to confirm first
    expect(hints.confirming.value).toBe(true);
    hints.cancelSolution();
    expect(hints.confirming.value).toBe(false);

    await hints.request('solution', true);
    expect(requests).toHaveLength(4);
    expect(requests[3]).toMatchObject({ kind: 'hint', level: 4 });
    expect(hints.solution.value).toBe('Full solution.');
    // Every rung joined the thread, the solution too (rung 4), with the page's language beside it.
    expect(handed.map((r) => [r.kind, r.label, r.source, r.text, r.pageLang])).toEqual([
      ['hints', '1', 'selection', 'Hint at level 1.', 'en'],
      ['hints', '2', 'selection', 'Hint at level 2.', 'en'],
      ['hints', '3', 'selection', 'Hint at level 3.', 'en'],
      ['hints', '4', 'selection', 'Full solution.', 'en'],
    ]);
  });

  it("an empty hint (all of it held back) shows the nudge in the panel's words, not an empty card", async () => {
    const requests: TaskRequest[] = [];
    const hints = new HintState({ engine: () => fakeClient(requests, () => ''), answerLanguage: () => '', source, target, capture });
    await hints.request('hint');
    expect(hints.hints.value).toEqual([{ level: 1, text: t('hints_fallback') }]);
    expect(hints.hints.value[0]!.text).toMatch(/^Think about what the problem gives you/);
  });

  it('a new problem starts again at hint 1', async () => {
    const requests: TaskRequest[] = [];
    const hints = new HintState({ engine: () => fakeClient(requests), answerLanguage: () => '', source, target, capture });
    await hints.request('hint');
    await hints.request('hint');
    hints.reset();
    await hints.request('hint');
    expect(requests.map((r) => (r.kind === 'hint' ? r.level : 0))).toEqual([1, 2, 1]);
  });
});
