/**
 * Main-text capture of a document: Mozilla Readability on a clone (the live page is never touched),
 * falling back to the visible text of the body when Readability finds no article.
 */
import { Readability } from '@mozilla/readability';
import { MAX_CAPTURE_CHARS, type CapturedPage } from '../messaging/protocol';
import { domText } from './dom-text';
import { guessDirection } from './text-direction';

/** Below this, Readability's pick is not an article (a cookie banner, a caption). */
const MIN_ARTICLE_CHARS = 140;

export interface ExtractOptions {
  maxChars?: number;
  /** The page URL, for documents parsed outside a browser (tests). */
  url?: string;
}

function readabilityText(doc: Document): { text: string; title: string; lang: string; dir: string } | null {
  const clone = doc.cloneNode(true) as Document;
  const article = new Readability(clone, { keepClasses: false }).parse();
  if (!article?.content) return null;
  // An inert document (no browsing context): nothing in the article's HTML can load or run.
  const inert = doc.implementation.createHTMLDocument('');
  inert.body.innerHTML = article.content;
  const text = domText(inert.body);
  if (text.length < MIN_ARTICLE_CHARS) return null;
  return { text, title: article.title ?? '', lang: article.lang ?? '', dir: article.dir ?? '' };
}

export function extractPage(doc: Document, options: ExtractOptions = {}): CapturedPage {
  const maxChars = options.maxChars ?? MAX_CAPTURE_CHARS;
  const url = options.url ?? doc.location?.href ?? '';
  let text = '';
  let title = doc.title?.trim() ?? '';
  let lang = doc.documentElement?.getAttribute('lang')?.trim() ?? '';
  let dir = doc.documentElement?.getAttribute('dir')?.trim().toLowerCase() ?? '';
  let source: CapturedPage['source'] = 'readability';

  let article: ReturnType<typeof readabilityText> = null;
  try {
    article = readabilityText(doc);
  } catch {
    article = null; // Readability throws on some malformed documents; the body text still works.
  }
  if (article) {
    text = article.text;
    title = title || article.title.trim();
    lang = lang || article.lang.trim();
    // The article's own direction (its nearest ancestor with `dir`, often <body>) is closer to the
    // text than <html dir>, which may say "ltr" for a page whose body is right-to-left.
    dir = article.dir.trim().toLowerCase() || dir;
  } else {
    source = 'body';
    text = doc.body ? domText(doc.body, { skipHidden: true }) : '';
  }

  const originalLength = text.length;
  const truncated = originalLength > maxChars;
  if (truncated) text = text.slice(0, maxChars);
  return {
    url,
    title: title || url,
    lang,
    dir: dir === 'rtl' || dir === 'ltr' ? dir : guessDirection(text),
    text,
    source,
    truncated,
    originalLength,
    framesIncluded: 0,
  };
}
