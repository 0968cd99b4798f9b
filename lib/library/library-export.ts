/**
 * The library as one JSON file, and back. Everything the library stores is in it: each page's
 * metadata and text, its chunks (offsets, heading paths, token counts; their text is the page text
 * between the offsets, written out only if it ever differs), its int8 vectors per embedding model
 * (base64, with their scales) and each model's int8 center, so an import needs no re-embedding and
 * loses nothing: export → import into an empty library → export gives the same file.
 *
 * An import is checked in full with zod (shapes, offsets inside the text, vector sizes) before
 * anything is written, then written in one transaction: a bad file changes nothing. Imported pages
 * replace pages with the same id or URL. Vectors made with another center for the same model are
 * re-quantized to this library's center (rounding only; nothing re-embedded).
 */
import { z } from 'zod';
import { LocusError } from '../errors';
import type { ChunkRow, VectorRow } from '../store/db';
import { DenseIndex } from '../search/dense-index';
import { centerKey, type CenterRow } from './library-index';
import { chunkId, type LibraryStore, type PageMeta } from './library-store';
import { isImportablePageUrl } from './page-url';

export const EXPORT_FORMAT = 'locus-library';
export const EXPORT_VERSION = 1;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const chunkSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  headings: z.array(z.string()),
  tokens: z.number().int().nonnegative(),
  /** Only when it is not the page text between the offsets. */
  text: z.string().optional(),
});

const vectorsSchema = z.object({
  model: z.string().min(1),
  /** Chunk positions (0-based) these vectors belong to, in order. */
  chunks: z.array(z.number().int().nonnegative()),
  scales: z.array(z.number().finite()),
  /** chunks.length × dims int8 values, base64. */
  data: z.string(),
});

const pageSchema = z.object({
  id: z.string().min(1).max(200),
  url: z
    .string()
    .max(8192)
    .refine(isImportablePageUrl, "a page's address is not one Locus opens: it imports only http(s) and file addresses"),
  title: z.string(),
  lang: z.string(),
  course: z.string(),
  tags: z.array(z.string()),
  site: z.string(),
  kind: z.enum(['web', 'pdf']),
  savedAt: z.number().finite(),
  embeddedChunks: z.number().int().nonnegative(),
  embeddingModel: z.string(),
  text: z.string(),
  chunks: z.array(chunkSchema),
  vectors: z.array(vectorsSchema),
  /** Added with issue 16 (older files have none): where the text came from, a video's times. */
  textOrigin: z.enum(['ocr', 'transcript', 'note']).optional(),
  video: z
    .object({
      platform: z.enum(['youtube', 'html5']),
      marks: z.array(z.object({ at: z.number().int().nonnegative(), t: z.number().nonnegative() })),
    })
    .optional(),
  pageStarts: z.array(z.number().int().nonnegative()).optional(),
});

export const libraryFileSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.number(),
    embeddings: z.array(
      z.object({ model: z.string().min(1), dims: z.number().int().positive().max(8192), center: z.array(z.number().finite()) }),
    ),
    pages: z.array(pageSchema),
  })
  .superRefine((file, ctx) => {
    const dims = new Map(file.embeddings.map((e) => [e.model, e.dims]));
    for (const e of file.embeddings)
      if (e.center.length !== e.dims)
        ctx.addIssue({ code: 'custom', message: `the center of ${e.model} has ${e.center.length} numbers, not ${e.dims}` });
    const ids = new Set<string>();
    file.pages.forEach((page, p) => {
      const where = `page ${p + 1} (${page.title || page.url})`;
      if (ids.has(page.id)) ctx.addIssue({ code: 'custom', message: `${where}: id ${page.id} appears twice` });
      ids.add(page.id);
      if (page.embeddedChunks > page.chunks.length) ctx.addIssue({ code: 'custom', message: `${where}: more chunks embedded than it has` });
      page.chunks.forEach((c, i) => {
        if (c.end < c.start || c.end > page.text.length)
          ctx.addIssue({ code: 'custom', message: `${where}: chunk ${i + 1} lies outside the page text` });
      });
      for (const v of page.vectors) {
        const d = dims.get(v.model);
        if (d === undefined) {
          ctx.addIssue({ code: 'custom', message: `${where}: vectors of ${v.model}, which the file does not describe` });
          continue;
        }
        if (v.scales.length !== v.chunks.length)
          ctx.addIssue({ code: 'custom', message: `${where}: ${v.model} vectors and scales differ in number` });
        if (v.chunks.some((c) => c >= page.chunks.length))
          ctx.addIssue({ code: 'custom', message: `${where}: a vector belongs to no chunk` });
        const bytes = Math.floor((v.data.replace(/=+$/, '').length * 3) / 4);
        if (bytes !== v.chunks.length * d)
          ctx.addIssue({ code: 'custom', message: `${where}: ${v.model} vectors hold ${bytes} values, not ${v.chunks.length * d}` });
      }
    });
  });
