/**
 * The Library tab's state in Node (lib/panel/library-*.ts), with an engine client that replays the
 * events a test gives it: the phases the student sees while saving and asking (through the panel's
 * one run reducer), what is sent, the embedding's progress as the worker pushes it, and that following
 * the target page and the embedding stops on dispose.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import type { LibraryListing, LibrarySource, LibraryStatus } from '../../lib/messaging/library-protocol';
import type { CapturedPage, TargetPage } from '../../lib/messaging/protocol';
import { LibraryState } from '../../lib/panel/library-state';
import { settings } from '../../lib/panel/settings-state';
import { targetPage } from '../../lib/panel/target-page-state';
import { UI } from '../support/deadlines.mjs';

const stats = (outputTokens: number) => ({
  modelId: 'm',
  modelName: 'Model M',
  device: 'wasm' as const,
  dtype: 'q4',
  promptTokens: 1,
  outputTokens,
  ttftMs: 1,
  totalMs: 1,
  tokensPerSecond: 1,
  parts: 1,
});

const idle: LibraryStatus = {
  loading: null,
  embedding: { state: 'idle', pageId: null, title: '', done: 0, total: 0, pending: 0, error: null, last: null },
  embeddingModel: 'e',
};
const running: LibraryStatus = { ...idle, embedding: { ...idle.embedding, state: 'running', pageId: 'p1', title: 'Rivers', total: 4 } };

function listing(status: LibraryStatus): LibraryListing {
  return {
    pages: [],
    matching: 0,
    facets: { courses: [], tags: [], sites: [] },
    totals: { pages: 0, chunks: 0, vectors: 0, bytes: 0 },
    storage: null,
    status,
  };
}

const PAGE: CapturedPage = {
  url: 'https://ocw.example/rivers',
  title: 'Rivers',
  lang: 'en',
  dir: 'ltr',
  text: 'Rivers carry sand. Deltas form at river mouths.',
  source: 'readability',
  truncated: false,
  originalLength: 47,
  framesIncluded: 0,
};

/**
 * An engine client: each task replays `script` once `before` settles (a phase is read after every event), then ends with
 * its last event if terminal. RPCs are recorded and answered from `status`.
 */
function fakeEngine(script: TaskEvent[], initial: LibraryStatus = idle, before: Promise<void> = Promise.resolve()) {
  const requests: TaskRequest[] = [];
  const state = { status: initial, ended: 0 };
  const rpcs: string[] = [];
  const client = {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void, signal?: AbortSignal) {
      requests.push(request);
      await before;
      for (const event of script) {
        await Promise.resolve();
        if (signal?.aborted) {
          state.ended += 1;
          return { kind: 'error', error: { code: 'cancelled', message: 'Stopped.' } };
        }
        onEvent(event);
        seen.push(event.kind);
        hook?.(event);
      }
      state.ended += 1;
      const last = script[script.length - 1];
      return last && (last.kind === 'done' || last.kind === 'error') ? last : { kind: 'done', text: '', stats: stats(0) };
    },
    async rpc(request: { method: string }) {
      rpcs.push(request.method);
      if (request.method === 'library.list') return listing(state.status);
      if (request.method === 'library.status') return state.status;
      if (request.method === 'library.lookup') return null;
      throw new Error(`unexpected rpc ${request.method}`);
    },
  };
  const seen: string[] = [];
  let hook: ((e: TaskEvent) => void) | undefined;
  return {
    client: client as unknown as EngineClient,
    requests,
    rpcs,
    /** What `library.list` and `library.status` answer. */
    set status(status: LibraryStatus) {
      state.status = status;
    },
    /** Tasks that have ended. */
    get ended() {
      return state.ended;
    },
    onEach(fn: (e: TaskEvent) => void) {
      hook = fn;
    },
  };
}

function library(
  engine: ReturnType<typeof fakeEngine>,
  target: () => Promise<TargetPage | null> = async () => ({ tabId: 3, url: PAGE.url, title: PAGE.title }),
) {
  return new LibraryState({ engine: engine.client, target, capture: async () => PAGE });
}

const states: LibraryState[] = [];
afterEach(() => {
  for (const s of states.splice(0)) s.dispose();
  targetPage.value = null;
  settings.value = { ...settings.value, autoSaveSites: [] };
});

