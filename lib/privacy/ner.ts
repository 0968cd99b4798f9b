/**
 * Names, places and organizations: the plumbing from a token-classification (NER) model to the
 * redaction's spans. The model runs in the engine worker (transformers.js
 * `pipeline('token-classification', …)` over files from the verified model store, see
 * ./ner-model.ts); this module turns its per-token output into character spans of PERSON /
 * LOCATION / ORGANIZATION, and words the consent dialog's note on what ran. Without the model
 * (the default), the on-device name finder (./names) finds them; with it switched on and not
 * available, the cloud request is refused rather than sent with fewer names found.
 */
import type { NerEntity, NerRecognizer, Span } from './pii';

/** One item of transformers.js token-classification output (offsets may be missing). */
export interface TokenClassification {
  /** "B-PER", "I-LOC", "ORG", "B-GPE"… */
  entity: string;
  score: number;
  /** Position of the token in the model's input. */
  index?: number;
  /** The token as the tokenizer writes it ("##son", "Ġparis", "▁Paris"). */
  word: string;
  start?: number | null;
  end?: number | null;
}

const TYPES: Record<string, NerEntity> = {
  PER: 'PERSON',
  PERSON: 'PERSON',
  LOC: 'LOCATION',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  FAC: 'LOCATION',
  ORG: 'ORGANIZATION',
  ORGANIZATION: 'ORGANIZATION',
};

function parseLabel(label: string, labels?: Readonly<Record<string, NerEntity>>): { prefix: 'B' | 'I' | ''; type: NerEntity } | null {
  const m = /^(?:([BIES])[-_])?([A-Z]+)$/i.exec(label.trim());
  if (!m) return null;
  const type = labels ? labels[m[2]!.toUpperCase()] : TYPES[m[2]!.toUpperCase()];
  if (!type) return null;
  const p = (m[1] ?? '').toUpperCase();
  return { prefix: p === 'B' || p === 'S' ? 'B' : p === 'I' || p === 'E' ? 'I' : '', type };
}

/** A token's surface text without tokenizer markers, and whether it continues the previous word. */
function surface(word: string): { text: string; continues: boolean } {
  if (word.startsWith('##')) return { text: word.slice(2), continues: true };
  if (/^[Ġ▁]/.test(word)) return { text: word.slice(1), continues: false };
  return { text: word, continues: false };
}

export interface NerOptions {
  /** Tokens below this score are ignored. */
  minScore?: number;
  /** The model's labels (without B-/I-) → entities, from the catalog; default: PER, LOC, GPE, FAC, ORG and their long forms. */
  labels?: Readonly<Record<string, NerEntity>>;
}

/**
 * Character spans from per-token predictions over `text`. Tokens are located in order from a
 * cursor when the model gives no offsets; adjacent tokens of one type (B- then I-, or sub-word
 * pieces) merge into one span.
 */
export function spansFromTokens(text: string, tokens: readonly TokenClassification[], options: NerOptions = {}): Span[] {
  const minScore = options.minScore ?? 0.5;
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  let cursor = 0;
  let open: (Span & { type: NerEntity }) | null = null;
  const close = () => {
    if (open)
      spans.push({ entity: open.entity, start: open.start, end: open.end, ...(open.score !== undefined ? { score: open.score } : {}) });
    open = null;
  };
  for (const token of tokens) {
    const label = parseLabel(token.entity, options.labels);
    const { text: piece, continues } = surface(token.word);
    let start: number;
    let end: number;
    if (
      typeof token.start === 'number' &&
      typeof token.end === 'number' &&
      token.start >= 0 &&
      token.end <= text.length &&
      token.start < token.end
    ) {
      start = token.start;
      end = token.end;
    } else {
      if (!piece) continue;
      const at = lower.indexOf(piece.toLowerCase(), cursor);
      if (at < 0 || at - cursor > 200) continue; // cannot place it: never guess a span
      start = at;
      end = at + piece.length;
    }
    cursor = end;
    if (!label || token.score < minScore) {
      close();
      continue;
    }
    const gap = open ? text.slice(open.end, start) : '';
    const adjacent = open !== null && open.type === label.type && /^[\s'’.-]?$/.test(gap) && (label.prefix !== 'B' || continues);
    if (adjacent && open) {
      open.end = end;
      open.score = Math.min(open.score ?? 1, token.score);
    } else {
      close();
      open = { entity: label.type, type: label.type, start, end, score: token.score };
    }
  }
  close();
  return spans;
}

/**
 * Pieces of at most `maxChars` with their offsets (NER models read ~512 tokens), cut after a
 * sentence or line end when there is one in the window's second half (a name is rarely split
 * there), else at whitespace.
 */
export function splitForNer(text: string, maxChars = 1500): Array<{ offset: number; text: string }> {
  const parts: Array<{ offset: number; text: string }> = [];
  let offset = 0;
  while (offset < text.length) {
    let end = Math.min(text.length, offset + maxChars);
    if (end < text.length) {
      const window = text.slice(offset + Math.floor(maxChars / 2), end);
      const sentence = Math.max(window.lastIndexOf('\n'), ...['. ', '! ', '? '].map((m) => window.lastIndexOf(m) + 1));
      const ws = Math.max(text.lastIndexOf(' ', end), text.lastIndexOf('\n', end));
      if (sentence > 0) end = offset + Math.floor(maxChars / 2) + sentence + 1;
      else if (ws > offset + maxChars / 2) end = ws;
    }
    parts.push({ offset, text: text.slice(offset, end) });
    offset = end;
  }
  return parts;
}

/** A NerRecognizer over a token classifier (the worker's transformers.js pipeline, when there is one). */
export function nerRecognizer(classify: (text: string) => Promise<TokenClassification[]>, options: NerOptions = {}): NerRecognizer {
  return async (text: string) => {
    const spans: Span[] = [];
    for (const part of splitForNer(text)) {
      for (const span of spansFromTokens(part.text, await classify(part.text), options)) {
        spans.push({ ...span, start: span.start + part.offset, end: span.end + part.offset });
      }
    }
    return spans;
  };
}

/** The recognizers that can run before a cloud request. */
export type RecognizerKind = 'patterns' | 'name-finder' | 'ner-model';

/** The consent dialog's note on what redaction covered and how. */
export function redactionCoverage(ran: readonly RecognizerKind[]): string {
  const patterns =
    "E-mail addresses, phone numbers, card numbers, IBANs, US SSNs, IP addresses, dates of birth, street addresses, postal codes, ages, US driver's licences and student IDs (when a format is set) were found by patterns.";
  if (ran.includes('ner-model'))
    return `${patterns} Names, places and organizations were found by the on-device name finder and the name-recognition model.`;
  if (ran.includes('name-finder'))
    return `${patterns} Names, places and organizations were found by the on-device name finder, which can miss unusual names: check the highlights.`;
  return `${patterns} Names, places and organizations were NOT looked for.`;
}
