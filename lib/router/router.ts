/**
 * Local or cloud? Every request runs on the device; the router only decides whether to PROPOSE a
 * bigger (cloud) model, which the student then accepts or not in the consent dialog. Nothing here
 * sends anything, and the network gate refuses cloud requests without consent regardless.
 *
 * Signals, each a pure function:
 *   - the request: the student's own words ask for something small models do poorly ("explain in
 *     detail", "analyze", "compare", "design"…), or are long; the material is very long.
 *     Page text is never read for asks: a page saying "analyze this" is data, not a request.
 *   - the local model's limits: no first token of the visible answer within a time budget, low
 *     confidence in the tokens it wrote.
 *   - the student's own "Ask a bigger model".
 * Never a proposal for a page that does not fit the local model's window: the task reads it in
 * parts (map-reduce) and the student sees nothing a bigger model would fix. For the same reason a
 * task that reads its material in parts (the summary) is not proposed for its length alone.
 * A proposal is only a suggestion the panel shows in the result; the consent dialog opens on the
 * student's click.
 * Privacy mode, offline mode, no provider set up: never a proposal. Suggestions switched off in
 * Privacy: only the student's own button proposes.
 */
import type { RouteReason } from '../messaging/cloud-protocol';
import type { TokenConfidence } from '../engine-api/confidence';

export interface RouterPolicy {
  /** The student's request is "long" beyond this many words. */
  longAskWords: number;
  /** The material is "long" beyond this many (estimated) tokens, whatever the local model. */
  longInputTokens: number;
  /** No first token within this many milliseconds: propose. */
  firstTokenBudgetMs: number;
  /** Confidence is judged on answers of at least this many tokens. */
  minTokensForConfidence: number;
  /** Mean next-token entropy (nats) above this is low confidence. */
  maxMeanEntropy: number;
  /** Mean top-2 probability gap below this is low confidence. */
  minMeanTop2Gap: number;
}

/**
 * Heuristic thresholds, not calibrated on a study set (no real study model runs on the machines
 * this was written on): an entropy of 2.5 nats is a choice spread over ~12 equally likely tokens.
 */
export const DEFAULT_POLICY: RouterPolicy = Object.freeze({
  longAskWords: 120,
  longInputTokens: 16_000,
  firstTokenBudgetMs: 3_000,
  minTokensForConfidence: 8,
  maxMeanEntropy: 2.5,
  minMeanTop2Gap: 0.2,
});

export interface RouterEnv {
  privacyMode: boolean;
  offline: boolean;
  /** A cloud provider is set up and selected. */
  providerReady: boolean;
  /** The student lets Locus suggest the cloud on its own (Privacy tab). */
  suggestions: boolean;
}

export type RouteDecision = { route: 'local'; why: string } | { route: 'propose-cloud'; reasons: RouteReason[] };

/** Why the cloud cannot be proposed now; null when it can. `explicit`: the student asked. */
export function cloudBlocked(env: RouterEnv, explicit: boolean): string | null {
  if (env.offline) return 'Offline mode is on: nothing leaves this device.';
  if (env.privacyMode) return 'Privacy mode is on: the cloud is off.';
  if (!env.providerReady) return 'No cloud provider is set up (Privacy → Cloud providers).';
  if (!explicit && !env.suggestions) return 'Suggestions of a bigger model are switched off.';
  return null;
}

function decision(env: RouterEnv, explicit: boolean, reasons: RouteReason[]): RouteDecision {
  const blocked = cloudBlocked(env, explicit);
  if (blocked) return { route: 'local', why: blocked };
  return reasons.length ? { route: 'propose-cloud', reasons } : { route: 'local', why: 'The local model can do this.' };
}

/** Asks that small local models do poorly: depth, analysis, comparison, design, proof. */
const COMPLEX_ASK =
  /\b(?:explain\b[^.?!\n]{0,30}?\b(?:in (?:more |great |full )?detail|thoroughly|in depth)|in[- ]depth|analy[sz]e|analysis|compare|comparison|contrast|design|evaluate|critique|prove|derive|step[- ]by[- ]step)\b/i;

