// A citation of a note (a study card saved to the library) in the Library tab's "Ask my library"
// (lib/panel/library-ask-state.ts): its page opens without a highlight, and the panel shows the note's
// own words, since they are the card's and not the page's. A page's citation shows no note.
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
  test('opens its page and shows the note in the panel, saying why there is no highlight', async () => {
    const note = source({
      title: 'Summary · Geology',
      url: `${PAGE}#locus-note-7`,
      citationUrl: `${PAGE}#locus-note-7`,
      text: '- Rocks form in three ways.\n- Plates move slowly.',
    });
    const { state, calls } = stateOpening({ tabId: 3, highlight: null, note: true });
    await state.openSource(note);
    expect(calls).toEqual([note]);
    expect(state.citedNote.value).toEqual({ title: 'Summary · Geology', text: '- Rocks form in three ways.\n- Plates move slowly.' });
    expect(state.citationNote.value).toMatch(/note you saved from a study card.*without a highlight/);
  });

  test("a page's citation afterwards shows no note; a passage gone is said as before", async () => {
    const { state } = stateOpening({ tabId: 3, highlight: null, note: true });
    await state.openSource(source({ citationUrl: `${PAGE}#locus-note-7` }));
    expect(state.citedNote.value).not.toBeNull();
    const page = stateOpening({ tabId: 4, highlight: { found: false, exact: false, similarity: 0 } });
    await page.state.openSource(source({}));
    expect(page.state.citedNote.value).toBeNull();
    expect(page.state.citationNote.value).toMatch(/no longer on it/);
    // The same state: a page's citation after a note's clears the note.
    (state as unknown as { deps: { open: () => Promise<OpenedCitation> } }).deps.open = async () => ({
      tabId: 5,
      highlight: { found: true, exact: true, similarity: 1 },
    });
    await state.openSource(source({}));
    expect(state.citedNote.value).toBeNull();
    expect(state.citationNote.value).toBe('');
  });
});
