/**
 * How a saved page's tags are cleaned (lib/library/library-save.ts). Saving itself runs on a real
 * database in library-service.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cleanTags } from '../../lib/library/library-save';

describe('tags of a saved page', () => {
  it('are trimmed, with inner spaces folded, empty ones dropped, each once whatever its case', () => {
    expect(cleanTags(['  field   trip ', 'Lab', '', '   ', 'lab', 'Field Trip', 'exam'])).toEqual(['field trip', 'Lab', 'exam']);
    expect(cleanTags([])).toEqual([]);
  });
});
