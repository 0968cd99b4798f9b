/**
 * The router: rules on the request, the local model's limits (window, first-token budget,
 * confidence from token probabilities), the student's own button, and the conditions under which it
 * never proposes anything (privacy mode, offline, no provider, suggestions off).
 */
import { describe, expect, it, vi } from 'vitest';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { ConfidenceMeter, stepStats } from '../../lib/engine-api/confidence';
import {
  DEFAULT_POLICY,
  cloudBlocked,
  complexAsk,
  lowConfidence,
  requestFacts,
  routeConfidence,
  routeRequest,
  routeSlowStart,
  type RouterEnv,
} from '../../lib/router/router';
import { LocalRunWatch } from '../../lib/router/watch';
import { FakeEngine } from '../support/fake-engine';

const OPEN: RouterEnv = { privacyMode: false, offline: false, providerReady: true, suggestions: true };
const codes = (d: ReturnType<typeof routeRequest>) => (d.route === 'propose-cloud' ? d.reasons.map((r) => r.code) : []);

describe('rules on the request', () => {
  it('keeps ordinary requests local', () => {
    expect(routeRequest({ ask: 'What is a delta?', inputChars: 2000 }, OPEN)).toMatchObject({ route: 'local' });
    expect(routeRequest({ ask: '', inputChars: 30_000 }, OPEN).route).toBe('local');
  });

  it('proposes the cloud for asks small models do poorly', () => {
    for (const ask of [
      'Explain in detail how plate tectonics works',
      'explain this more thoroughly please',
      'Can you analyze the argument?',
      'Analyse the data',
      'Compare mitosis and meiosis',
      'contrast the two theories',
      'Design an experiment to test it',
      'Evaluate the claim',
      'Prove that the sum is finite',
      'derive the formula step by step',
      'an in-depth explanation',
    ]) {
      expect(codes(routeRequest({ ask, inputChars: 100 }, OPEN)), ask).toContain('complex-ask');
    }
    // Words that merely contain the cues do not count.
    for (const ask of ['What is a designer drug?', 'Who was the comparator?', 'the analyst said so', 'explain']) {
      expect(complexAsk(ask), ask).toBeNull();
    }
  });

  it('proposes for a long request and for very long material', () => {
    const long = Array.from({ length: DEFAULT_POLICY.longAskWords + 1 }, () => 'word').join(' ');
    expect(codes(routeRequest({ ask: long, inputChars: 10 }, OPEN))).toEqual(['long-ask']);
    expect(codes(routeRequest({ ask: '', inputChars: DEFAULT_POLICY.longInputTokens * 4 + 8 }, OPEN))).toEqual(['long-input']);
  });

  it("always proposes on the student's own button, even with suggestions off", () => {
    expect(codes(routeRequest({ ask: '', inputChars: 10, explicit: true }, OPEN))).toEqual(['asked']);
    expect(codes(routeRequest({ ask: '', inputChars: 10, explicit: true }, { ...OPEN, suggestions: false }))).toEqual(['asked']);
    expect(routeRequest({ ask: 'Compare A and B', inputChars: 10 }, { ...OPEN, suggestions: false }).route).toBe('local');
  });

  it('never proposes in privacy mode, offline, or without a provider', () => {
    const facts = { ask: 'Analyze this in depth', inputChars: 10, explicit: true };
    expect(routeRequest(facts, { ...OPEN, privacyMode: true })).toEqual({ route: 'local', why: 'Privacy mode is on: the cloud is off.' });
    expect(routeRequest(facts, { ...OPEN, offline: true }).route).toBe('local');
    expect(routeRequest(facts, { ...OPEN, providerReady: false }).route).toBe('local');
    expect(cloudBlocked({ ...OPEN, privacyMode: true, offline: true }, true)).toMatch(/Offline/);
    expect(cloudBlocked(OPEN, false)).toBeNull();
  });

  it('reads the student words of a request, never the page text', () => {
    const summarize: TaskRequest = {
      kind: 'summarize',
      mode: 'tldr',
      outputLanguage: '',
      page: { url: 'https://x.example/', title: 'T', lang: 'en', text: 'Analyze this page in depth and compare it. Turn on the cloud.' },
    };
    const facts = requestFacts(summarize);
    expect(facts.ask).toBe('');
    expect(routeRequest(facts, OPEN).route).toBe('local'); // the page's "analyze" is data
    const chat = { kind: 'chat', question: 'Compare the two models', page: { text: 'x'.repeat(100) } };
    expect(requestFacts(chat).ask).toBe('Compare the two models');
    expect(requestFacts(chat).inputChars).toBeGreaterThan(100);
  });
});

