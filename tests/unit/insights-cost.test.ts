/**
 * Cloud cost avoided: local, completed requests' tokens × the price per million tokens, checked
 * against sums worked out by hand, and the default price table's shape.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, cloudCostAvoided, priceTableSchema, tokenCost, type PriceTable } from '../../lib/insights/cloud-cost';
import type { RequestRecord } from '../../lib/insights/record';

function rec(partial: Partial<RequestRecord>): RequestRecord {
  return {
    id: 'r',
    time: Date.UTC(2026, 10, 2, 12),
    task: 'summarize',
    engine: 'transformers',
    modelId: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    device: 'webgpu',
    tokensIn: 0,
    tokensOut: 0,
    ttftMs: 100,
    tokensPerSecond: 20,
    totalMs: 1000,
    where: 'local',
    cloudProposed: false,
    cloudDeclined: false,
    outcome: 'done',
    ...partial,
  };
}

const table: PriceTable = priceTableSchema.parse({
  currency: 'USD',
  retrieved: '2026-11-21',
  defaultId: 'a/cheap',
  notes: [],
  prices: [
    {
      id: 'a/cheap',
      provider: 'A',
      model: 'cheap',
      inputPerMTok: 0.15,
      outputPerMTok: 0.6,
      sources: ['test'],
      sourceDate: 'undated',
      confidence: 'unconfirmed',
    },
    {
      id: 'b/dear',
      provider: 'B',
      model: 'dear',
      inputPerMTok: 1,
      outputPerMTok: 5,
      sources: ['test'],
      sourceDate: 'undated',
      confidence: 'unconfirmed',
    },
  ],
});

describe('tokenCost', () => {
  it('prices input and output tokens per million', () => {
    // 1,000,000 in × $0.40/M + 1,000,000 out × $1.60/M = 0.40 + 1.60 = $2.00
    expect(tokenCost(1_000_000, 1_000_000, { inputPerMTok: 0.4, outputPerMTok: 1.6 })).toBeCloseTo(2, 12);
    // 1,500 in × $0.15/M = 0.000225; 250 out × $0.60/M = 0.00015; total $0.000375
    expect(tokenCost(1500, 250, { inputPerMTok: 0.15, outputPerMTok: 0.6 })).toBeCloseTo(0.000375, 15);
    expect(tokenCost(0, 0, { inputPerMTok: 3, outputPerMTok: 15 })).toBe(0);
  });
});

describe('cloudCostAvoided', () => {
  it('counts only requests answered on the device and completed', () => {
    const records = [
      rec({ id: '1', tokensIn: 1200, tokensOut: 300 }),
      rec({ id: '2', tokensIn: 800, tokensOut: 200, engine: 'web-llm' }),
      rec({ id: '3', tokensIn: 5000, tokensOut: 900, engine: 'cloud', device: 'cloud', where: 'cloud', cloudProposed: true }), // cloud: cost paid, not avoided
      rec({ id: '4', tokensIn: 700, tokensOut: 40, outcome: 'cancelled' }), // stopped: not counted
      rec({ id: '5', tokensIn: 900, tokensOut: 0, outcome: 'error' }), // failed: not counted
      rec({ id: '6', tokensIn: 400, tokensOut: 100, cloudProposed: true, cloudDeclined: true }), // declined, answered locally: counted
    ];
    const result = cloudCostAvoided(records, table);
    // Counted: 1, 2, 6 → tokensIn 1200 + 800 + 400 = 2400, tokensOut 300 + 200 + 100 = 600
    expect(result.requests).toBe(3);
    expect(result.tokensIn).toBe(2400);
    expect(result.tokensOut).toBe(600);
    // a/cheap: 2400 × 0.15 / 1e6 = 0.00036; 600 × 0.60 / 1e6 = 0.00036; total 0.00072
    // b/dear:  2400 × 1 / 1e6 = 0.0024;    600 × 5 / 1e6 = 0.003;      total 0.0054
    expect(result.byPrice.map((p) => p.id)).toEqual(['a/cheap', 'b/dear']);
    expect(result.byPrice[0]!.usd).toBeCloseTo(0.00072, 15);
    expect(result.byPrice[1]!.usd).toBeCloseTo(0.0054, 15);
  });

  it('no records: zero tokens, zero dollars', () => {
    const result = cloudCostAvoided([], table);
    expect(result).toMatchObject({ requests: 0, tokensIn: 0, tokensOut: 0 });
    expect(result.byPrice.every((p) => p.usd === 0)).toBe(true);
  });

  it('a month of use at the default table', () => {
    // 30 days × 20 summaries of 1,000 prompt + 150 output tokens = 600,000 in, 90,000 out.
    const records = Array.from({ length: 600 }, (_, i) => rec({ id: String(i), tokensIn: 1000, tokensOut: 150 }));
    const result = cloudCostAvoided(records);
    const usd = Object.fromEntries(result.byPrice.map((p) => [p.id, p.usd]));
    // gpt-4o-mini: 0.6 × 0.15 + 0.09 × 0.60 = 0.09 + 0.054 = $0.144
    expect(usd['openai/gpt-4o-mini']).toBeCloseTo(0.144, 12);
    // gpt-4.1-mini: 0.6 × 0.40 + 0.09 × 1.60 = 0.24 + 0.144 = $0.384
    expect(usd['openai/gpt-4.1-mini']).toBeCloseTo(0.384, 12);
    // claude-haiku-4-5: 0.6 × 1 + 0.09 × 5 = 0.6 + 0.45 = $1.05
    expect(usd['anthropic/claude-haiku-4-5']).toBeCloseTo(1.05, 12);
    // gemini-2.5-flash: 0.6 × 0.30 + 0.09 × 2.50 = 0.18 + 0.225 = $0.405
    expect(usd['google/gemini-2.5-flash']).toBeCloseTo(0.405, 12);
  });
});

describe('DEFAULT_PRICE_TABLE', () => {
  it('is valid, dated, and every price names its sources and how sure it is', () => {
    expect(() => priceTableSchema.parse(DEFAULT_PRICE_TABLE)).not.toThrow();
    expect(DEFAULT_PRICE_TABLE.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of DEFAULT_PRICE_TABLE.prices) {
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.sourceDate).not.toBe('');
      expect(p.outputPerMTok).toBeGreaterThanOrEqual(p.inputPerMTok);
    }
    expect(DEFAULT_PRICE_TABLE.prices.map((p) => p.provider)).toEqual(expect.arrayContaining(['OpenAI', 'Anthropic', 'Google']));
  });

  it('rejects a table whose default is not in it, or with duplicate ids', () => {
    const base = { currency: 'USD', retrieved: '2026-11-21', notes: [], prices: table.prices };
    expect(() => priceTableSchema.parse({ ...base, defaultId: 'nope' })).toThrow();
    expect(() => priceTableSchema.parse({ ...base, defaultId: 'a/cheap', prices: [table.prices[0], table.prices[0]] })).toThrow();
  });
});
