/**
 * The library as the engine worker runs it (lib/library/library-service.ts and the save, ask, listing
 * and sources modules beside it) on a real Dexie
 * database (fake-indexeddb), with a deterministic fake embedding model and a fake chat model:
 *   - save → retrieve → citation: the passage maps back to its page's offsets, and its URL's text
 *     fragment lands on exactly that passage in the saved text;
 *   - background embedding in batches, resumed after an interruption without redoing a chunk;
 *   - delete removes the page's chunks and vectors; saving a URL again replaces it;
 *   - export then import gives the same library; a damaged file changes nothing;
 *   - "Ask my library": numbered sources given to the model and emitted in the same order; the
 *     "nothing relevant" path asks no model; filters; the index snapshot on reload.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extractPage } from '../../lib/capture/extract';
import { findTextDirective, parseTextDirective } from '../../lib/library/citations';
import { CENTER_TEXTS } from '../../lib/library/embedding-queue';
import { exportLibrary, importLibrary, parseLibraryFile } from '../../lib/library/library-export';
import { LEXICAL_SNAPSHOT_KEY } from '../../lib/library/library-index';
import type { LibraryFiles } from '../../lib/library/library-context';
import { LibraryService } from '../../lib/library/library-service';
import { LIBRARY_FILES_DIR } from '../../lib/messaging/library-protocol';
import type { TaskEvent } from '../../lib/messaging/engine-protocol';
import { LocusDatabase } from '../../lib/store/db';
import { EMPTY_LIBRARY, NOTHING_RELEVANT, NOTHING_RELEVANT_FILTERED } from '../../lib/tasks/library-answer-task';
import { FakeEmbedder } from '../support/fake-embedder';
import type { WriteEvery } from '../../lib/library/embedding-queue';
import { FakeEngine } from '../support/fake-engine';
import { coursePageShell } from '../support/page-server.mjs';
import { sharedPath } from '../support/shared-data.mjs';

const PAGES = [
  { dir: '12-001-introduction-to-geology-fall-2013', file: '014-planning-a-good-field-trip.html', course: 'Geology', tags: ['field trip'] },
  {
    dir: 'ec-711-d-lab-energy-spring-2011',
    file: '083-lab-4-wiring-solar-panels-instructions-and-writeup.html',
    course: 'D-Lab Energy',
    tags: ['lab'],
  },
  { dir: '8-01sc-classical-mechanics-fall-2016', file: '003-syllabus.html', course: 'Physics', tags: ['syllabus'] },
];

/** A course page as the content script captures it (Readability + dom-text, in jsdom). */
function captured(p: (typeof PAGES)[number]) {
  const fragment = readFileSync(path.join(sharedPath('data/course-pages'), p.dir, p.file), 'utf8');
  const title = p.file
    .replace(/^\d+-/, '')
    .replace(/\.html$/, '')
    .replace(/-/g, ' ');
  const url = `http://127.0.0.1:9/course/${p.dir}/${p.file}`;
  const doc = new JSDOM(coursePageShell(title, fragment), { url, virtualConsole: new VirtualConsole() }).window.document;
  const page = extractPage(doc, { url });
  return { url, title: page.title, lang: page.lang, text: page.text, kind: 'web' as const };
}

class MemoryFiles implements LibraryFiles {
  directory = LIBRARY_FILES_DIR as typeof LIBRARY_FILES_DIR;
  files = new Map<string, string>();
  async write(name: string, produce: (write: (part: string) => Promise<void>) => Promise<void>) {
    let text = '';
    await produce(async (part) => {
      text += part;
    });
    this.files.set(name, text);
    return text.length;
  }
  async read(name: string) {
    const text = this.files.get(name);
    if (text === undefined) throw new Error(`no file ${name}`);
    return text;
  }
  async remove(name: string) {
    this.files.delete(name);
  }
}

let databases: LocusDatabase[] = [];
let services: LibraryService[] = [];
let counter = 0;

