/**
 * A long run's progress as the student reads it (step, part of the page, time left from measured
 * steps), the notes of each part shown until the summary replaces them, and a router proposal that
 * is only a suggestion: the consent dialog opens on the student's click, never on an event.
 */
import { describe, expect, it } from 'vitest';
import type { CloudProposal } from '../../lib/messaging/cloud-protocol';
import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { GenerationStats, TaskEvent } from '../../lib/messaging/engine-protocol';
import { CloudState } from '../../lib/panel/cloud-state';
import { suggestionText } from '../../lib/panel/cloud-suggestion';
import { estimateLeftMs, formatTimeLeft, nextStep, stepText } from '../../lib/panel/run-progress';
import { SummarizeSession } from '../../lib/panel/summarize-session';
import { fakeStats } from '../support/fake-stats';

describe('steps and time left', () => {
  it('says which step of how many, and what it does, in one wording', () => {
    expect(stepText({ index: 3, total: 16, stage: 'map', pagePart: { index: 3, total: 14 } })).toBe(
      'Step 3 of 16 · reading part 3 of 14 of the page',
    );
    expect(stepText({ index: 15, total: 16, stage: 'reduce' })).toBe('Step 15 of 16 · combining the notes');
    expect(stepText({ index: 16, total: 16, stage: 'reduce' })).toBe('Step 16 of 16 · writing the summary');
    expect(stepText({ index: 2, total: 5, stage: 'map' })).toBe('Step 2 of 5');
  });

  it('estimates the time left only once a step is done, from the measured steps', () => {
    const first = nextStep(null, { index: 1, total: 10, stage: 'map' }, 1_000);
    expect(estimateLeftMs(first)).toBeNull(); // nothing measured yet: no number
    const second = nextStep(first, { index: 2, total: 10, stage: 'map' }, 31_000); // step 1 took 30 s
    expect(estimateLeftMs(second)).toBe(30_000 * 9);
    const fifth = nextStep(second, { index: 5, total: 10, stage: 'map' }, 81_000); // 4 steps in 80 s
    expect(estimateLeftMs(fifth)).toBe(20_000 * 6);
    // A new run starts its own clock.
    expect(nextStep(fifth, { index: 1, total: 3, stage: 'map' }, 500_000).firstStartedAt).toBe(500_000);
    expect(formatTimeLeft(270_000)).toBe('about 5 min left');
    expect(formatTimeLeft(120_000)).toBe('about 2 min left');
    expect(formatTimeLeft(20_000)).toBe('less than a minute left');
  });
});

const STATS: GenerationStats = fakeStats({ totalMs: 2, parts: 3 });

const PROPOSAL = { id: 'prop-1', trigger: 'router', reasons: [{ code: 'slow-first-token', message: 'slow' }] } as unknown as CloudProposal;

/** An engine host that plays `events` for the task, calling `during` before its final event. */
function scripted(events: TaskEvent[], during: () => void): EngineClient {
  return {
    async rpc() {
      return null;
    },
    async start(_request: unknown, onEvent: (e: TaskEvent) => void) {
      for (const e of events) {
        if (e.kind === 'done') during();
        onEvent(e);
      }
      return events.at(-1);
    },
  } as unknown as EngineClient;
}

describe('a long summary in the panel', () => {
  it('shows the notes of each part as they come, then the summary; a proposal waits for a click', async () => {
    const cloud = new CloudState({ engine: { rpc: (async () => null) as never } });
    const seen: { notes: number; dialog: boolean; suggestion: boolean }[] = [];
    const events: TaskEvent[] = [
      { kind: 'plan', parts: 3 },
      { kind: 'part', index: 1, total: 3, stage: 'map', pagePart: { index: 1, total: 2 } },
      { kind: 'part-notes', index: 1, text: 'Rivers carry sand.' },
      { kind: 'part', index: 2, total: 3, stage: 'map', pagePart: { index: 2, total: 2 } },
      { kind: 'part-notes', index: 2, text: 'Deltas form at mouths.' },
      { kind: 'cloud-proposal', proposal: PROPOSAL },
      { kind: 'part', index: 3, total: 3, stage: 'reduce' },
      { kind: 'text', delta: 'Rivers build deltas.' },
      { kind: 'done', text: 'Rivers build deltas.', stats: STATS },
    ];
    const session: SummarizeSession = new SummarizeSession({
      engine: scripted(events, () =>
        seen.push({ notes: session.notes.value.length, dialog: cloud.open, suggestion: session.suggestion.value !== null }),
      ),
      target: async () => ({ tabId: 1, url: 'https://a.example/', title: 'A' }) as never,
      capture: async () => ({ url: 'https://a.example/', title: 'A', lang: 'en', text: 'Rivers. Deltas.' }) as never,
      cloud,
    });
    await session.summarize('tldr');
    expect(seen).toEqual([{ notes: 2, dialog: false, suggestion: true }]); // notes shown; no dialog by itself
    expect(session.notes.value).toEqual([]); // replaced by the summary
    expect(session.text.value).toBe('Rivers build deltas.');
    expect(cloud.open).toBe(false);
    session.openSuggestion(); // the student's click
    expect(cloud.open).toBe(true);
    expect(cloud.proposal.value?.id).toBe('prop-1');
    expect(session.suggestion.value).toBeNull();
  });
});

describe('the words of a suggestion', () => {
  it('says what a bigger model could do, for reasons the student can see; never for the window alone', () => {
    expect(suggestionText([{ code: 'slow-first-token', message: 'The local model wrote nothing for 4 seconds.' }])).toBe(
      'A bigger model could answer sooner (the local model wrote nothing for 4 seconds).',
    );
    expect(
      suggestionText([{ code: 'complex-ask', message: 'Your request asks to "compare", which small local models often do poorly.' }]),
    ).toMatch(/^A bigger model could answer this in more depth \(your request asks to "compare"/);
    expect(suggestionText([{ code: 'low-confidence', message: 'entropy…' }])).toMatch(/surer answer/);
    expect(suggestionText([{ code: 'context-too-long', message: 'The page does not fit the window.' }])).toBeNull();
    expect(suggestionText([])).toBeNull();
  });
});
