/**
 * Which PDF page a passage starts on, and the address that opens it there (lib/library/pdf-pages.ts),
 * shared by the library's citations and review cards' sources. The whole path (save → ask → cite)
 * runs on a real database in library-service.test.ts; a card's PDF source in review-card-source.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pdfPageOf, pdfPageUrl, withoutFragment } from '../../lib/library/pdf-pages';

describe('PDF passages', () => {
  it('cite the page they start on', () => {
    const text = 'Page one text.\fPage two text.\fPage three.';
    expect(pdfPageOf(text, 0)).toBe(1);
    expect(pdfPageOf(text, text.indexOf('two'))).toBe(2);
    expect(pdfPageOf(text, text.indexOf('three'))).toBe(3);
    expect(pdfPageOf('no breaks', 3)).toBeNull();
    expect(pdfPageOf('abcdef', 4, [0, 2, 4])).toBe(3);
    expect(pdfPageOf('a\fb\fc', 4)).toBe(3);
    expect(pdfPageOf('abc', 1)).toBeNull();
  });

  it('take the capture’s page starts over form feeds', () => {
    expect(pdfPageOf('a\fb\fc', 4, [0, 10])).toBe(1);
    expect(pdfPageOf('abcdef', 1, [0, 2, 4])).toBe(1);
    expect(pdfPageOf('abcdef', 2, [0, 2, 4])).toBe(2);
    expect(pdfPageOf('abcdef', 99, [0, 2, 4])).toBe(3);
  });

  it('open the PDF at the page, replacing any fragment the address had', () => {
    expect(pdfPageUrl('https://uni.example/r.pdf', 2)).toBe('https://uni.example/r.pdf#page=2');
    expect(pdfPageUrl('https://uni.example/r.pdf#page=7', 3)).toBe('https://uni.example/r.pdf#page=3');
    expect(withoutFragment('https://uni.example/r.pdf#zoom=50')).toBe('https://uni.example/r.pdf');
    expect(withoutFragment('https://uni.example/r.pdf')).toBe('https://uni.example/r.pdf');
  });
});