function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-library-test-${process.pid}-${counter}`);
  databases.push(db);
  return db;
}

afterEach(async () => {
  for (const s of services) await s.close().catch(() => undefined);
  for (const db of databases) await db.delete();
  databases = [];
  services = [];
});

function makeService(
  db: LocusDatabase,
  options: { embedder?: FakeEmbedder; chat?: FakeEngine; batch?: number; files?: LibraryFiles; frozen?: boolean; writes?: WriteEvery } = {},
) {
  const embedder = options.embedder ?? new FakeEmbedder();
  const chat = options.chat ?? new FakeEngine({ contextWindow: 8192, reply: () => 'Supercontinents assemble and break apart [1].' });
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };
  let holds = 0;
  let ids = 0;
  const service = new LibraryService({
    db,
    embeddingModelId: async () => embedder.info.modelId,
    prepareEmbedder: async () => embedder,
    prepareChat: async () => chat,
    exclusive,
    hold: () => {
      holds += 1;
      return () => void (holds -= 1);
    },
    embeddingBatchSize: async () => options.batch ?? 4,
    // Every batch written at once unless a test says otherwise: these tests stop jobs at batch bounds.
    embeddingWrites: options.writes ?? { chunks: 1, ms: 0 },
    files: options.files ?? new MemoryFiles(),
    newId: () => `page-${++ids}`,
  });
  if (!options.frozen) services.push(service); // a frozen job never ends: nothing to wait for
  return { service, embedder, chat, holds: () => holds };
}

async function run(task: (emit: (e: TaskEvent) => void, signal: AbortSignal) => Promise<void>, signal = new AbortController().signal) {
  const events: TaskEvent[] = [];
  await task((e) => events.push(e), signal);
  return events;
}

async function saveAll(service: LibraryService) {
  for (const p of PAGES) {
    const events = await run((emit, signal) => service.save({ page: captured(p), course: p.course, tags: p.tags }, emit, signal));
    expect(events.at(-1)?.kind).toBe('done');
  }
  await service.queue.idle();
}

describe('save → retrieve → cite', () => {
  it('maps a retrieved passage back to its page offsets, and its text fragment lands on it', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    const counts = await service.store.counts();
    expect(counts.pages).toBe(3);
    expect(counts.vectors).toBe(counts.chunks); // every chunk embedded

    const hits = await service.retrieve('What story does the geology field trip to upstate New York tell?', {});
    const [source] = await service.sourcesFor(hits.slice(0, 1));
    expect(source!.url).toContain('014-planning-a-good-field-trip');
    expect(source!.text).toMatch(/supercontinents assemble/i);
    // Offsets: the passage is the saved page text between them.
    const text = (await service.store.pageText(source!.pageId))!;
    expect(text.slice(source!.start, source!.end)).toBe(source!.text);
    // Its URL: same page, and a text directive that a browser would place on this very passage.
    expect(source!.citationUrl.startsWith(`${source!.url}#:~:text=`)).toBe(true);
    const directive = parseTextDirective(source!.citationUrl)!;
    const landed = findTextDirective(text, directive)!;
    expect(landed.start).toBeGreaterThanOrEqual(source!.start);
    expect(landed.end).toBeLessThanOrEqual(source!.end);
    expect(landed.end - landed.start).toBeGreaterThan((source!.end - source!.start) * 0.8);
    // The hit used both retrievers (lexical and the fake model's vectors).
    expect(hits[0]!.lexical).toBeDefined();
    expect(hits[0]!.dense).toBeDefined();
  });
});

