// Settings → Study tools' OCR page limit: a number outside its bounds is refused with a sentence that
// says them, and nothing is stored; a good one is stored and said to be saved.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveOcrPageLimit, wholeNumberIn } from '../../lib/panel/ocr-limit-setting';
import { refreshSettings, settings } from '../../lib/panel/settings-state';

describe('wholeNumberIn', () => {
  it('takes a whole number inside the bounds, spaces around it allowed', () => {
    expect(wholeNumberIn('1', 1, 3000)).toBe(1);
    expect(wholeNumberIn(' 3000 ', 1, 3000)).toBe(3000);
    expect(wholeNumberIn('25', 1, 3000)).toBe(25);
  });

  it('refuses empty text, signs, fractions, exponents and numbers outside the bounds', () => {
    for (const text of ['', ' ', '0', '3001', '-2', '+2', '2.5', '1e2', 'ten', '1 2'])
      expect(wholeNumberIn(text, 1, 3000), text).toBeNull();
  });
});

describe('saveOcrPageLimit', () => {
  it('stores a limit inside the bounds and says it was saved', async () => {
    expect(await saveOcrPageLimit('7')).toEqual({ ok: true, note: 'Saved.' });
    expect(settings.value.ocrPageLimit).toBe(7);
    await refreshSettings(); // read back from the database, not only the signal
    expect(settings.value.ocrPageLimit).toBe(7);
  });

  it('says the bounds and keeps the stored limit when the number is outside them', async () => {
    for (const text of ['0', '3001', '2.5', '']) {
      expect(await saveOcrPageLimit(text)).toEqual({ ok: false, note: 'Type a whole number from 1 to 3000.' });
    }
    await refreshSettings();
    expect(settings.value.ocrPageLimit).toBe(7);
  });
});
