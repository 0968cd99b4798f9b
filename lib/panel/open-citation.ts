/**
 * Opening a citation: a new tab on the source page, scrolled to the passage and highlighted. The
 * URL's text fragment does it for pages that did not change (Chrome scrolls and highlights by
 * itself); then the tab's content script is asked to find the passage on the live page and
 * highlight it too (lib/library/highlight-passage.ts), which covers pages that changed since they
 * were saved and fragments Chrome could not place. PDFs open in Chrome's viewer at the passage's
 * page (#page=N) when the saved text knows its pages; content scripts cannot reach the viewer.
 * A video's passage opens its page and jumps the video to when the passage was said.
 */
import { LocusError } from '../errors';
import { isImportablePageUrl } from '../library/page-url';
import {
  citationHighlightResultSchema,
  type CitationHighlightRequest,
  type CitationHighlightResult,
  type LibrarySource,
} from '../messaging/library-protocol';
import { replySchema } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { askBackground } from './background-client';
import { noteCitationTarget } from './card-note';

const LOAD_TIMEOUT_MS = 20_000;
const reply = replySchema(citationHighlightResultSchema);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OpenedCitation {
  tabId: number | null;
  /** null: not attempted (PDF viewer); otherwise what the page's content script found. */
  highlight: CitationHighlightResult | null;
  /** A video's passage: whether its video was jumped to the passage's time. */
  seeked?: boolean;
  /** A note saved from a study card: its page opened without a highlight (its words are under Sources). */
  note?: true;
}

function waitForLoad(tabId: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve();
    };
    const listener = (id: number, change: { status?: string }) => {
      if (id === tabId && change.status === 'complete') done();
    };
    const timer = setTimeout(done, LOAD_TIMEOUT_MS);
    browser.tabs.onUpdated.addListener(listener);
    void browser.tabs
      .get(tabId)
      .then((tab) => {
        if (tab.status === 'complete') done();
      })
      .catch(done);
  });
}

/** Jumps the video of a tab just opened to `seconds` (its content script may still be starting). */
async function seekOpenedVideo(tabId: number, seconds: number): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if ((await askBackground({ type: 'video.seek', tabId, seconds })).seeked) return true;
    } catch {
      // Not reachable yet: try again shortly.
    }
    await sleep(250);
  }
  return false;
}

export async function openCitation(
  source: Pick<LibrarySource, 'citationUrl' | 'kind' | 'text'> & { seconds?: number | null },
): Promise<OpenedCitation> {
  // A page saved (or imported by an older version) with another kind of address is never opened.
  if (!isImportablePageUrl(source.citationUrl))
    throw new LocusError('not-allowed', 'Locus opens only web pages and files from the library.');
  // A note saved from a study thread card: its page opens, with no highlight. The note's words are the
  // card's (a summary, an explanation, a hint), not the page's: the closest match a search for them
  // would highlight is a passage that was not cited. The panel says so; the note is under its Sources.
  const note = noteCitationTarget(source.citationUrl);
  if (note !== null) return { tabId: (await browser.tabs.create({ url: note, active: true })).id ?? null, highlight: null, note: true };
  const tab = await browser.tabs.create({ url: source.citationUrl, active: true });
  if (tab.id === undefined) return { tabId: null, highlight: null };
  if (source.kind === 'pdf') return { tabId: tab.id, highlight: null };
  await waitForLoad(tab.id);
  // A video's passage is in its captions, not on the page: the video is jumped to when it was said.
  if (typeof source.seconds === 'number') return { tabId: tab.id, highlight: null, seeked: await seekOpenedVideo(tab.id, source.seconds) };
  const request: CitationHighlightRequest = { type: 'citation.highlight', passage: source.text.slice(0, 20_000) };
  // The content script starts when the page is idle: ask a few times before giving up.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const raw = await browser.tabs.sendMessage(tab.id, request, { frameId: 0 });
      const parsed = reply.safeParse(raw);
      if (parsed.success) {
        if (!parsed.data.ok) throw new LocusError(parsed.data.error.code, parsed.data.error.message, { reason: parsed.data.error.reason });
        return { tabId: tab.id, highlight: parsed.data.value };
      }
    } catch (error) {
      if (error instanceof LocusError) throw error;
    }
    await sleep(250);
  }
  return { tabId: tab.id, highlight: null };
}
