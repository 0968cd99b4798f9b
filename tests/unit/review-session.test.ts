/**
 * The panel's review session as state and actions (no view): "N cards due today", a card shown,
 * revealed, rated, the next one; the badge told; the waits each button would give; a card's source;
 * the history exported; a test clock shown. On a real Dexie database (fake-indexeddb).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewSession } from '../../lib/panel/review-session';
import type { CardSourceLink } from '../../lib/review/card-source';
import { DAY_MS, MINUTE_MS, ManualClock } from '../../lib/review/clock';
import { REVIEW_LOG_COLUMNS } from '../../lib/review/review-export';
import { LocusDatabase, type DeckRow } from '../../lib/store/db';
import { saveDeck } from '../../lib/store/study-records';

let opened: LocusDatabase[] = [];
let counter = 0;
function freshDb(): LocusDatabase {
  counter += 1;
  const db = new LocusDatabase(`locus-session-test-${process.pid}-${counter}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened) await db.delete();
  opened = [];
});

const T0 = Date.UTC(2026, 4, 4, 8, 0);
const PAGE = 'https://ocw.example/bio/photosynthesis';

function deckOf(): DeckRow {
  return {
    id: 'photo',
    url: PAGE,
    title: 'Photosynthesis · flashcards',
    createdAt: T0 - DAY_MS,
    cards: [
      {
        kind: 'flashcard',
        question: 'Where do the light reactions happen?',
        answer: 'In the thylakoid membranes',
        right: 0,
        wrong: 0,
        source: {
          url: PAGE,
          kind: 'web',
          start: 10,
          end: 60,
          text: 'The light reactions take place in the thylakoid membranes.',
          citationUrl: `${PAGE}#:~:text=The%20light%20reactions%20take`,
        },
      },
      { kind: 'flashcard', question: 'What does the Calvin cycle fix?', answer: 'Carbon dioxide', right: 0, wrong: 0 },
    ],
  };
}

function session(db: LocusDatabase, clock: ManualClock & { offsetMs?: number }) {
  const notified: number[] = [];
  const opened: CardSourceLink[] = [];
  const downloads: Array<{ name: string; mime: string; text: string }> = [];
  const timers: Array<{ run: () => void; ms: number }> = [];
  const s = new ReviewSession({
    db: () => db,
    clock,
    limits: () => ({ newPerDay: 20, reviewsPerDay: 200 }),
    day: { timeZone: 'UTC' },
    notifyChanged: () => void notified.push(clock.now()),
    openSource: async (link) => void opened.push(link),
    download: (name, mime, text) => void downloads.push({ name, mime, text }),
    setTimer: (run, ms) => {
      timers.push({ run, ms });
      return () => undefined;
    },
  });
  return { s, notified, opened, downloads, timers };
}

describe('review session', () => {
  it("counts the review day's answers: those of an earlier panel today, none of yesterday's", async () => {
    const db = freshDb();
    const clock = new ManualClock(T0); // 08:00 UTC; the review day starts at 04:00
    await saveDeck(db, deckOf());
    // Yesterday evening (before today's 04:00 rollover): one answer in another panel.
    clock.set(T0 - 4 * 60 * MINUTE_MS - MINUTE_MS);
    const yesterday = session(db, clock).s;
    await yesterday.refresh();
    await yesterday.rate('again');
    expect(yesterday.answered.value).toBe(1);

    // Today, an earlier panel answers one card and is closed.
    clock.set(T0);
    const earlier = session(db, clock).s;
    await earlier.refresh();
    expect(earlier.answered.value).toBe(0);
    await earlier.rate('good');
    expect(earlier.answered.value).toBe(1);
    earlier.dispose();

    // A panel opened later today starts from today's one answer, not zero and not two.
    clock.advance(MINUTE_MS);
    const { s } = session(db, clock);
    await s.refresh();
    expect(s.answered.value).toBe(1);
    await s.rate('easy');
    expect(s.answered.value).toBe(2);

    // 1 a.m. still belongs to today's review day; 4 a.m. starts a new one, at zero.
    clock.set(T0 + 17 * 60 * MINUTE_MS);
    await s.refresh();
    expect(s.answered.value).toBe(2);
    clock.set(T0 + 20 * 60 * MINUTE_MS);
    await s.refresh();
    expect(s.answered.value).toBe(0);
    expect(await db.reviewLogs.count()).toBe(3);
  });

  it('shows the cards due today, one at a time, and stores each answer', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deckOf());
    const { s, notified, timers } = session(db, clock);
    await s.refresh();
    expect(s.counts.value).toMatchObject({ new: 2, dueToday: 2 });
    expect(s.current.value?.card.question).toBe('Where do the light reactions happen?');
    expect(s.current.value?.deck.title).toBe('Photosynthesis · flashcards');
    expect(s.revealed.value).toBe(false);
    // The buttons' waits for a new card: Again 1 min, Hard 6 min, Good 10 min (FSRS's learning steps).
    expect(s.previews.value).toMatchObject({
      again: { value: 1, unit: 'minute' },
      hard: { value: 6, unit: 'minute' },
      good: { value: 10, unit: 'minute' },
    });
    expect(s.previews.value!.easy.unit).toBe('day');
    s.reveal();
    expect(s.revealed.value).toBe(true);

    clock.advance(7000);
    await s.rate('good');
    expect(notified).toHaveLength(1);
    expect(s.answered.value).toBe(1);
    expect(s.current.value?.card.question).toBe('What does the Calvin cycle fix?');
    expect(s.revealed.value).toBe(false);
    expect(s.counts.value).toMatchObject({ new: 1, laterToday: 1, dueToday: 2 });
    const [log] = await db.reviewLogs.toArray();
    expect(log).toMatchObject({ cardId: 'photo#0', rating: 'good', durationMs: 7000 });

    await s.rate('easy');
    // Left: the first card, in its 10-minute step. The session wakes up for it.
    expect(s.current.value).toBeNull();
    expect(s.done.value).toBe(false);
    expect(s.nextLearningAt.value).toBe(T0 + 7000 + 10 * MINUTE_MS); // answered 7 s after T0
    expect(timers.at(-1)!.ms).toBeGreaterThan(0);
    clock.set(T0 + 7000 + 10 * MINUTE_MS);
    timers.at(-1)!.run();
    await new Promise((r) => setTimeout(r, 50));
    await s.refresh();
    expect(s.current.value?.state.id).toBe('photo#0');
    await s.rate('good');
    expect(s.done.value).toBe(true);
    expect(s.counts.value?.dueToday).toBe(0);

    // The next day nothing is due; when the clock reaches the first due day, cards are back.
    const due = Math.min(...(await db.reviewStates.toArray()).map((r) => r.due));
    expect(s.nextReview.value).toBe(due);
    clock.set(due + 1000);
    await s.refresh();
    expect(s.current.value).not.toBeNull();
  });

  it('opens a card’s source passage, or its page when it has none', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deckOf());
    const { s, opened } = session(db, clock);
    await s.refresh();
    await s.openSource();
    expect(opened[0]).toEqual({
      citationUrl: `${PAGE}#:~:text=The%20light%20reactions%20take`,
      kind: 'web',
      text: 'The light reactions take place in the thylakoid membranes.',
      seconds: null,
      exact: true,
    });
    await s.rate('again');
    await s.openSource(); // the second card has no source: its page, its answer looked for
    expect(opened[1]).toMatchObject({ citationUrl: PAGE, text: 'Carbon dioxide', exact: false });
    expect(s.notice.value).not.toBe('');
  });

  it('exports the review history as CSV and JSON', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deckOf());
    const { s, downloads } = session(db, clock);
    await s.refresh();
    await s.rate('good');
    await s.rate('hard');
    await s.exportHistory('csv');
    await s.exportHistory('json');
    const csv = downloads[0]!;
    expect(csv.name).toBe('locus-review-history.csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(REVIEW_LOG_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Where do the light reactions happen?"');
    expect(lines[1]).toContain('"Good","3","new"');
    expect(lines[1]).toContain(`"${new Date(T0).toISOString()}"`);
    const json = JSON.parse(downloads[1]!.text);
    expect(json.format).toBe('locus-review-history');
    expect(json.scheduler.parameters.request_retention).toBe(0.9);
    expect(json.decks[0].cards[0].reviews).toHaveLength(1);
    expect(json.decks[0].cards[1].state.state).toBe('learning');
  });

  it('says so when a test clock is in effect', async () => {
    const db = freshDb();
    const clock = Object.assign(new ManualClock(T0), { offsetMs: 3 * DAY_MS });
    const { s } = session(db, clock);
    await s.refresh();
    expect(s.clockOffsetMs.value).toBe(3 * DAY_MS);
    expect(s.done.value).toBe(true);
  });

  it('moves on when the card’s deck was deleted meanwhile', async () => {
    const db = freshDb();
    const clock = new ManualClock(T0);
    await saveDeck(db, deckOf());
    const { s } = session(db, clock);
    await s.refresh();
    await db.decks.delete('photo');
    await db.reviewStates.clear();
    await s.rate('good');
    expect(s.error.value?.code).toBe('card-gone');
    expect(s.current.value).toBeNull();
  });
});
