/**
 * The message protocol between contexts: every schema takes what the contexts really send and
 * refuses anything else; the sender's context (decided from the browser's sender facts, never from
 * the message) limits what it may ask.
 */
import { describe, expect, it } from 'vitest';
import {
  engineClientMessageSchema,
  engineHostMessageSchema,
  taskEventSchema,
  taskRequestSchema,
  type TaskRequest,
} from '../../lib/messaging/engine-protocol';
import {
  MAX_CAPTURE_CHARS,
  MAX_SELECTION_CHARS,
  backgroundInboxSchema,
  backgroundToContentSchema,
  capturedPageSchema,
  contentToBackgroundSchema,
  offscreenToBackgroundSchema,
  panelToBackgroundSchema,
  replySchema,
  type BackgroundInbox,
  type CapturedPage,
} from '../../lib/messaging/protocol';
import { mayAsk, mayConnectToEngine, senderContext, type SenderContext } from '../../lib/messaging/senders';

const selection = { text: 'photosynthesis', context: 'Plants make sugar by photosynthesis.', inEditable: false, originalLength: 14 };
const page: CapturedPage = {
  url: 'https://example.org/a',
  title: 'A',
  lang: 'en',
  dir: 'ltr',
  text: 'Some text.',
  source: 'readability',
  truncated: false,
  originalLength: 10,
  framesIncluded: 0,
};
const summarize: TaskRequest = {
  kind: 'summarize',
  mode: 'tldr',
  page: { url: page.url, title: page.title, lang: 'en', text: page.text },
  outputLanguage: '',
};

describe('runtime messages', () => {
  it('accept every well-formed message of each direction', () => {
    expect(contentToBackgroundSchema.safeParse({ type: 'selection.action', action: 'explain', selection }).success).toBe(true);
    expect(backgroundToContentSchema.safeParse({ type: 'capture.page' }).success).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'page.capture', tabId: 7 }).success).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'engine.ensure' }).success).toBe(true);
    expect(offscreenToBackgroundSchema.safeParse({ type: 'offscreen.idle' }).success).toBe(true);
    expect(capturedPageSchema.safeParse(page).success).toBe(true);
    for (const message of [
      { type: 'selection.action', action: 'define', selection },
      { type: 'page.target' },
      { type: 'offscreen.ready' },
    ]) {
      expect(backgroundInboxSchema.safeParse(message).success, JSON.stringify(message)).toBe(true);
    }
  });

  it('reject unknown types and missing or mistyped fields', () => {
    const bad: unknown[] = [
      null,
      'selection.action',
      42,
      {},
      { type: 'settings.set', privacyMode: false }, // no such message
      { type: 'page.capture' }, // tabId missing
      { type: 'page.capture', tabId: '7' }, // tabId as text
      { type: 'page.capture', tabId: 7.5 }, // not an integer
      { type: 'selection.action', action: 'delete-everything', selection },
      { type: 'selection.action', action: 'explain', selection: { ...selection, inEditable: 'no' } },
      { type: 'selection.action', action: 'explain', selection: { ...selection, originalLength: -1 } },
    ];
    for (const message of bad) {
      expect(backgroundInboxSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
  });

  it('bound the size of what a page can send', () => {
    const atLimit = { ...selection, text: 'x'.repeat(MAX_SELECTION_CHARS), originalLength: MAX_SELECTION_CHARS };
    const tooLong = { ...selection, text: 'x'.repeat(MAX_SELECTION_CHARS + 1), originalLength: MAX_SELECTION_CHARS + 1 };
    expect(contentToBackgroundSchema.safeParse({ type: 'selection.action', action: 'ask', selection: atLimit }).success).toBe(true);
    expect(contentToBackgroundSchema.safeParse({ type: 'selection.action', action: 'ask', selection: tooLong }).success).toBe(false);
    expect(
      contentToBackgroundSchema.safeParse({
        type: 'selection.action',
        action: 'ask',
        selection: { ...selection, context: 'y'.repeat(20_001) },
      }).success,
    ).toBe(false);
    expect(capturedPageSchema.safeParse({ ...page, text: 'z'.repeat(MAX_CAPTURE_CHARS + 1) }).success).toBe(false);
  });

  it('type replies: a success carries a valid value, a failure a known error code', () => {
    const reply = replySchema(capturedPageSchema);
    expect(reply.safeParse({ ok: true, value: page }).success).toBe(true);
    expect(reply.safeParse({ ok: false, error: { code: 'restricted-page', message: 'No.' } }).success).toBe(true);
    expect(reply.safeParse({ ok: true, value: { ...page, dir: 'up' } }).success).toBe(false);
    expect(reply.safeParse({ ok: false, error: { code: 'made-up-code', message: 'No.' } }).success).toBe(false);
    expect(reply.safeParse({ ok: 'yes', value: page }).success).toBe(false);
  });
});

