/**
 * Chunking a page for retrieval (lib/library/chunk-document.ts): offsets that give back the chunk
 * text exactly, token budgets, overlap within a section, heading paths.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../lib/capture/extract';
import { chunkContext, chunkDocument, type DocumentChunk } from '../../lib/library/chunk-document';
import { sharedPath } from '../support/shared-data.mjs';

/** Whitespace-separated words: a stand-in tokenizer that makes budgets easy to reason about. */
const words = async (text: string) => text.split(/\s+/).filter(Boolean).length;
/** One token per character: for text without spaces. */
const chars = async (text: string) => Array.from(text.replace(/\s/g, '')).length;

async function expectSound(text: string, chunks: DocumentChunk[], max: number, count = words) {
  let previousStart = -1;
  for (const c of chunks) {
    expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(c.text).toBe(c.text.trim());
    expect(c.tokens).toBe(await count(c.text));
    expect(c.tokens).toBeLessThanOrEqual(max);
    expect(c.start).toBeGreaterThan(previousStart);
    previousStart = c.start;
  }
  // Nothing lost: every non-space character of the page is inside some chunk.
  const covered = new Uint8Array(text.length);
  for (const c of chunks) covered.fill(1, c.start, c.end);
  for (let i = 0; i < text.length; i++)
    if (!/\s/.test(text[i]!)) expect(covered[i], `char ${i} ${JSON.stringify(text.slice(i, i + 20))}`).toBe(1);
}

const para = (label: string, sentences: number, wordsPerSentence = 8) =>
  Array.from({ length: sentences }, (_, i) => `${label} sentence ${i + 1} ${'word '.repeat(wordsPerSentence - 4).trim()} end.`).join(' ');

describe('chunkDocument', () => {
  it('gives offsets whose slice is the chunk, within budget, losing nothing', async () => {
    const text = ['# Title', para('Intro', 3), '## Part one', para('One', 12), '- item a', '- item b', '## Part two', para('Two', 2)].join(
      '\n\n',
    );
    const chunks = await chunkDocument(text, words, { maxTokens: 40, overlapTokens: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    await expectSound(text, chunks, 40);
  });

  it('keeps offsets exact when blank lines hold spaces or come in runs', async () => {
    const text = '  # Heading  \n \n\n\nFirst paragraph here.\n\t\n   Second one, indented.  \n\n\n- a list item\n';
    const chunks = await chunkDocument(text, words, { maxTokens: 100 });
    await expectSound(text, chunks, 100);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.text.startsWith('# Heading')).toBe(true);
    expect(chunks[0]!.text.endsWith('- a list item')).toBe(true);
  });

  it('starts a chunk at each heading once the chunk is big enough, with the heading path', async () => {
    const text = [
      '# Course',
      para('Intro', 2),
      '## Syllabus',
      para('Syl', 2),
      '### Grading',
      para('Grade', 2),
      '## Calendar',
      para('Cal', 2),
    ].join('\n\n');
    const chunks = await chunkDocument(text, words, { maxTokens: 100, minSectionTokens: 10, overlapTokens: 0 });
    await expectSound(text, chunks, 100);
    expect(chunks.map((c) => c.headings)).toEqual([
      ['Course'],
      ['Course', 'Syllabus'],
      ['Course', 'Syllabus', 'Grading'],
      ['Course', 'Calendar'],
    ]);
    expect(chunks.map((c) => c.text.split('\n')[0])).toEqual(['# Course', '## Syllabus', '### Grading', '## Calendar']);
    expect(chunkContext(chunks[2]!, 'Physics I')).toBe('Physics I › Course › Syllabus › Grading');
  });

  it('merges tiny sections, and the path is what the merged blocks share', async () => {
    const text = ['# Syllabus', '## Prerequisites', '8.01', '## Textbook', 'None required.', '## Grading', para('Grading', 3)].join('\n\n');
    const chunks = await chunkDocument(text, words, { maxTokens: 200, minSectionTokens: 20 });
    await expectSound(text, chunks, 200);
    expect(chunks[0]!.headings).toEqual(['Syllabus']);
    expect(chunks[0]!.text).toContain('8.01');
    expect(chunks[0]!.text).toContain('None required.');
  });

  it('never ends a chunk with a heading when text follows', async () => {
    const text = [para('A', 4), '## Next', para('B', 4)].join('\n\n');
    // Budget fits paragraph A and the heading but not paragraph B.
    const chunks = await chunkDocument(text, words, { maxTokens: 34, minSectionTokens: 1000, overlapTokens: 0 });
    await expectSound(text, chunks, 34);
    for (const c of chunks.slice(0, -1)) expect(c.text.split('\n').at(-1)!.startsWith('#')).toBe(false);
    expect(chunks[1]!.text.startsWith('## Next')).toBe(true);
  });

  it('cuts an oversize paragraph by sentences and repeats trailing sentences as overlap', async () => {
    const text = para('Long', 20); // 20 sentences of 8 words
    const chunks = await chunkDocument(text, words, { maxTokens: 40, overlapTokens: 10 });
    await expectSound(text, chunks, 40);
    expect(chunks.length).toBeGreaterThan(4);
    for (let i = 1; i < chunks.length; i++) {
      const [a, b] = [chunks[i - 1]!, chunks[i]!];
      expect(b.start).toBeLessThan(a.end); // overlapping
      const shared = text.slice(b.start, a.end);
      expect(await words(shared)).toBeLessThanOrEqual(10);
      expect(shared).toMatch(/^Long sentence \d+/); // whole sentences
    }
  });

  it('does not overlap across a heading, and overlap 0 means none', async () => {
    const text = [para('A', 10), '## B', para('B', 10)].join('\n\n');
    const none = await chunkDocument(text, words, { maxTokens: 30, overlapTokens: 0 });
    for (let i = 1; i < none.length; i++) expect(none[i]!.start).toBeGreaterThanOrEqual(none[i - 1]!.end);
    const some = await chunkDocument(text, words, { maxTokens: 30, overlapTokens: 10, minSectionTokens: 0 });
    const atHeading = some.find((c) => c.text.startsWith('## B'))!;
    const before = some[atHeading.index - 1]!;
    expect(atHeading.start).toBeGreaterThanOrEqual(before.end);
  });

  it('cuts text without spaces or sentence ends (Chinese) through chunk.ts', async () => {
    const text = `# 第一章\n\n${'机器学习是人工智能的一个分支'.repeat(20)}`;
    const chunks = await chunkDocument(text, chars, { maxTokens: 50, overlapTokens: 0 });
    await expectSound(text, chunks, 50, chars);
    expect(chunks.every((c) => c.headings[0] === '第一章')).toBe(true);
  });

  it('returns nothing for blank text and refuses a zero budget', async () => {
    expect(await chunkDocument(' \n\n \n', words, { maxTokens: 10 })).toEqual([]);
    await expect(chunkDocument('x', words, { maxTokens: 0 })).rejects.toThrow();
  });

  it('chunks a real course page as captured', async () => {
    const file = path.join(sharedPath('data/course-pages'), '8-01sc-classical-mechanics-fall-2016/003-syllabus.html');
    const html = `<!doctype html><html lang="en"><head><title>Syllabus</title></head><body>${readFileSync(file, 'utf8')}</body></html>`;
    const doc = new JSDOM(html, { url: 'https://ocw.example/page.html', virtualConsole: new VirtualConsole() }).window.document;
    const text = extractPage(doc).text;
    const chunks = await chunkDocument(text, words, { maxTokens: 120 });
    await expectSound(text, chunks, 120);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.some((c) => c.headings.length > 0)).toBe(true);
  });
});
