/**
 * Citations (lib/library/citations.ts, relocate-passage.ts): text fragment directives built from stored page text,
 * matched back on the plain string as a browser would, relocation after edits, and the
 * "nothing relevant" rule. No DOM anywhere.
 */
import { describe, expect, it } from 'vitest';
import {
  citationUrl,
  encodeFragmentTerm,
  findTextDirective,
  formatTextDirective,
  judgeRelevance,
  parseTextDirective,
  textDirectiveFor,
} from '../../lib/library/citations';
import { relocatePassage } from '../../lib/library/relocate-passage';
import { chunkDocument } from '../../lib/library/chunk-document';
import type { HybridHit } from '../../lib/search/fusion';

const page = [
  '# Physics I',
  'Welcome to the course. Problem sets are due on Fridays.',
  '## Problem sets',
  '- Problem set 1: kinematics, due Friday, September 9.',
  "- Problem set 2: Newton's laws, due Friday, September 16.",
  'Late problem sets are accepted with a 10% penalty per day - no exceptions & no extensions, except for illness.',
  '## Exams',
  'There are two midterm exams and a final exam. Problem sets are due on Fridays, and exams are on Tuesdays.',
].join('\n\n');

/** Where the passage's own words begin and end (markers and outer spaces excluded). */
function contentBounds(text: string, start: number, end: number) {
  const passage = text.slice(start, end);
  const atLineStart = start === 0 || text[start - 1] === '\n';
  const lead = (atLineStart ? /^\s*(?:#{1,6}\s+|-\s+)?/ : /^\s*/).exec(passage)![0].length;
  const trail = passage.length - passage.trimEnd().length;
  return { start: start + lead, end: end - trail };
}

describe('text fragment encoding', () => {
  it('percent-encodes the directive syntax characters - , & and everything encodeURIComponent does', () => {
    expect(encodeFragmentTerm('10% penalty - no exceptions & no extensions, ok')).toBe(
      '10%25%20penalty%20%2D%20no%20exceptions%20%26%20no%20extensions%2C%20ok',
    );
    expect(encodeFragmentTerm('état #1')).toBe('%C3%A9tat%20%231');
  });

  it('formats and parses prefix, start, end and suffix', () => {
    const d = { prefix: 'a-b', start: 'x, y', end: 'z & w', suffix: 'end-' };
    const formatted = formatTextDirective(d);
    expect(formatted).toBe('text=a%2Db-,x%2C%20y,z%20%26%20w,-end%2D');
    expect(parseTextDirective(`https://e.org/p#sec:~:${formatted}`)).toEqual(d);
    expect(parseTextDirective('https://e.org/p#:~:text=only')).toEqual({ start: 'only' });
    expect(parseTextDirective('https://e.org/p#:~:other=1&text=a,b')).toEqual({ start: 'a', end: 'b' });
    expect(parseTextDirective('https://e.org/p#plain')).toBeUndefined();
  });
});

describe('textDirectiveFor / findTextDirective', () => {
  it("round-trips every chunk of a page: the directive lands exactly on the chunk's words", async () => {
    const words = async (t: string) => t.split(/\s+/).filter(Boolean).length;
    for (const maxTokens of [12, 20, 40, 400]) {
      const chunks = await chunkDocument(page, words, { maxTokens, minSectionTokens: 0 });
      for (const c of chunks) {
        const d = textDirectiveFor(page, c.start, c.end)!;
        expect(d.start).not.toMatch(/^#|\n/);
        if (c.start === 0 || page[c.start - 1] === '\n') expect(d.start).not.toMatch(/^- /);
        const found = findTextDirective(page, parseTextDirective(`#:~:${formatTextDirective(d)}`)!);
        expect(found, JSON.stringify({ c: c.text, d })).toEqual(contentBounds(page, c.start, c.end));
      }
    }
  });

  it('lands on every passage of a repetitive page (lists, table cells, repeated lines)', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `- Problem set ${i + 1} is due on Friday.`);
    const table = Array.from({ length: 6 }, (_, i) => `Week ${i + 1} \tLecture notes \tProblem set ${i + 1} \t`);
    const text = [
      '# Calendar',
      ...rows,
      '## Table',
      ...table,
      '## Policy',
      'Problem set grading is strict.',
      '## Policy',
      'Problem set grading is strict.',
    ].join('\n\n');
    // Every block, and every pair of consecutive blocks, as a passage.
    const spans = [...text.matchAll(/[^\n]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].trimEnd().length }));
    const missed: string[] = [];
    for (let i = 0; i < spans.length; i++) {
      for (const j of [i, i + 1]) {
        if (j >= spans.length) continue;
        const want = contentBounds(text, spans[i]!.start, spans[j]!.end);
        const d = textDirectiveFor(text, spans[i]!.start, spans[j]!.end)!;
        const got = findTextDirective(text, parseTextDirective(`#:~:${formatTextDirective(d)}`)!);
        if (got?.start !== want.start || got.end !== want.end) missed.push(text.slice(want.start, want.end));
      }
    }
    // Only the last block cannot be told apart: it repeats an earlier block word for word, after the
    // same heading, with nothing after it. No text directive can address it (terms stay inside one
    // block, and the prefix "Policy" is the same); the browser shows the first one, which says the same.
    expect(missed).toEqual(['Problem set grading is strict.']);
  });

  it('grows the start term past earlier matches of the same words', () => {
    // "Problem sets are due on Fridays" occurs first in the welcome paragraph.
    const start = page.indexOf('Problem sets are due on Fridays, and exams');
    const end = page.length;
    const d = textDirectiveFor(page, start, end)!;
    expect(d.start.split(' ').length).toBeGreaterThan(4); // 'Problem sets are due' alone lands in the welcome line
    expect(findTextDirective(page, d)).toEqual({ start, end });
  });

  it('uses a prefix when the passage starts with words found earlier and its line has text before it', () => {
    const text = 'Intro: the key idea is simple.\n\nLater on, the key idea is simple.';
    const start = text.lastIndexOf('the key idea');
    const d = textDirectiveFor(text, start, text.length)!;
    expect(d.prefix).toBe('Later on,');
    expect(findTextDirective(text, d)).toEqual({ start, end: text.length });
  });

  it('matches case-insensitively, across runs of spaces, and on word boundaries only', () => {
    const text = 'Cells divide.  The CELL   cycle has phases.';
    expect(findTextDirective(text, { start: 'the cell cycle' })).toEqual({ start: 15, end: 31 });
    expect(findTextDirective(text, { start: 'cell' })).toEqual({ start: 19, end: 23 }); // not "Cells"
    expect(findTextDirective(text, { start: 'absent' })).toBeUndefined();
  });

  it('builds a citation URL, keeping the page fragment and replacing an older directive', () => {
    const start = page.indexOf('There are two');
    const url = citationUrl('https://ocw.mit.edu/8-01/syllabus#exams:~:text=old', page, start, page.length);
    expect(url.startsWith('https://ocw.mit.edu/8-01/syllabus#exams:~:text=There%20are%20two%20midterm,')).toBe(true);
    expect(url).not.toContain('old');
    expect(findTextDirective(page, parseTextDirective(url)!)).toEqual({ start, end: page.length });
    const dash = page.indexOf('Late problem');
    const lateEnd = page.indexOf('illness.') + 'illness.'.length;
    const lateUrl = citationUrl('https://ocw.mit.edu/p', page, dash, lateEnd);
    expect(lateUrl.split(':~:text=')[1]).not.toMatch(/[-,&](?![^,]*$)|[ &]/); // only the directive's own commas stay raw
    expect(findTextDirective(page, parseTextDirective(lateUrl)!)).toEqual({ start: dash, end: lateEnd });
  });
});

