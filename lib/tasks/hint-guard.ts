/**
 * A second line of defence for hints: the prompt tells the model not to give the answer, and this
 * filter drops, as the hint streams, any sentence that announces one anyway ("The answer is 42.",
 * "Final answer: …"). Text is released sentence by sentence, so a leaking sentence is never shown,
 * not even for a moment. Small models do not always follow instructions; this keeps the promise.
 */
const LEAK_PATTERNS: RegExp[] = [
  /\b(?:the\s+)?(?:final|correct|right)\s+(?:answer|result|solution)\b/i,
  /\b(?:the\s+)?(?:answer|solution)\s+(?:is|are|was|would be|will be|=|:)/i,
  /^\s*(?:\*\*)?\s*(?:answer|solution)\s*(?:\*\*)?\s*:/im,
  /\bso\s+(?:the\s+)?(?:answer|result)\b/i,
  // The same in the languages students most often ask in.
  /\b(?:la\s+)?(?:bonne\s+)?(?:réponse|solution)\s+(?:finale\s+)?(?:est|=|:)/i,
  /\b(?:la\s+)?(?:respuesta|solución)\s+(?:correcta\s+|final\s+)?(?:es|=|:)/i,
  /\b(?:die\s+)?(?:richtige\s+)?(?:Antwort|Lösung)\s+(?:ist|lautet|=|:)/i,
];

export function leaksAnswer(sentence: string): boolean {
  return LEAK_PATTERNS.some((p) => p.test(sentence));
}

/** Ends of sentences or lines: where the stream may be released. */
const BOUNDARY = /[.!?。！？](?=\s)|\n/g;

export class AnswerLeakGuard {
  #pending = '';
  #dropped = 0;
  #shown = '';

  constructor(private readonly emit: (text: string) => void) {}

  /** Sentences dropped so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The text released so far. */
  get shown(): string {
    return this.#shown;
  }

  push(delta: string): void {
    this.#pending += delta;
    let cut = -1;
    for (const m of this.#pending.matchAll(BOUNDARY)) cut = m.index + m[0].length;
    if (cut < 0) return;
    this.#release(this.#pending.slice(0, cut));
    this.#pending = this.#pending.slice(cut);
  }

  /** Releases what is left at the end of the stream; returns the whole text shown. */
  end(): string {
    if (this.#pending) this.#release(this.#pending);
    this.#pending = '';
    return this.#shown;
  }

  #release(text: string): void {
    // Split into sentences (keeping their trailing spaces) and drop the ones that give it away.
    // Sentences end where the stream may be cut (punctuation before a space, or a line end): "2.02"
    // is one number, not two sentences.
    const pieces: string[] = [];
    let from = 0;
    for (const m of text.matchAll(new RegExp(BOUNDARY.source, 'g'))) {
      let end = m.index + m[0].length;
      while (end < text.length && /[ \t]/.test(text[end]!)) end += 1;
      pieces.push(text.slice(from, end));
      from = end;
    }
    if (from < text.length) pieces.push(text.slice(from));
    let out = '';
    for (const piece of pieces) {
      if (leaksAnswer(piece)) this.#dropped += 1;
      else out += piece;
    }
    if (out) {
      this.#shown += out;
      this.emit(out);
    }
  }
}
