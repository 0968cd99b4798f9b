/**
 * "Ask a bigger model" on a library answer: the card keeps the passages its model was given (cut as
 * it was given them), the request asks exactly those of the cloud, numbered as the card cites them,
 * in the card's answer language; a page deleted from the library since proposes nothing; cards kept
 * before the passages were offer no button and say why.
 */
import { describe, expect, it } from 'vitest';
import { cloudMessagesFor, PLACEHOLDER_NOTE } from '../../lib/cloud/cloud-messages';
import { nameSourcesOf } from '../../lib/cloud/name-sources';
import type { Engine } from '../../lib/engine-api/engine';
import type { LibrarySource } from '../../lib/messaging/library-protocol';
import { taskRequestSchema } from '../../lib/messaging/engine-protocol';
import {
  isLibraryQuestion,
  keptPassagesOf,
  libraryBiggerBlock,
  libraryQuestionOf,
  libraryQuestionRequest,
} from '../../lib/panel/library-question';
import { canAskBigger } from '../../lib/panel/thread-items';
import type { ThreadItemRow } from '../../lib/store/db';
import { libraryQuestionMessages } from '../../lib/tasks/library-answer-task';

const PLATES = 'https://ocw.example/geo/plates';
const CELLS = 'https://lms.example/bio/cells';

function source(n: number, extra: Partial<LibrarySource>): LibrarySource {
  return {
    n,
    chunkId: `c${n}`,
    pageId: `p${n}`,
    title: 'Plates',
    url: PLATES,
    kind: 'web',
    headings: [],
    text: '',
    start: 0,
    end: 1,
    citationUrl: PLATES,
    pdfPage: null,
    coverage: 0.5,
    cosine: null,
    ...extra,
  };
}

const SOURCES = [
  source(1, {
    headings: ['Week 2', 'Speed'],
    text: 'Plates move a few centimetres a year. Write to ta@ocw.example.',
    given: 'Plates move a few centimetres a year. …',
  }),
  source(2, { title: 'Cells', url: CELLS, headings: [], text: 'Cells divide by mitosis.' }),
];

function card(extra: Partial<ThreadItemRow> = {}): ThreadItemRow {
  return {
    id: 3,
    url: PLATES,
    kind: 'library-answer',
    label: ' How fast do plates move? ',
    source: 'library',
    text: 'A few centimetres a year [1].',
    created: 1,
    modelId: 'm',
    language: 'vi',
    libraryQuestion: libraryQuestionOf(SOURCES, 'vi'),
    ...extra,
  };
}

describe('the passages a library answer card keeps', () => {
  it('are each source as the model was given it: its page, which part, the text (cut when it was cut)', () => {
    expect(keptPassagesOf(SOURCES)).toEqual([
      { title: 'Plates', url: PLATES, headings: ['Week 2', 'Speed'], text: 'Plates move a few centimetres a year. …' },
      { title: 'Cells', url: CELLS, headings: [], text: 'Cells divide by mitosis.' },
    ]);
    expect(libraryQuestionOf([], '')).toEqual({ outputLanguage: '', passages: [] });
  });

  it('make a card one a bigger model can be asked about; old cards, "nothing found" and cloud cards are not', () => {
    expect([isLibraryQuestion(card()), canAskBigger(card()), libraryBiggerBlock(card())]).toEqual([true, true, null]);
    const old = card({ libraryQuestion: undefined });
    expect([canAskBigger(old), libraryBiggerBlock(old)]).toEqual([false, 'old']);
    const nothing = card({ libraryQuestion: libraryQuestionOf([], '') });
    expect([canAskBigger(nothing), libraryBiggerBlock(nothing)]).toEqual([false, 'nothing']);
    expect([canAskBigger(card({ cloud: true })), libraryBiggerBlock(card({ cloud: true }))]).toEqual([false, null]);
    expect(libraryBiggerBlock(card({ kind: 'answer', libraryQuestion: undefined }))).toBeNull();
  });
});

describe('libraryQuestionRequest', () => {
  it('asks the same question of the same passages, in the same order and language, while their pages are saved', () => {
    const check = libraryQuestionRequest(card(), () => true);
    expect(check).toEqual({
      ok: true,
      request: { kind: 'library.question', question: 'How fast do plates move?', outputLanguage: 'vi', passages: keptPassagesOf(SOURCES) },
    });
    expect(taskRequestSchema.safeParse(check.ok && check.request).success).toBe(true);
  });

  it('names the pages deleted from the library since, and proposes nothing', () => {
    expect(libraryQuestionRequest(card(), (url) => url !== CELLS)).toEqual({ ok: false, deleted: ['Cells'] });
    expect(() => libraryQuestionRequest(card({ libraryQuestion: undefined }), () => true)).toThrow();
  });
});

describe("the cloud's messages for a library question", () => {
  const request = {
    kind: 'library.question' as const,
    question: 'How fast do plates move?',
    outputLanguage: 'vi',
    passages: keptPassagesOf(SOURCES),
  };
  const sizing = { info: { contextWindow: 128_000, modelName: 'big-1' } } as unknown as Engine;

  it('quote exactly the kept passages, numbered as the card cites them, with the question and its language', async () => {
    const { messages } = libraryQuestionMessages(request, 128_000);
    const user = messages.at(-1)!.content;
    expect(user.indexOf('[1] Plates › Week 2 › Speed\nPlates move a few centimetres a year. …')).toBeGreaterThan(-1);
    expect(user.indexOf('[2] Cells\nCells divide by mitosis.')).toBeGreaterThan(user.indexOf('[1]'));
    expect(user).not.toContain('ta@ocw.example'); // the part cut for the local model is not sent either
    expect(user).toMatch(/Question: How fast do plates move\?[\s\S]*Write the answer in Vietnamese\.$/);
    const cloud = await cloudMessagesFor(request, sizing);
    expect(cloud.messages[0]!.content.endsWith(PLACEHOLDER_NOTE)).toBe(true);
    expect(cloud.messages.at(-1)!.content).toBe(user);
    expect(cloud.notes).toEqual([]);
    // In the page's own language ('' asked): no language line, as on the device.
    expect(libraryQuestionMessages({ ...request, outputLanguage: '' }, 128_000).messages.at(-1)!.content).not.toMatch(/Write the answer/);
  });

  it("count the passages as page text (names in them may be kept), the question as the student's own", () => {
    const sources = nameSourcesOf(request);
    expect(sources.own).toEqual(['How fast do plates move?']);
    expect(sources.page).toContain('Week 2');
    expect(sources.page).toContain('Cells divide by mitosis.');
  });
});
