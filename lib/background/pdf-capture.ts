/**
 * PDFs in a tab: Chrome's viewer is closed to content scripts, so the background asks the
 * offscreen document to read the file with pdf.js (lib/pdf/). The background only relays: it
 * never parses the file or keeps its text.
 */
import { LocusError } from '../errors';
import { capturedPageSchema, replySchema, type BackgroundToOffscreen, type CapturedPage } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { issueFetchGrant } from '../privacy/fetch-grant';
import { fitAroundChars } from '../tasks/fit';
import { ensureOffscreen } from './offscreen-lifecycle';

export const FILE_ACCESS_MESSAGE =
  'This file is on your computer, and Chrome keeps local files closed to extensions unless you allow it. To use Locus on it: open chrome://extensions, click Details under Locus, and turn on "Allow access to file URLs". Then reload this tab.';

const pageReply = replySchema(capturedPageSchema);

/** Local files need the student's "Allow access to file URLs" for Locus. */
export async function checkFileAccess(url: string): Promise<void> {
  if (!url.startsWith('file:')) return;
  const allowed = await browser.extension.isAllowedFileSchemeAccess().catch(() => false);
  if (!allowed) throw new LocusError('file-access-off', FILE_ACCESS_MESSAGE);
}

/**
 * The PDF in tab `tab` (its id and URL as the browser reported them when the student asked). The
 * offscreen document may fetch that URL again, and only that one: the grant says so to the gate.
 */
export async function capturePdf(tab: { id: number; url: string }): Promise<CapturedPage> {
  const { url } = tab;
  await checkFileAccess(url);
  const grant = issueFetchGrant(tab);
  await ensureOffscreen();
  const request: BackgroundToOffscreen = { type: 'pdf.extract', url, grant };
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new LocusError(
      'pdf-unreadable',
      `Locus could not read this PDF (${error instanceof Error ? error.message : String(error)}). Reload the tab and try again.`,
    );
  }
  const reply = pageReply.safeParse(raw);
  if (!reply.success)
    throw new LocusError('pdf-unreadable', 'Locus could not read this PDF: its reader gave no answer. Reload the tab and try again.');
  if (!reply.data.ok) throw new LocusError(reply.data.error.code, reply.data.error.message);
  return reply.data.value;
}

/** The text of the PDF around `quote` (the student's selection in Chrome's viewer). */
export async function pdfSectionAround(tab: { id: number; url: string }, quote: string): Promise<string> {
  const page = await capturePdf(tab);
  return fitAroundChars(page.text, quote, 6000);
}
