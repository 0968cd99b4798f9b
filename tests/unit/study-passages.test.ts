/**
 * Page text cut into passages for chat and quiz context, on real pages: the 91 Readability test
 * pages and every course page of ../shared, captured as the extension captures them. Passages keep
 * every character of the page in order, stay within their size, know their heading; the selection
 * for a question keeps to its budget and finds the section the question is about.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../lib/capture/extract';
import { passagesText, rankPassages, selectPassages, splitPassages } from '../../lib/tasks/passages';
import { fitAround, fitAroundChars, fitStart, locate } from '../../lib/tasks/fit';
import { sharedPath } from '../support/shared-data.mjs';

function doc(html: string, url: string) {
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;
}

function readabilityTexts(): Array<{ name: string; text: string }> {
  const root = sharedPath('data/pages');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      name: d.name,
      text: extractPage(doc(readFileSync(path.join(root, d.name, 'source.html'), 'utf8'), 'http://fakehost/test/page.html')).text,
    }));
}

function courseTexts(): Array<{ name: string; text: string }> {
  const root = sharedPath('data/course-pages');
  const out: Array<{ name: string; text: string }> = [];
  for (const course of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(path.join(root, course.name)).filter((f) => f.endsWith('.html'))) {
      const fragment = readFileSync(path.join(root, course.name, file), 'utf8');
      const html = `<!doctype html><html lang="en"><head><title>${file}</title></head><body><main>${fragment}</main></body></html>`;
      out.push({ name: `${course.name}/${file}`, text: extractPage(doc(html, 'https://ocw.example/page.html')).text });
    }
  }
  return out;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

const courses = courseTexts();
const pages = [...readabilityTexts(), ...courses];

describe('splitPassages on real pages', () => {
  it(`covers every page (${pages.length} pages) in order, each passage within its size and at its offsets`, () => {
    expect(pages.length).toBeGreaterThan(150);
    let passagesSeen = 0;
    for (const { name, text } of pages) {
      const passages = splitPassages(text, 1200);
      passagesSeen += passages.length;
      expect(squeeze(passages.map((p) => p.text).join('')), name).toBe(squeeze(text));
      for (const [i, p] of passages.entries()) {
        expect(p.index, name).toBe(i);
        expect(p.text.length, `${name} passage ${i}`).toBeLessThanOrEqual(1200);
        expect(text.slice(p.start, p.end).trim(), `${name} passage ${i}`).toBe(p.text);
        if (i > 0) expect(p.start, name).toBeGreaterThanOrEqual(passages[i - 1]!.end);
      }
    }
    expect(passagesSeen).toBeGreaterThan(pages.length);
  });

  it('gives each passage the heading it sits under', () => {
    const text = '# Syllabus\n\nIntro.\n\n## Grading\n\nExams 50%.\n\nHomework 50%.\n\n## Calendar\n\nWeek 1.';
    const passages = splitPassages(text, 30);
    expect(passages.map((p) => [p.heading, p.text])).toEqual([
      ['Syllabus', '# Syllabus\n\nIntro.'],
      ['Grading', '## Grading\n\nExams 50%.'],
      ['Grading', 'Homework 50%.'],
      ['Calendar', '## Calendar\n\nWeek 1.'],
    ]);
  });
});

describe('selectPassages for a question', () => {
  it('keeps to its budget on every real page and keeps page order', () => {
    for (const { name, text } of pages) {
      for (const budget of [300, 2000]) {
        const { passages } = selectPassages(text, 'What is the main idea of this page?', budget, Math.min(1200, budget));
        const used = passages.reduce((n, p) => n + p.text.length + 2, 0);
        expect(used, `${name} @${budget}`).toBeLessThanOrEqual(budget + 2);
        expect(
          passages.map((p) => p.index),
          name,
        ).toEqual([...passages.map((p) => p.index)].sort((a, b) => a - b));
      }
    }
  });

  it("finds the section a question names, on course pages with headings (its heading's words as the question)", () => {
    let tried = 0;
    let found = 0;
    for (const { name, text } of courses) {
      const headings = [...text.matchAll(/^#{2,3} (.{6,60})$/gm)].map((m) => m[1]!);
      if (headings.length < 3 || text.length < 6000) continue;
      const heading = headings[Math.floor(headings.length / 2)]!;
      const { passages, matched } = selectPassages(text, `What does the page say about ${heading}?`, 1500, 500);
      tried += 1;
      expect(matched, name).toBe(true);
      if (passages.some((p) => p.heading === heading || p.text.includes(heading))) found += 1;
    }
    expect(tried).toBeGreaterThan(5);
    // Lexical retrieval is not perfect (a heading's words may be everywhere), but nearly always.
    expect(found / tried).toBeGreaterThanOrEqual(0.85);
  });

  it('falls back to the beginning of the page when nothing matches, and marks gaps', () => {
    const text = '# Volcanoes\n\nMagma rises.\n\n## Lava\n\nLava flows.\n\n## Ash\n\nAsh falls.';
    const none = selectPassages(text, 'and then?', 60, 30);
    expect(none.matched).toBe(false);
    expect(none.passages[0]!.text).toContain('Volcanoes');
    const some = selectPassages(text, 'ash', 200, 30);
    expect(some.passages.map((p) => p.heading)).toEqual(['Ash']);
    const ranked = rankPassages(splitPassages(text, 30), 'lava ash');
    expect(ranked.filter((p) => p.score > 0).map((p) => p.heading)).toEqual(['Lava', 'Ash']);
    const both = selectPassages(text, 'magma ash', 200, 30);
    expect(passagesText(both.passages)).toBe('# Volcanoes\n\nMagma rises.\n\n[…]\n\n## Ash\n\nAsh falls.');
  });
});

describe('cutting text to a token budget', () => {
  const words = (s: string) => Promise.resolve(s.split(/\s+/).filter(Boolean).length);

  it('fitStart keeps the longest beginning, between words', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    const fitted = await fitStart(text, 100, words);
    expect(fitted.cut).toBe(true);
    expect(await words(fitted.text)).toBe(100);
    expect(text.startsWith(fitted.text)).toBe(true);
    expect(fitted.text.endsWith('w99')).toBe(true);
    expect(await fitStart('a b c', 10, words)).toEqual({ text: 'a b c', cut: false });
  });

  it('fitAround keeps the passage and grows evenly around it', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    const at = locate(text, 'w500 w501')!;
    const fitted = await fitAround(text, at.start, at.end, 21, words);
    expect(fitted.text).toContain('w500 w501');
    expect(await words(fitted.text)).toBeLessThanOrEqual(21);
    expect(fitted.text.startsWith('w49')).toBe(true);
    expect(fitted.text.endsWith('w510') || fitted.text.endsWith('w511')).toBe(true);
  });

  it('locate finds a selection whose line breaks differ from the page text', () => {
    expect(locate('Rivers carry\nsand  to the sea.', 'carry sand to')).toEqual({ start: 7, end: 21 });
    expect(locate('abc', 'zzz')).toBeNull();
  });

  it('fitAroundChars gives the paragraphs around a quote in a PDF text', () => {
    const text = [
      'First paragraph about rocks.',
      'Second paragraph about rivers carrying sand.',
      'Third paragraph about deltas.',
      'Fourth paragraph about the sea.',
    ].join('\n\n');
    const around = fitAroundChars(text, 'rivers carrying', 110);
    expect(around).toContain('Second paragraph about rivers carrying sand.');
    expect(around).not.toContain('Fourth');
    expect(fitAroundChars(text, 'not in the text', 100)).toBe('');
  });
});
