/** What kind of tab a URL is, for capture: a web page, a PDF, or a page no extension may read. */
export type PageKind = 'web' | 'pdf' | 'restricted';

const RESTRICTED_SCHEMES = [
  'chrome:',
  'chrome-extension:',
  'edge:',
  'about:',
  'devtools:',
  'view-source:',
  'chrome-search:',
  'chrome-untrusted:',
  'data:',
  'javascript:',
  'blob:',
];
const STORE_HOSTS = ['chromewebstore.google.com', 'chrome.google.com'];

export function pageKind(url: string | undefined): PageKind {
  if (!url) return 'restricted';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'restricted';
  }
  if (RESTRICTED_SCHEMES.includes(parsed.protocol)) return 'restricted';
  if (STORE_HOSTS.includes(parsed.hostname) && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore')))
    return 'restricted';
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return 'restricted';
  if (/\.pdf$/i.test(parsed.pathname)) return 'pdf';
  return 'web';
}

export const RESTRICTED_PAGE_MESSAGE =
  "Locus can't read this tab: browsers keep their own pages (settings, new tab, extension store) closed to extensions. Open an article, a course page or a PDF and try again.";
