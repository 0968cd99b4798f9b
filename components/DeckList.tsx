import type { DeckRow } from '../lib/store/db';
import type { QuizState } from '../lib/panel/quiz-state';

function DeckItem({ deck, quiz, url }: { deck: DeckRow; quiz: QuizState; url: string | null }) {
  const practised = deck.cards.reduce((n, c) => n + c.right + c.wrong, 0);
  const right = deck.cards.reduce((n, c) => n + c.right, 0);
  return (
    <li class="deck" data-deck={deck.id}>
      <div>
        <strong dir="auto">{deck.title}</strong>
        <span class="muted">
          {' '}
          · {deck.cards.length} card{deck.cards.length === 1 ? '' : 's'} · {new Date(deck.createdAt).toLocaleDateString()}
          {practised ? ` · ${right} of ${practised} answers right so far` : ''}
        </span>
      </div>
      <div class="row">
        <button type="button" class="primary" onClick={() => quiz.startPractice(deck.id)}>
          Practise
        </button>
        <button type="button" onClick={() => quiz.exportCsv(deck.id)} title="A CSV file Anki imports as it is (File → Import)">
          Export for Anki (CSV)
        </button>
        <button type="button" onClick={() => quiz.exportMarkdown(deck.id)}>
          Export as Markdown
        </button>
        <button type="button" class="link danger" onClick={() => void quiz.remove(deck.id, url)}>
          Delete
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
        <section aria-label="Decks of this page">
          <h2>Decks of this page</h2>
          <ul class="deck-list">
            {mine.map((d) => (
              <DeckItem key={d.id} deck={d} quiz={quiz} url={url} />
            ))}
          </ul>
        </section>
      ) : null}
      {others.length ? (
        <details class="other-decks">
          <summary>Decks of other pages ({others.length})</summary>
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
