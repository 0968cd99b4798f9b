/**
 * The content script is declared for every frame and is also injected again by the background
 * when a tab does not answer in time (lib/background/capture-tab.ts: tabs opened before install,
 * a slow top frame). Running twice in the same frame must not add a second set of message
 * listeners (two answers to one capture) or a second toolbar next to the selection.
 */
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it, vi } from 'vitest';

const listeners = { message: [] as unknown[], storage: [] as unknown[] };
vi.mock('../../lib/platform/extension-api', () => ({
  browser: {
    runtime: { id: 'locus', onMessage: { addListener: (l: unknown) => listeners.message.push(l) }, sendMessage: async () => undefined },
    storage: {
      local: { get: async () => ({}) },
      onChanged: { addListener: (l: unknown) => listeners.storage.push(l) },
    },
  },
}));

import { SELECTION_BUTTON_TAG } from '../../lib/capture/selection-button';

afterEach(() => {
  vi.unstubAllGlobals();
  listeners.message.length = 0;
  listeners.storage.length = 0;
});

function page() {
  const dom = new JSDOM(
    '<!doctype html><html lang="en"><head><title>Rivers</title></head><body><p id="p">Rivers carry sand to the sea, grain by grain.</p></body></html>',
    {
      url: 'https://course.example.edu/geo/1',
    },
  );
  vi.stubGlobal('window', dom.window);
  vi.stubGlobal('document', dom.window.document);
  return dom.window.document;
}

async function selectAndRelease(doc: Document) {
  const range = doc.createRange();
  range.selectNodeContents(doc.getElementById('p')!);
  doc.getSelection()!.removeAllRanges();
  doc.getSelection()!.addRange(range);
  const rect = { left: 10, top: 10, right: 200, bottom: 30, width: 190, height: 20, x: 10, y: 10, toJSON: () => ({}) };
  (range.constructor.prototype as { getClientRects: unknown }).getClientRects = () => [rect];
  (range.constructor.prototype as { getBoundingClientRect: unknown }).getBoundingClientRect = () => rect;
  doc.dispatchEvent(new doc.defaultView!.MouseEvent('mouseup', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 80));
}

describe('the content script injected twice into one frame', () => {
  it('keeps one set of listeners and one toolbar', async () => {
    const doc = page();
    const { default: content } = await import('../../entrypoints/content');
    content.main({} as never);
    const once = { message: listeners.message.length, storage: listeners.storage.length };
    expect(once.message).toBeGreaterThan(0);
    content.main({} as never); // the background's executeScript, into a frame that already has it
    expect(listeners.message.length).toBe(once.message);
    expect(listeners.storage.length).toBe(once.storage);
    await selectAndRelease(doc);
    expect(doc.querySelectorAll(SELECTION_BUTTON_TAG)).toHaveLength(1);
  });

  it('a fresh frame (a new document) gets its own', async () => {
    page();
    const { default: content } = await import('../../entrypoints/content');
    content.main({} as never);
    const first = listeners.message.length;
    const doc = page();
    content.main({} as never);
    expect(listeners.message.length).toBe(first * 2);
    await selectAndRelease(doc);
    expect(doc.querySelectorAll(SELECTION_BUTTON_TAG)).toHaveLength(1);
  });
});