describe('embedding in the background', () => {
  it('embeds in batches, with the model’s center computed once, and holds the host meanwhile', async () => {
    const db = freshDb();
    const { service, embedder, holds } = makeService(db, { batch: 3 });
    const page = captured(PAGES[0]!);
    await run((emit, signal) => service.save({ page, course: '', tags: [] }, emit, signal));
    await service.queue.idle();
    const row = (await db.pages.toArray())[0]!;
    expect(row.embeddedChunks).toBe(row.totalChunks);
    expect(embedder.calls[0]).toEqual(CENTER_TEXTS); // the int8 center, once
    expect(embedder.calls.slice(1).every((c) => c.length <= 3)).toBe(true);
    expect(embedder.calls.slice(1).flat().length).toBe(row.totalChunks);
    expect(service.queue.status.last?.chunks).toBe(row.totalChunks);
    expect(holds()).toBe(0);
  });

  it('pushes its progress to a follower as each batch is embedded, and ends the follow when all are', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // The first batch waits until the follower is listening, so the whole job is seen.
    const embedder = new FakeEmbedder({ beforeEmbed: (_texts, call) => (call === 1 ? gate : undefined) });
    const { service } = makeService(freshDb(), { embedder, batch: 2 });
    await run((emit, signal) => service.save({ page: captured(PAGES[0]!), course: '', tags: [] }, emit, signal));
    await vi.waitFor(() => expect(service.queue.status.state).toBe('running'));
    const events: TaskEvent[] = [];
    const following = service.follow((e) => events.push(e), new AbortController().signal);
    open();
    await following;
    const statuses = events.flatMap((e) => (e.kind === 'library.status' ? [e.status] : []));
    const running = statuses.filter((s) => s.embedding.state === 'running');
    const total = running[0]!.embedding.total;
    expect(running.length).toBeGreaterThanOrEqual(Math.ceil(total / 2));
    expect(running.map((s) => s.embedding.done)).toEqual([...running.map((s) => s.embedding.done)].sort((a, b) => a - b));
    expect(Math.max(...running.map((s) => s.embedding.done))).toBe(total);
    expect(statuses.at(-1)!.embedding.state).toBe('idle');
    expect(statuses.at(-1)!.embedding.last?.chunks).toBe(total);
    expect(events.at(-1)?.kind).toBe('done');
    expect(events.filter((e) => e.kind === 'done')).toHaveLength(1);
  });

  it('stops pushing when the follower stops (the panel closed)', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const embedder = new FakeEmbedder({ beforeEmbed: (_texts, call) => (call === 1 ? gate : undefined) });
    const { service } = makeService(freshDb(), { embedder, batch: 2 });
    await run((emit, signal) => service.save({ page: captured(PAGES[0]!), course: '', tags: [] }, emit, signal));
    await vi.waitFor(() => expect(service.queue.status.state).toBe('running'));
    const events: TaskEvent[] = [];
    const controller = new AbortController();
    const following = service.follow((e) => events.push(e), controller.signal);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    controller.abort();
    await expect(following).rejects.toMatchObject({ code: 'cancelled' });
    open();
    await service.queue.idle();
    expect(events.map((e) => e.kind)).toEqual(['library.status']);
  });

  it('resumes an interrupted job where it stopped, embedding no chunk twice', async () => {
    // Reference: the same page embedded without interruption.
    const refDb = freshDb();
    const ref = makeService(refDb, { batch: 2 });
    const page = captured(PAGES[2]!);
    await run((emit, signal) => ref.service.save({ page, course: '', tags: [] }, emit, signal));
    await ref.service.queue.idle();
    const expected = (await refDb.vectors.toArray()).map((v) => ({
      chunkId: v.chunkId.replace(/^page-\d+/, 'P'),
      data: [...v.data],
      scale: v.scale,
    }));
    expect(expected.length).toBeGreaterThan(4);

    // The job is frozen after two batches (the offscreen document closed mid-job: nothing more runs).
    const db = freshDb();
    let reachedFreeze: () => void = () => undefined;
    const freezing = new Promise<void>((r) => (reachedFreeze = r));
    const frozen = new FakeEmbedder({
      beforeEmbed: (_texts, call) => {
        if (call < 3) return undefined;
        reachedFreeze();
        return new Promise<void>(() => undefined);
      },
    });
    const first = makeService(db, { embedder: frozen, batch: 2, frozen: true });
    await run((emit, signal) => first.service.save({ page, course: '', tags: [] }, emit, signal));
    await freezing;
    const stopped = (await db.pages.toArray())[0]!;
    expect(stopped.embeddedChunks).toBe(4); // center (call 0), then two batches of 2
    expect(await db.vectors.count()).toBe(4);

    // A new engine host on the same database resumes at chunk 4 on start.
    const fresh = new FakeEmbedder();
    const second = makeService(db, { embedder: fresh, batch: 2 });
    await second.service.start();
    await second.service.queue.idle();
    const done = (await db.pages.toArray())[0]!;
    expect(done.embeddedChunks).toBe(done.totalChunks);
    expect(fresh.calls.flat().length).toBe(done.totalChunks - 4); // no center again, no chunk twice
    const got = (await db.vectors.toArray()).map((v) => ({
      chunkId: v.chunkId.replace(/^page-\d+/, 'P'),
      data: [...v.data],
      scale: v.scale,
    }));
    expect(got.sort((a, b) => a.chunkId.localeCompare(b.chunkId))).toEqual(expected.sort((a, b) => a.chunkId.localeCompare(b.chunkId)));
  });

  it('writes vectors in groups apart from the batch size; a killed job loses only the unwritten group', async () => {
    const page = captured(PAGES[2]!);
    const refDb = freshDb();
    const ref = makeService(refDb, { batch: 1 });
    await run((emit, signal) => ref.service.save({ page, course: '', tags: [] }, emit, signal));
    await ref.service.queue.idle();
    const norm = (rows: Array<{ chunkId: string; data: Int8Array; scale: number }>) =>
      rows
        .map((v) => ({ chunkId: v.chunkId.replace(/^page-\d+/, 'P'), data: [...v.data], scale: v.scale }))
        .sort((a, b) => a.chunkId.localeCompare(b.chunkId));
    const expected = norm(await refDb.vectors.toArray());
    const total = expected.length;
    expect(total).toBeGreaterThan(4);

    // Batch 1, written every 4 chunks: frozen at its 6th call (center, then chunks 0-4 embedded).
    const db = freshDb();
    let reachedFreeze: () => void = () => undefined;
    const freezing = new Promise<void>((r) => (reachedFreeze = r));
    const frozen = new FakeEmbedder({
      beforeEmbed: (_texts, call) => {
        if (call < 6) return undefined;
        reachedFreeze();
        return new Promise<void>(() => undefined);
      },
    });
    const first = makeService(db, { embedder: frozen, batch: 1, frozen: true, writes: { chunks: 4, ms: 1e9 } });
    await run((emit, signal) => first.service.save({ page, course: '', tags: [] }, emit, signal));
    await freezing;
    expect((await db.pages.toArray())[0]!.embeddedChunks).toBe(4); // one group written; chunk 4 not yet
    expect(await db.vectors.count()).toBe(4);

    const fresh = new FakeEmbedder();
    const second = makeService(db, { embedder: fresh, batch: 1, writes: { chunks: 4, ms: 1e9 } });
    await second.service.start();
    await second.service.queue.idle();
    expect(fresh.calls.flat().length).toBe(total - 4); // chunk 4 embedded again, nothing before it
    expect(norm(await db.vectors.toArray())).toEqual(expected);
  });

  it('pauses and resumes on request, and a pause survives a restart', async () => {
    const db = freshDb();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = new FakeEmbedder({ beforeEmbed: (_t, call) => (call === 2 ? gate : undefined) });
    const { service } = makeService(db, { embedder: slow, batch: 2 });
    await run((emit, signal) => service.save({ page: captured(PAGES[2]!), course: '', tags: [] }, emit, signal));
    while (slow.calls.length < 3) await new Promise((r) => setTimeout(r, 5));
    const pausing = service.pause();
    release();
    await pausing;
    expect((await service.status()).embedding.state).toBe('paused');
    const partial = (await db.pages.toArray())[0]!;
    expect(partial.embeddedChunks).toBeLessThan(partial.totalChunks);

    const restarted = makeService(db, { batch: 2 });
    await restarted.service.start();
    await restarted.service.queue.idle();
    expect((await db.pages.toArray())[0]!.embeddedChunks).toBe(partial.embeddedChunks); // still paused
    await restarted.service.resume();
    await restarted.service.queue.idle();
    const row = (await db.pages.toArray())[0]!;
    expect(row.embeddedChunks).toBe(row.totalChunks);
  });
});

