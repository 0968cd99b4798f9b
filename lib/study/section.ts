/** A span of a text around a quote, by characters (when no tokenizer is at hand: the background). */
import { locate } from '../tasks/fit';

/** Up to `maxChars` of `text` centred on `quote`; '' when the quote is not found. */
export function fitAroundChars(text: string, quote: string, maxChars: number): string {
  const at = locate(text, quote.slice(0, 400));
  if (!at) return '';
  const side = Math.max(0, Math.floor((maxChars - (at.end - at.start)) / 2));
  let from = Math.max(0, at.start - side);
  let to = Math.min(text.length, at.end + side);
  // Start and end on paragraph boundaries inside the span when there are any, else between words.
  if (from > 0) {
    const para = text.indexOf('\n\n', from);
    from = para >= 0 && para < at.start ? para + 2 : Math.min(at.start, text.indexOf(' ', from) + 1 || at.start);
  }
  if (to < text.length) {
    const para = text.lastIndexOf('\n\n', to);
    to = para > at.end ? para : Math.max(at.end, text.lastIndexOf(' ', to));
  }
  return text.slice(from, to).trim();
}
