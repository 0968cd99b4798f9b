/**
 * The small Locus toolbar that appears next to a selection on any page (it can be turned off in the
 * panel). It lives in a closed shadow root, so the page can neither style its inside nor reach its
 * buttons, and it acts only on trusted clicks (a page script cannot press it). Pressing a button
 * keeps the selection (mousedown is not let through) and hands the action to the content script.
 */
import type { SelectionAction } from '../messaging/protocol';

export const SELECTION_BUTTON_TAG = 'locus-selection-tools';

const ACTIONS: Array<{ action: SelectionAction; label: string; title: string }> = [
  { action: 'explain', label: 'Explain', title: 'Explain the selection (Locus, on this device)' },
  { action: 'define', label: 'Define', title: 'Define the selected term' },
  { action: 'simplify', label: 'Simplify', title: 'Rewrite the selection in simpler words' },
  { action: 'ask', label: 'Ask…', title: 'Ask a question about the selection' },
  { action: 'hint', label: 'Hint', title: 'Get a hint on the selected problem (not the answer)' },
];

const STYLE = `
:host { all: initial; }
.bar { display: inline-flex; gap: 1px; padding: 2px; border-radius: 8px; background: #1a73e8; box-shadow: 0 2px 8px rgba(0,0,0,.3);
  font: 12px/1.2 system-ui, sans-serif; direction: ltr; }
.logo { color: #fff; font-weight: 700; padding: 4px 6px 4px 6px; }
button { all: unset; cursor: pointer; color: #fff; padding: 4px 7px; border-radius: 6px; }
button:hover, button:focus-visible { background: rgba(255,255,255,.22); outline: none; }
`;

export interface SelectionButtonOptions {
  /** Whether there is a selection worth offering the toolbar for (text, not a password). */
  hasSelection(doc: Document): boolean;
  onAction(action: SelectionAction): void;
}

function selectionRect(doc: Document): DOMRect | null {
  const active = doc.activeElement;
  if (active && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')) return active.getBoundingClientRect();
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const rects = selection.getRangeAt(0).getClientRects();
  const last = rects.length ? rects[rects.length - 1]! : selection.getRangeAt(0).getBoundingClientRect();
  return last.width || last.height ? last : null;
}

export class SelectionButton {
  #host: HTMLElement | null = null;
  #enabled = true;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners: Array<[EventTarget, string, EventListener]> = [];

  constructor(
    private readonly doc: Document,
    private readonly options: SelectionButtonOptions,
  ) {
    const schedule = (event: Event) => {
      if (this.#host && event.composedPath().includes(this.#host)) return;
      clearTimeout(this.#timer);
      // After the browser has updated the selection.
      this.#timer = setTimeout(() => this.#update(), 30);
    };
    this.#on(doc, 'mouseup', schedule);
    this.#on(doc, 'keyup', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') this.hide();
      else schedule(event);
    });
    this.#on(doc, 'selectionchange', () => {
      if (this.#host?.style.display !== 'none' && !options.hasSelection(doc)) this.hide();
    });
  }

  #on(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener, true);
    this.#listeners.push([target, type, listener]);
  }

  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    if (!enabled) this.hide();
  }

  get visible(): boolean {
    return Boolean(this.#host && this.#host.style.display !== 'none');
  }

  hide(): void {
    if (this.#host) this.#host.style.display = 'none';
  }

  destroy(): void {
    clearTimeout(this.#timer);
    for (const [target, type, listener] of this.#listeners) target.removeEventListener(type, listener, true);
    this.#host?.remove();
    this.#host = null;
  }

  #update(): void {
    if (!this.#enabled || !this.options.hasSelection(this.doc)) {
      this.hide();
      return;
    }
    const rect = selectionRect(this.doc);
    if (!rect) {
      this.hide();
      return;
    }
    const host = this.#ensureHost();
    const view = this.doc.defaultView;
    const scrollX = view?.scrollX ?? 0;
    const scrollY = view?.scrollY ?? 0;
    const width = view?.innerWidth ?? 800;
    const height = view?.innerHeight ?? 600;
    host.style.display = 'block';
    const bar = host.getBoundingClientRect();
    const barWidth = bar.width || 320;
    const barHeight = bar.height || 28;
    const left = Math.max(4, Math.min(rect.left, width - barWidth - 8));
    // Below the selection's end, but always in view (the end of a long selection may be off screen).
    const top = Math.max(4, Math.min(rect.bottom + 6, height - barHeight - 8));
    host.style.left = `${left + scrollX}px`;
    host.style.top = `${top + scrollY}px`;
  }

  #ensureHost(): HTMLElement {
    if (this.#host?.isConnected) return this.#host;
    const host = this.doc.createElement(SELECTION_BUTTON_TAG);
    host.style.cssText = 'position:absolute;z-index:2147483647;display:none;margin:0;padding:0;';
    const root = host.attachShadow({ mode: 'closed' });
    const style = this.doc.createElement('style');
    style.textContent = STYLE;
    const bar = this.doc.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Locus');
    const logo = this.doc.createElement('span');
    logo.className = 'logo';
    logo.textContent = 'Locus';
    bar.append(logo);
    for (const { action, label, title } of ACTIONS) {
      const button = this.doc.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.title = title;
      button.dataset.action = action;
      button.addEventListener('click', (event) => {
        // Only the student's own click: a page script's synthetic click is not trusted.
        if (!event.isTrusted) return;
        event.preventDefault();
        event.stopPropagation();
        this.hide();
        this.options.onAction(action);
      });
      bar.append(button);
    }
    // Pressing a button must not clear the selection or move the focus out of a text field.
    bar.addEventListener('mousedown', (event) => event.preventDefault());
    root.append(style, bar);
    (this.doc.documentElement ?? this.doc.body).append(host);
    this.#host = host;
    return host;
  }
}