export type LibraryFile = z.infer<typeof libraryFileSchema>;
type FilePage = LibraryFile['pages'][number];

/** The fields a page has alike in the store and in the file, for both directions. */
function sharedFields(page: PageMeta | FilePage) {
  const { id, url, title, lang, course, site, kind, savedAt, embeddedChunks, embeddingModel } = page;
  return { id, url, title, lang, course, tags: [...page.tags], site, kind, savedAt, embeddedChunks, embeddingModel };
}

/** The fields only some pages have (issue 16: where the text came from, a video's times; a PDF's page starts). */
function optionalFields(page: PageMeta | FilePage) {
  return {
    ...(page.textOrigin ? { textOrigin: page.textOrigin } : {}),
    ...(page.video ? { video: page.video } : {}),
    ...(page.pageStarts?.length ? { pageStarts: page.pageStarts } : {}),
  };
}

async function exportPage(store: LibraryStore, page: PageMeta): Promise<FilePage> {
  const text = (await store.pageText(page.id)) ?? '';
  const chunks = await store.db.chunks.where('pageId').equals(page.id).toArray();
  const position = (row: { chunkId?: string; id?: string }) => Number((row.chunkId ?? row.id ?? '').slice(page.id.length + 1));
  chunks.sort((a, b) => position(a) - position(b));
  const vectorRows = await store.db.vectors.where('pageId').equals(page.id).toArray();
  const byModel = new Map<string, VectorRow[]>();
  for (const row of vectorRows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const vectors = [...byModel.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([model, rows]) => {
      rows.sort((a, b) => position(a) - position(b));
      const dims = rows[0]?.data.length ?? 0;
      const data = new Int8Array(rows.length * dims);
      rows.forEach((r, i) => data.set(r.data, i * dims));
      return { model, chunks: rows.map(position), scales: rows.map((r) => r.scale), data: toBase64(new Uint8Array(data.buffer)) };
    });
  return {
    ...sharedFields(page),
    text,
    chunks: chunks.map((c) => ({
      start: c.start,
      end: c.end,
      headings: [...c.headingPath],
      tokens: c.tokens,
      ...(c.text !== text.slice(c.start, c.end) ? { text: c.text } : {}),
    })),
    vectors,
    ...optionalFields(page),
  };
}

/**
 * Writes the library as JSON through `write`, one page at a time (a library of 10,000 pages never
 * has to sit in memory as one string). Pages in id order, so the same library gives the same file.
 */
export async function writeLibraryJson(
  store: LibraryStore,
  write: (part: string) => Promise<void> | void,
  now = Date.now(),
): Promise<{ pages: number }> {
  const pages = (await store.allPages()).sort((a, b) => (a.id < b.id ? -1 : 1));
  const models = new Set<string>();
  for (const row of await store.db.libraryMeta.where('key').startsWith('center:').toArray()) models.add(row.key.slice('center:'.length));
  const embeddings = [];
  for (const model of [...models].sort()) {
    const center = await store.meta<CenterRow>(centerKey(model));
    if (center) embeddings.push({ model, dims: center.dims, center: Array.from(center.center) });
  }
  await write(
    `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exportedAt":${now},"embeddings":${JSON.stringify(embeddings)},"pages":[`,
  );
  for (const [i, page] of pages.entries()) await write(`${i ? ',' : ''}\n${JSON.stringify(await exportPage(store, page))}`);
  await write('\n]}\n');
  return { pages: pages.length };
}

export async function exportLibrary(store: LibraryStore, now = Date.now()): Promise<string> {
  const parts: string[] = [];
  await writeLibraryJson(store, (p) => void parts.push(p), now);
  return parts.join('');
}

/** Checks a library file; throws a LocusError a student can read when it is not one. */
export function parseLibraryFile(json: string | unknown): LibraryFile {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new LocusError('invalid-message', 'This file is not a Locus library export (it is not JSON).');
    }
  }
  const parsed = libraryFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new LocusError(
      'invalid-message',
      `This file is not a Locus library export, or it is damaged: ${issue?.message ?? 'unknown problem'}${where}. Nothing was imported.`,
    );
  }
  return parsed.data;
}

export interface ImportResult {
  pages: number;
  chunks: number;
  vectors: number;
  /** Pages of the library the file replaced (same id or URL). */
  replaced: number;
  /** Page ids written (for the in-memory index). */
  pageIds: string[];
  removedIds: string[];
}

