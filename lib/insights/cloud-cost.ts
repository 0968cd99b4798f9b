/**
 * "Cloud cost avoided": what the requests answered on the device would have cost had they been sent
 * to a cloud model, priced per million input and output tokens:
 *
 *     cost (USD) = (Σ tokensIn × inputPerMTok + Σ tokensOut × outputPerMTok) / 1,000,000
 *
 * over the records that ran locally and completed ('done'). It is an ESTIMATE, and the page must say
 * so: the tokens are counted by the local model's tokenizer (a cloud tokenizer counts the same text
 * differently, often by tens of percent), a cloud model would not write the same number of tokens,
 * prompt caching and batch discounts are ignored. A page summarized map-reduce counts the tokens
 * of all its generations (see record.ts).
 *
 * The price table is configurable (parsed with `priceTableSchema`); DEFAULT_PRICE_TABLE below gives
 * each price with its sources and dates.
 */
import { z } from 'zod';
import type { RequestRecord } from './record';

export const priceSchema = z.object({
  /** 'provider/model', e.g. 'openai/gpt-4o-mini'. */
  id: z.string().min(1),
  provider: z.string().min(1),
  /** The API model name. */
  model: z.string().min(1),
  /** US dollars per 1,000,000 input (prompt) tokens: standard tier, no cache hits, no batch discount. */
  inputPerMTok: z.number().nonnegative(),
  /** US dollars per 1,000,000 output tokens. */
  outputPerMTok: z.number().nonnegative(),
  /** Where the figures were read (URLs). */
  sources: z.array(z.string()).min(1),
  /** The date the sources give for their figures (YYYY-MM or YYYY-MM-DD), or 'undated'. */
  sourceDate: z.string(),
  /**
   * 'vendor-page': read on (a copy of) the vendor's own pricing page. 'secondary': several independent
   * third-party pages agree, citing the vendor's page, which itself was not read. 'unconfirmed': one
   * source only, or sources disagree.
   */
  confidence: z.enum(['vendor-page', 'secondary', 'unconfirmed']),
  notes: z.string().optional(),
});
export type CloudPrice = z.infer<typeof priceSchema>;

