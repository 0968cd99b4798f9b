/**
 * What every request records on the device, for the student's own Insights page: which task, which
 * engine and model, how fast, how many tokens, whether it ran locally or in the cloud, whether the
 * cloud was proposed or declined, and how it ended. Figures only: never the page text, the prompt
 * or the answer.
 *
 * Records are data that outlive the code that wrote them (they are read back from IndexedDB by a
 * later version), so they are parsed with `requestRecordSchema` wherever they cross a boundary.
 */
import { z } from 'zod';
import type { Device, GenerationStats } from '../messaging/engine-protocol';

export const TASK_KINDS = ['summarize', 'explain', 'define', 'simplify', 'translate', 'ask', 'hint', 'quiz', 'chat', 'library'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const RECORD_ENGINES = ['transformers', 'llama-cpp', 'web-llm', 'chrome-ai', 'cloud'] as const;
export type RecordEngine = (typeof RECORD_ENGINES)[number];

/** The engine devices, plus 'cloud' for requests answered by the cloud endpoint. */
export const RECORD_DEVICES = ['webgpu', 'wasm', 'cpu', 'browser', 'cloud'] as const;
export type RecordDevice = (typeof RECORD_DEVICES)[number];

export const OUTCOMES = ['done', 'cancelled', 'error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PLACES = ['local', 'cloud'] as const;
export type Place = (typeof PLACES)[number];

const count = z.number().int().nonnegative();
const duration = z.number().nonnegative();

export const requestRecordSchema = z
  .object({
    id: z.string().min(1),
    /** When the request started: milliseconds since the Unix epoch (an instant; days are derived per time zone). */
    time: z.number().int().nonnegative(),
    task: z.enum(TASK_KINDS),
    engine: z.enum(RECORD_ENGINES),
    modelId: z.string().min(1),
    device: z.enum(RECORD_DEVICES),
    /** Prompt tokens, counted by the answering model's own tokenizer. */
    tokensIn: count,
    tokensOut: count,
    /** From the request to the first text shown to the student. */
    ttftMs: duration,
    /** Decode speed after the first token; 0 when there was nothing to measure (one token or none). */
    tokensPerSecond: duration,
    totalMs: duration,
    where: z.enum(PLACES),
    /** Locus proposed sending this request to the cloud (the student saw what would leave the device). */
    cloudProposed: z.boolean(),
    /** The student said no to that proposal. */
    cloudDeclined: z.boolean(),
    outcome: z.enum(OUTCOMES),
  })
  .superRefine((r, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const cloudEngine = r.engine === 'cloud';
    if (cloudEngine !== (r.where === 'cloud')) issue('engine "cloud" and where "cloud" go together');
    if (cloudEngine !== (r.device === 'cloud')) issue('engine "cloud" and device "cloud" go together');
    if (r.cloudDeclined && !r.cloudProposed) issue('the cloud cannot be declined without being proposed');
    // The cloud is only ever a proposal the student accepts (DESIGN: "Where things run").
    if (r.where === 'cloud' && (!r.cloudProposed || r.cloudDeclined)) issue('a cloud request needs an accepted proposal');
  });
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/** What the caller knows about a request besides the engine's figures. */
export interface RequestContext {
  id: string;
  /** Start of the request, ms since the epoch. */
  time: number;
  task: TaskKind;
  engine: RecordEngine;
  /** Defaults: a cloud request was proposed (and accepted); a local one was not proposed. */
  cloudProposed?: boolean;
  cloudDeclined?: boolean;
}

/** A record's id: the request's start (base 36) and a random tail; unique enough on one device. */
export function newRecordId(time: number): string {
  return `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function placeOf(engine: RecordEngine): Place {
  return engine === 'cloud' ? 'cloud' : 'local';
}

type Figures = Pick<RequestRecord, 'tokensIn' | 'tokensOut' | 'ttftMs' | 'tokensPerSecond' | 'totalMs'>;

/** A record from the context, the model and the figures; the cloud flags default from where it ran. */
function buildRecord(
  context: RequestContext,
  model: { modelId: string; device: Device | 'cloud' },
  figures: Figures,
  outcome: Outcome,
): RequestRecord {
  const where = placeOf(context.engine);
  return requestRecordSchema.parse({
    id: context.id,
    time: context.time,
    task: context.task,
    engine: context.engine,
    modelId: model.modelId,
    device: where === 'cloud' ? 'cloud' : model.device,
    ...figures,
    where,
    cloudProposed: context.cloudProposed ?? where === 'cloud',
    cloudDeclined: context.cloudDeclined ?? false,
    outcome,
  } satisfies RequestRecord);
}

/**
 * The record of a request that produced a `done` event (or was stopped after one). Token counts
 * cover every generation of the task (a page summarized map-reduce makes many) when the stats
 * carry them (`allPromptTokens`), else the final generation's.
 * Throws (a ZodError) when the context contradicts itself, e.g. a cloud request never proposed.
 */
export function recordFromStats(stats: GenerationStats, context: RequestContext, outcome: Outcome = 'done'): RequestRecord {
  return buildRecord(
    context,
    stats,
    {
      tokensIn: stats.allPromptTokens ?? stats.promptTokens,
      tokensOut: stats.allOutputTokens ?? stats.outputTokens,
      ttftMs: stats.ttftMs,
      tokensPerSecond: stats.tokensPerSecond,
      totalMs: stats.totalMs,
    },
    outcome,
  );
}

/**
 * The record of a request that ended before any figures came back (cancelled, or an error):
 * whatever was measured is passed in `partial`, everything else counts as zero.
 */
export function recordWithoutStats(
  context: RequestContext & { modelId: string; device: Device | 'cloud' },
  outcome: Exclude<Outcome, 'done'>,
  partial: Partial<Pick<RequestRecord, 'tokensIn' | 'tokensOut' | 'ttftMs' | 'totalMs'>> = {},
): RequestRecord {
  const figures = {
    tokensIn: partial.tokensIn ?? 0,
    tokensOut: partial.tokensOut ?? 0,
    ttftMs: partial.ttftMs ?? 0,
    tokensPerSecond: 0,
    totalMs: partial.totalMs ?? 0,
  };
  return buildRecord(context, context, figures, outcome);
}