/** How one model's imported vectors become this library's: null when the centers agree (kept as they are). */
type CenterConversion = { from: Float32Array; index: DenseIndex } | null;
/** Each model of the file: its vectors' size, and how they become this library's. */
type ImportModels = Map<string, { dims: number; conversion: CenterConversion }>;

/** Each model's center: this library's if it has one (imported vectors are re-quantized to it), else the file's. */
async function importModels(store: LibraryStore, file: LibraryFile): Promise<ImportModels> {
  const { db } = store;
  const models: ImportModels = new Map();
  for (const e of file.embeddings) {
    const local = (await db.libraryMeta.get(centerKey(e.model)))?.value as CenterRow | undefined;
    const fileCenter = Float32Array.from(e.center);
    if (!local) {
      await db.libraryMeta.put({ key: centerKey(e.model), value: { dims: e.dims, center: fileCenter } satisfies CenterRow });
      models.set(e.model, { dims: e.dims, conversion: null });
    } else if (local.dims !== e.dims) {
      throw new LocusError(
        'invalid-message',
        `The file's vectors of ${e.model} have ${e.dims} dimensions, this library's ${local.dims}. Nothing was imported.`,
      );
    } else {
      const same = local.center.every((x, i) => x === fileCenter[i]);
      const conversion = same ? null : { from: fileCenter, index: new DenseIndex(e.dims, { center: local.center }) };
      models.set(e.model, { dims: e.dims, conversion });
    }
  }
  return models;
}

/** Removes the pages an imported page replaces (same id or URL); returns their ids. */
async function removeReplaced(store: LibraryStore, page: FilePage): Promise<string[]> {
  const { db } = store;
  const sameUrl = await db.pages.where('url').equals(page.url).toArray();
  const existing = new Set([...sameUrl.map((p) => p.id), ...((await db.pages.get(page.id)) ? [page.id] : [])]);
  for (const id of existing) {
    await db.chunks.where('pageId').equals(id).delete();
    await db.vectors.where('pageId').equals(id).delete();
    await db.pageTexts.delete(id);
    await db.pages.delete(id);
  }
  return [...existing];
}

function pageMetaOf(page: FilePage): PageMeta {
  return { ...sharedFields(page), chars: page.text.length, totalChunks: page.chunks.length, ...optionalFields(page) };
}

/** One model's vectors of an imported page, re-quantized to this library's center when it differs. */
function vectorRowsOf(page: FilePage, vectors: FilePage['vectors'][number], dims: number, conversion: CenterConversion): VectorRow[] {
  const data = new Int8Array(fromBase64(vectors.data).buffer);
  return vectors.chunks.map((position, i) => {
    let values: Int8Array = data.slice(i * dims, (i + 1) * dims);
    let scale = vectors.scales[i]!;
    if (conversion) {
      const restored = Float32Array.from(values, (x, j) => x * scale + conversion.from[j]!);
      ({ data: values, scale } = conversion.index.quantize(restored));
    }
    return { model: vectors.model, chunkId: chunkId(page.id, position), pageId: page.id, data: values, scale };
  });
}

/** Writes one page of the file (replacing what it replaces) and counts it into `result`. */
async function importPage(store: LibraryStore, page: FilePage, models: ImportModels, result: ImportResult) {
  const { db } = store;
  const replaced = await removeReplaced(store, page);
  result.removedIds.push(...replaced.filter((id) => id !== page.id));
  if (replaced.length) result.replaced += 1;
  await db.pages.put(pageMetaOf(page));
  await db.pageTexts.put({ pageId: page.id, text: page.text });
  const chunks: ChunkRow[] = page.chunks.map((c, i) => ({
    id: chunkId(page.id, i),
    pageId: page.id,
    start: c.start,
    end: c.end,
    text: c.text ?? page.text.slice(c.start, c.end),
    headingPath: c.headings,
    tokens: c.tokens,
  }));
  await db.chunks.bulkPut(chunks);
  for (const v of page.vectors) {
    const { dims, conversion } = models.get(v.model)!;
    const rows = vectorRowsOf(page, v, dims, conversion);
    await db.vectors.bulkPut(rows);
    result.vectors += rows.length;
  }
  result.pages += 1;
  result.chunks += chunks.length;
  result.pageIds.push(page.id);
}

/** Adds a checked library file to the store, in one transaction. */
export async function importLibrary(store: LibraryStore, file: LibraryFile): Promise<ImportResult> {
  const { db } = store;
  const result: ImportResult = { pages: 0, chunks: 0, vectors: 0, replaced: 0, pageIds: [], removedIds: [] };
  await db.transaction('rw', [db.pages, db.pageTexts, db.chunks, db.vectors, db.libraryMeta], async () => {
    const models = await importModels(store, file);
    for (const page of file.pages) await importPage(store, page, models, result);
  });
  return result;
}
