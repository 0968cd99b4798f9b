/**
 * An image's text ("Read this image with Locus") beyond its summary: asked about in the Ask view
 * (the subject is the text, from the page the image was on; what is sent to the engine) and saved
 * to the library (under the image's address, marked as read with OCR). Fake engine clients.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

import type { EngineClient } from '../../lib/messaging/engine-channel';
import type { TaskEvent, TaskRequest } from '../../lib/messaging/engine-protocol';
import { MAX_SELECTION_CHARS, type CapturedPage, type PendingImage } from '../../lib/messaging/protocol';
import { AskState, imageSubject } from '../../lib/panel/ask-state';
import { LibrarySaveState } from '../../lib/panel/library-save-state';
import { fakeStats } from '../support/fake-stats';

const stats = fakeStats();

function client(script: (r: TaskRequest) => TaskEvent[], requests: TaskRequest[]): EngineClient {
  return {
    async start(request: TaskRequest, onEvent: (e: TaskEvent) => void) {
      requests.push(request);
      const events = script(request);
      for (const e of events) onEvent(e);
      return events.at(-1)!;
    },
    async rpc() {
      return null;
    },
  } as unknown as EngineClient;
}

const HANDOUT = 'Water evaporates from oceans and lakes. The vapour cools and forms clouds.';
const FROM: PendingImage['page'] = { tabId: 4, url: 'https://school.example/handout.html', title: 'Handout' };
const IMAGE: CapturedPage = {
  url: 'https://school.example/scans/handout.jpg',
  title: 'handout.jpg',
  lang: '',
  dir: 'ltr',
  text: HANDOUT,
  source: 'image',
  truncated: false,
  originalLength: HANDOUT.length,
  framesIncluded: 0,
  ocr: { engine: 'tesseract', languages: ['eng'], pages: [1], pagesWithoutText: 1, pageLimit: 1, stopped: false, meanConfidence: 91 },
};

describe('asking about an image’s text', () => {
  it('makes the text the subject, from the page the image was on, and asks the question about it', async () => {
    const requests: TaskRequest[] = [];
    const ask = new AskState({
      engine: () => client(() => [{ kind: 'done', text: 'Clouds form when vapour cools.', stats }], requests),
      answerLanguage: () => '',
      studentLanguage: () => 'en',
      source: { current: async () => ({ error: { code: 'empty-input', message: 'Nothing is selected.' } }) },
    });
    const focus = ask.focusQuestion.value;
    ask.useImageText(IMAGE, FROM);
    expect(ask.subject.value).toMatchObject({ origin: 'image', page: { url: FROM.url, title: 'Handout' } });
    expect(ask.subject.value?.selection.text).toBe(HANDOUT);
    // Nothing runs until the student picks: the question box takes the focus.
    expect(requests).toEqual([]);
    expect(ask.focusQuestion.value).toBe(focus + 1);
    ask.question.value = 'How do clouds form?';
    await ask.answer('ask');
    expect(requests).toEqual([
      expect.objectContaining({
        kind: 'selection',
        action: 'ask',
        selection: HANDOUT,
        question: 'How do clouds form?',
        page: { url: FROM.url, title: 'Handout', lang: '' },
      }),
    ]);
    expect(ask.run.text.value).toBe('Clouds form when vapour cools.');
  });

  it('cuts a very long text like a selection, and says how much was read', () => {
    const long = 'a'.repeat(MAX_SELECTION_CHARS + 10);
    const subject = imageSubject({ ...IMAGE, text: long }, FROM);
    expect(subject.selection.text.length).toBe(MAX_SELECTION_CHARS);
    expect(subject.selection.originalLength).toBe(MAX_SELECTION_CHARS + 10);
  });
});

describe('saving an image’s text to the library', () => {
  it('saves the text read, under the image’s address with its page’s title, marked as OCR, without reading the tab', async () => {
    const requests: TaskRequest[] = [];
    const engine = client(
      () => [
        { kind: 'library.saved', pageId: 'p1', chunks: 1, replaced: false },
        { kind: 'done', text: '', stats },
      ],
      requests,
    );
    const capture = vi.fn(async () => {
      throw new Error('the tab must not be read again');
    });
    const refresh = vi.fn(async () => undefined);
    const save = new LibrarySaveState({ engine, target: async () => ({ tabId: 4, url: FROM.url, title: FROM.title }), capture, refresh });
    save.course.value = 'Earth science';
    expect(await save.saveCapturedPage(IMAGE, FROM)).toBe(true);
    expect(capture).not.toHaveBeenCalled();
    expect(requests[0]).toMatchObject({
      kind: 'library.save',
      course: 'Earth science',
      page: { url: IMAGE.url, title: 'Handout · handout.jpg', text: HANDOUT, kind: 'web', textOrigin: 'ocr' },
    });
    expect(save.phase.value).toBe('saved');
    expect(save.message.value).toMatch(/^Saved “Handout · handout\.jpg”: 1 part/);
    expect(refresh).toHaveBeenCalled();
  });

  it('does not mark a page read without OCR', async () => {
    const requests: TaskRequest[] = [];
    const engine = client(() => [{ kind: 'done', text: '', stats }], requests);
    const page: CapturedPage = { ...IMAGE, source: 'readability', ocr: undefined };
    const save = new LibrarySaveState({ engine, target: async () => null, capture: async () => page, refresh: async () => undefined });
    expect(await save.saveCapturedPage(page)).toBe(true);
    expect((requests[0] as { page: { textOrigin?: string } }).page.textOrigin).toBeUndefined();
  });
});
