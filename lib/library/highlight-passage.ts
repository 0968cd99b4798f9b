/**
 * In the content script of a tab a citation opened: finds the cited passage on the live page and
 * highlights it, scrolled into view. The URL's text fragment already does this when the page is
 * as it was saved; this covers the rest: pages that changed since (relocatePassage finds the
 * passage by its word trigrams, or reports it gone rather than pointing somewhere wrong), and text
 * fragments that matched words elsewhere first (menus, sidebars). It uses the CSS Custom Highlight
 * API: nothing is added to the page's DOM except one <style> rule.
 */
import { relocatePassage } from './relocate-passage';
import { citationHighlightRequestSchema, type CitationHighlightResult } from '../messaging/library-protocol';
import type { Reply } from '../messaging/protocol';

export const HIGHLIGHT_NAME = 'locus-citation';
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION']);

interface TextMap {
  text: string;
  nodes: Text[];
  starts: number[];
}

/** The page's visible text nodes, joined by spaces, with where each begins. */
function textMap(doc: Document): TextMap {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const root = doc.body ?? doc.documentElement;
  if (!root) return { text, nodes, starts };
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode(node) {
      for (let el = node.parentElement; el; el = el.parentElement) {
        if (SKIP.has(el.tagName) || el.hidden || el.getAttribute('aria-hidden') === 'true') return 2; // FILTER_REJECT
      }
      return node.nodeValue?.trim() ? 1 : 3; // FILTER_ACCEPT : FILTER_SKIP
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    starts.push(text.length);
    text += `${node.nodeValue ?? ''} `;
  }
  return { text, nodes, starts };
}

function locate(map: TextMap, offset: number): { node: Text; offset: number } | undefined {
  let lo = 0;
  let hi = map.starts.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const node = map.nodes[lo]!;
  return { node, offset: Math.max(0, Math.min(node.length, offset - map.starts[lo]!)) };
}

interface HighlightRegistry {
  set(name: string, highlight: unknown): void;
}

export function highlightPassage(doc: Document, passage: string): CitationHighlightResult {
  const map = textMap(doc);
  const found = relocatePassage(passage, map.text);
  if (!found) return { found: false, exact: false, similarity: 0 };
  const start = locate(map, found.start);
  const end = locate(map, found.end);
  if (!start || !end) return { found: false, exact: false, similarity: 0 };
  const range = doc.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  const view = doc.defaultView as
    (Window & { CSS?: { highlights?: HighlightRegistry }; Highlight?: new (...ranges: Range[]) => unknown }) | null;
  const registry = view?.CSS?.highlights;
  if (registry && view?.Highlight) {
    registry.set(HIGHLIGHT_NAME, new view.Highlight(range));
    if (!doc.getElementById(`${HIGHLIGHT_NAME}-style`)) {
      const style = doc.createElement('style');
      style.id = `${HIGHLIGHT_NAME}-style`;
      style.textContent = `::highlight(${HIGHLIGHT_NAME}) { background-color: #ffe066; color: inherit; }`;
      (doc.head ?? doc.documentElement).append(style);
    }
  }
  const rect = typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : undefined;
  if (view && rect && rect.height + rect.width > 0)
    view.scrollTo({ top: Math.max(0, view.scrollY + rect.top - view.innerHeight / 3), behavior: 'instant' as ScrollBehavior });
  return { found: true, exact: found.exact, similarity: found.similarity };
}

/** The content script's listener for citation requests (other messages: not for it). */
export function answerCitationRequest(raw: unknown, doc: Document): Promise<Reply<CitationHighlightResult>> | undefined {
  const parsed = citationHighlightRequestSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  try {
    return Promise.resolve({ ok: true, value: highlightPassage(doc, parsed.data.passage) });
  } catch (error) {
    return Promise.resolve({ ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
  }
}