describe('Ask my library', () => {
  it('shows searching, downloading, loading, writing and done as the run streams, with its figures', async () => {
    const source: LibrarySource = {
      n: 1,
      chunkId: 'c1',
      pageId: 'p1',
      title: 'Rivers',
      url: PAGE.url,
      kind: 'web',
      headings: [],
      text: 'Deltas form.',
      start: 0,
      end: 12,
      citationUrl: PAGE.url,
      pdfPage: null,
      coverage: 1,
      cosine: null,
    };
    const engine = fakeEngine([
      { kind: 'download', progress: { modelId: 'm', file: 'a', loaded: 1, total: 2 } } as TaskEvent,
      { kind: 'loading', modelId: 'm', device: 'wasm', dtype: 'q4' },
      { kind: 'library.sources', found: true, sources: [source] },
      { kind: 'text', delta: 'Deltas form [1].' },
      { kind: 'done', text: 'Deltas form at mouths [1].', stats: stats(5) },
    ]);
    const lib = library(engine);
    lib.list.filter.value = { course: 'Geo', tag: '', site: '' };
    lib.ask.question.value = ' Where do deltas form? ';
    const phases: string[] = [];
    engine.onEach(() => phases.push(lib.ask.phase.value));
    const asked = lib.ask.ask();
    expect(lib.ask.phase.value).toBe('searching');
    expect(lib.ask.busy.value).toBe(true);
    await asked;
    expect(phases).toEqual(['downloading', 'loading', 'loading', 'writing', 'done']);
    expect(engine.requests[0]).toEqual({ kind: 'library.ask', question: 'Where do deltas form?', filter: { courses: ['Geo'] } });
    expect(lib.ask.run.text.value).toBe('Deltas form at mouths [1].');
    expect(lib.ask.sources.value).toHaveLength(1);
    expect(lib.ask.stats.value?.modelName).toBe('Model M');
    expect(lib.ask.busy.value).toBe(false);
  });

  it('says "nothing" when the search found nothing, with no model figures', async () => {
    const engine = fakeEngine([
      { kind: 'library.sources', found: false, sources: [] } as TaskEvent,
      { kind: 'text', delta: 'Your library has nothing on this.' },
      { kind: 'done', text: 'Your library has nothing on this.', stats: stats(0) },
    ]);
    const lib = library(engine);
    lib.ask.question.value = 'Volcanoes?';
    const phases: string[] = [];
    engine.onEach(() => phases.push(lib.ask.phase.value));
    await lib.ask.ask();
    expect(phases).toEqual(['searching', 'searching', 'nothing']);
    expect(lib.ask.stats.value).toBeNull();
    expect(lib.ask.run.text.value).toBe('Your library has nothing on this.');
  });

  it('shows an error, and a cancelled run as stopped without an error', async () => {
    const failed = library(fakeEngine([{ kind: 'error', error: { code: 'engine-failed', message: 'The model could not start.' } }]));
    failed.ask.question.value = 'Q?';
    await failed.ask.ask();
    expect(failed.ask.phase.value).toBe('error');
    expect(failed.ask.error.value?.message).toBe('The model could not start.');
    const cancelled = library(fakeEngine([{ kind: 'error', error: { code: 'cancelled', message: 'Stopped.' } }]));
    cancelled.ask.question.value = 'Q?';
    await cancelled.ask.ask();
    expect(cancelled.ask.phase.value).toBe('stopped');
    expect(cancelled.ask.error.value).toBeNull();
  });

  it('stops at once on Stop, and later events change nothing', async () => {
    const engine = fakeEngine([
      { kind: 'text', delta: 'one ' },
      { kind: 'text', delta: 'two' },
      { kind: 'done', text: 'one two', stats: stats(2) },
    ]);
    const lib = library(engine);
    lib.ask.question.value = 'Q?';
    engine.onEach((e) => {
      if (e.kind === 'text' && e.delta === 'one ') lib.ask.stopAsk();
    });
    await lib.ask.ask();
    expect(lib.ask.phase.value).toBe('stopped');
    expect(lib.ask.run.text.value).toBe('one ');
    expect(lib.ask.asking).toBe(false);
  });
});

