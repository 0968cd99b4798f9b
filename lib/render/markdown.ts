/**
 * Model output as HTML: Markdown parsed by marked, then sanitized by DOMPurify, because a model can
 * be steered by the page it read into writing any markup at all.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { MATHML_ATTRS, MATHML_TAGS, mathExtension } from './math';

const marked = new Marked({ gfm: true, breaks: false, async: false }, mathExtension);

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'del',
  'sup',
  'sub',
  'span',
];

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  // No links, images or attributes (but MathML's presentational ones): nothing in an answer can load
  // a resource or be clicked away.
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: [...ALLOWED_TAGS, ...MATHML_TAGS], ALLOWED_ATTR: MATHML_ATTRS });
}
