/**
 * Plain http:// carries the API key and the student's text readable by anyone on the network
 * (the school's Wi-Fi, a café's router). It is accepted only for a server on this computer, where
 * nothing crosses the network: localhost, 127.0.0.0/8, ::1 (Ollama, LM Studio).
 */

import { t } from '../i18n/t';

/** Why an http:// address is refused, in the student's language (the panel checks it first). */
export function cleartextMessage(): string {
  return t('privacy_cleartext');
}

/** True for localhost, an address in 127.0.0.0/8, or ::1 (as URL parsing normalises them). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && Number(v4[1]) === 127 && v4.slice(2).every((part) => Number(part) <= 255);
}

/** Why `url` would put a key in clear on the network, or null when it does not. */
export function cleartextProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null; // not an address at all: other checks say so
  }
  return u.protocol === 'http:' && !isLoopbackHost(u.hostname) ? cleartextMessage() : null;
}
