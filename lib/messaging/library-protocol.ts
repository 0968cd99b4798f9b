/**
 * The library's part of the engine protocol (lib/messaging/engine-protocol.ts imports these): save a
 * page, ask across the library (tasks: they stream), and list, status, delete, pause/resume,
 * export/import (RPCs). Parsed at both ends like every other message.
 */
import { z } from 'zod';
import { errorInfoSchema } from './protocol';

const MAX_TEXT = 2_000_000;

export const librarySearchFilterSchema = z.object({
  courses: z.array(z.string().max(200)).max(100).optional(),
  tags: z.array(z.string().max(100)).max(100).optional(),
  sites: z.array(z.string().max(300)).max(100).optional(),
  pageIds: z.array(z.string().max(100)).max(10_000).optional(),
});
export type LibrarySearchFilter = z.infer<typeof librarySearchFilterSchema>;

export const libraryPageInputSchema = z.object({
  url: z.string().max(8192),
  title: z.string().max(2000),
  lang: z.string().max(50),
  text: z.string().max(MAX_TEXT),
  kind: z.enum(['web', 'pdf']),
  /** PDFs: where each page starts in `text`, when the capture knows (citations then open #page=N). */
  pageStarts: z.array(z.number().int().nonnegative()).max(100_000).optional(),
  /**
   * The text was read by OCR, is a video's transcript, or is a note: a study thread card's text kept
   * under its page's address (shown as such in the library).
   */
  textOrigin: z.enum(['ocr', 'transcript', 'note']).optional(),
  /** A video's transcript: citations then open the video at the passage's time. */
  video: z
    .object({
      platform: z.enum(['youtube', 'html5']),
      marks: z.array(z.object({ at: z.number().int().nonnegative(), t: z.number().nonnegative() })).max(200_000),
    })
    .optional(),
});

export const librarySaveRequestSchema = z.object({
  kind: z.literal('library.save'),
  page: libraryPageInputSchema,
  course: z.string().trim().max(200),
  tags: z.array(z.string().trim().min(1).max(100)).max(50),
});

export const libraryAskRequestSchema = z.object({
  kind: z.literal('library.ask'),
  question: z.string().trim().min(1).max(4000),
  filter: librarySearchFilterSchema,
});

/** A passage of a library answer as its card keeps it: what the model was given, and where from. */
export const keptPassageSchema = z.object({
  title: z.string().max(2000),
  url: z.string().max(8192),
  /** Which part of the page: its heading path. */
  headings: z.array(z.string().max(2000)).max(50),
  text: z.string().max(200_000),
});

/**
 * A library answer's question asked again of the passages its card kept (lib/panel/library-question.ts):
 * proposed to a bigger model in the cloud only, never run on the device (the device already answered it).
 */
export const libraryQuestionRequestSchema = z.object({
  kind: z.literal('library.question'),
  question: z.string().trim().min(1).max(4000),
  /** The language the answer was asked in ('' : the passages' own). */
  outputLanguage: z.string().max(50),
  /** Numbered from 1 in this order, as the card's citations are. */
  passages: z.array(keptPassageSchema).min(1).max(20),
});

/**
 * Follows the library's loading and embedding progress: the worker sends `library.status` events as
 * it changes, and ends the task when there is nothing left to do (or the panel stops following).
 */
export const libraryFollowRequestSchema = z.object({ kind: z.literal('library.follow') });

/** A passage an answer may cite, with everything the panel needs to open it. */
export const librarySourceSchema = z.object({
  /** Its number in the answer: [n]. */
  n: z.number().int().positive(),
  chunkId: z.string(),
  pageId: z.string(),
  title: z.string(),
  url: z.string(),
  kind: z.enum(['web', 'pdf']),
  headings: z.array(z.string()),
  /** The passage as saved (what is highlighted). */
  text: z.string(),
  /** The passage as the model was given it, when it was cut to fit the model's window (else `text`). */
  given: z.string().optional(),
  /** [start, end) in the saved page text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The page URL that opens scrolled to the passage (text fragment, or #page=N for PDFs). */
  citationUrl: z.string(),
  /** PDFs with page breaks in their text: the page the passage starts on. */
  pdfPage: z.number().int().positive().nullable(),
  /** A video's transcript: when the passage is said (seconds), to seek the player there. */
  seconds: z.number().nonnegative().nullable().optional(),
  /** Lexical coverage of the question in this passage (0..1) and its cosine when known. */
  coverage: z.number(),
  cosine: z.number().nullable(),
});
export type LibrarySource = z.infer<typeof librarySourceSchema>;

export const libraryPageSummarySchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  course: z.string(),
  tags: z.array(z.string()),
  site: z.string(),
  kind: z.enum(['web', 'pdf']),
  savedAt: z.number(),
  chars: z.number(),
  totalChunks: z.number(),
  embeddedChunks: z.number(),
  embeddingModel: z.string(),
  /** 'ocr', 'transcript' or 'note' when the text is not the page's own (the library marks it). */
  textOrigin: z.enum(['ocr', 'transcript', 'note']).optional(),
});
export type LibraryPageSummary = z.infer<typeof libraryPageSummarySchema>;

