/**
 * Which PDF page a cited passage starts on (lib/library/library-sources.ts). The whole path
 * (save → ask → cite) runs on a real database in library-service.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pdfPageOf } from '../../lib/library/library-sources';

describe('PDF passages', () => {
  it('cite the page they start on', () => {
    const text = 'Page one text.\fPage two text.\fPage three.';
    expect(pdfPageOf(text, 0)).toBe(1);
    expect(pdfPageOf(text, text.indexOf('two'))).toBe(2);
    expect(pdfPageOf(text, text.indexOf('three'))).toBe(3);
    expect(pdfPageOf('no breaks', 3)).toBeNull();
    expect(pdfPageOf('abcdef', 4, [0, 2, 4])).toBe(3);
  });
});