describe('an embedding model that cannot be had', () => {
  it('costs no vectors: the library searches by words, and the queue says why it waits', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    const vectors = await db.vectors.count();
    // The settings now name a model this build does not have (say, a test build's stand-in).
    let chain: Promise<unknown> = Promise.resolve();
    const broken = new LibraryService({
      db,
      embeddingModelId: async () => {
        throw new Error('The model "gone/model" is not in Locus\'s model catalog.');
      },
      prepareEmbedder: async () => {
        throw new Error('unreachable');
      },
      prepareChat: async () => new FakeEngine(),
      exclusive: <T>(work: () => Promise<T>) => {
        const run = chain.then(work, work) as Promise<T>;
        chain = run.catch(() => undefined);
        return run;
      },
      hold: () => () => undefined,
      embeddingBatchSize: async () => 4,
    });
    services.push(broken);
    await broken.start();
    const hits = await broken.retrieve('supercontinents assemble and break apart', {});
    expect(hits[0]?.lexical).toBeDefined();
    expect(hits[0]?.dense).toBeUndefined();
    await broken.resume();
    await broken.queue.idle();
    expect(broken.queue.status.state).toBe('error');
    expect(broken.queue.status.error?.message).toMatch(/not in Locus's model catalog/);
    expect(await db.vectors.count()).toBe(vectors);
  });
});

