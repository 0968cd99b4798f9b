/**
 * Chunking by tokens of the model that will read the chunks: the real stories260K tokenizer on real
 * course pages (MIT OpenCourseWare fragments from ../shared, captured the way the extension does).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkByTokens, type TokenCounter } from '../../lib/capture/chunk';
import { extractPage } from '../../lib/capture/extract';
import { nodeEngine } from '../support/node-engine';
import { sharedPath } from '../support/shared-data.mjs';

let harness: Awaited<ReturnType<typeof nodeEngine>>;
let count: TokenCounter;

beforeAll(async () => {
  harness = await nodeEngine('stories260K', 'q4');
  count = (text) => harness.engine.countTokens(text);
});
afterAll(async () => {
  await harness?.dispose();
});

/** Page text as the extension captures it: the fragment inside a page body, through extractPage. */
function coursePageText(relative: string): string {
  const fragment = readFileSync(path.join(sharedPath('data/course-pages'), relative), 'utf8');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course page</title></head><body>${fragment}</body></html>`;
  const doc = new JSDOM(html, { url: 'https://ocw.example/course/page.html', virtualConsole: new VirtualConsole() }).window.document;
  return extractPage(doc).text;
}

/** The largest page of every course, and the largest of all: long, varied, real material. */
function samplePages(): string[] {
  const root = sharedPath('data/course-pages');
  const picked: string[] = [];
  for (const course of readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const pages = readdirSync(path.join(root, course)).filter((f) => f.endsWith('.html'));
    const largest = pages.map((f) => ({ f, size: readFileSync(path.join(root, course, f)).length })).sort((a, b) => b.size - a.size)[0];
    if (largest) picked.push(`${course}/${largest.f}`);
  }
  return picked;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const letterRuns = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];

/** Checks the two promises of chunking: within budget, nothing lost or added, order kept. */
async function expectGoodChunks(text: string, chunks: string[], budget: number, label: string) {
  for (const [i, chunk] of chunks.entries()) {
    const tokens = await count(chunk);
    // Only a single character that alone exceeds the budget may stand over it (it cannot be cut).
    if (tokens > budget) expect(Array.from(chunk.trim()), `${label}: chunk ${i} has ${tokens} tokens > ${budget}`).toHaveLength(1);
    expect(chunk.trim().length, `${label}: chunk ${i} is empty`).toBeGreaterThan(0);
  }
  // Every non-space character of the input, in order, and nothing else.
  expect(squeeze(chunks.join('')), label).toBe(squeeze(text));
}

describe('chunkByTokens with the stories260K tokenizer', () => {
  it('keeps every chunk of real course pages within the budget, losing no word', async () => {
    const pages = samplePages();
    expect(pages.length).toBeGreaterThanOrEqual(10);
    let totalChunks = 0;
    for (const page of pages) {
      const text = coursePageText(page);
      expect(text.length, page).toBeGreaterThan(500);
      for (const budget of [100, 400]) {
        const chunks = await chunkByTokens(text, budget, count);
        await expectGoodChunks(text, chunks, budget, `${page} @${budget}`);
        // No word is cut in two: the letter-and-digit runs of the chunks are those of the page.
        expect(letterRuns(chunks.join('\n')), `${page} @${budget}`).toEqual(letterRuns(text));
        // Greedy packing leaves no two neighbours that would have fitted together... nearly:
        // at least the chunk count is no more than twice the ideal.
        const ideal = Math.ceil((await count(text)) / budget);
        expect(chunks.length, `${page} @${budget}`).toBeLessThanOrEqual(2 * ideal + 1);
        totalChunks += chunks.length;
      }
    }
    expect(totalChunks).toBeGreaterThan(pages.length * 2);
  });

  it('returns one chunk for text that fits and none for empty text', async () => {
    expect(await chunkByTokens('Lily went to the park.', 50, count)).toEqual(['Lily went to the park.']);
    expect(await chunkByTokens('', 50, count)).toEqual([]);
    expect(await chunkByTokens(' \n\n \n', 50, count)).toEqual([]);
    await expect(chunkByTokens('text', 0, count)).rejects.toThrow(/at least 1/);
  });

  it('keeps paragraphs whole when they fit, and splits an oversize paragraph at sentence ends', async () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} tells how the river carried sand to the delta.`);
    const small = 'A short opening paragraph.';
    const text = `${small}\n\n${sentences.join(' ')}\n\nA short closing paragraph.`;
    const budget = 80;
    expect(await count(sentences.join(' '))).toBeGreaterThan(3 * budget);
    const chunks = await chunkByTokens(text, budget, count);
    await expectGoodChunks(text, chunks, budget, 'sentences');
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    // Every piece of the long paragraph begins and ends on a sentence boundary.
    const pieces = chunks.flatMap((c) => c.split('\n\n')).map((p) => p.trim());
    for (const piece of pieces) {
      expect(piece, piece).toMatch(/^(A short|Sentence number \d+ )/);
      expect(piece, piece).toMatch(/\.$/);
    }
    expect(pieces.filter((p) => p.startsWith('Sentence')).join(' ')).toBe(sentences.join(' '));
  });

  it('splits a single overlong sentence by words', async () => {
    const sentence = `${Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ')}.`;
    const chunks = await chunkByTokens(sentence, 40, count);
    await expectGoodChunks(sentence, chunks, 40, 'long sentence');
    expect(chunks.length).toBeGreaterThan(2);
    expect(words(chunks.join(' '))).toEqual(words(sentence));
  });

  it('handles non-English and right-to-left text', async () => {
    const sentencesOf: Record<string, string[]> = {
      french: ["Le cycle de l'eau décrit le mouvement continu de l'eau sur la Terre. ", "L'évaporation des océans forme les nuages. "],
      german: ['Die Photosynthese wandelt Lichtenergie in chemische Energie um. ', 'Pflanzen benötigen dafür Wasser und Kohlendioxid. '],
      chinese: ['光合作用是植物利用光能把二氧化碳和水转化为有机物的过程。', '叶绿体是进行光合作用的场所。'],
      arabic: ['التمثيل الضوئي عملية تحول فيها النباتات ضوء الشمس إلى طاقة كيميائية. ', 'يحتاج النبات إلى الماء وثاني أكسيد الكربون. '],
      hebrew: ['הפוטוסינתזה היא תהליך שבו צמחים הופכים אור לאנרגיה כימית. ', 'הצמח צריך מים ופחמן דו חמצני. '],
    };
    for (const [language, sentences] of Object.entries(sentencesOf)) {
      // A budget that holds any one sentence (this tokenizer spends several tokens per non-Latin
      // letter), and a text several budgets long.
      const longest = Math.max(...(await Promise.all(sentences.map(count))));
      const budget = Math.ceil(longest * 1.5);
      const text = sentences.join('').repeat(8);
      expect(await count(text), language).toBeGreaterThan(3 * budget);
      const chunks = await chunkByTokens(text, budget, count);
      await expectGoodChunks(text, chunks, budget, language);
      expect(chunks.length, language).toBeGreaterThan(2);
      // Cuts fall at sentence ends, since every sentence fits the budget.
      for (const chunk of chunks) expect(chunk.trim(), language).toMatch(/[.。]$/u);
    }
  });

  it('terminates with a budget of 1 token', async () => {
    const text = 'Lily saw a big dog.\n\nThe dog ran. 光合作用。 مرحبا';
    // Termination is what is tested: the test's own timeout is the bound.
    const chunks = await chunkByTokens(text, 1, count);
    await expectGoodChunks(text, chunks, 1, 'budget 1');
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks).toContain('Lily');
  });
});