export const libraryStatusSchema = z.object({
  /** Loading the indexes from IndexedDB (first use after the engine host started). */
  loading: z.object({ stage: z.enum(['pages', 'words', 'vectors']), done: z.number(), total: z.number() }).nullable(),
  embedding: z.object({
    state: z.enum(['idle', 'running', 'paused', 'error']),
    pageId: z.string().nullable(),
    title: z.string(),
    done: z.number(),
    total: z.number(),
    pending: z.number(),
    error: errorInfoSchema.nullable(),
    last: z
      .object({
        pageId: z.string(),
        chunks: z.number(),
        ms: z.number(),
        embedMs: z.number(),
        batchSize: z.number(),
        modelId: z.string(),
        device: z.string(),
        dtype: z.string(),
      })
      .nullable(),
  }),
  embeddingModel: z.string(),
});
export type LibraryStatus = z.infer<typeof libraryStatusSchema>;

export const libraryEventSchemas = [
  z.object({ kind: z.literal('library.saved'), pageId: z.string(), chunks: z.number().int().nonnegative(), replaced: z.boolean() }),
  /** Before an answer: what it may cite. found false: nothing relevant, and no model is asked. */
  z.object({ kind: z.literal('library.sources'), found: z.boolean(), sources: z.array(librarySourceSchema) }),
  /** The library's loading and embedding progress, pushed to a panel that follows it (`library.follow`). */
  z.object({ kind: z.literal('library.status'), status: libraryStatusSchema }),
] as const;

export const libraryListingSchema = z.object({
  pages: z.array(libraryPageSummarySchema),
  /** Pages matching the query and filters (the list may be cut to `limit`). */
  matching: z.number(),
  facets: z.object({ courses: z.array(z.string()), tags: z.array(z.string()), sites: z.array(z.string()) }),
  /** Rows in IndexedDB, and the library's approximate size there. */
  totals: z.object({ pages: z.number(), chunks: z.number(), vectors: z.number(), bytes: z.number() }),
  /** Everything this extension stores (models included), as the browser counts it. */
  storage: z.object({ usage: z.number(), quota: z.number() }).nullable(),
  status: libraryStatusSchema,
});
export type LibraryListing = z.infer<typeof libraryListingSchema>;

export const libraryRpcSchemas = [
  z.object({
    method: z.literal('library.list'),
    query: z.string().max(1000).optional(),
    filter: librarySearchFilterSchema.optional(),
    limit: z.number().int().positive().max(10_000).optional(),
  }),
  z.object({ method: z.literal('library.status') }),
  z.object({ method: z.literal('library.lookup'), url: z.string().max(8192) }),
  z.object({ method: z.literal('library.delete'), pageIds: z.array(z.string()).min(1).max(10_000) }),
  z.object({ method: z.literal('library.pause') }),
  z.object({ method: z.literal('library.resume') }),
  /** Writes the library as JSON to a file in the origin-private file system; the panel downloads it. */
  z.object({ method: z.literal('library.export') }),
  /** Reads a library JSON the panel put in the origin-private file system, checks it, adds it. */
  z.object({ method: z.literal('library.import'), file: z.string().regex(/^[\w.-]{1,200}$/) }),
] as const;

export const libraryRpcResultSchemas = {
  'library.list': libraryListingSchema,
  'library.status': libraryStatusSchema,
  'library.lookup': libraryPageSummarySchema.nullable(),
  'library.delete': z.object({ pages: z.number(), chunks: z.number(), vectors: z.number() }),
  'library.pause': libraryStatusSchema,
  'library.resume': libraryStatusSchema,
  'library.export': z.object({ directory: z.string(), file: z.string(), bytes: z.number(), pages: z.number() }),
  'library.import': z.object({ pages: z.number(), chunks: z.number(), vectors: z.number(), replaced: z.number() }),
};

/** OPFS folder where exports are written and imports are handed over. */
export const LIBRARY_FILES_DIR = 'locus-library-files';

/** Panel → content script of a tab it opened on a citation: find the passage on the live page and highlight it. */
export const citationHighlightRequestSchema = z.object({
  type: z.literal('citation.highlight'),
  passage: z.string().min(1).max(20_000),
});
export type CitationHighlightRequest = z.infer<typeof citationHighlightRequestSchema>;

export const citationHighlightResultSchema = z.object({
  found: z.boolean(),
  /** The passage is on the page word for word (else: the densest match of its word trigrams). */
  exact: z.boolean(),
  similarity: z.number(),
});
export type CitationHighlightResult = z.infer<typeof citationHighlightResultSchema>;
