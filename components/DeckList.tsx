import type { DeckRow } from '../lib/store/db';
import type { QuizState } from '../lib/panel/quiz-state';
import { t, tn, uiLanguage } from '../lib/i18n/t';

export function DeckItem({ deck, quiz, url }: { deck: DeckRow; quiz: QuizState; url: string | null }) {
  const practised = deck.cards.reduce((n, c) => n + c.right + c.wrong, 0);
  const right = deck.cards.reduce((n, c) => n + c.right, 0);
  return (
    <li class="deck" data-deck={deck.id}>
      <div>
        <strong dir="auto">{deck.title}</strong>
        <span class="muted">
          {' '}
          · {tn('quiz_cards', deck.cards.length)} · {new Date(deck.createdAt).toLocaleDateString(uiLanguage())}
          {practised ? ` · ${t('quiz_rightSoFar', right, practised)}` : ''}
        </span>
      </div>
      <div class="row">
        <button type="button" class="primary" onClick={() => quiz.startPractice(deck.id)}>
          {t('quiz_practise')}
        </button>
        <button type="button" onClick={() => quiz.exportCsv(deck.id)} title={t('quiz_ankiHint')}>
          {t('quiz_exportAnki')}
        </button>
        <button type="button" onClick={() => quiz.exportMarkdown(deck.id)}>
          {t('common_exportMarkdown')}
        </button>
        <button type="button" class="link danger" onClick={() => void quiz.remove(deck.id, url)}>
          {t('common_delete')}
        </button>
      </div>
    </li>
  );
}

export function DeckList({ quiz, url }: { quiz: QuizState; url: string | null }) {
  const mine = quiz.decks.value;
  const others = quiz.otherDecks.value;
  return (
    <>
      {mine.length ? (
        <section aria-label={t('quiz_decksHere')}>
          <h2>{t('quiz_decksHere')}</h2>
          <ul class="deck-list">
            {mine.map((d) => (
              <DeckItem key={d.id} deck={d} quiz={quiz} url={url} />
            ))}
          </ul>
        </section>
      ) : null}
      {others.length ? (
        <details class="other-decks">
          <summary>{t('quiz_decksOther', others.length)}</summary>
          <ul class="deck-list">
            {others.map((d) => (
              <DeckItem key={d.id} deck={d} quiz={quiz} url={url} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
