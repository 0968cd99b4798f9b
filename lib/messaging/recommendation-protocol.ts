/**
 * The device recommendation as facts, not a sentence: the engine host (which has no i18n API)
 * sends what it found, and the panel words it in the student's language
 * (lib/panel/recommendation-words.ts).
 */
import { z } from 'zod';

export const recommendationWhySchema = z.object({
  /** A real graphics chip, only a software one, or none Locus can use. */
  gpu: z.enum(['gpu', 'software', 'none']),
  /** The graphics chip has 16-bit support (WebGPU's shader-f16). */
  f16: z.boolean(),
  cores: z.number().int().nonnegative(),
  /** navigator.deviceMemory (8 means "8 or more"); null when unknown. */
  memoryGB: z.number().nonnegative().nullable(),
  /** The model's short name ("SmolLM2 135M"). */
  model: z.string(),
  /** Nothing to download (Chrome's model), an exact size, or an estimate (web-llm). */
  download: z.enum(['none', 'exact', 'about']),
  /** Runs on this computer's processor. */
  onCpu: z.boolean(),
  bytes: z.number().nonnegative(),
});
export type RecommendationWhy = z.infer<typeof recommendationWhySchema>;

/** Why storage limited the recommendation. */
export const storageWarningSchema = z.discriminatedUnion('code', [
  /** Too little free for `model`, a better choice: the recommendation is a smaller one. */
  z.object({ code: z.literal('too-little-for'), freeBytes: z.number().nonnegative(), model: z.string() }),
  /** Even the smallest model (`bytes`) may not fit. */
  z.object({ code: z.literal('smallest-may-not-fit'), freeBytes: z.number().nonnegative(), bytes: z.number().nonnegative() }),
]);
export type StorageWarning = z.infer<typeof storageWarningSchema>;