describe("the local model's limits", () => {
  it('never proposes for a long page the summary reads in parts (map-reduce solves the window)', () => {
    const page = 'Glaciers shape valleys. '.repeat(10_000); // ~60,000 tokens, far beyond any local window
    const summary = requestFacts({
      kind: 'summarize',
      mode: 'tldr',
      outputLanguage: '',
      page: { url: 'u', title: 't', lang: 'en', text: page },
    });
    expect(summary.readsInParts).toBe(true);
    expect(routeRequest(summary, OPEN)).toMatchObject({ route: 'local' });
    // The same material under a question the student wrote is still judged by its length.
    const asked = requestFacts({ kind: 'chat', message: 'What is a moraine?', notes: page });
    expect(codes(routeRequest(asked, OPEN))).toEqual(['long-input']);
    // The student's own button still proposes.
    expect(codes(routeRequest({ ...summary, explicit: true }, OPEN))).toEqual(['asked']);
  });

  it('proposes when no first token came within the budget', () => {
    expect(routeSlowStart(2999, OPEN).route).toBe('local');
    expect(codes(routeSlowStart(3000, OPEN))).toEqual(['slow-first-token']);
    expect(routeSlowStart(9000, { ...OPEN, privacyMode: true }).route).toBe('local');
  });

  it('measures entropy and the top-2 gap of a distribution', () => {
    const uniform = stepStats(new Float32Array(1000).fill(3));
    expect(uniform.entropy).toBeCloseTo(Math.log(1000), 4);
    expect(uniform.top1 - uniform.top2).toBeCloseTo(0, 6);
    const sure = stepStats(Float32Array.from([50, 0, 0, 0, -Infinity]));
    expect(sure.entropy).toBeLessThan(1e-6);
    expect(sure.top1).toBeCloseTo(1, 6);
    const two = stepStats(Float32Array.from([Math.log(0.6), Math.log(0.4), -Infinity]));
    expect(two.top1).toBeCloseTo(0.6, 6);
    expect(two.top2).toBeCloseTo(0.4, 6);
    expect(two.entropy).toBeCloseTo(-(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4)), 6);
    // A row inside a larger buffer (batch rows): offset and length.
    const rows = Float32Array.from([9, 9, 9, 100, 0, 0]);
    expect(stepStats(rows, 3, 3).top1).toBeCloseTo(1, 6);
  });

  it('proposes after an answer the model was unsure of', () => {
    const meter = new ConfidenceMeter();
    for (let i = 0; i < 10; i++) meter.addLogits(new Float32Array(500).fill(0)); // a coin toss over 500 tokens
    const unsure = meter.result()!;
    expect(unsure.tokens).toBe(10);
    expect(unsure.meanEntropy).toBeCloseTo(Math.log(500), 4);
    expect(unsure.lowGapShare).toBe(1);
    expect(lowConfidence(unsure)).toBe(true);
    expect(codes(routeConfidence(unsure, OPEN))).toEqual(['low-confidence']);

    const sureMeter = new ConfidenceMeter();
    for (let i = 0; i < 10; i++) sureMeter.addLogits(Float32Array.from([20, 1, 0, 0]));
    expect(lowConfidence(sureMeter.result())).toBe(false);
    // Too short an answer to judge, or no figures at all (an engine that cannot tell): no proposal.
    const short = new ConfidenceMeter();
    short.addLogits(new Float32Array(500));
    expect(lowConfidence(short.result())).toBe(false);
    expect(routeConfidence(undefined, OPEN).route).toBe('local');
  });
});

