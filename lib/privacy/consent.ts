/**
 * Consent to one cloud request. The student saw a request body in the consent dialog; the record
 * names that body by its SHA-256, and the network gate refuses any other body, any other address,
 * a second use of the same record, or a record older than CONSENT_TTL_MS.
 *
 * "Always allow for this site" is a standing consent (the `consents` table, revocable in Privacy):
 * requests under it still get a consent record per body, of kind 'site', and the gate checks that
 * the standing consent still exists when the request leaves. It covers only requests the student
 * started ("Ask a bigger model"): a proposal the router made on its own always shows the dialog.
 */
import type { LocusDatabase } from '../store/db';

export type ConsentTrigger = 'student' | 'router';

/** A consent record is good for this long after the student's click (then ask again). */
export const CONSENT_TTL_MS = 10 * 60_000;

export interface CloudConsent {
  /** Unique per record: the gate accepts each record once. */
  id: string;
  /** 'once': the student pressed "Send once" on this body. 'site': a standing consent covers it. */
  kind: 'once' | 'site';
  /**
   * Who started the request: the student ("Ask a bigger model") or the router (a proposal Locus
   * made on its own). A standing consent covers only the student's own requests.
   */
  trigger: ConsentTrigger;
  /** The exact address the student saw. */
  url: string;
  /** SHA-256 (lowercase hex) of the exact body bytes the student saw. */
  bodySha256: string;
  providerId: string;
  providerName: string;
  model: string;
  /** Host name of the page the request is about ('' when none). */
  site: string;
  /** Redactions per entity in that body (for the audit log). */
  redactions: Record<string, number>;
  grantedAt: number;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** SHA-256 of the UTF-8 bytes of `data` (or of the bytes given), as lowercase hex. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? utf8Bytes(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function newConsentId(): string {
  const random = new Uint8Array(12);
  crypto.getRandomValues(random);
  return [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The site a standing consent is about: the host name of an http(s) page, else ''. */
export function siteOf(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.hostname : '';
  } catch {
    return '';
  }
}

// ── standing consents ("Always allow for this site") ─────────────────────────────────────────────

export interface StandingConsent {
  site: string;
  providerId: string;
  grantedAt: number;
}

export async function grantStandingConsent(db: LocusDatabase, consent: StandingConsent): Promise<void> {
  if (!consent.site) throw new Error('a standing consent needs a site');
  await db.consents.put({ ...consent });
}

export async function revokeStandingConsent(db: LocusDatabase, site: string): Promise<void> {
  await db.consents.delete(site);
}

export async function listStandingConsents(db: LocusDatabase): Promise<StandingConsent[]> {
  return (await db.consents.toArray()).sort((a, b) => a.site.localeCompare(b.site));
}

/** Whether requests about `site` to `providerId` are always allowed (and not revoked). */
export async function hasStandingConsent(db: LocusDatabase, site: string, providerId: string): Promise<boolean> {
  if (!site) return false;
  const row = await db.consents.get(site);
  return row?.providerId === providerId;
}
