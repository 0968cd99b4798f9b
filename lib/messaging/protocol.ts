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
import { fetchGrantSchema } from './fetch-grant-protocol';
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

export const SELECTION_ACTIONS = ['explain', 'define', 'simplify', 'translate', 'ask', 'hint', 'quiz'] as const;
export type SelectionAction = (typeof SELECTION_ACTIONS)[number];

/** A frame's answer to `capture.selection`: its selection with the frame's own page facts. */
export const frameSelectionSchema = z.object({
  selection: selectionSchema,
  url: z.string(),
  title: z.string(),
  lang: z.string(),
  /** The frame's document has the focus (the selection the student is looking at). */
  focused: z.boolean(),
});
export type FrameSelection = z.infer<typeof frameSelectionSchema>;

/** Why a selection action has no selection to work on. */
export const SELECTION_PROBLEMS = ['empty', 'pdf', 'unreachable', 'restricted'] as const;

/**
 * A selection action the background hands to the side panel (which may not be open yet): kept in
 * session storage until the panel takes it.
 */
export const pendingActionSchema = z.object({
  id: z.string(),
  action: z.enum(SELECTION_ACTIONS),
  /** 'translate': the language to translate into (BCP 47); '' otherwise. */
  targetLanguage: z.string(),
  selection: selectionSchema.nullable(),
  problem: z.enum(SELECTION_PROBLEMS).nullable(),
  page: z.object({ tabId: z.number().int(), url: z.string(), title: z.string(), lang: z.string() }),
  /** Where the selection was: the top document or an embedded frame (same site or another). */
  frame: z.object({ top: z.boolean(), url: z.string(), crossOrigin: z.boolean() }),
  /** How the student asked: the context menu, the keyboard shortcut, or the button on the page. */
  via: z.enum(['menu', 'shortcut', 'button']),
  createdAt: z.number(),
});
export type PendingAction = z.infer<typeof pendingActionSchema>;

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
  /** Takes (and clears) the selection action waiting for the panel. */
  z.object({ type: z.literal('selection.take') }),
  /** The student's current selection in a tab (for hints and cards on a selection). */
  z.object({ type: z.literal('page.selection'), tabId: z.number().int() }),
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
  'selection.take': pendingActionSchema.nullable(),
  'page.selection': z.object({
    selection: frameSelectionSchema.nullable(),
    problem: z.enum(SELECTION_PROBLEMS).nullable(),
    crossOrigin: z.boolean(),
  }),
} satisfies Record<PanelToBackground['type'], z.ZodType>;

// ── background → side panel ────────────────────────────────────────────────────────────────────
/** A wake-up call only: the panel then asks the background (`selection.take`) for the data. */
export const backgroundToPanelSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('selection.pending') })]);
export type BackgroundToPanel = z.infer<typeof backgroundToPanelSchema>;

// ── background → offscreen document ────────────────────────────────────────────────────────────
/** Reads the text of the PDF at `url` (the tab's own address), answered with a CapturedPage. */
export const backgroundToOffscreenSchema = z.discriminatedUnion('type', [
  /** `grant`: the background's grant for the tab the student asked about (lib/privacy/fetch-grant.ts). */
  z.object({ type: z.literal('pdf.extract'), url: z.string().min(1), grant: fetchGrantSchema }),
]);
export type BackgroundToOffscreen = z.infer<typeof backgroundToOffscreenSchema>;

// ── offscreen → background ─────────────────────────────────────────────────────────────────────
export const offscreenToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offscreen.ready') }),
  /** The engine host has been idle for its idle time and asks to be closed. */
  z.object({ type: z.literal('offscreen.idle') }),
]);
export type OffscreenToBackground = z.infer<typeof offscreenToBackgroundSchema>;

/** Every runtime message any context may send to the background. */
export const backgroundInboxSchema = z.union([contentToBackgroundSchema, panelToBackgroundSchema, offscreenToBackgroundSchema]);
export type BackgroundInbox = z.infer<typeof backgroundInboxSchema>;

/** Replies never throw across a context boundary: they carry the outcome. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof errorInfoSchema> };
export function replySchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: errorInfoSchema })]);
}
