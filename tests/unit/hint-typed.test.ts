/**
 * A problem the student types into the Hints tool: its rules (empty, too long, changed) and the
 * hint state going on with it; then what "Ask a bigger model…" on a hint card proposes.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import type { CapturedPage } from '../../lib/messaging/protocol';
import { biggerHintRequest, hintCardOf, resumedHintProblem } from '../../lib/panel/hint-bigger';
import { checkTypedProblem, TYPED_PROBLEM_MAX_CHARS, typedProblem, typedProblemChanged } from '../../lib/panel/hint-problem';
import { HintState } from '../../lib/panel/hint-state';
import type { SelectionSource } from '../../lib/panel/selection-source';
import { canAskBigger, canAskBiggerHint, type StudyResult } from '../../lib/panel/thread-items';
import type { HintCardTask, ThreadItemRow } from '../../lib/store/db';
import { fakeStats } from '../support/fake-stats';

const page = { url: 'https://ocw.example/ps5', title: 'Problem set 5', lang: 'en' };
const TYPED = 'Exercise 3 (from my notebook): solve 3x + 5 = 20 for x.';

describe('the "Your problem" box', () => {
  it('empty or blank: the selection or the page as before', () => {
    expect(checkTypedProblem('')).toEqual({ kind: 'empty' });
    expect(checkTypedProblem('  \n\t ')).toEqual({ kind: 'empty' });
  });
  it('a problem, trimmed', () => {
    expect(checkTypedProblem(`\n ${TYPED}  \n`)).toEqual({ kind: 'ok', text: TYPED });
  });
  it('too long: said with its length and the limit, never cut', () => {
    const long = 'x'.repeat(TYPED_PROBLEM_MAX_CHARS + 1);
    expect(checkTypedProblem(long)).toEqual({ kind: 'too-long', length: TYPED_PROBLEM_MAX_CHARS + 1, max: TYPED_PROBLEM_MAX_CHARS });
    expect(checkTypedProblem('x'.repeat(TYPED_PROBLEM_MAX_CHARS)).kind).toBe('ok');
  });
  it('a typed problem has no page context; it belongs to the open page only as its thread', () => {
    expect(typedProblem(TYPED, { url: page.url, title: page.title })).toEqual({
      text: TYPED,
      context: '',
      page: { url: page.url, title: page.title, lang: '' },
      source: 'typed',
      notices: [],
    });
    expect(typedProblemChanged(null, TYPED)).toBe(true);
    expect(typedProblemChanged(typedProblem(TYPED, null), TYPED)).toBe(false);
    expect(typedProblemChanged(typedProblem(TYPED, null), `${TYPED} Show your steps.`)).toBe(true);
  });
});

function fakeClient(requests: TaskRequest[]): EngineClient {
  return {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
      requests.push(request);
      const text = request.kind === 'hint' ? `Hint at level ${request.level}.` : '';
      const done = { kind: 'done' as const, text, stats: fakeStats() };
      onEvent({ kind: 'text', delta: text });
      onEvent(done);
      return done;
    },
  } as unknown as EngineClient;
}

describe('HintState with a typed problem', () => {
  const selected = 'A ball is dropped from 20 m. How long does it fall?';
  const source: SelectionSource = {
    current: async () => ({
      subject: {
        selection: { text: selected, context: 'around', inEditable: false, originalLength: selected.length },
        page,
        frame: { top: true, url: page.url, crossOrigin: false },
      },
    }),
  };
  const target = async () => ({ tabId: 1, url: page.url, title: page.title });
  const capture = async (): Promise<CapturedPage> => {
    throw new Error('the page is not read for a typed problem');
  };
  const make = (requests: TaskRequest[]) =>
    new HintState({ engine: () => fakeClient(requests), answerLanguage: () => '', source, target, capture });

  it('hints go on the typed text (not the selection), and each card keeps it as "Your problem"', async () => {
    const requests: TaskRequest[] = [];
    const hints = make(requests);
    const handed: StudyResult[] = [];
    hints.onResult = async (r) => void handed.push(r);
    hints.typed.value = `  ${TYPED}\n`;
    await hints.fromTool('hint');
    await hints.fromTool('hint');
    expect(requests.map((r) => r.kind === 'hint' && [r.level, r.problem, r.context, r.previous.length])).toEqual([
      [1, TYPED, '', 0],
      [2, TYPED, '', 1],
    ]);
    expect(handed.map((r) => [r.label, r.source, r.quote, r.url])).toEqual([
      ['1', 'typed', TYPED, page.url],
      ['2', 'typed', TYPED, page.url],
    ]);
    expect(handed[1]!.hintTask).toEqual({ problem: TYPED, context: '', page: { ...page, lang: '' }, outputLanguage: '' });
  });

  it('another text in the box is a new problem (hint 1 again); an emptied box goes on with the one set', async () => {
    const requests: TaskRequest[] = [];
    const hints = make(requests);
    hints.typed.value = TYPED;
    await hints.fromTool('hint');
    hints.typed.value = 'Exercise 4: factor x^2 - 9.';
    await hints.fromTool('hint');
    hints.typed.value = '';
    await hints.fromTool('hint');
    expect(requests.map((r) => r.kind === 'hint' && [r.level, r.problem])).toEqual([
      [1, TYPED],
      [1, 'Exercise 4: factor x^2 - 9.'],
      [2, 'Exercise 4: factor x^2 - 9.'],
    ]);
  });

  it('too long: nothing is asked, the message says so, the text stays in the box', async () => {
    const requests: TaskRequest[] = [];
    const hints = make(requests);
    const long = `${TYPED} `.repeat(400);
    hints.typed.value = long;
    await hints.fromTool('hint');
    expect(requests).toEqual([]);
    expect(hints.message.value).toMatch(/characters long; the most Locus takes is 8,000/);
    expect(hints.typed.value).toBe(long);
  });

  it('with no page open, a typed problem still gets hints in the tool; no card is kept (there is no thread)', async () => {
    const requests: TaskRequest[] = [];
    const hints = new HintState({
      engine: () => fakeClient(requests),
      answerLanguage: () => '',
      source,
      target: async () => null,
      capture,
    });
    const handed: StudyResult[] = [];
    hints.onResult = async (r) => void handed.push(r);
    hints.typed.value = TYPED;
    await hints.fromTool('hint');
    expect(requests).toHaveLength(1);
    expect(hints.hints.value).toEqual([{ level: 1, text: 'Hint at level 1.' }]);
    expect(handed).toEqual([]);
  });

  it('an empty box: the selection, as before; "New problem" empties the box, the thread\'s reset does not', async () => {
    const requests: TaskRequest[] = [];
    const hints = make(requests);
    await hints.fromTool('hint');
    expect(requests[0]).toMatchObject({ kind: 'hint', problem: selected, context: 'around' });
    hints.typed.value = TYPED;
    hints.reset();
    expect(hints.typed.value).toBe(TYPED);
    hints.newProblem();
    expect(hints.typed.value).toBe('');
  });
});

const TASK: HintCardTask = { problem: TYPED, context: '', page: { ...page, lang: '' }, outputLanguage: 'vi' };
const card = (id: number, label: string, extra: Partial<ThreadItemRow> = {}): ThreadItemRow => ({
  id,
  url: page.url,
  kind: 'hints',
  label,
  source: 'typed',
  text: `hint ${id}`,
  created: id,
  modelId: 'm',
  hintTask: TASK,
  ...extra,
});

describe('"Ask a bigger model…" on a hint card', () => {
  it('is offered on hint and solution cards that kept their problem, not on older cards or what a bigger model wrote', () => {
    expect(canAskBigger(card(1, '1'))).toBe(true);
    expect(canAskBigger(card(2, '4'))).toBe(true);
    expect(canAskBiggerHint(card(3, '2', { hintTask: undefined }))).toBe(false);
    expect(canAskBigger(card(4, '2', { cloud: true }))).toBe(false);
    expect(canAskBigger(card(5, 'not a rung'))).toBe(false);
  });

  it('asks the NEXT hint with the problem and the hints so far up to that card', () => {
    const items = [card(1, '1'), card(2, '2'), card(3, '3')];
    expect(biggerHintRequest(items[0]!, items)).toEqual({ kind: 'hint', level: 2, ...TASK, previous: ['hint 1'] });
    expect(biggerHintRequest(items[1]!, items)).toEqual({ kind: 'hint', level: 3, ...TASK, previous: ['hint 1', 'hint 2'] });
    // After the third hint there is no fourth rung: one more "next step" hint, still without the answer.
    expect(biggerHintRequest(items[2]!, items)).toMatchObject({ level: 3, previous: ['hint 1', 'hint 2', 'hint 3'] });
  });

  it('on the solution card: the worked solution again, with the hints before it', () => {
    const items = [card(1, '1'), card(2, '2'), card(3, '4')];
    expect(biggerHintRequest(items[2]!, items)).toEqual({ kind: 'hint', level: 4, ...TASK, previous: ['hint 1', 'hint 2'] });
    expect(biggerHintRequest(card(9, '1', { hintTask: undefined }), items)).toBeNull();
  });

  it('the answer becomes a hint card at its rung, "by a bigger model"; all held back: the nudge line', () => {
    const request = biggerHintRequest(card(1, '1'), [card(1, '1')])!;
    const shape = hintCardOf(request, 'Think about what the problem gives you.');
    const asked = { ...card(1, '1'), cloud: true };
    expect(shape({ ...asked, text: 'Subtract 5 from both sides first?' })).toMatchObject({
      label: '2',
      cloud: true,
      text: 'Subtract 5 from both sides first?',
    });
    expect(shape({ ...asked, text: '  ' }).text).toBe('Think about what the problem gives you.');
  });

  it('"Another hint" goes on with the card\'s problem (typed, selected or the page)', () => {
    expect(resumedHintProblem(card(1, '2'))).toEqual({
      text: TYPED,
      context: '',
      page: { ...page, lang: '' },
      source: 'typed',
      notices: [],
    });
    expect(resumedHintProblem(card(2, '2', { source: 'page' }))?.source).toBe('page');
    expect(resumedHintProblem(card(3, '2', { hintTask: undefined }))).toBeNull();
  });
});
