/**
 * A library file is data from outside (another computer, a classmate, a download): its page
 * addresses are opened later when the student clicks a citation. Only http(s) and file addresses
 * are imported; a file with any other (javascript:, data:, chrome:, an extension's page…) is
 * refused as a whole, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION, parseLibraryFile } from '../../lib/library/library-export';

function fileWith(urls: string[]) {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: 1_800_000_000_000,
    embeddings: [],
    pages: urls.map((url, i) => ({
      id: `page-${i}`,
      url,
      title: `Page ${i}`,
      lang: 'en',
      course: '',
      tags: [],
      site: '',
      kind: 'web',
      savedAt: 1_800_000_000_000,
      embeddedChunks: 0,
      embeddingModel: '',
      text: 'Rivers carry sand to the sea.',
      chunks: [{ start: 0, end: 29, headings: [], tokens: 7 }],
      vectors: [],
    })),
  };
}

describe('library import and page addresses', () => {
  it('imports http(s) and file addresses', () => {
    const file = parseLibraryFile(
      fileWith(['https://course.example.edu/geo/1', 'http://127.0.0.1:8080/notes.html', 'file:///home/student/notes/week3.pdf']),
    );
    expect(file.pages.map((p) => p.url)).toEqual([
      'https://course.example.edu/geo/1',
      'http://127.0.0.1:8080/notes.html',
      'file:///home/student/notes/week3.pdf',
    ]);
  });

  for (const url of [
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings/passwords',
    'chrome-extension://abcdefghijklmnop/sidepanel.html',
    'blob:https://evil.example/1234',
    'vbscript:msgbox(1)',
    'not a url at all',
    '',
  ]) {
    it(`refuses the whole file when a page's address is ${JSON.stringify(url)}`, () => {
      expect(() => parseLibraryFile(fileWith(['https://course.example.edu/geo/1', url]))).toThrow(/http\(s\) and file addresses/);
    });
  }
});
