import type { Practice, QuizState } from '../lib/panel/quiz-state';
import { OPTION_LETTERS } from '../lib/export/anki-csv';
import { t } from '../lib/i18n/t';

/** One card in practice: question, reveal or pick an option, mark right or wrong, score. */
export function PracticeCard({ quiz }: { quiz: QuizState }) {
  const p = quiz.practice.value;
  const deck = p ? quiz.deck(p.deckId) : undefined;
  if (!p || !deck) return null;
  const total = deck.cards.length;
  if (p.finished) return <PracticeDone quiz={quiz} deckId={deck.id} right={p.right} total={total} />;
  const card = deck.cards[p.index]!;
  const marked = p.chosen !== null;
  return (
    <section class="practice" aria-label={t('quiz_practice')}>
      <h2 class="deck-title" dir="auto">
        {deck.title}
      </h2>
      <p class="muted score" aria-live="polite">
        {t('quiz_score', p.index + 1, total, p.right, p.wrong)}
      </p>
      <p class="question" dir="auto">
        {card.question}
      </p>
      <CardBody quiz={quiz} card={card} chosen={p.chosen} revealed={p.revealed} />
      <CardMarking quiz={quiz} card={card} chosen={p.chosen} revealed={p.revealed} />
      <div class="row">
        {marked ? (
          <button type="button" class="primary" onClick={() => quiz.next()}>
            {p.index + 1 < total ? t('quiz_nextCard') : t('quiz_seeScore')}
          </button>
        ) : null}
        <button type="button" class="link" onClick={() => quiz.endPractice()}>
          {t('quiz_stopPractising')}
        </button>
      </div>
    </section>
  );
}

type Card = NonNullable<ReturnType<QuizState['deck']>>['cards'][number];
interface CardProps {
  quiz: QuizState;
  card: Card;
  chosen: Practice['chosen'];
  revealed: boolean;
}

/** The end of a round: the score, and practise again or go back. */
function PracticeDone({ quiz, deckId, right, total }: { quiz: QuizState; deckId: string; right: number; total: number }) {
  return (
    <section class="practice done" aria-label={t('quiz_practice')}>
      <h2>{t('quiz_done', right, total)}</h2>
      <div class="row">
        <button type="button" class="primary" onClick={() => quiz.startPractice(deckId)}>
          {t('quiz_practiseAgain')}
        </button>
        <button type="button" onClick={() => quiz.endPractice()}>
          {t('quiz_backToDecks')}
        </button>
      </div>
    </section>
  );
}

/** The options to pick from, or the answer (revealed) or the button that reveals it. */
function CardBody({ quiz, card, chosen, revealed }: CardProps) {
  const marked = chosen !== null;
  if (card.kind === 'multiple-choice' && card.options?.length) {
    return (
      <ul class="options">
        {card.options.map((option, i) => {
          const state = !marked ? '' : option === card.answer ? 'right' : option === chosen ? 'wrong' : '';
          return (
            <li key={option}>
              <button type="button" class={`option ${state}`} disabled={marked} onClick={() => void quiz.choose(option)}>
                {OPTION_LETTERS[i]}) {option}
              </button>
            </li>
          );
        })}
      </ul>
    );
  }
  return revealed ? (
    <p class="answer-text" dir="auto">
      {card.answer}
    </p>
  ) : (
    <button type="button" class="primary" onClick={() => quiz.reveal()}>
      {t('common_revealAnswer')}
    </button>
  );
}

/** After answering: the verdict on a picked option, or the student's own right/wrong on a flashcard. */
function CardMarking({ quiz, card, chosen, revealed }: CardProps) {
  const marked = chosen !== null;
  return (
    <>
      {card.kind === 'multiple-choice' && marked ? (
        <p class={chosen === card.answer ? 'verdict right' : 'verdict wrong'} role="status">
          {chosen === card.answer
            ? t('quiz_right')
            : t('quiz_notQuite', `${OPTION_LETTERS[card.options!.indexOf(card.answer)]}) ${card.answer}`)}
        </p>
      ) : null}
      {card.kind === 'flashcard' && revealed ? (
        <div class="row">
          <button type="button" class="right" disabled={marked} onClick={() => void quiz.mark(true)}>
            {t('quiz_gotRight')}
          </button>
          <button type="button" class="wrong" disabled={marked} onClick={() => void quiz.mark(false)}>
            {t('quiz_gotWrong')}
          </button>
        </div>
      ) : null}
    </>
  );
}
