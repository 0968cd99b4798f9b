/**
 * A run's notices as codes with their values: the engine host (which has no i18n API) says what
 * happened, and the panel words it in the student's language (lib/panel/notice-text.ts). Counts
 * travel as numbers so the panel writes them in that language too.
 */
import { z } from 'zod';
import { errorInfoSchema } from './protocol';

const count = z.number().int().nonnegative();
/** Flashcards or quiz questions, from the selection or the page. */
const cardsSource = { quiz: z.boolean(), fromSelection: z.boolean() };

export const noticeSchema = z.discriminatedUnion('code', [
  /** The model writes at most `count` cards per run. */
  z.object({ code: z.literal('cards-per-run'), model: z.string(), count, ...cardsSource }),
  /** A long source: the cards come from `parts` parts spread over it. */
  z.object({ code: z.literal('cards-spread'), parts: count, ...cardsSource }),
  /** A long selection: the model read its beginning (`words` of it, `readWords` read). */
  z.object({ code: z.literal('selection-cut'), model: z.string(), words: count, readWords: count, translate: z.boolean() }),
  /** A long conversation: the model reads the last `messages` with the question. */
  z.object({ code: z.literal('chat-history-cut'), messages: count, window: count }),
  /** A long problem: the hint is on its beginning. */
  z.object({ code: z.literal('hint-problem-cut'), words: count, readWords: count }),
  /** Sentences of a hint that gave the answer away were held back. */
  z.object({ code: z.literal('hint-held-back'), sentences: count }),
  /** A page too long for the model: the summary covers its first `parts` parts (`percent` of it). */
  z.object({ code: z.literal('summary-first-parts'), model: z.string(), parts: count, percent: count }),
  /** The notes could not all be combined: the summary covers the first parts. */
  z.object({ code: z.literal('summary-combine-cut') }),
  /** Library search by words only: the embedding model failed with `error`. */
  z.object({ code: z.literal('library-words-only'), error: errorInfoSchema }),
  /** The model's window holds only the beginning of source [1]. */
  z.object({ code: z.literal('library-source-cut'), model: z.string() }),
  /** The model's window holds `used` of the `found` relevant passages. */
  z.object({ code: z.literal('library-passages-cut'), model: z.string(), used: count, found: count }),
  /** The GPU stopped during this task: it starts again on the CPU. */
  z.object({ code: z.literal('gpu-lost-restart') }),
  /** The GPU stopped earlier: this task runs on the CPU. */
  z.object({ code: z.literal('gpu-lost-earlier') }),
  /** WebGPU was chosen in settings, but this browser has none. */
  z.object({ code: z.literal('no-webgpu') }),
  /** The consent dialog: only the first `sent` of `total` characters of a long page would be sent. */
  z.object({ code: z.literal('cloud-page-cut'), model: z.string(), sent: count, total: count }),
  /** The consent dialog: the student edited the text to send. */
  z.object({ code: z.literal('cloud-edited') }),
]);
export type Notice = z.infer<typeof noticeSchema>;
export type NoticeCode = Notice['code'];

/** A notice with its English sentence (logs), where it travels outside a task's events. */
export const wordedNoticeSchema = z.object({ message: z.string(), notice: noticeSchema });
export type WordedNotice = z.infer<typeof wordedNoticeSchema>;
