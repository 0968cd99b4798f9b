/**
 * Placeholders back to real values while the answer streams in. A placeholder can arrive cut in
 * two ("[EMA" … "IL_1]"), so the last HOLD characters are held back, and the text is only ever cut
 * right after a whitespace outside any placeholder: what has been shown is then always a prefix of
 * the final restored answer, and no placeholder is ever shown half-restored.
 */
import { placeholderRanges, restore, type PlaceholderMap } from '../privacy/pii';

/** Longer than any placeholder as a model may write it ("\[DATE\_OF\_BIRTH\_123\]"). */
const HOLD = 40;

export class StreamingRestorer {
  #raw = '';
  #cut = 0;
  #shown = '';

  constructor(private readonly mapping: PlaceholderMap) {}

  /** Feeds model text; returns restored text that is safe to show now ('' when none yet). */
  push(delta: string): string {
    this.#raw += delta;
    if (Object.keys(this.mapping).length === 0) return this.#advance(this.#raw);
    let cut = this.#raw.length - HOLD;
    if (cut <= this.#cut) return '';
    for (const r of placeholderRanges(this.#raw)) if (r.start < cut && r.end > cut) cut = r.start;
    // Right after a whitespace character: no placeholder ends in whitespace or straddles it here.
    let ws = cut - 1;
    while (ws >= this.#cut && !/\s/.test(this.#raw[ws]!)) ws--;
    if (ws < this.#cut) return '';
    cut = ws + 1;
    this.#cut = cut;
    return this.#advance(restore(this.#raw.slice(0, cut), this.mapping));
  }

  /** The end of the answer: everything still held back. */
  end(): string {
    return this.#advance(this.text);
  }

  /** The whole answer so far, restored. */
  get text(): string {
    return restore(this.#raw, this.mapping);
  }

  #advance(restored: string): string {
    if (!restored.startsWith(this.#shown)) return ''; // cannot happen by construction; the final text corrects it
    const delta = restored.slice(this.#shown.length);
    this.#shown = restored;
    return delta;
  }
}
