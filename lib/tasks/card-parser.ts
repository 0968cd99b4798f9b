/**
 * Reads flashcards and multiple-choice questions out of model output. The prompt asks for a strict
 * format:
 *
 *   Q: question                 Q: question
 *   A: answer                   A) option   B) option   C) option   D) option (one per line)
 *                               Answer: B
 *
 * Models drift from it, small ones a lot. What is read anyway: numbering ("1.", "Q1:",
 * "Question 2 -", "**Q:**"), bullets, option markers "A)", "A.", "(a)", "A:", answers given as a
 * letter, as "B) text" or as the option's text, answers spread over several lines, and chatter
 * before, between and after the cards. What is dropped, and counted with its reason: a question
 * without an answer, a multiple-choice question with fewer than two distinct options or an answer
 * that is none of them, and a question asked twice. Duplicate options are merged.
 */
export type CardFormat = 'flashcards' | 'multiple-choice';

export interface Flashcard {
  kind: 'flashcard';
  question: string;
  answer: string;
}

export interface ChoiceQuestion {
  kind: 'multiple-choice';
  question: string;
  options: string[];
  /** The correct option's text (one of `options`). */
  answer: string;
}

export type ParsedCard = Flashcard | ChoiceQuestion;

export type DropReason = 'no-answer' | 'too-few-options' | 'answer-not-an-option' | 'duplicate' | 'no-question';

export interface ParseResult {
  cards: ParsedCard[];
  dropped: number;
  reasons: DropReason[];
}

export const MAX_QUESTION_CHARS = 600;
export const MAX_ANSWER_CHARS = 1200;
const LETTERS = 'ABCDEFGH';

interface Draft {
  question: string;
  answer: string | null;
  options: Array<{ letter: string; text: string }>;
  /** The field continuation lines are added to. */
  last: 'question' | 'answer' | 'option';
}

/** Removes list markers, numbering and emphasis around a leading label. */
function clean(line: string): string {
  return line
    .replace(/^\s*(?:[-*•+]\s+)?/, '')
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

const QUESTION = /^(?:\d{1,3}\s*[.)]\s*)?(?:Q(?:uestion)?|Frage|Pregunta)\s*\d{0,3}\s*[:.)\-–]\s*(.*)$/i;
const NUMBERED = /^\d{1,3}\s*[.)]\s+(.+)$/;
const ANSWER = /^(?:correct\s+answer|right\s+answer|answer|ans|correct|solution|réponse|respuesta|antwort)\s*\d{0,3}\s*[:=\-–]\s*(.*)$/i;
const FLASH_ANSWER = /^A\s*\d{0,3}\s*:\s*(.*)$/;
const OPTION = /^\(?([A-Ha-h])\s*[).]\s+(.+)$/;
const OPTION_COLON = /^([A-H])\s*:\s+(.+)$/;

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s.!?;:,"'`*_]+/g, ' ')
    .trim();
}

