// A citation of a note (a study card saved to the library) in the Library tab's "Ask my library"
// (lib/panel/library-ask-state.ts): its page opens without a highlight, and the panel says why and
// that the note's words are under Sources (they are the card's, not the page's). A page's citation
// afterwards says only what it says for pages.
import { describe, expect, test, vi } from 'vitest';
import { LibraryAskState } from '../../lib/panel/library-ask-state';
import type { OpenedCitation } from '../../lib/panel/open-citation';
import type { LibrarySource } from '../../lib/messaging/library-protocol';

// The panel's tabs are opened by `open` here; nothing else of the browser is reached.
vi.mock('../../lib/platform/extension-api', () => ({ browser: {} }));

const PAGE = 'https://course.example.edu/geo/1';
function source(over: Partial<LibrarySource>): LibrarySource {
  return {
    n: 1,
    chunkId: 'c1',
    pageId: 'p1',
    title: 'Geology',
    url: PAGE,
    kind: 'web',
    headings: [],
    text: 'Geology is the core discipline of the earth sciences.',
    start: 0,
    end: 53,
    citationUrl: `${PAGE}#:~:text=Geology%20is`,
    pdfPage: null,
    ...over,
  } as LibrarySource;
}

function stateOpening(opened: OpenedCitation) {
  const calls: LibrarySource[] = [];
  const state = new LibraryAskState({
    engine: {} as never,
    filter: () => ({}),
    open: async (s) => {
      calls.push(s);
      return opened;
    },
  });
  return { state, calls };
}

describe("a note's citation", () => {
  test('opens its page and says why there is no highlight, and where the note is', async () => {
    const note = source({
      title: 'Summary · Geology',
      url: `${PAGE}#locus-note-7`,
      citationUrl: `${PAGE}#locus-note-7`,
      text: '- Rocks form in three ways.\n- Plates move slowly.',
    });
    const { state, calls } = stateOpening({ tabId: 3, highlight: null, note: true });
    await state.openSource(note);
    expect(calls).toEqual([note]);
    expect(state.citationNote.value).toBe(
      "This source is a note you saved from a study card: its words are yours, not the page's, so the page opened without a highlight. The note is under Sources.",
    );
  });

  test("a page's citation afterwards says nothing of notes; a passage gone is said as before", async () => {
    const { state } = stateOpening({ tabId: 3, highlight: null, note: true });
    await state.openSource(source({ citationUrl: `${PAGE}#locus-note-7` }));
    expect(state.citationNote.value).toMatch(/^This source is a note/);
    const page = stateOpening({ tabId: 4, highlight: { found: false, exact: false, similarity: 0 } });
    await page.state.openSource(source({}));
    expect(page.state.citationNote.value).toMatch(/no longer on it/);
    // The same state: a page's citation after a note's, found as saved, says nothing.
    (state as unknown as { deps: { open: () => Promise<OpenedCitation> } }).deps.open = async () => ({
      tabId: 5,
      highlight: { found: true, exact: true, similarity: 1 },
    });
    await state.openSource(source({}));
    expect(state.citationNote.value).toBe('');
  });
});
