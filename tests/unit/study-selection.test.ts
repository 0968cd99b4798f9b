/**
 * Selection capture in a page (jsdom): the text, the section around it (its heading and the
 * neighbouring blocks, not the rest of the page), text fields (captured and flagged as the
 * student's own writing; password fields never), nothing selected, a selection cut at
 * MAX_SELECTION_CHARS; and the page toolbar, which a page script cannot press.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { SELECTION_BUTTON_TAG, SelectionButton } from '../../lib/capture/selection-button';
import { captureSelection, hasTextSelection, sectionAround } from '../../lib/capture/selection-capture';
import { MAX_SELECTION_CHARS } from '../../lib/messaging/protocol';

function page(body: string) {
  const dom = new JSDOM(`<!doctype html><html lang="en"><head><title>Rivers</title></head><body>${body}</body></html>`, {
    url: 'https://ocw.example/rivers',
  });
  return dom.window.document;
}

function select(doc: Document, node: Node, start?: number, end?: number) {
  const range = doc.createRange();
  if (start === undefined) range.selectNodeContents(node);
  else {
    range.setStart(node, start);
    range.setEnd(node, end ?? start);
  }
  const selection = doc.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

const ARTICLE = `
  <main>
    <h1>Rivers</h1>
    <p id="intro">Rivers shape the land.</p>
    <h2>Erosion</h2>
    <p id="e1">Water wears away rock over time.</p>
    <p id="e2">Fast rivers carry sand, silt and pebbles downstream.</p>
    <p id="e3">Slow rivers drop what they carry.</p>
    <h2>Deltas</h2>
    <p id="d1">A delta forms at the river mouth.</p>
  </main>`;

describe('captureSelection', () => {
  it('captures the selected text with its section: heading and neighbouring paragraphs, not other sections', () => {
    const doc = page(ARTICLE);
    const text = doc.getElementById('e2')!.firstChild!;
    select(doc, text, 5, 20); // "rivers carry sa"
    const captured = captureSelection(doc)!;
    expect(captured.selection).toEqual({ text: 'rivers carry sa', context: expect.any(String), inEditable: false, originalLength: 15 });
    const context = captured.selection.context;
    expect(context).toContain('## Erosion');
    expect(context).toContain('Water wears away rock over time.');
    expect(context).toContain('Fast rivers carry sand, silt and pebbles downstream.');
    expect(context).toContain('Slow rivers drop what they carry.');
    expect(context).not.toContain('A delta forms'); // the next section
    expect(context).not.toContain('Rivers shape the land.'); // the previous one
    expect(captured).toMatchObject({ url: 'https://ocw.example/rivers', title: 'Rivers', lang: 'en' });
  });

  it('finds the heading above when the paragraph is wrapped in its own containers', () => {
    const doc = page(
      `<h2>Grading</h2><div><div><p id="p">Exams count for half of the grade.</p></div></div><div><p>Homework counts for the rest.</p></div>`,
    );
    select(doc, doc.getElementById('p')!);
    const context = captureSelection(doc)!.selection.context;
    expect(context).toContain('Grading');
    expect(context).toContain('Exams count for half of the grade.');
    expect(context).toContain('Homework counts for the rest.');
  });

  it('answers null when nothing (or only spaces) is selected', () => {
    const doc = page(ARTICLE);
    expect(captureSelection(doc)).toBeNull();
    const text = doc.getElementById('e1')!.firstChild!;
    select(doc, text, 3, 3); // a caret, no selection
    expect(captureSelection(doc)).toBeNull();
    const spaces = page('<p id="s">a     b</p>');
    select(spaces, spaces.getElementById('s')!.firstChild!, 1, 5);
    expect(captureSelection(spaces)).toBeNull();
    expect(hasTextSelection(spaces)).toBe(false);
  });

  it(`cuts a selection longer than ${MAX_SELECTION_CHARS.toLocaleString('en')} characters and keeps its length`, () => {
    const long = 'Sediment moves downstream. '.repeat(2600); // 70,200 characters
    const doc = page(`<h2>Notes</h2><p id="p">${long}</p>`);
    select(doc, doc.getElementById('p')!);
    const { selection } = captureSelection(doc)!;
    expect(selection.text).toHaveLength(MAX_SELECTION_CHARS);
    expect(selection.originalLength).toBe(long.trim().length);
    expect(selection.context.length).toBeLessThanOrEqual(20_000);
  });

  it("captures a selection inside a text field as the student's own writing, with the field's label", () => {
    const doc = page(
      `<h2>Question 3</h2><p>Explain why deltas are fertile.</p><label for="a">Your answer</label><textarea id="a">Deltas get new silt every flood, which brings nutrients.</textarea>`,
    );
    const field = doc.getElementById('a') as HTMLTextAreaElement;
    field.focus();
    field.setSelectionRange(0, 32);
    const captured = captureSelection(doc)!;
    expect(captured.selection.text).toBe('Deltas get new silt every flood,');
    expect(captured.selection.inEditable).toBe(true);
    expect(captured.selection.context).toContain('Explain why deltas are fertile.');
    expect(captured.selection.context).toContain('(The text field "Your answer")');
  });

  it('never captures a password field', () => {
    const doc = page(`<input id="pw" type="password" value="hunter2-secret">`);
    const field = doc.getElementById('pw') as HTMLInputElement;
    field.focus();
    field.setSelectionRange(0, 6);
    expect(captureSelection(doc)).toBeNull();
    expect(hasTextSelection(doc)).toBe(false);
  });

  it('flags a selection in an editable area', () => {
    const doc = page(`<div contenteditable="true"><p id="p">My own notes on rivers.</p></div>`);
    select(doc, doc.getElementById('p')!);
    expect(captureSelection(doc)!.selection.inEditable).toBe(true);
  });

  it('sectionAround stops at the next heading and keeps within its budget', () => {
    const many = Array.from({ length: 100 }, (_, i) => `<p>Paragraph ${i} ${'word '.repeat(60)}</p>`).join('');
    const doc = page(`<h2>Start</h2>${many}<h2>Next</h2><p>Other section.</p>`);
    const middle = doc.querySelectorAll('p')[50]!;
    const context = sectionAround(middle);
    expect(context).toContain('Paragraph 50 ');
    expect(context).not.toContain('Other section.');
    expect(context.length).toBeLessThan(8000);
  });
});

describe('the page toolbar', () => {
  it('lives in a closed shadow root and ignores clicks a page script makes', async () => {
    const doc = page(ARTICLE);
    const actions: string[] = [];
    // Keep a handle on the closed root (as only the browser's own test tools could) to press its buttons.
    let root: ShadowRoot | null = null;
    const attach = doc.defaultView!.Element.prototype.attachShadow;
    doc.defaultView!.Element.prototype.attachShadow = function (init: ShadowRootInit) {
      root = attach.call(this, init);
      return root;
    };
    const toolbar = new SelectionButton(doc, { hasSelection: hasTextSelection, onAction: (a) => actions.push(a) });
    select(doc, doc.getElementById('e1')!);
    // jsdom has no layout: give the range a box so the toolbar has somewhere to appear.
    const rect = { left: 10, top: 10, right: 200, bottom: 30, width: 190, height: 20, x: 10, y: 10, toJSON: () => ({}) };
    doc.createRange().constructor.prototype.getClientRects = () => [rect];
    doc.createRange().constructor.prototype.getBoundingClientRect = () => rect;
    doc.dispatchEvent(new doc.defaultView!.MouseEvent('mouseup', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 60));
    const host = doc.querySelector(SELECTION_BUTTON_TAG) as HTMLElement;
    expect(host).not.toBeNull();
    expect(toolbar.visible).toBe(true);
    // Closed: the page cannot reach the buttons through the host.
    expect(host.shadowRoot).toBeNull();
    // A click the page dispatches (untrusted) on the host does nothing.
    host.dispatchEvent(new doc.defaultView!.MouseEvent('click', { bubbles: true }));
    host.click();
    // Even a click on the button itself is ignored when a script made it (jsdom events are untrusted).
    const buttons = [...root!.querySelectorAll('button')] as HTMLButtonElement[];
    expect(buttons.map((b) => b.dataset.action)).toEqual(['explain', 'define', 'simplify', 'ask', 'hint']);
    for (const b of buttons) b.click();
    expect(actions).toEqual([]);
    expect(toolbar.visible).toBe(true);
    toolbar.setEnabled(false);
    expect(toolbar.visible).toBe(false);
    toolbar.destroy();
    expect(doc.querySelector(SELECTION_BUTTON_TAG)).toBeNull();
  });
});
