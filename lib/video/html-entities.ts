/**
 * HTML character references (&amp; &#39; &#x1F600; &eacute; …) decoded with the HTML named
 * character table that ships with the W3C WebVTT parser (webvtt-parser/html-entities.json).
 * Timed-text XML escapes its text twice (`&amp;#39;`): the XML parser takes the first layer off,
 * this takes the second.
 */
import table from 'webvtt-parser/html-entities.json';

const named = table as Record<string, string>;

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[`&${body};`] ?? (whole.endsWith(';') ? whole : (named[`&${body}`] ?? whole));
  });
}