describe('delete, save again', () => {
  it('deleting a page removes its text, chunks and vectors, and it is no longer found', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    const before = await service.store.counts();
    const target = (await db.pages.toArray()).find((p) => p.url.includes('field-trip'))!;
    const removed = await service.delete([target.id]);
    expect(removed.pages).toBe(1);
    expect(removed.chunks).toBe(target.totalChunks);
    expect(removed.vectors).toBe(target.totalChunks);
    const after = await service.store.counts();
    expect(after).toEqual({ pages: 2, chunks: before.chunks - target.totalChunks, vectors: before.vectors - target.totalChunks });
    expect(await db.pageTexts.get(target.id)).toBeUndefined();
    expect(await db.chunks.where('pageId').equals(target.id).count()).toBe(0);
    expect(await db.vectors.where('pageId').equals(target.id).count()).toBe(0);
    const hits = await service.retrieve('supercontinents assemble and break apart', {});
    expect(hits.every((h) => !h.id.startsWith(`${target.id}:`))).toBe(true);
    const listing = await service.list({});
    expect(listing.totals).toMatchObject({ pages: 2, chunks: after.chunks, vectors: after.vectors });
  });

  it('saving the same URL again replaces the page (same id, new chunks, embedded again)', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    const page = captured(PAGES[1]!);
    await run((emit, signal) => service.save({ page, course: 'A', tags: ['x'] }, emit, signal));
    await service.queue.idle();
    const first = (await db.pages.toArray())[0]!;
    const events = await run((emit, signal) =>
      service.save(
        { page: { ...page, text: `${page.text}\n\nA new paragraph about inverters.` }, course: 'B', tags: ['y', 'Y '] },
        emit,
        signal,
      ),
    );
    expect(events.find((e) => e.kind === 'library.saved')).toMatchObject({ replaced: true, pageId: first.id });
    await service.queue.idle();
    const pages = await db.pages.toArray();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ id: first.id, course: 'B', tags: ['y'] });
    expect(pages[0]!.savedAt).toBeGreaterThan(first.savedAt);
    expect(await db.vectors.count()).toBe(pages[0]!.totalChunks);
    expect((await service.retrieve('inverters', {}))[0]?.id.startsWith(first.id)).toBe(true);
  });
});

