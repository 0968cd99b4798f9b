/**
 * Insights figures from request records: the record itself (from GenerationStats), the local share
 * per day (in an explicit time zone, empty days as gaps), latency percentiles per task and engine,
 * median tokens/s per model, and counts. Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  counts,
  latencyPercentiles,
  localShare,
  localShareByDay,
  summarizeInsights,
  tokensPerSecondByModel,
} from '../../lib/insights/aggregate';
import { recordFromStats, recordWithoutStats, requestRecordSchema, type RequestRecord } from '../../lib/insights/record';
import type { GenerationStats } from '../../lib/messaging/engine-protocol';

let n = 0;
function rec(partial: Partial<RequestRecord>): RequestRecord {
  n += 1;
  return requestRecordSchema.parse({
    id: `r${n}`,
    time: Date.parse('2026-11-02T12:00:00Z'),
    task: 'summarize',
    engine: 'transformers',
    modelId: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    device: 'webgpu',
    tokensIn: 100,
    tokensOut: 50,
    ttftMs: 100,
    tokensPerSecond: 20,
    totalMs: 1000,
    where: 'local',
    cloudProposed: false,
    cloudDeclined: false,
    outcome: 'done',
    ...partial,
  });
}
const cloud = { engine: 'cloud', device: 'cloud', where: 'cloud', cloudProposed: true, modelId: 'gpt-4o-mini' } as const;

describe('RequestRecord', () => {
  const stats: GenerationStats = {
    modelId: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    modelName: 'SmolLM2 360M',
    device: 'wasm',
    dtype: 'q4',
    promptTokens: 812,
    outputTokens: 96,
    ttftMs: 1450.5,
    totalMs: 6200.25,
    tokensPerSecond: 19.8,
    parts: 3,
  };

  it('maps GenerationStats and the task context to a record', () => {
    const r = recordFromStats(stats, { id: 'task-1', time: 1_763_700_000_000, task: 'summarize', engine: 'transformers' });
    expect(r).toEqual({
      id: 'task-1',
      time: 1_763_700_000_000,
      task: 'summarize',
      engine: 'transformers',
      modelId: 'HuggingFaceTB/SmolLM2-360M-Instruct',
      device: 'wasm',
      tokensIn: 812,
      tokensOut: 96,
      ttftMs: 1450.5,
      tokensPerSecond: 19.8,
      totalMs: 6200.25,
      where: 'local',
      cloudProposed: false,
      cloudDeclined: false,
      outcome: 'done',
    });
  });

  it('a cloud engine means a cloud device, ran in the cloud, and was proposed', () => {
    const r = recordFromStats({ ...stats, modelId: 'gpt-4o-mini' }, { id: 'c', time: 1, task: 'ask', engine: 'cloud' });
    expect(r).toMatchObject({ engine: 'cloud', device: 'cloud', where: 'cloud', cloudProposed: true, cloudDeclined: false });
  });

  it('a declined proposal answered locally is recorded as such', () => {
    const r = recordFromStats(stats, { id: 'd', time: 1, task: 'explain', engine: 'web-llm', cloudProposed: true, cloudDeclined: true });
    expect(r).toMatchObject({ where: 'local', cloudProposed: true, cloudDeclined: true });
  });

  it('refuses records that contradict themselves', () => {
    // The cloud only ever after an accepted proposal; declining needs a proposal.
    expect(() => recordFromStats(stats, { id: 'x', time: 1, task: 'ask', engine: 'cloud', cloudProposed: false })).toThrow();
    expect(() => recordFromStats(stats, { id: 'x', time: 1, task: 'ask', engine: 'cloud', cloudDeclined: true })).toThrow();
    expect(() => recordFromStats(stats, { id: 'x', time: 1, task: 'ask', engine: 'transformers', cloudDeclined: true })).toThrow();
    expect(() => rec({ where: 'cloud' })).toThrow(); // a local engine cannot run in the cloud
    expect(() => rec({ tokensIn: -1 })).toThrow();
    expect(() => rec({ task: 'dance' as never })).toThrow();
  });

  it('records a stopped or failed request without figures', () => {
    const r = recordWithoutStats({ id: 's', time: 5, task: 'quiz', engine: 'transformers', modelId: 'm', device: 'webgpu' }, 'cancelled', {
      totalMs: 800,
      tokensIn: 300,
    });
    expect(r).toMatchObject({
      outcome: 'cancelled',
      tokensIn: 300,
      tokensOut: 0,
      ttftMs: 0,
      totalMs: 800,
      tokensPerSecond: 0,
      where: 'local',
    });
    const e = recordWithoutStats({ id: 'e', time: 5, task: 'chat', engine: 'cloud', modelId: 'gpt-4o-mini', device: 'cloud' }, 'error');
    expect(e).toMatchObject({ outcome: 'error', device: 'cloud', where: 'cloud', cloudProposed: true });
  });
});

describe('localShareByDay (time zone America/Los_Angeles, PST = UTC-8 in November 2026)', () => {
  const records = [
    rec({ time: Date.parse('2026-11-02T07:30:00Z') }), // LA: Nov 1, 23:30 — local, done
    rec({ time: Date.parse('2026-11-02T08:30:00Z'), ...cloud }), // LA: Nov 2, 00:30 — cloud, done
    rec({ time: Date.parse('2026-11-02T20:00:00Z') }), // LA: Nov 2, 12:00 — local, done
    rec({ time: Date.parse('2026-11-02T21:00:00Z'), outcome: 'cancelled' }), // LA: Nov 2 — not completed
    rec({ time: Date.parse('2026-11-04T10:00:00Z') }), // LA: Nov 4, 02:00 — local, done
    rec({ time: Date.parse('2026-10-31T12:00:00Z') }), // LA: Oct 31 — outside the range
  ];

  it('buckets by the calendar day in the zone and keeps empty days as gaps', () => {
    expect(localShareByDay(records, { from: '2026-11-01', to: '2026-11-04', timeZone: 'America/Los_Angeles' })).toEqual([
      { day: '2026-11-01', requests: 1, completed: 1, local: 1, cloud: 0, localShare: 1 },
      // Nov 2: three requests; two completed (one local, one cloud) → 1/2
      { day: '2026-11-02', requests: 3, completed: 2, local: 1, cloud: 1, localShare: 0.5 },
      { day: '2026-11-03', requests: 0, completed: 0, local: 0, cloud: 0, localShare: null },
      { day: '2026-11-04', requests: 1, completed: 1, local: 1, cloud: 0, localShare: 1 },
    ]);
  });

  it('the same records in UTC fall on other days', () => {
    // In UTC the first four records are all on Nov 2: four requests, three completed, two local → 2/3.
    const days = localShareByDay(records, { from: '2026-11-01', to: '2026-11-04', timeZone: 'UTC' });
    expect(days[0]).toMatchObject({ day: '2026-11-01', requests: 0, localShare: null });
    expect(days[1]).toMatchObject({ day: '2026-11-02', requests: 4, completed: 3, local: 2, cloud: 1 });
    expect(days[1]!.localShare).toBeCloseTo(2 / 3, 12);
  });

  it('overall share and an empty history', () => {
    // Completed: 5 (all but the cancelled one); local 4 → 4/5
    expect(localShare(records)).toBeCloseTo(0.8, 12);
    expect(localShare([])).toBeNull();
    expect(localShareByDay([], { from: '2026-11-01', to: '2026-11-02', timeZone: 'UTC' }).map((d) => d.localShare)).toEqual([null, null]);
  });
});

describe('latencyPercentiles', () => {
  const records = [
    rec({ ttftMs: 300, totalMs: 4000 }),
    rec({ ttftMs: 100, totalMs: 1000 }),
    rec({ ttftMs: 200, totalMs: 2000 }),
    rec({ ttftMs: 9999, totalMs: 99999, outcome: 'cancelled' }), // left out
    rec({ task: 'ask', engine: 'web-llm', ttftMs: 50, totalMs: 500 }),
  ];

  it('per (task, engine), completed requests only', () => {
    const rows = latencyPercentiles(records);
    expect(rows.map((r) => [r.task, r.engine, r.count])).toEqual([
      ['summarize', 'transformers', 3],
      ['ask', 'web-llm', 1],
    ]);
    // ttft [100, 200, 300]: p50 = 200; p90: h = 2·0.9 = 1.8 → 200 + 0.8·100 = 280; p99: h = 1.98 → 298
    expect(rows[0]!.ttftMs.p50).toBe(200);
    expect(rows[0]!.ttftMs.p90).toBeCloseTo(280, 9);
    expect(rows[0]!.ttftMs.p99).toBeCloseTo(298, 9);
    // total [1000, 2000, 4000]: p50 = 2000; p90 = 2000 + 0.8·2000 = 3600; p99 = 2000 + 0.98·2000 = 3960
    expect(rows[0]!.totalMs.p50).toBe(2000);
    expect(rows[0]!.totalMs.p90).toBeCloseTo(3600, 9);
    expect(rows[0]!.totalMs.p99).toBeCloseTo(3960, 9);
    // One value: every percentile is that value.
    expect(rows[1]!.ttftMs).toEqual({ p50: 50, p90: 50, p99: 50 });
  });

  it('per task or per engine alone', () => {
    expect(latencyPercentiles(records, 'task').map((r) => [r.task, r.engine, r.count])).toEqual([
      ['summarize', null, 3],
      ['ask', null, 1],
    ]);
    const byEngine = latencyPercentiles(records, 'engine');
    expect(byEngine.map((r) => [r.task, r.engine, r.count])).toEqual([
      [null, 'transformers', 3],
      [null, 'web-llm', 1],
    ]);
    expect(latencyPercentiles([])).toEqual([]);
  });
});

describe('tokensPerSecondByModel', () => {
  it('median per model, engine and device, fastest first, unmeasured speeds left out', () => {
    const rows = tokensPerSecondByModel([
      rec({ modelId: 'A', tokensPerSecond: 10 }),
      rec({ modelId: 'A', tokensPerSecond: 30 }),
      rec({ modelId: 'A', tokensPerSecond: 20 }),
      rec({ modelId: 'A', tokensPerSecond: 0 }), // one token only: no speed
      rec({ modelId: 'A', tokensPerSecond: 500, outcome: 'error' }), // not completed
      rec({ modelId: 'A', device: 'wasm', tokensPerSecond: 5 }),
      rec({ modelId: 'A', device: 'wasm', tokensPerSecond: 8 }),
      rec({ modelId: 'B', engine: 'web-llm', tokensPerSecond: 42 }),
    ]);
    expect(rows).toEqual([
      { modelId: 'B', engine: 'web-llm', device: 'webgpu', count: 1, medianTokensPerSecond: 42 },
      // [10, 20, 30] → 20
      { modelId: 'A', engine: 'transformers', device: 'webgpu', count: 3, medianTokensPerSecond: 20 },
      // [5, 8] → h = 0.5 → 6.5
      { modelId: 'A', engine: 'transformers', device: 'wasm', count: 2, medianTokensPerSecond: 6.5 },
    ]);
  });
});

describe('counts and the summary of a range', () => {
  const records = [
    rec({ time: Date.parse('2026-11-01T10:00:00Z'), tokensIn: 100, tokensOut: 10 }),
    rec({ time: Date.parse('2026-11-01T11:00:00Z'), task: 'ask', ...cloud, tokensIn: 200, tokensOut: 20 }),
    rec({ time: Date.parse('2026-11-02T11:00:00Z'), task: 'ask', cloudProposed: true, cloudDeclined: true, tokensIn: 300, tokensOut: 30 }),
    rec({ time: Date.parse('2026-11-02T12:00:00Z'), task: 'quiz', outcome: 'error', tokensIn: 400, tokensOut: 0 }),
    rec({ time: Date.parse('2026-11-02T13:00:00Z'), task: 'hint', cloudProposed: true, tokensIn: 0, tokensOut: 0 }), // proposal left unanswered
    rec({ time: Date.parse('2026-11-09T12:00:00Z'), tokensIn: 1000, tokensOut: 100 }), // outside the range below
  ];

  it('counts every outcome', () => {
    const c = counts(records.slice(0, 5));
    expect(c.total).toBe(5);
    expect(c.byOutcome).toEqual({ done: 4, cancelled: 0, error: 1 });
    expect(c.byTask).toMatchObject({ summarize: 1, ask: 2, quiz: 1, hint: 1, chat: 0 });
    expect(c.byEngine).toEqual({ transformers: 4, 'llama-cpp': 0, 'web-llm': 0, 'chrome-ai': 0, cloud: 1 });
    expect([c.local, c.cloud]).toEqual([4, 1]);
    expect([c.cloudProposed, c.cloudAccepted, c.cloudDeclined]).toEqual([3, 1, 1]);
    // 100 + 200 + 300 + 400 + 0 = 1000 in; 10 + 20 + 30 + 0 + 0 = 60 out
    expect([c.tokensIn, c.tokensOut]).toEqual([1000, 60]);
  });

  it('summarizes only the records inside the range, in the given zone', () => {
    const s = summarizeInsights(records, { from: '2026-11-01', to: '2026-11-07', timeZone: 'Europe/Paris' });
    expect(s.timeZone).toBe('Europe/Paris');
    expect(s.counts.total).toBe(5);
    expect(s.days).toHaveLength(7);
    // Completed in range: 4 (the error is not); local: 3 → 0.75
    expect(s.localShare).toBeCloseTo(0.75, 12);
    expect(s.latencyByTask.map((r) => r.task)).toEqual(['summarize', 'ask', 'hint']);
    expect(s.speedByModel).toHaveLength(2); // the local model and the cloud one
  });
});
