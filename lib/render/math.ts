/**
 * Math in model output ($…$, $$…$$, \(…\), \[…\]) rendered by KaTeX, bundled with the extension (no
 * remote code or fonts), as MathML, which Chrome draws natively: no KaTeX stylesheet or fonts are
 * needed, and the HTML sanitizer only has to allow MathML elements and a few presentational
 * attributes. KaTeX runs with `trust: false` (no \href, \url, \includegraphics, no HTML), so math
 * cannot link or load anything; what it cannot parse is shown as the source text.
 */
import katex from 'katex';
import type { MarkedExtension, Tokens } from 'marked';

function render(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, {
    output: 'mathml',
    displayMode,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    maxSize: 20,
    maxExpand: 200,
  });
}

/**
 * Inline `$…$` follows Pandoc's rule so prices are left alone ("$5 and $10"): no space just inside
 * the dollars, and the closing one not followed by a digit.
 */
const INLINE_DOLLAR = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/;
/** `$$…$$` inside a line (a list item, a sentence): display style, in the line. */
const INLINE_DISPLAY = /^\$\$((?:\\.|[^\\$])+?)\$\$/;
const INLINE_PAREN = /^\\\(((?:\\.|[^\\\n]|\\(?!\)))+?)\\\)/;
const BLOCK_DOLLAR = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/;
const BLOCK_BRACKET = /^\\\[([\s\S]+?)\\\][ \t]*(?:\n|$)/;

interface MathToken extends Tokens.Generic {
  type: 'math' | 'mathBlock';
  text: string;
  display?: boolean;
}

export const mathExtension: MarkedExtension = {
  extensions: [
    {
      name: 'mathBlock',
      level: 'block',
      start: (src: string) => src.match(/^\s*(\$\$|\\\[)/m)?.index,
      tokenizer(src: string): MathToken | undefined {
        const m = BLOCK_DOLLAR.exec(src) ?? BLOCK_BRACKET.exec(src);
        return m && m[1]!.trim() ? { type: 'mathBlock', raw: m[0], text: m[1]!.trim() } : undefined;
      },
      renderer: (token) => `<p>${render((token as MathToken).text, true)}</p>\n`,
    },
    {
      name: 'math',
      level: 'inline',
      start: (src: string) => src.match(/\$|\\\(/)?.index,
      tokenizer(src: string): MathToken | undefined {
        const display = INLINE_DISPLAY.exec(src);
        if (display) return { type: 'math', raw: display[0], text: display[1]!, display: true };
        const m = INLINE_DOLLAR.exec(src) ?? INLINE_PAREN.exec(src);
        return m ? { type: 'math', raw: m[0], text: m[1]! } : undefined;
      },
      renderer: (token) => render((token as MathToken).text, (token as MathToken).display === true),
    },
  ],
};

/** MathML elements KaTeX writes, for the sanitizer. */
export const MATHML_TAGS = [
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
  'mmultiscripts',
  'mprescripts',
  'none',
];

/** Presentational MathML attributes (none carries a URL, a script or a style). */
export const MATHML_ATTRS = [
  'display',
  'displaystyle',
  'scriptlevel',
  'mathvariant',
  'stretchy',
  'fence',
  'separator',
  'accent',
  'accentunder',
  'lspace',
  'rspace',
  'width',
  'height',
  'depth',
  'voffset',
  'columnalign',
  'rowalign',
  'rowspacing',
  'columnspacing',
  'rowlines',
  'columnlines',
  'linethickness',
  'minsize',
  'maxsize',
  'movablelimits',
  'symmetric',
  'largeop',
  'notation',
  'encoding',
];
