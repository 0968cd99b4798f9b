/**
 * "Ask a bigger model" on an answer about the page: the card's question, about the page read again
 * now, in the card's answer language; another page or a changed text proposes nothing.
 */
import { describe, expect, it } from 'vitest';
import { isPageQuestion, pageQuestionRequest } from '../../lib/panel/page-question';
import { sha256Hex } from '../../lib/privacy/consent';
import type { ThreadItemRow } from '../../lib/store/db';

const URL = 'https://ocw.example/geo/plates';
const PAGE = { url: `${URL}#week-1`, title: 'Plates', lang: 'en', text: 'Plates move a few centimetres a year. Week 1: the rock cycle.' };

async function card(extra: Partial<ThreadItemRow> = {}): Promise<ThreadItemRow> {
  return {
    id: 4,
    url: URL,
    kind: 'answer',
    label: '  What is studied in week 1? ',
    source: 'page',
    text: 'The rock cycle.',
    created: 1,
    modelId: 'm',
    language: 'vi',
    pageQuestion: { outputLanguage: 'vi', pageSha256: await sha256Hex(PAGE.text) },
    ...extra,
  };
}

describe('pageQuestionRequest', () => {
  it('asks the same question of the same page text, in the language it was asked in, without the conversation', async () => {
    const item = await card();
    const check = pageQuestionRequest(item, PAGE, await sha256Hex(PAGE.text));
    expect(check).toEqual({
      ok: true,
      request: { kind: 'chat', page: PAGE, summary: '', history: [], question: 'What is studied in week 1?', outputLanguage: 'vi' },
    });
  });

  it('says the page is closed when no page or another page is open, and changed when its text is not the one answered', async () => {
    const item = await card();
    expect(pageQuestionRequest(item, null, '')).toEqual({ ok: false, problem: 'closed' });
    const other = { ...PAGE, url: 'https://ocw.example/geo/volcanoes' };
    expect(pageQuestionRequest(item, other, await sha256Hex(other.text))).toEqual({ ok: false, problem: 'closed' });
    const edited = { ...PAGE, text: `${PAGE.text} Week 2: volcanoes.` };
    expect(pageQuestionRequest(item, edited, await sha256Hex(edited.text))).toEqual({ ok: false, problem: 'changed' });
  });

  it('is only for answers about the page that kept what the question needs', async () => {
    expect(isPageQuestion(await card())).toBe(true);
    const { pageQuestion: _kept, ...older } = await card();
    expect(isPageQuestion(older)).toBe(false); // an answer kept before cards kept the page's hash
    expect(isPageQuestion(await card({ kind: 'library-answer' }))).toBe(false);
    expect(isPageQuestion(await card({ label: ' ' }))).toBe(false);
    expect(() => pageQuestionRequest(older, PAGE, '')).toThrow();
  });
});