describe('saving the current page', () => {
  it('goes from reading the page through downloading to saved, sends course and tags, then reads the list again', async () => {
    const engine = fakeEngine([
      { kind: 'download', progress: { modelId: 'e', file: 'a', loaded: 1, total: 2 } } as TaskEvent,
      { kind: 'loading', modelId: 'e', device: 'wasm', dtype: 'q8' },
      { kind: 'library.saved', pageId: 'p1', chunks: 3, replaced: false },
      { kind: 'done', text: '', stats: stats(0) },
    ]);
    const lib = library(engine);
    targetPage.value = { tabId: 3, url: PAGE.url, title: PAGE.title };
    lib.save.course.value = 'Geo 101';
    lib.save.tags.value = 'exam 1, , week 3';
    const phases: string[] = [];
    engine.onEach(() => phases.push(lib.save.phase.value));
    const saving = lib.save.saveCurrentPage();
    expect(lib.save.phase.value).toBe('reading-page');
    expect(await saving).toBe(true);
    expect(phases).toEqual(['downloading', 'loading', 'loading', 'saved']);
    expect(lib.save.phase.value).toBe('saved');
    expect(lib.save.notices.value).toEqual([]);
    expect(lib.save.message.value).toMatch(/^Saved “Rivers”: 3 parts\./);
    expect(engine.requests[0]).toMatchObject({
      kind: 'library.save',
      course: 'Geo 101',
      tags: ['exam 1', 'week 3'],
      page: { kind: 'web' },
    });
    expect(engine.rpcs).toEqual(expect.arrayContaining(['library.list', 'library.lookup']));
  });

  it('says plainly when there is no page, and shows the engine’s error', async () => {
    const noTab = library(fakeEngine([]), async () => null);
    expect(await noTab.save.saveCurrentPage()).toBe(false);
    expect(noTab.save.phase.value).toBe('error');
    expect(noTab.save.error.value).toEqual({ code: 'no-tab', message: 'Open a page in this window first, then save it.' });
    const failing = library(fakeEngine([{ kind: 'error', error: { code: 'storage-full', message: 'The browser is out of space.' } }]));
    expect(await failing.save.saveCurrentPage()).toBe(false);
    expect(failing.save.phase.value).toBe('error');
    expect(failing.save.error.value?.message).toBe('The browser is out of space.');
  });
});

describe('following the target page', () => {
  it('looks the page up when it changes and auto-saves on a listed site, until disposed', async () => {
    const engine = fakeEngine([{ kind: 'done', text: '', stats: stats(0) }]);
    const lib = library(engine);
    states.push(lib);
    settings.value = { ...settings.value, autoSaveSites: ['ocw.example'] };
    lib.start();
    lib.start(); // A second start replaces the first: one lookup per change, not two.
    targetPage.value = { tabId: 3, url: PAGE.url, title: PAGE.title };
    await vi.waitFor(() => expect(engine.requests).toHaveLength(1), { timeout: UI });
    expect(engine.requests[0]).toMatchObject({ kind: 'library.save', course: '', tags: ['auto-saved'] });
    await vi.waitFor(() => expect(lib.save.message.value).toMatch(/^Saved automatically \(ocw\.example is on your auto-save list\)/), {
      timeout: UI,
    });
    const lookups = () => engine.rpcs.filter((m) => m === 'library.lookup').length;
    const before = lookups();
    targetPage.value = { tabId: 3, url: 'https://other.example/', title: 'Other' };
    expect(lookups()).toBe(before + 1);
    lib.dispose();
    targetPage.value = { tabId: 3, url: 'https://third.example/', title: 'Third' };
    expect(lookups()).toBe(before + 1);
  });

  it('follows the progress the worker pushes while it runs (no polling), then reads the list again', async () => {
    const halfway: LibraryStatus = { ...running, embedding: { ...running.embedding, done: 2 } };
    const next: LibraryStatus = { ...running, embedding: { ...running.embedding, pageId: 'p2', title: 'Deltas', done: 1 } };
    const engine = fakeEngine([
      { kind: 'library.status', status: halfway },
      { kind: 'library.status', status: next },
      { kind: 'library.status', status: idle },
      { kind: 'done', text: '', stats: stats(0) },
    ]);
    const lib = library(engine);
    states.push(lib);
    const seen: Array<[string, number]> = [];
    engine.onEach((e) => {
      if (e.kind === 'library.status') seen.push([lib.list.status.value!.embedding.state, lib.list.status.value!.embedding.done]);
    });
    // The listing says the embedding runs (the fake's RPC answers `running`): the panel starts following.
    const lists = () => engine.rpcs.filter((m) => m === 'library.list').length;
    engine.status = running;
    await lib.list.refresh();
    expect(engine.requests).toEqual([{ kind: 'library.follow' }]);
    engine.status = idle;
    await vi.waitFor(() => expect(lists()).toBe(3), { timeout: UI });
    expect(seen).toEqual([
      ['running', 2],
      ['running', 1],
      ['idle', 0],
    ]);
    expect(engine.rpcs).not.toContain('library.status');
    expect(lib.list.status.value?.embedding.state).toBe('idle');
  });

  it('stops following when disposed', async () => {
    let release!: () => void;
    const events = new Promise<void>((resolve) => (release = resolve));
    const engine = fakeEngine(
      [
        { kind: 'library.status', status: idle },
        { kind: 'done', text: '', stats: stats(0) },
      ],
      running,
      events,
    );
    const lib = library(engine);
    await lib.list.refresh();
    expect(engine.requests).toEqual([{ kind: 'library.follow' }]);
    lib.dispose();
    release();
    await vi.waitFor(() => expect(engine.ended).toBe(1), { timeout: UI });
    // The follow was cancelled before its first event: the panel shows what it had, and reads nothing more.
    expect(lib.list.status.value?.embedding.state).toBe('running');
    expect(engine.rpcs).toEqual(['library.list']);
  });
});
