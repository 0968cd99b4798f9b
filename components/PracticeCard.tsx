import type { QuizState } from '../lib/panel/quiz-state';
import { OPTION_LETTERS } from '../lib/export/anki-csv';

/** One card in practice: question, reveal or pick an option, mark right or wrong, score. */
export function PracticeCard({ quiz }: { quiz: QuizState }) {
  const p = quiz.practice.value;
  const deck = p ? quiz.deck(p.deckId) : undefined;
  if (!p || !deck) return null;
  const total = deck.cards.length;
  if (p.finished) {
    return (
      <section class="practice done" aria-label="Practice">
        <h2>
          Done: {p.right} of {total} right
        </h2>
        <div class="row">
          <button type="button" class="primary" onClick={() => quiz.startPractice(deck.id)}>
            Practise again
          </button>
          <button type="button" onClick={() => quiz.endPractice()}>
            Back to decks
          </button>
        </div>
      </section>
    );
  }
  const card = deck.cards[p.index]!;
  const marked = p.chosen !== null;
  return (
    <section class="practice" aria-label="Practice">
      <h2 class="deck-title" dir="auto">
        {deck.title}
      </h2>
      <p class="muted score" aria-live="polite">
        Card {p.index + 1} of {total} · Score: {p.right} right, {p.wrong} wrong
      </p>
      <p class="question" dir="auto">
        {card.question}
      </p>
      {card.kind === 'multiple-choice' && card.options?.length ? (
        <ul class="options">
          {card.options.map((option, i) => {
            const state = !marked ? '' : option === card.answer ? 'right' : option === p.chosen ? 'wrong' : '';
            return (
              <li key={option}>
                <button type="button" class={`option ${state}`} disabled={marked} onClick={() => void quiz.choose(option)}>
                  {OPTION_LETTERS[i]}) {option}
                </button>
              </li>
            );
          })}
        </ul>
      ) : p.revealed ? (
        <p class="answer-text" dir="auto">
          {card.answer}
        </p>
      ) : (
        <button type="button" class="primary" onClick={() => quiz.reveal()}>
          Reveal the answer
        </button>
      )}
      {card.kind === 'multiple-choice' && marked ? (
        <p class={p.chosen === card.answer ? 'verdict right' : 'verdict wrong'} role="status">
          {p.chosen === card.answer
            ? 'Right!'
            : `Not quite: the answer is ${OPTION_LETTERS[card.options!.indexOf(card.answer)]}) ${card.answer}`}
        </p>
      ) : null}
      {card.kind === 'flashcard' && p.revealed ? (
        <div class="row">
          <button type="button" class="right" disabled={marked} onClick={() => void quiz.mark(true)}>
            I got it right
          </button>
          <button type="button" class="wrong" disabled={marked} onClick={() => void quiz.mark(false)}>
            I got it wrong
          </button>
        </div>
      ) : null}
      <div class="row">
        {marked ? (
          <button type="button" class="primary" onClick={() => quiz.next()}>
            {p.index + 1 < total ? 'Next card' : 'See my score'}
          </button>
        ) : null}
        <button type="button" class="link" onClick={() => quiz.endPractice()}>
          Stop practising
        </button>
      </div>
    </section>
  );
}
