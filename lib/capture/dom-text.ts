/**
 * Text of a DOM subtree with its structure kept: blocks separated by blank lines, headings marked
 * with '#', list items with '- '. Written by hand because `innerText` gives nothing useful on a
 * detached document (Readability's output is never rendered) and HTML-to-Markdown libraries keep
 * links and images that a small model should not read.
 */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'VIDEO',
  'AUDIO',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'MATH',
]);
const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
  'CAPTION',
]);

export interface DomTextOptions {
  /** Skip elements hidden with `hidden`, aria-hidden or inline display:none (live pages only). */
  skipHidden?: boolean;
}

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style') ?? '';
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

export function domText(root: Node, options: DomTextOptions = {}): string {
  const blocks: string[] = [];
  let line = '';
  let prefix = '';
  const flush = () => {
    const text = line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim();
    if (text) blocks.push(prefix + text);
    line = '';
    prefix = '';
  };
  const walk = (node: Node, inPre: boolean) => {
    if (node.nodeType === 3 /* text */) {
      const value = node.nodeValue ?? '';
      line += inPre ? value : value.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1 /* element */ && node.nodeType !== 9 && node.nodeType !== 11) return;
    const el = node as Element;
    const tag = el.tagName?.toUpperCase() ?? '';
    if (SKIP.has(tag)) return;
    if (options.skipHidden && node.nodeType === 1 && isHidden(el)) return;
    if (tag === 'BR') {
      line += '\n';
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    if (/^H[1-6]$/.test(tag)) prefix = `${'#'.repeat(Number(tag[1]))} `;
    else if (tag === 'LI') prefix = '- ';
    const pre = inPre || tag === 'PRE';
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, pre);
    if (tag === 'TD' || tag === 'TH') line += ' \t';
    if (block) flush();
  };
  walk(root, false);
  flush();
  return blocks
    .map((b) =>
      b
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n'),
    )
    .filter(Boolean)
    .join('\n\n');
}
