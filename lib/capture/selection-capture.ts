/**
 * What the student selected in a document, with the section of the page around it (its heading
 * and neighbouring blocks) so an explanation can use the context. Runs in the content script of
 * every frame; a frame without a selection answers null.
 *
 * Text fields: a selection inside an <input> or <textarea> (or an editable area) is the student's
 * own writing; it is captured (flagged `inEditable`) since they chose to ask about it. Password
 * fields never are.
 */
import { MAX_SELECTION_CHARS, type FrameSelection } from '../messaging/protocol';
import { domText } from './dom-text';

/** Characters of surrounding section kept on each side of the selection's block. */
const CONTEXT_SIDE_CHARS = 3000;
/** The whole context (the protocol allows 20,000). */
const MAX_CONTEXT_CHARS = 12_000;

const BLOCK_SELECTOR =
  'p, li, dd, dt, td, th, pre, blockquote, figcaption, h1, h2, h3, h4, h5, h6, section, article, main, div, form, fieldset, label';
const HEADING = /^H[1-6]$/;
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', '']);

interface RawSelection {
  text: string;
  /** The element the selection sits in (for the context). */
  anchor: Element | null;
  inEditable: boolean;
}

function fieldSelection(doc: Document): RawSelection | null | 'password' {
  const el = doc.activeElement;
  if (!el) return null;
  const tag = el.tagName;
  if (tag === 'INPUT' && (el as HTMLInputElement).type === 'password') return 'password';
  if (tag !== 'TEXTAREA' && !(tag === 'INPUT' && TEXT_INPUT_TYPES.has((el as HTMLInputElement).type))) return null;
  const field = el as HTMLInputElement | HTMLTextAreaElement;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = field.selectionStart;
    end = field.selectionEnd;
  } catch {
    return null; // input types without a text selection
  }
  if (start === null || end === null || end <= start) return null;
  return { text: field.value.slice(start, end), anchor: field, inEditable: true };
}

function documentSelection(doc: Document): RawSelection | null {
  const selection = doc.getSelection?.() ?? doc.defaultView?.getSelection() ?? null;
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  // Never a password field's dots (browsers keep them out of selections, but be sure).
  if (element?.closest('input[type=password]')) return null;
  const editable =
    Boolean(element?.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')) ||
    (element as HTMLElement | null)?.isContentEditable === true;
  return { text: selection.toString(), anchor: element, inEditable: editable };
}

/** The block the selection is in: its nearest paragraph-like ancestor. */
function blockOf(el: Element | null): Element | null {
  if (!el) return null;
  const block = el.closest(BLOCK_SELECTOR);
  return block ?? el;
}

function textOf(el: Element): string {
  if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return '';
  return domText(el, { skipHidden: true });
}

/** The nearest heading before `el` in document order (not inside it). */
function headingBefore(el: Element): Element | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 1 /* elements */);
  walker.currentNode = el;
  let node: Node | null = walker.previousNode();
  let steps = 0;
  while (node && steps < 5000) {
    const e = node as Element;
    if (HEADING.test(e.tagName) && !e.contains(el)) return e;
    node = walker.previousNode();
    steps += 1;
  }
  return null;
}

/** A field's label: <label for>, a wrapping <label>, aria-label, or its placeholder. */
function labelOf(field: Element): string {
  const id = field.getAttribute('id');
  const escaped = id ? (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(id) : id.replace(/["\\]/g, '\\$&')) : '';
  const byFor = id ? field.ownerDocument.querySelector(`label[for="${escaped}"]`) : null;
  const label = byFor ?? field.closest('label');
  return (label?.textContent ?? field.getAttribute('aria-label') ?? field.getAttribute('placeholder') ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The section around `anchor`: the blocks before it (back to its heading, within a budget), the
 * block itself, the blocks after it (to the next heading, within a budget), and the heading.
 */
export function sectionAround(anchor: Element): string {
  let block = blockOf(anchor);
  if (!block) return '';
  // Climb while the block is alone in its parent (a <p> wrapped in several <div>s).
  while (block.parentElement && block.parentElement !== block.ownerDocument.body && block.parentElement.children.length === 1)
    block = block.parentElement;
  const own = textOf(block);
  const before: string[] = [];
  const after: string[] = [];
  let heading: Element | null = null;
  let used = 0;
  for (let el = block.previousElementSibling; el && used < CONTEXT_SIDE_CHARS; el = el.previousElementSibling) {
    const text = textOf(el);
    if (!text) continue;
    before.unshift(text);
    used += text.length;
    if (HEADING.test(el.tagName)) {
      heading = el;
      break;
    }
  }
  used = 0;
  for (let el = block.nextElementSibling; el && used < CONTEXT_SIDE_CHARS; el = el.nextElementSibling) {
    if (HEADING.test(el.tagName)) break;
    const text = textOf(el);
    if (!text) continue;
    after.push(text);
    used += text.length;
  }
  const parts = [...before, own, ...after];
  if (!heading && !HEADING.test(block.tagName)) {
    const h = headingBefore(block);
    const text = h ? textOf(h) : '';
    if (text && !parts.some((p) => p.includes(text))) parts.unshift(text);
  }
  if (anchor.tagName === 'INPUT' || anchor.tagName === 'TEXTAREA') {
    const label = labelOf(anchor);
    if (label) parts.push(`(The text field "${label}")`);
  }
  let context = parts.filter(Boolean).join('\n\n');
  if (context.length > MAX_CONTEXT_CHARS) {
    // Keep the middle: the selection's block sits there.
    const at = Math.max(0, context.indexOf(own.slice(0, 200)));
    const from = Math.max(0, Math.min(at - MAX_CONTEXT_CHARS / 2, context.length - MAX_CONTEXT_CHARS));
    context = context.slice(from, from + MAX_CONTEXT_CHARS);
  }
  return context;
}

/** The document's selection, or null when nothing (or only whitespace) is selected. */
export function captureSelection(doc: Document): FrameSelection | null {
  const field = fieldSelection(doc);
  if (field === 'password') return null;
  const raw = field ?? documentSelection(doc);
  if (!raw) return null;
  const whole = raw.text.replace(/\u00a0/g, ' ').trim();
  if (!whole) return null;
  const text = whole.slice(0, MAX_SELECTION_CHARS);
  let context = '';
  try {
    context = raw.anchor ? sectionAround(raw.anchor) : '';
  } catch {
    context = ''; // A strange document: the selection alone still works.
  }
  return {
    selection: { text, context, inEditable: raw.inEditable, originalLength: whole.length },
    url: doc.location?.href ?? '',
    title: doc.title?.trim() ?? '',
    lang: doc.documentElement?.getAttribute('lang')?.trim() ?? '',
    focused: typeof doc.hasFocus === 'function' ? doc.hasFocus() : false,
  };
}

/** A cheap check (no context built): is there a non-blank selection a student could ask about? */
export function hasTextSelection(doc: Document): boolean {
  const field = fieldSelection(doc);
  if (field === 'password') return false;
  if (field) return field.text.trim().length > 0;
  const selection = doc.getSelection?.();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim());
}