describe('export and import', () => {
  it('export then import gives the same library', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    await service.delete([(await db.pages.toArray())[0]!.id]); // something deleted, too
    const json = await exportLibrary(service.store, 1234);
    const file = parseLibraryFile(json);
    expect(file.pages).toHaveLength(2);

    const other = freshDb();
    const imported = makeService(other);
    const result = await importLibrary(imported.service.store, file);
    expect(result).toMatchObject({ pages: 2, replaced: 0 });
    // The same file again…
    expect(JSON.parse(await exportLibrary(imported.service.store, 1234))).toEqual(JSON.parse(json));
    // …and the same rows, table by table.
    for (const table of ['pages', 'pageTexts', 'chunks', 'vectors'] as const) {
      const a = await db.table(table).toArray();
      const b = await other.table(table).toArray();
      const key = (r: Record<string, unknown>) => String(r.id ?? r.pageId ?? r.chunkId);
      expect(
        b.sort((x, y) => key(x).localeCompare(key(y))),
        table,
      ).toEqual(a.sort((x, y) => key(x).localeCompare(key(y))));
    }
    expect((await other.libraryMeta.get('center:test/fake-embedder'))?.value).toEqual(
      (await db.libraryMeta.get('center:test/fake-embedder'))?.value,
    );
    // The imported library searches like the original.
    const q = 'How much power does a solar cell generate?';
    expect((await imported.service.retrieve(q, {})).map((h) => h.id)).toEqual((await service.retrieve(q, {})).map((h) => h.id));
  });

  it('imports through the worker’s file hand-over, replacing pages with the same URL', async () => {
    const files = new MemoryFiles();
    const db = freshDb();
    const { service } = makeService(db, { files });
    await saveAll(service);
    const exported = await service.exportToFile();
    expect(exported.pages).toBe(3);
    const name = 'import-1.json';
    files.files.set(name, files.files.get(exported.file)!);
    const result = await service.importFromFile(name);
    expect(result).toMatchObject({ pages: 3, replaced: 3 });
    expect(files.files.has(name)).toBe(false);
    expect((await service.store.counts()).pages).toBe(3);
  });

  it('refuses a damaged file and changes nothing', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    const json = JSON.parse(await exportLibrary(service.store));
    const before = await service.store.counts();
    json.pages[0].chunks[0].end = json.pages[0].text.length + 10;
    expect(() => parseLibraryFile(json)).toThrow(/outside the page text/);
    const bad = JSON.parse(await exportLibrary(service.store));
    bad.pages[1].vectors[0].data = bad.pages[1].vectors[0].data.slice(8);
    expect(() => parseLibraryFile(bad)).toThrow(/vectors hold/);
    expect(() => parseLibraryFile('not json')).toThrow(/not JSON/);
    expect(() => parseLibraryFile({ format: 'something-else' })).toThrow(/not a Locus library export/);
    expect(await service.store.counts()).toEqual(before);
  });
});

