/**
 * The one message protocol between Locus's contexts. Every message is described here once, as a
 * zod schema, and parsed on arrival: a context never trusts a shape it did not check.
 *
 *   content script ──(ContentToBackground)──▶ background ◀──(PanelToBackground)── side panel
 *   background ──(BackgroundToContent)──▶ content script
 *   offscreen ──(OffscreenToBackground)──▶ background
 *   side panel ◀══(engine port: EngineClientMessage / EngineHostMessage)══▶ offscreen
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';

export const errorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

/** Long enough for a whole book chapter; beyond this the capture is cut and says so. */
export const MAX_CAPTURE_CHARS = 2_000_000;
export const MAX_SELECTION_CHARS = 50_000;

export const capturedPageSchema = z.object({
  url: z.string(),
  title: z.string(),
  /** BCP 47 language tag of the page when it declares one, else '' (unknown). */
  lang: z.string(),
  dir: z.enum(['ltr', 'rtl']),
  text: z.string().max(MAX_CAPTURE_CHARS),
  source: z.enum(['readability', 'body', 'pdf']),
  truncated: z.boolean(),
  /** Characters of text before any cut. */
  originalLength: z.number().int().nonnegative(),
  /** Child frames whose text was added after the main document's. */
  framesIncluded: z.number().int().nonnegative(),
});
export type CapturedPage = z.infer<typeof capturedPageSchema>;

export const selectionSchema = z.object({
  text: z.string().max(MAX_SELECTION_CHARS),
  /** The section of the page around the selection (its heading and neighbouring paragraphs). */
  context: z.string().max(20_000),
  /** The selection was inside a text field (its content is the student's own input). */
  inEditable: z.boolean(),
  /** Characters selected before any cut to MAX_SELECTION_CHARS. */
  originalLength: z.number().int().nonnegative(),
});
export type PageSelection = z.infer<typeof selectionSchema>;

export const SELECTION_ACTIONS = ['explain', 'define', 'simplify', 'translate', 'ask', 'hint'] as const;
export type SelectionAction = (typeof SELECTION_ACTIONS)[number];

// ── content script → background ────────────────────────────────────────────────────────────────
export const contentToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('selection.action'), action: z.enum(SELECTION_ACTIONS), selection: selectionSchema }),
]);
export type ContentToBackground = z.infer<typeof contentToBackgroundSchema>;

// ── background → content script ────────────────────────────────────────────────────────────────
export const backgroundToContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capture.page') }),
  z.object({ type: z.literal('capture.selection') }),
]);
export type BackgroundToContent = z.infer<typeof backgroundToContentSchema>;

// ── side panel → background ────────────────────────────────────────────────────────────────────
export const panelToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('engine.ensure') }),
  z.object({ type: z.literal('page.target') }),
  z.object({ type: z.literal('page.capture'), tabId: z.number().int() }),
]);
export type PanelToBackground = z.infer<typeof panelToBackgroundSchema>;

export const targetPageSchema = z.object({
  tabId: z.number().int(),
  url: z.string(),
  title: z.string(),
});
export type TargetPage = z.infer<typeof targetPageSchema>;

/** What each panel request answers with. */
export const panelResponseSchemas = {
  'engine.ensure': z.object({ created: z.boolean() }),
  'page.target': targetPageSchema.nullable(),
  'page.capture': capturedPageSchema,
} satisfies Record<PanelToBackground['type'], z.ZodType>;

// ── offscreen → background ─────────────────────────────────────────────────────────────────────
export const offscreenToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offscreen.ready') }),
  /** The engine host has been idle for its idle time and asks to be closed. */
  z.object({ type: z.literal('offscreen.idle') }),
]);
export type OffscreenToBackground = z.infer<typeof offscreenToBackgroundSchema>;

/** Every runtime message any context may send to the background. */
export const backgroundInboxSchema = z.union([
  contentToBackgroundSchema,
  panelToBackgroundSchema,
  offscreenToBackgroundSchema,
]);
export type BackgroundInbox = z.infer<typeof backgroundInboxSchema>;

/** Replies never throw across a context boundary: they carry the outcome. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof errorInfoSchema> };
export function replySchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorInfoSchema }),
  ]);
}