export const priceTableSchema = z
  .object({
    currency: z.literal('USD'),
    /** When the prices were looked up (YYYY-MM-DD). */
    retrieved: z.string(),
    /** The price the page shows by default. */
    defaultId: z.string(),
    prices: z.array(priceSchema).min(1),
    notes: z.array(z.string()),
  })
  .superRefine((t, ctx) => {
    const ids = t.prices.map((p) => p.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'price ids must be unique' });
    if (!ids.includes(t.defaultId)) ctx.addIssue({ code: 'custom', message: `defaultId ${t.defaultId} is not in the table` });
  });
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * Prices looked up on 2026-11-21 through stored copies of public web pages (the machine that wrote
 * this had no live web access). Each entry names its sources and how sure the figure is; check the
 * vendors' pages before relying on a figure, and edit the table (it is data) when they change.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = priceTableSchema.parse({
  currency: 'USD',
  retrieved: '2026-11-21',
  defaultId: 'openai/gpt-4o-mini',
  notes: [
    'Standard (pay-as-you-go) rates for text, per 1,000,000 tokens; cached-input, batch and flex rates are lower and not used.',
    'Looked up on 2026-11-21 from stored copies of public pages, not the live vendor pages; prices change, so check them.',
    "An estimate: tokens are counted with the local model's tokenizer, and a cloud model would write a different number of tokens.",
  ],
  prices: [
    {
      id: 'openai/gpt-4o-mini',
      provider: 'OpenAI',
      model: 'gpt-4o-mini',
      inputPerMTok: 0.15,
      outputPerMTok: 0.6,
      sources: [
        'https://platform.openai.com/docs/pricing (as quoted by the two pages below)',
        'https://aimodelcalc.pages.dev/guides/openai-api-pricing.html',
        'https://chatgptpricing-akr.pages.dev/api-pricing',
        'https://deploybase.ai/articles/openai-pricing',
      ],
      sourceDate: '2026-05',
      confidence: 'secondary',
      notes: "OpenAI's own page was not read; four third-party pages from March to June 2026 agree on $0.15 / $0.60.",
    },
    {
      id: 'openai/gpt-4.1-mini',
      provider: 'OpenAI',
      model: 'gpt-4.1-mini',
      inputPerMTok: 0.4,
      outputPerMTok: 1.6,
      sources: [
        'https://platform.openai.com/docs/pricing (as quoted by the pages below)',
        'https://tokenmath.io/openai-api-pricing-explained',
        'https://deploybase.ai/articles/gpt-4.1-pricing',
        'https://explore.oreate.ai/posts/current-api-pricing-for-gpt41-mini-and-cost-comparisons',
      ],
      sourceDate: '2026-06-21',
      confidence: 'secondary',
      notes:
        "OpenAI's own page was not read. tokenmath.io states it checked OpenAI's page on 2026-06-21. One page (studioglobal.ai) lists $0.20 / $0.80, which are the Batch/Flex rates, not Standard.",
    },
    {
      id: 'anthropic/claude-haiku-4-5',
      provider: 'Anthropic',
      model: 'claude-haiku-4-5',
      inputPerMTok: 1,
      outputPerMTok: 5,
      sources: [
        'https://www.aiwiki.dev/claude/docs/about-claude/pricing (copy of docs.claude.com/en/docs/about-claude/pricing, updated 2025-11-15)',
        'https://deploybase.ai/articles/claude-api-pricing',
      ],
      sourceDate: '2026-03-21',
      confidence: 'vendor-page',
      notes:
        "Anthropic's pricing table (copy dated 2025-11-15) and a page dated 2026-03-21 agree. A few third-party pages still show $0.80 / $4, Haiku 3.5's price.",
    },
    {
      id: 'anthropic/claude-3-5-haiku',
      provider: 'Anthropic',
      model: 'claude-3-5-haiku',
      inputPerMTok: 0.8,
      outputPerMTok: 4,
      sources: ['https://docs.anthropic.com/en/docs/about-claude/pricing', 'https://www.aiwiki.dev/claude/docs/about-claude/pricing'],
      sourceDate: '2025-11-15',
      confidence: 'vendor-page',
      notes: 'An older model; it may have been retired since. Kept because many comparisons still quote it.',
    },
    {
      id: 'google/gemini-2.5-flash',
      provider: 'Google',
      model: 'gemini-2.5-flash',
      inputPerMTok: 0.3,
      outputPerMTok: 2.5,
      sources: [
        'https://ai.google.dev/gemini-api/docs/pricing (as quoted by the pages below)',
        'https://deploybase.ai/articles/gemini-2.5-pricing',
        'https://nicolalazzari.ai/articles/gemini-api-pricing-explained-2026',
      ],
      sourceDate: '2026-03',
      confidence: 'secondary',
      notes: "Google's own page was not read. Paid tier, text/image/video input; output includes thinking tokens. Audio input costs more.",
    },
    {
      id: 'google/gemini-2.5-flash-lite',
      provider: 'Google',
      model: 'gemini-2.5-flash-lite',
      inputPerMTok: 0.1,
      outputPerMTok: 0.4,
      sources: [
        'https://nicolalazzari.ai/articles/gemini-api-pricing-explained-2026',
        'https://hivebook.wiki/wiki/gemini-2-5-google-s-multimodal-flagship-family',
      ],
      sourceDate: '2026',
      confidence: 'unconfirmed',
      notes: 'Input $0.10 is given by two pages; the $0.40 output price by one only.',
    },
  ],
});

/** US dollars for `tokensIn` prompt and `tokensOut` output tokens at `price`. */
export function tokenCost(tokensIn: number, tokensOut: number, price: Pick<CloudPrice, 'inputPerMTok' | 'outputPerMTok'>): number {
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}

export interface CostAvoided {
  /** Local, completed requests counted. */
  requests: number;
  tokensIn: number;
  tokensOut: number;
  /** One estimate per price of the table, in the table's order. */
  byPrice: Array<{ id: string; provider: string; model: string; usd: number }>;
}

/** What the local, completed requests would have cost at each price of `table`. */
export function cloudCostAvoided(records: readonly RequestRecord[], table: PriceTable = DEFAULT_PRICE_TABLE): CostAvoided {
  let requests = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  for (const r of records) {
    if (r.where !== 'local' || r.outcome !== 'done') continue;
    requests += 1;
    tokensIn += r.tokensIn;
    tokensOut += r.tokensOut;
  }
  return {
    requests,
    tokensIn,
    tokensOut,
    byPrice: table.prices.map((p) => ({ id: p.id, provider: p.provider, model: p.model, usd: tokenCost(tokensIn, tokensOut, p) })),
  };
}