export function complexAsk(ask: string): string | null {
  const m = COMPLEX_ASK.exec(ask);
  return m ? m[0] : null;
}

export interface RequestFacts {
  /** The student's own words (a question, an instruction); '' when the task has none. */
  ask: string;
  /** Characters of material (page, selection, notes) the task reads. */
  inputChars: number;
  /** The student pressed "Ask a bigger model". */
  explicit?: boolean;
  /** The task reads long material in parts on its own (the summary's map-reduce): length is no reason. */
  readsInParts?: boolean;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Rules on the request itself, before any local work. */
export function routeRequest(facts: RequestFacts, env: RouterEnv, policy: RouterPolicy = DEFAULT_POLICY): RouteDecision {
  const reasons: RouteReason[] = [];
  if (facts.explicit) reasons.push({ code: 'asked', message: 'You asked for a bigger model.', values: [] });
  const complex = complexAsk(facts.ask);
  if (complex)
    reasons.push({
      code: 'complex-ask',
      values: [complex.toLowerCase()],
      message: `Your request asks to "${complex.toLowerCase()}", which small local models often do poorly.`,
    });
  const n = words(facts.ask);
  if (n > policy.longAskWords)
    reasons.push({ code: 'long-ask', message: `Your request is long (${n.toLocaleString('en')} words).`, values: [n] });
  const tokens = Math.ceil(facts.inputChars / 4);
  if (tokens > policy.longInputTokens && !facts.readsInParts)
    reasons.push({ code: 'long-input', message: `The material is long (about ${tokens.toLocaleString('en')} tokens).`, values: [tokens] });
  return decision(env, Boolean(facts.explicit), reasons);
}

/** No first token after `elapsedMs`. */
export function routeSlowStart(elapsedMs: number, env: RouterEnv, policy: RouterPolicy = DEFAULT_POLICY): RouteDecision {
  const reasons: RouteReason[] =
    elapsedMs >= policy.firstTokenBudgetMs
      ? [
          {
            code: 'slow-first-token',
            message: `The local model wrote nothing for ${(elapsedMs / 1000).toFixed(0)} seconds.`,
            values: [Math.round(elapsedMs / 1000)],
          },
        ]
      : [];
  return decision(env, false, reasons);
}

export function lowConfidence(confidence: TokenConfidence | undefined, policy: RouterPolicy = DEFAULT_POLICY): boolean {
  if (!confidence || confidence.tokens < policy.minTokensForConfidence) return false;
  return confidence.meanEntropy > policy.maxMeanEntropy || confidence.meanTop2Gap < policy.minMeanTop2Gap;
}

/** After a local answer: the model was unsure of its tokens. */
export function routeConfidence(
  confidence: TokenConfidence | undefined,
  env: RouterEnv,
  policy: RouterPolicy = DEFAULT_POLICY,
): RouteDecision {
  const reasons: RouteReason[] = lowConfidence(confidence, policy)
    ? [
        {
          code: 'low-confidence',
          values: [Number(confidence!.meanEntropy.toFixed(2)), Number(confidence!.meanTop2Gap.toFixed(2))],
          message: `The local model was unsure of its answer (mean entropy ${confidence!.meanEntropy.toFixed(2)} nats, mean gap between its two likeliest tokens ${confidence!.meanTop2Gap.toFixed(2)}).`,
        },
      ]
    : [];
  return decision(env, false, reasons);
}

/** What the router reads of a task request: the student's words and the size of the material. */
export function requestFacts(request: object, explicit = false): RequestFacts {
  const r = request as Record<string, unknown>;
  let ask = '';
  for (const key of ['question', 'query', 'prompt', 'instruction', 'message']) {
    if (typeof r[key] === 'string') {
      ask = r[key] as string;
      break;
    }
  }
  return {
    ask,
    inputChars: Math.max(0, JSON.stringify(request).length - ask.length),
    explicit,
    readsInParts: r.kind === 'summarize',
  };
}