describe('engine port messages', () => {
  it('accept task starts, cancels and RPCs from the client', () => {
    expect(engineClientMessageSchema.safeParse({ type: 'task.start', id: 'a1', request: summarize }).success).toBe(true);
    expect(engineClientMessageSchema.safeParse({ type: 'task.cancel', id: 'a1' }).success).toBe(true);
    expect(engineClientMessageSchema.safeParse({ type: 'rpc', id: 'r1', request: { method: 'model.status' } }).success).toBe(true);
  });

  it('reject malformed client messages', () => {
    const bad: unknown[] = [
      { type: 'task.start', id: '', request: summarize }, // empty id
      { type: 'task.start', id: 'a', request: { ...summarize, mode: 'poem' } },
      { type: 'task.start', id: 'a', request: { ...summarize, kind: 'delete-library' } },
      { type: 'task.start', id: 'a', request: { ...summarize, page: { ...summarize.page, text: 12 } } },
      { type: 'task.start', id: 'a' },
      { type: 'rpc', id: 'r', request: { method: 'settings.write' } },
      { type: 'task.cancel' },
      { type: 'eval', code: 'alert(1)' },
    ];
    for (const message of bad) {
      expect(engineClientMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
    expect(taskRequestSchema.safeParse(summarize).success).toBe(true);
  });

  it('accept the host events a task streams and reject malformed ones', () => {
    const stats = {
      modelId: 'm',
      modelName: 'M',
      device: 'wasm',
      dtype: 'q4',
      promptTokens: 10,
      outputTokens: 5,
      ttftMs: 3,
      totalMs: 9,
      tokensPerSecond: 2.5,
      parts: 1,
    };
    const good = [
      { kind: 'download', progress: { modelId: 'm', file: 'f', loaded: 1, total: 2, bytesPerSecond: 0, etaSeconds: null } },
      { kind: 'loading', modelId: 'm', device: 'webgpu', dtype: 'q4f16' },
      { kind: 'plan', parts: 3 },
      { kind: 'part', index: 1, total: 3, stage: 'map' },
      { kind: 'text', delta: 'Once' },
      { kind: 'notice', message: 'n', notice: { code: 'summary-first-parts', model: 'm', parts: 48, percent: 12 } },
      { kind: 'done', text: 'Once', stats },
      { kind: 'error', error: { code: 'cancelled', message: 'Stopped.' } },
    ];
    for (const event of good) {
      expect(engineHostMessageSchema.safeParse({ type: 'task.event', id: 't', event }).success, event.kind).toBe(true);
    }
    const bad = [
      { kind: 'text', delta: 5 },
      { kind: 'plan', parts: 0 },
      { kind: 'part', index: 1, total: 3, stage: 'think' },
      { kind: 'loading', modelId: 'm', device: 'tpu', dtype: 'q4' },
      { kind: 'done', text: 'x', stats: { ...stats, outputTokens: -1 } },
      { kind: 'error', error: { code: 'nope', message: '' } },
      // A notice must carry its code (the panel words it): an English sentence alone is refused.
      { kind: 'notice', message: 'n' },
      { kind: 'notice', message: 'n', notice: { code: 'summary-first-parts', model: 'm', parts: -1, percent: 1 } },
      { kind: 'exec', command: 'rm' },
    ];
    for (const event of bad) expect(taskEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(false);
    expect(engineHostMessageSchema.safeParse({ type: 'rpc.result', id: 'r', reply: { ok: true, value: { anything: 1 } } }).success).toBe(
      true,
    );
    expect(engineHostMessageSchema.safeParse({ type: 'rpc.result', id: 'r', reply: { ok: false } }).success).toBe(false);
  });
});

describe('senders', () => {
  const ID = 'abcdefghijklmnop';
  const ORIGIN = `chrome-extension://${ID}/`;
  const context = (sender: Parameters<typeof senderContext>[0], origin = ORIGIN) => senderContext(sender, ID, origin);

  it('classifies each context from the browser-given sender', () => {
    expect(context({ id: ID, url: `${ORIGIN}sidepanel.html` })).toBe('sidepanel');
    expect(context({ id: ID, url: `${ORIGIN}sidepanel.html?tab=3#top` })).toBe('sidepanel');
    expect(context({ id: ID, url: `${ORIGIN}offscreen.html` })).toBe('offscreen');
    expect(context({ id: ID, url: `${ORIGIN}options.html` })).toBe('extension-page');
    expect(context({ id: ID, url: 'https://example.org/lesson', tab: { id: 4 }, frameId: 0 })).toBe('content');
    expect(context({ id: ID, url: 'http://127.0.0.1:8080/page.html', tab: { id: 9 }, frameId: 3 })).toBe('content');
    // An extension origin given without its trailing slash is the same origin.
    expect(context({ id: ID, url: `${ORIGIN}sidepanel.html` }, `chrome-extension://${ID}`)).toBe('sidepanel');
  });

  it('treats other extensions and look-alikes as foreign', () => {
    expect(context({ id: 'zzzzzzzzzzzzzzzz', url: `${ORIGIN}sidepanel.html` })).toBe('foreign');
    expect(context({ id: 'zzzzzzzzzzzzzzzz', url: 'https://example.org/', tab: { id: 1 } })).toBe('foreign');
    expect(context({ url: `${ORIGIN}sidepanel.html` })).toBe('foreign'); // no id at all
    // Our id, a web URL, but no tab: not a content script we know of.
    expect(context({ id: ID, url: 'https://example.org/' })).toBe('foreign');
    // An origin that merely starts with our id is another extension's page.
    expect(context({ id: ID, url: `chrome-extension://${ID}xyz/sidepanel.html` })).toBe('foreign');
  });

  it('lets each context ask only its own messages', () => {
    const types: BackgroundInbox['type'][] = [
      'selection.action',
      'engine.ensure',
      'page.target',
      'page.capture',
      'offscreen.ready',
      'offscreen.idle',
    ];
    const allowed: Record<SenderContext, BackgroundInbox['type'][]> = {
      content: ['selection.action'],
      sidepanel: ['engine.ensure', 'page.target', 'page.capture'],
      offscreen: ['offscreen.ready', 'offscreen.idle'],
      'extension-page': [],
      foreign: [],
    };
    for (const [ctx, mine] of Object.entries(allowed) as Array<[SenderContext, BackgroundInbox['type'][]]>) {
      for (const type of types) expect(mayAsk(ctx, type), `${ctx} → ${type}`).toBe(mine.includes(type));
    }
    // The cases that matter most, spelled out.
    expect(mayAsk('content', 'page.capture')).toBe(false);
    expect(mayAsk('content', 'engine.ensure')).toBe(false);
    expect(mayAsk('sidepanel', 'offscreen.idle')).toBe(false);
    expect(mayAsk('sidepanel', 'offscreen.ready')).toBe(false);
  });

  it('lets only the side panel connect to the engine port', () => {
    expect(mayConnectToEngine('sidepanel')).toBe(true);
    for (const ctx of ['content', 'offscreen', 'extension-page', 'foreign'] as const) expect(mayConnectToEngine(ctx), ctx).toBe(false);
    const fromContentScript = context({ id: ID, url: 'https://evil.example/', tab: { id: 5 } });
    expect(mayConnectToEngine(fromContentScript)).toBe(false);
  });
});
