/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...) by Unicode range. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
const LETTER = /\p{L}/gu;

/** 'rtl' when most letters of a sample of the text belong to right-to-left scripts. */
export function guessDirection(text: string): 'ltr' | 'rtl' {
  const sample = text.slice(0, 5000);
  const letters = sample.match(LETTER)?.length ?? 0;
  if (letters === 0) return 'ltr';
  const rtl = sample.match(RTL)?.length ?? 0;
  return rtl / letters > 0.4 ? 'rtl' : 'ltr';
}
