/**
 * The k best of a stream of scored items, without sorting them all: a min-heap of size k whose root
 * is the weakest kept item (O(n log k)). Used by the dense and the BM25 index; in typed arrays, so
 * nothing is allocated per item (written by hand with the dense index, whose header says why).
 */
export class TopK {
  readonly #scores: Float64Array;
  readonly #items: Int32Array;
  #size = 0;

  constructor(readonly k: number) {
    this.#scores = new Float64Array(Math.max(0, k));
    this.#items = new Int32Array(Math.max(0, k));
  }

  /** The score an item must beat to enter (−∞ until full). */
  get threshold(): number {
    return this.#size < this.k ? -Infinity : this.#scores[0]!;
  }

  push(item: number, score: number): void {
    if (this.k <= 0) return;
    if (this.#size < this.k) {
      let i = this.#size++;
      // Sift up.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.#scores[parent]! <= score) break;
        this.#scores[i] = this.#scores[parent]!;
        this.#items[i] = this.#items[parent]!;
        i = parent;
      }
      this.#scores[i] = score;
      this.#items[i] = item;
      return;
    }
    if (score <= this.#scores[0]!) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.#size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#scores[r]! < this.#scores[l]! ? r : l;
      if (this.#scores[c]! >= score) break;
      this.#scores[i] = this.#scores[c]!;
      this.#items[i] = this.#items[c]!;
      i = c;
    }
    this.#scores[i] = score;
    this.#items[i] = item;
  }

  /** Kept items, best first. */
  sorted(): Array<{ item: number; score: number }> {
    const out: Array<{ item: number; score: number }> = [];
    for (let i = 0; i < this.#size; i++) out.push({ item: this.#items[i]!, score: this.#scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.item - b.item);
  }
}