describe('relocatePassage', () => {
  const passage = 'Late problem sets are accepted with a 10% penalty per day - no exceptions & no extensions, except for illness.';

  it('finds an exact passage, the occurrence nearest the old offset when repeated', () => {
    const text = `${passage}\n\nother text\n\n${passage}`;
    expect(relocatePassage(passage, text)).toEqual({ start: 0, end: passage.length, similarity: 1, exact: true });
    const second = text.lastIndexOf(passage);
    expect(relocatePassage(passage, text, { hint: second - 5 })!.start).toBe(second);
  });

  it('finds an edited passage that moved, bounded by its shared words', () => {
    const edited = 'Late problem sets are accepted with a 20% penalty per day - no exceptions & no extensions, except for illness.';
    const text = `# New heading\n\nA new paragraph was added above.\n\n${edited}\n\n## Exams`;
    const found = relocatePassage(passage, text)!;
    expect(found.exact).toBe(false);
    expect(found.similarity).toBeGreaterThan(0.7);
    expect(found.similarity).toBeLessThan(1);
    expect(text.slice(found.start, found.end)).toBe(edited);
  });

  it('reports a passage that is gone', () => {
    expect(relocatePassage(passage, page.replace(/Late problem sets[^\n]+/, 'Homework policy changed.'))).toBeUndefined();
    expect(relocatePassage('   ', page)).toBeUndefined();
    expect(relocatePassage(passage, '')).toBeUndefined();
  });
});

describe('judgeRelevance', () => {
  const hit = (id: string, coverage?: number, cosine?: number): HybridHit => ({
    id,
    score: 0,
    ...(coverage !== undefined ? { lexical: { rank: 1, score: 1, coverage } } : {}),
    ...(cosine !== undefined ? { dense: { rank: 1, score: cosine } } : {}),
  });

  it('passes hits with enough of the question, or a calibrated cosine; otherwise nothing relevant', () => {
    expect(judgeRelevance([])).toEqual({ found: false, relevant: [] });
    expect(judgeRelevance([hit('a', 0.2, 0.9), hit('b', 0.4)])).toEqual({ found: false, relevant: [] }); // no dense threshold set
    const d = judgeRelevance([hit('a', 0.2, 0.9), hit('b', 0.6), hit('c', 0.1, 0.3)], { dense: 0.5 });
    expect(d.found).toBe(true);
    expect(d.relevant.map((h) => h.id)).toEqual(['a', 'b']);
    expect(judgeRelevance([hit('a', 0.45)], { coverage: 0.4 }).found).toBe(true);
  });
});