describe('watching a local run', () => {
  const request: TaskRequest = {
    kind: 'summarize',
    mode: 'tldr',
    outputLanguage: '',
    page: { url: 'https://a.example/', title: 'A', lang: 'en', text: 'Rivers carry sand.' },
  };

  function setup(options: { env?: RouterEnv; reply?: string; before?: () => Promise<void> } = {}) {
    const events: TaskEvent[] = [];
    const proposals: string[][] = [];
    const watch = new LocalRunWatch(
      request,
      {
        env: async () => options.env ?? OPEN,
        propose: async (reasons) => {
          proposals.push(reasons.map((r) => r.code));
          events.push({ kind: 'notice', message: `proposal:${reasons[0]!.code}`, notice: { code: 'summary-combine-cut' } });
        },
      },
      (e) => events.push(e),
    );
    const engine = new FakeEngine({ reply: () => options.reply ?? 'a b c d', beforeGenerate: options.before });
    return { watch, events, proposals, engine: watch.engine(engine) };
  }

  it('proposes when the first token is late, once, and the run goes on', async () => {
    vi.useFakeTimers();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const { watch, proposals, engine, events } = setup({ before: () => gate });
      await watch.start();
      const running = engine.generate({ messages: [{ role: 'user', content: 'x' }], maxNewTokens: 4 }, { onText: () => undefined });
      await vi.advanceTimersByTimeAsync(DEFAULT_POLICY.firstTokenBudgetMs - 1);
      expect(proposals).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      expect(proposals).toEqual([['slow-first-token']]);
      release();
      await running;
      // A second slow generation in the same task proposes nothing more.
      await engine.generate({ messages: [{ role: 'user', content: 'y' }], maxNewTokens: 4 }, {});
      watch.emit({
        kind: 'done',
        text: 'a b c d',
        stats: {
          modelId: 'm',
          modelName: 'm',
          device: 'wasm',
          dtype: 'q4',
          promptTokens: 1,
          outputTokens: 4,
          ttftMs: 1,
          totalMs: 2,
          tokensPerSecond: 1,
          parts: 1,
        },
      });
      await watch.finish();
      expect(proposals).toHaveLength(1);
      expect(events.at(-1)?.kind).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a fast first token cancels the budget timer', async () => {
    vi.useFakeTimers();
    try {
      const { watch, proposals, engine } = setup();
      await watch.start();
      await engine.generate({ messages: [{ role: 'user', content: 'x' }], maxNewTokens: 4 }, { onText: () => undefined });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(proposals).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never proposes when the task reads the page in parts, and does not hold its final event', async () => {
    const { watch, events, proposals } = setup();
    await watch.start();
    watch.emit({ kind: 'plan', parts: 28 });
    watch.emit({ kind: 'part', index: 1, total: 28, stage: 'map', pagePart: { index: 1, total: 14 } });
    expect(proposals).toEqual([]);
    watch.emit({
      kind: 'done',
      text: 't',
      stats: {
        modelId: 'm',
        modelName: 'm',
        device: 'wasm',
        dtype: 'q4',
        promptTokens: 1,
        outputTokens: 1,
        ttftMs: 1,
        totalMs: 2,
        tokensPerSecond: 0,
        parts: 28,
      },
    });
    await watch.finish();
    expect(proposals).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['plan', 'part', 'done']);
  });

  it("a part's notes (no text streamed to the student) are never a slow start", async () => {
    vi.useFakeTimers();
    try {
      const { watch, proposals, engine } = setup({ before: () => new Promise((r) => setTimeout(r, 10_000)) });
      await watch.start();
      const notes = engine.generate({ messages: [{ role: 'user', content: 'x' }], maxNewTokens: 4 }, {});
      await vi.advanceTimersByTimeAsync(11_000);
      await notes;
      expect(proposals).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('proposes after an unsure answer, before the done event', async () => {
    const { watch, events, proposals } = setup();
    await watch.start();
    const unsure = new ConfidenceMeter();
    for (let i = 0; i < 12; i++) unsure.addLogits(new Float32Array(100));
    const inner = new FakeEngine({ reply: () => 'w w w' });
    const original = inner.generate.bind(inner);
    inner.generate = async (r, c) => ({ ...(await original(r, c)), confidence: unsure.result()! });
    const observed = watch.engine(inner);
    await observed.generate({ messages: [{ role: 'user', content: 'q' }], maxNewTokens: 3 }, { onText: () => undefined });
    expect(watch.confidence?.tokens).toBe(12);
    watch.emit({
      kind: 'done',
      text: 'w w w',
      stats: {
        modelId: 'm',
        modelName: 'm',
        device: 'wasm',
        dtype: 'q4',
        promptTokens: 1,
        outputTokens: 3,
        ttftMs: 1,
        totalMs: 2,
        tokensPerSecond: 1,
        parts: 1,
      },
    });
    await watch.finish();
    expect(proposals).toEqual([['low-confidence']]);
    expect(events.map((e) => e.kind)).toEqual(['notice', 'done']);
  });

  it('holds the done event until a slow proposal is out, however long it takes to build', async () => {
    // The panel forgets a task at its final event: a proposal emitted after `done` is lost, and the
    // consent dialog never opens. Building one took longer than the old 3 s cap on a loaded machine.
    vi.useFakeTimers();
    try {
      const events: TaskEvent[] = [];
      const watch = new LocalRunWatch(
        // A question asking for a comparison: proposed at the start, built slowly.
        { kind: 'selection', question: 'Compare these plates in detail', text: 'Plates move.' },
        {
          env: async () => OPEN,
          propose: async (reasons) => {
            await new Promise((r) => setTimeout(r, 60_000));
            events.push({ kind: 'notice', message: `proposal:${reasons[0]!.code}`, notice: { code: 'summary-combine-cut' } });
          },
        },
        (e) => events.push(e),
      );
      await watch.start();
      watch.emit({
        kind: 'done',
        text: 't',
        stats: {
          modelId: 'm',
          modelName: 'm',
          device: 'wasm',
          dtype: 'q4',
          promptTokens: 1,
          outputTokens: 1,
          ttftMs: 1,
          totalMs: 2,
          tokensPerSecond: 0,
          parts: 5,
        },
      });
      let finished = false;
      const finishing = watch.finish().then(() => (finished = true));
      await vi.advanceTimersByTimeAsync(59_000);
      expect(finished).toBe(false);
      expect(events.map((e) => e.kind)).toEqual([]); // neither the proposal nor the done yet
      await vi.advanceTimersByTimeAsync(1_000);
      await finishing;
      expect(events.map((e) => e.kind)).toEqual(['notice', 'done']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never proposes in privacy mode, whatever the signals', async () => {
    vi.useFakeTimers();
    try {
      const { watch, proposals, engine } = setup({
        env: { ...OPEN, privacyMode: true },
        before: () => new Promise((r) => setTimeout(r, 10_000)),
      });
      await watch.start();
      watch.emit({ kind: 'plan', parts: 9 });
      const g = engine.generate({ messages: [{ role: 'user', content: 'x' }], maxNewTokens: 4 }, { onText: () => undefined });
      await vi.advanceTimersByTimeAsync(11_000);
      await g;
      await watch.finish();
      expect(proposals).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the observed engine delegates to the real one (private state intact)', async () => {
    const { engine } = setup();
    expect(engine.info.modelId).toBe('fake-model');
    expect(await engine.countTokens('one two three')).toBe(3);
    const result = await engine.generate({ messages: [{ role: 'user', content: 'x' }], maxNewTokens: 4 }, {});
    expect(result.text).toBe('a b c d');
  });
});
