/**
 * Student-facing settings: one typed record with defaults, validated on every read so a damaged or
 * older record falls back field by field instead of breaking the extension.
 */
import { z } from 'zod';
import { checkStudentIdPattern } from './student-id-pattern';
import type { LocusDatabase } from '../store/db';

export const DEVICE_CHOICES = ['auto', 'webgpu', 'wasm'] as const;
export type DeviceChoice = (typeof DEVICE_CHOICES)[number];

const hostSchema = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+/i.test(v), 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));

export const TASK_CLASSES = ['summarize', 'ask', 'library'] as const;
export type TaskClass = (typeof TASK_CLASSES)[number];
/** How names are found before a cloud request (see `nerRedaction`). */
export const NER_REDACTION_CHOICES = ['name-finder', 'name-finder+model'] as const;
export type NerRedactionChoice = (typeof NER_REDACTION_CHOICES)[number];
export const ENGINE_CHOICES = ['auto', 'transformers', 'llama-cpp', 'web-llm', 'chrome-ai'] as const;
export type EngineChoiceSetting = (typeof ENGINE_CHOICES)[number];

/** Bounds of `ocrPageLimit` (the schema checks them; Settings → Study tools says them). */
export const OCR_PAGE_LIMIT = { min: 1, max: 3000 } as const;

export const settingsSchema = z.object({
  modelHost: hostSchema,
  /** A catalog model id, or 'auto': the model recommended for this device. */
  chatModel: z.string().min(1),
  /** A different model per kind of task ('auto' or absent: the chat model). */
  taskModels: z.partialRecord(z.enum(TASK_CLASSES), z.string().min(1)),
  engine: z.enum(ENGINE_CHOICES),
  device: z.enum(DEVICE_CHOICES),
  /** Minutes without a request before the model is released from memory; 0 keeps it loaded. */
  idleUnloadMinutes: z
    .number()
    .min(0)
    .max(24 * 60),
  /** Cloud off, guaranteed: the network gate refuses every cloud request. */
  privacyMode: z.boolean(),
  /** Stricter: no request at all, model downloads included. */
  offline: z.boolean(),
  /** Language answers are written in (BCP 47); '' = the page's own language. */
  answerLanguage: z.string().max(35),
  /** The student's own language (BCP 47), first in "Translate to…"; '' = the browser's language. */
  studentLanguage: z.string().max(35),
  /** Show the small Locus toolbar next to a selection on web pages. */
  selectionButton: z.boolean(),
  /** The cloud provider proposals go to (lib/cloud/providers.ts); '' when none is chosen. */
  cloudProviderId: z.string().max(64),
  /** Locus may propose a bigger model on its own (long page, slow start, low confidence). */
  cloudSuggestions: z.boolean(),
  /** No first words from the local model after this long: propose a bigger model. */
  firstTokenBudgetMs: z.number().int().min(500).max(120_000),
  /** The school's student-ID format as a regular expression ('' = none), redacted before sending. */
  studentIdPattern: z
    .string()
    .max(300)
    .superRefine((v, ctx) => {
      // Valid, not matching empty text, and unable to backtrack catastrophically (it runs over whole pages).
      const check = v ? checkStudentIdPattern(v) : ({ ok: true } as const);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
    }),
  /**
   * How names, places and organizations are found before a cloud request: 'name-finder' (rules and
   * the on-device name finder, nothing to download) or 'name-finder+model' (also the catalog's NER
   * model, downloaded on first use). Records from before this choice stored a boolean.
   */
  nerRedaction: z.preprocess((v) => (v === true ? 'name-finder+model' : v === false ? 'name-finder' : v), z.enum(NER_REDACTION_CHOICES)),
  /**
   * Names, places and organizations of the page being studied (not in the student's own words, not
   * next to contact details) go to the cloud as written (lib/privacy/kept-names.ts); off: every name
   * is replaced.
   */
  keepPageNames: z.boolean(),
  /** The library's embedding model: a catalog id of an `embedding` model, or 'auto' (the catalog's default). */
  embeddingModel: z.string().min(1),
  /** Chunks embedded per model call when saving to the library (bigger batches suit GPUs). */
  embeddingBatchSize: z.number().int().min(1).max(64),
  /** Sites (host names) whose pages are saved to the library when opened with the panel open. */
  autoSaveSites: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(100),
  /** Spaced review: new cards introduced per review day (Anki's default: 20). */
  reviewNewPerDay: z.number().int().min(0).max(9999),
  /** Spaced review: answers to review cards per review day (Anki's default: 200). */
  reviewsPerDay: z.number().int().min(0).max(99_999),
  /** The number of cards due today on the extension's icon. */
  reviewBadge: z.boolean(),
  /** Scanned PDFs: pages read with OCR before Locus stops and asks (the student can raise it). */
  ocrPageLimit: z.number().int().min(OCR_PAGE_LIMIT.min).max(OCR_PAGE_LIMIT.max),
  /** Tesseract languages for OCR ('eng' ships with Locus; others are downloaded like a model). */
  ocrLanguages: z
    .array(z.string().regex(/^[a-z]{3}(?:_[a-z]+)?$/))
    .min(1)
    .max(4),
});
export type Settings = z.infer<typeof settingsSchema>;

function buildDefault(name: string): string | undefined {
  // Build-time defaults let a school mirror ship its own host; students can still change it.
  const env = (import.meta as { env?: Record<string, string | undefined> }).env;
  const value = env?.[name];
  return value && value.length > 0 ? value : undefined;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  modelHost: (buildDefault('WXT_LOCUS_MODEL_HOST') ?? 'https://huggingface.co').replace(/\/+$/, ''),
  chatModel: buildDefault('WXT_LOCUS_CHAT_MODEL') ?? 'auto',
  taskModels: {},
  engine: 'auto',
  device: 'auto',
  idleUnloadMinutes: 5,
  privacyMode: true,
  offline: false,
  answerLanguage: '',
  studentLanguage: '',
  selectionButton: true,
  cloudProviderId: '',
  cloudSuggestions: true,
  firstTokenBudgetMs: 3_000,
  studentIdPattern: '',
  nerRedaction: 'name-finder',
  keepPageNames: true,
  embeddingModel: buildDefault('WXT_LOCUS_EMBEDDING_MODEL') ?? 'auto',
  embeddingBatchSize: 8,
  autoSaveSites: [],
  reviewNewPerDay: 20,
  reviewsPerDay: 200,
  reviewBadge: true,
  ocrPageLimit: 20,
  ocrLanguages: ['eng'],
});

const SETTINGS_KEY = 'settings';

/** Keeps each stored field that is valid; anything else takes its default. */
export function normalizeSettings(stored: unknown): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const [key, fieldSchema] of Object.entries(settingsSchema.shape)) {
      const parsed = (fieldSchema as z.ZodType).safeParse((stored as Record<string, unknown>)[key]);
      if (parsed.success) out[key] = parsed.data;
    }
  }
  return settingsSchema.parse(out);
}

export async function loadSettings(db: LocusDatabase): Promise<Settings> {
  const row = await db.settings.get(SETTINGS_KEY);
  return normalizeSettings(row?.value);
}

/** Validates the change as a whole; an invalid value throws and nothing is written. */
export async function saveSettings(db: LocusDatabase, patch: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await loadSettings(db);
    const next = settingsSchema.parse({ ...current, ...patch });
    await db.settings.put({ key: SETTINGS_KEY, value: next });
    return next;
  });
}