describe('Ask my library', () => {
  it('gives the model numbered sources and emits the same numbering, then the answer', async () => {
    const db = freshDb();
    const { service, chat } = makeService(db);
    await saveAll(service);
    const events = await run((emit, signal) =>
      service.ask('What story does the geology field trip to upstate New York tell?', {}, emit, signal),
    );
    const sources = events.find((e): e is Extract<TaskEvent, { kind: 'library.sources' }> => e.kind === 'library.sources')!;
    expect(sources.found).toBe(true);
    expect(sources.sources.map((s) => s.n)).toEqual(sources.sources.map((_, i) => i + 1));
    expect(sources.sources[0]!.url).toContain('field-trip');
    const user = chat.calls[0]!.user;
    sources.sources.forEach((s) => {
      expect(user).toContain(`[${s.n}] `);
      expect(user).toContain(s.text.slice(0, 60));
    });
    expect(user.indexOf('[1] ')).toBeLessThan(user.indexOf('Question:'));
    expect(chat.calls[0]!.request.messages[0]!.content).toMatch(/cite/i);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ kind: 'done', text: 'Supercontinents assemble and break apart [1].' });
  });

  it('says it found nothing relevant, without asking any model', async () => {
    const db = freshDb();
    const { service, chat } = makeService(db);
    await saveAll(service);
    const events = await run((emit, signal) => service.ask('Who won the 1998 football world cup final?', {}, emit, signal));
    expect(events.find((e) => e.kind === 'library.sources')).toEqual({ kind: 'library.sources', found: false, sources: [] });
    expect(events.at(-1)).toMatchObject({ kind: 'done', text: NOTHING_RELEVANT });
    expect(chat.calls).toHaveLength(0);
    // With a filter that excludes the page that would answer, it says so too.
    const filtered = await run((emit, signal) =>
      service.ask('What story does the geology field trip tell?', { courses: ['Physics'] }, emit, signal),
    );
    expect(filtered.at(-1)).toMatchObject({ kind: 'done', text: NOTHING_RELEVANT_FILTERED });
    expect(chat.calls).toHaveLength(0);
  });

  it('answers about an empty library without loading anything', async () => {
    const db = freshDb();
    const { service, chat, embedder } = makeService(db);
    const events = await run((emit, signal) => service.ask('Anything?', {}, emit, signal));
    expect(events.at(-1)).toMatchObject({ kind: 'done', text: EMPTY_LIBRARY });
    expect(chat.calls).toHaveLength(0);
    expect(embedder.calls).toHaveLength(0);
  });

  it('filters by course, tag and site', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    const q = 'solar cells voltage power output';
    const pageOf = new Map((await db.pages.toArray()).map((p) => [p.id, p]));
    const courses = async (filter: Parameters<LibraryService['retrieve']>[1]) =>
      new Set((await service.retrieve(q, filter)).map((h) => pageOf.get(h.id.slice(0, h.id.lastIndexOf(':')))!.course));
    expect(await courses({})).toContain('D-Lab Energy');
    expect([...(await courses({ courses: ['D-Lab Energy'] }))]).toEqual(['D-Lab Energy']);
    // Another course: its passages only (the dense side always has nearest neighbours) and none relevant.
    expect([...(await courses({ courses: ['Geology'] }))]).toEqual(['Geology']);
    expect((await service.retrieve(q, { courses: ['Geology'] })).every((h) => (h.lexical?.coverage ?? 0) < 0.6)).toBe(true);
    expect([...(await courses({ tags: ['lab'] }))]).toEqual(['D-Lab Energy']);
    expect((await courses({ sites: ['127.0.0.1'] })).size).toBeGreaterThan(1);
    expect(await service.retrieve(q, { sites: ['example.org'] })).toEqual([]);
    const listing = await service.list({ query: 'solar' });
    expect(listing.pages.map((p) => p.course)).toEqual(['D-Lab Energy']);
    expect(listing.facets.courses).toEqual(['D-Lab Energy', 'Geology', 'Physics']);
  });
});

describe('index persistence', () => {
  it('reloads from its snapshot and catches up with pages saved or deleted since', async () => {
    const db = freshDb();
    const { service } = makeService(db);
    await saveAll(service);
    await service.flushSnapshot();
    expect(await db.libraryMeta.get(LEXICAL_SNAPSHOT_KEY)).toBeDefined();
    // After the snapshot: one page deleted, one saved (the snapshot does not know).
    const pages = await db.pages.toArray();
    await service.delete([pages[0]!.id]);
    const extra = captured({ dir: '12-001-introduction-to-geology-fall-2013', file: '003-syllabus.html', course: 'Geology', tags: [] });
    await run((emit, signal) => service.save({ page: extra, course: 'Geology', tags: [] }, emit, signal));
    await service.queue.idle();
    await service.close();

    const reloaded = makeService(db).service;
    const q = 'supercontinents assemble';
    const expected = await service.retrieve(q, {});
    expect((await reloaded.retrieve(q, {})).map((h) => [h.id, h.score.toFixed(9)])).toEqual(
      expected.map((h) => [h.id, h.score.toFixed(9)]),
    );
    const index = await reloaded.index();
    expect(index.pages.size).toBe(3);
    expect(index.lexical.size).toBe(await db.chunks.count());
    expect(index.dense?.size).toBe(await db.vectors.count());
  });
});