function trimTo(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

export function parseCards(raw: string, format: CardFormat): ParseResult {
  const cards: ParsedCard[] = [];
  const reasons: DropReason[] = [];
  const seen = new Set<string>();
  for (const d of readDrafts(raw, format)) {
    if (format === 'flashcards' && d.answer === null && d.options.length === 1) {
      // "A. answer" written with a full stop: one "option" is the flashcard's answer.
      d.answer = d.options[0]!.text;
      d.options = [];
    }
    const question = trimTo(d.question, MAX_QUESTION_CHARS);
    if (!question) {
      reasons.push('no-question');
      continue;
    }
    const card = d.options.length > 0 || format === 'multiple-choice' ? choiceCard(question, d, reasons) : flashCard(question, d, reasons);
    if (!card) continue;
    const key = norm(card.question);
    if (seen.has(key)) {
      reasons.push('duplicate');
      continue;
    }
    seen.add(key);
    cards.push(card);
  }
  return { cards, dropped: reasons.length, reasons };
}

/** The cards as the model wrote them, line by line, before any is checked. */
function readDrafts(raw: string, format: CardFormat): Draft[] {
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  let blankSince = false;
  const start = (question: string): Draft => {
    const draft: Draft = { question, answer: null, options: [], last: 'question' };
    current = draft;
    drafts.push(draft);
    return draft;
  };

  for (const rawLine of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const line = clean(rawLine);
    if (!line) {
      blankSince = true;
      continue;
    }
    const draft = current as Draft | null;
    let m: RegExpExecArray | null;
    if ((m = QUESTION.exec(line))) {
      // "Q: What is DNA? A: A molecule that…" on one line.
      const inline = /^(.*?\?)\s+(?:A|Answer)\s*:\s*(.+)$/.exec(m[1]!.trim());
      const started = start((inline ? inline[1]! : m[1]!).trim());
      if (inline) {
        started.answer = inline[2]!.trim();
        started.last = 'answer';
      }
    } else if ((m = ANSWER.exec(line)) && draft) {
      draft.answer = m[1]!.trim();
      draft.last = 'answer';
    } else if (format === 'flashcards' && (m = FLASH_ANSWER.exec(line)) && draft) {
      draft.answer = m[1]!.trim();
      draft.last = 'answer';
    } else if (
      draft &&
      draft.answer === null &&
      ((m = OPTION.exec(line)) || (format === 'multiple-choice' && (m = OPTION_COLON.exec(line))))
    ) {
      draft.options.push({ letter: m[1]!.toUpperCase(), text: m[2]!.trim() });
      draft.last = 'option';
    } else if ((m = NUMBERED.exec(line)) && (!draft || draft.answer !== null || blankSince) && /\?\s*$/.test(m[1]!)) {
      // "3. What is …?" — a numbered question without a label.
      start(m[1]!.trim());
    } else if (draft && !blankSince) {
      // A continuation of the field above (a question or answer written over several lines).
      if (draft.last === 'question') draft.question += ` ${line}`;
      else if (draft.last === 'answer') draft.answer += ` ${line}`;
      else {
        const option = draft.options.at(-1)!;
        option.text += ` ${line}`;
      }
    } else if (draft && draft.last === 'answer' && draft.answer === '') {
      // "Answer:" alone on its line, its text after a blank line.
      draft.answer = line;
    }
    // Anything else (chatter between or after cards) is not part of a card.
    blankSince = false;
  }
  return drafts;
}

function flashCard(question: string, d: Draft, reasons: DropReason[]): Flashcard | null {
  const answer = trimTo(d.answer ?? '', MAX_ANSWER_CHARS);
  if (!answer) {
    reasons.push('no-answer');
    return null;
  }
  return { kind: 'flashcard', question, answer };
}

function choiceCard(question: string, d: Draft, reasons: DropReason[]): ChoiceQuestion | null {
  // Merge duplicate options; remember which letter points to which kept option.
  const options: string[] = [];
  const byLetter = new Map<string, number>();
  for (const [i, o] of d.options.entries()) {
    const text = trimTo(o.text, MAX_ANSWER_CHARS);
    if (!text) continue;
    let at = options.findIndex((kept) => norm(kept) === norm(text));
    if (at < 0) {
      options.push(text);
      at = options.length - 1;
    }
    // Letters as written; models sometimes repeat "A)" for every option, so positions count too.
    if (!byLetter.has(o.letter)) byLetter.set(o.letter, at);
    byLetter.set(`#${i}`, at);
  }
  if (options.length < 2) {
    reasons.push(d.answer === null && options.length === 0 ? 'no-answer' : 'too-few-options');
    return null;
  }
  const given = (d.answer ?? '').trim();
  if (!given) {
    reasons.push('no-answer');
    return null;
  }
  const index = resolveAnswer(given, options, byLetter);
  if (index === null) {
    reasons.push('answer-not-an-option');
    return null;
  }
  return { kind: 'multiple-choice', question, options, answer: options[index]! };
}

function resolveAnswer(given: string, options: string[], byLetter: Map<string, number>): number | null {
  // "B", "B)", "(b)", "B. text", "Option B", "B – text"
  const letter = /^(?:option\s+)?\(?([A-Ha-h])\s*(?:[).:\-–]|$)/i.exec(given);
  if (letter) {
    const L = letter[1]!.toUpperCase();
    const found = byLetter.get(L) ?? byLetter.get(`#${LETTERS.indexOf(L)}`);
    if (found !== undefined) return found;
  }
  const text = norm(given.replace(/^(?:option\s+)?\(?[A-Ha-h]\s*[).:\-–]\s*/i, ''));
  const exact = options.findIndex((o) => norm(o) === text);
  if (exact >= 0) return exact;
  // The answer's text starting an option (or the reverse): "Paris" for "Paris, France".
  const partial = options.filter((o) => text.length >= 3 && (norm(o).startsWith(text) || text.startsWith(norm(o))));
  return partial.length === 1 ? options.indexOf(partial[0]!) : null;
}
