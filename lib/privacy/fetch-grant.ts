/**
 * A grant to fetch what one student action on one tab needs, and nothing else. The background
 * issues it when the student asks about a tab (the tab's URL as the browser reports it at that
 * moment, never an address a page or a message claims), and the network gate lets a 'page-fetch'
 * through only for a URL the grant covers, while it is fresh.
 *
 * `resources`: further URLs Locus's own code derived from that page for the same action (a video's
 * caption file, a right-clicked image), listed when the grant is issued. The code that lists them
 * is responsible for deriving them itself, not for taking them from the page.
 */
import type { FetchGrant } from '../messaging/fetch-grant-protocol';

export type { FetchGrant };

/** Long enough for the offscreen document to start and fetch; short enough to be "that moment". */
export const FETCH_GRANT_TTL_MS = 60_000;

/** The URL as it is fetched: fragments never leave the browser. */
function fetchedForm(url: string): string | null {
  try {
    const u = new URL(url.trim());
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function checked(url: string, schemes: readonly string[]): string {
  const form = fetchedForm(url);
  if (!form || !schemes.includes(new URL(form).protocol)) throw new Error(`a fetch grant cannot cover ${url.slice(0, 80)}`);
  return form;
}

export function issueFetchGrant(
  tab: { id: number; url: string },
  options: { resources?: readonly string[]; now?: number; ttlMs?: number } = {},
): FetchGrant {
  const now = options.now ?? Date.now();
  return {
    tabId: tab.id,
    // A file on the student's computer is read from disk, not fetched; it is still "the tab".
    pageUrl: checked(tab.url, ['http:', 'https:', 'file:']),
    resources: (options.resources ?? []).map((r) => checked(r, ['http:', 'https:'])),
    issuedAt: now,
    expiresAt: now + Math.min(options.ttlMs ?? FETCH_GRANT_TTL_MS, FETCH_GRANT_TTL_MS),
  };
}

/** Why a grant does not cover `url` now, or null when it does. */
export function grantRefusal(grant: FetchGrant | undefined, url: string, now: number): string | null {
  if (!grant) return 'Locus fetches a page again only for the tab you asked about, and nothing asked for this one';
  if (now > grant.expiresAt || now < grant.issuedAt - 60_000) return 'the moment you asked about that tab has passed (the grant expired)';
  const form = fetchedForm(url);
  if (!form || (form !== grant.pageUrl && !grant.resources.includes(form))) {
    return 'it is not the address of the tab you asked about';
  }
  return null;
}

export function grantCovers(grant: FetchGrant, url: string, now: number = Date.now()): boolean {
  return grantRefusal(grant, url, now) === null;
}
