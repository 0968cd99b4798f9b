/**
 * What the engine worker shows the side panel before anything goes to a cloud provider: the
 * proposal the consent dialog renders. It carries the exact request body (and its SHA-256), never
 * the API key. Parsed on arrival like every other message of the engine port.
 */
import { z } from 'zod';
import { wordedNoticeSchema } from './notice-protocol';

export const ROUTE_REASON_CODES = [
  'asked',
  'complex-ask',
  'long-ask',
  'long-input',
  /** No longer proposed (map-reduce reads such a page); kept so older records still parse. */
  'context-too-long',
  'slow-first-token',
  'low-confidence',
] as const;
export type RouteReasonCode = (typeof ROUTE_REASON_CODES)[number];

/**
 * `message`: English (logs, tests); the panel words `code` with `values` (the student's phrase, a
 * count of words or tokens, seconds, the confidence figures) in the student's language.
 */
export const routeReasonSchema = z.object({
  code: z.enum(ROUTE_REASON_CODES),
  message: z.string(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});
export type RouteReason = z.infer<typeof routeReasonSchema>;

export const chatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const previewSegmentSchema = z.object({
  text: z.string(),
  /** Set on a placeholder: the entity it hides. */
  entity: z.string().optional(),
  /** Set on a placeholder: the value it hides (shown in the panel, never sent). */
  original: z.string().optional(),
  /** A name from the page being studied, left as written: `text` is sent as is, `entity` is its kind. */
  kept: z.literal(true).optional(),
});

/** What happened to the names of the page being studied (lib/privacy/kept-names.ts). */
export const PAGE_NAME_POLICIES = ['keep', 'hide-setting', 'hide-asked'] as const;

export const cloudProposalSchema = z.object({
  id: z.string().min(1),
  /** The feature asking ('summarize', 'ask'…), for the dialog's wording. */
  task: z.string(),
  /** Who asked: the student ("Ask a bigger model") or the router on its own. */
  trigger: z.enum(['student', 'router']),
  reasons: z.array(routeReasonSchema),
  provider: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['openai-compatible', 'ollama']),
    model: z.string(),
  }),
  /** The exact address the body goes to. */
  url: z.string(),
  /** The request's messages after redaction, as in `body`, cut into runs and placeholders. */
  messages: z.array(
    z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string(), segments: z.array(previewSegmentSchema) }),
  ),
  /** The exact request body, byte for byte what would be sent. */
  body: z.string(),
  bodyBytes: z.number().int().nonnegative(),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  tokens: z.object({
    prompt: z.number().int().nonnegative(),
    maxOutput: z.number().int().nonnegative(),
    /** How `prompt` was counted: a local tokenizer (named) or an estimate of 4 characters per token. */
    countedWith: z.string(),
  }),
  cost: z.object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    promptUsd: z.number().nonnegative(),
    maxUsd: z.number().nonnegative(),
  }),
  /** Redactions per entity (only those found). */
  redactions: z.record(z.string(), z.number().int().nonnegative()),
  /** What the redaction covered and what it could not, in words for the student. */
  redactionNote: z.string(),
  /**
   * Names, places and organizations left as written because they are part of the page being
   * studied (not in the student's own words, not next to contact details), with how often each is
   * in the request.
   */
  kept: z.array(z.object({ entity: z.string(), value: z.string(), count: z.number().int().positive() })),
  /**
   * 'keep': page names may be kept (those kept are in `kept`); 'hide-setting': Privacy says to
   * replace them all; 'hide-asked': the student asked to replace them for this request.
   */
  pageNames: z.enum(PAGE_NAME_POLICIES),
  /** Which recognizers ran: the rules ('patterns'), the on-device name finder, the NER model. */
  recognizers: z.array(z.enum(['patterns', 'name-finder', 'ner-model'])),
  /** Host name of the page the request is about ('' when none). */
  site: z.string(),
  /** "Always allow for this site" covers this request already (only ever for the student's own requests). */
  standing: z.boolean(),
  /** Things the student should know (the page was cut to fit…). */
  notes: z.array(wordedNoticeSchema),
});
export type CloudProposal = z.infer<typeof cloudProposalSchema>;
