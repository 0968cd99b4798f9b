/**
 * "Read this image with Locus" (the context menu on an image), the background's part: the click
 * opens the side panel (the gesture Chrome requires) and leaves the image in session storage for the
 * panel, which then asks `image.read`; the image is fetched for that tab through the network gate
 * and read with OCR in the offscreen document. OCR languages and their data downloads are relayed
 * the same way.
 */
import { LocusError } from '../errors';
import {
  capturedPageSchema,
  ocrLanguageStatusSchema,
  pendingImageSchema,
  type BackgroundToOffscreen,
  type BackgroundToPanel,
  type CapturedPage,
  type OcrLanguageStatus,
  type PendingImage,
} from '../messaging/protocol';
import { z } from 'zod';
import { browser } from '../platform/extension-api';
import { openStudyPanel } from '../platform/study-panel';
import { issueFetchGrant } from '../privacy/fetch-grant';
import { loadSettings } from '../settings/settings';
import { database } from '../store/db';
import { askOffscreen } from './offscreen-calls';
import { t } from '../i18n/t';

export const PENDING_IMAGE_KEY = 'pendingImage';
const PENDING_TTL_MS = 10 * 60_000;
export const READ_IMAGE_MENU_ID = 'locus:read-image';

/**
 * The image entry of the context menu (a scanned handout, a slide, a photo of the board). Created
 * after the selection menus, which start by removing every entry.
 */
export function createImageMenu(): void {
  browser.contextMenus.create({ id: READ_IMAGE_MENU_ID, title: t('menu_readImage'), contexts: ['image'] });
}

function isReadable(url: string | undefined): url is string {
  return typeof url === 'string' && /^(https?|data):/i.test(url);
}

/** contextMenus.onClicked for the image entry: the panel opens at once, the image waits for it. */
export function onReadImageClicked(info: { srcUrl?: string; pageUrl?: string }, tab?: { id?: number; url?: string; title?: string }): void {
  if (tab?.id === undefined || tab.id < 0) return;
  openStudyPanel({ tabId: tab.id }).catch(() => undefined);
  const pending: PendingImage = {
    id: `img-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    imageUrl: info.srcUrl ?? '',
    page: { tabId: tab.id, url: tab.url ?? info.pageUrl ?? '', title: tab.title ?? '' },
    createdAt: Date.now(),
  };
  void (async () => {
    await browser.storage.session.set({ [PENDING_IMAGE_KEY]: pending });
    const wake: BackgroundToPanel = { type: 'image.pending' };
    await browser.runtime.sendMessage(wake).catch(() => undefined);
  })();
}

/** The waiting image, once: taking it clears it. */
export async function takePendingImage(now = Date.now()): Promise<PendingImage | null> {
  const stored = (await browser.storage.session.get(PENDING_IMAGE_KEY))[PENDING_IMAGE_KEY];
  if (stored === undefined) return null;
  await browser.storage.session.remove(PENDING_IMAGE_KEY);
  const parsed = pendingImageSchema.safeParse(stored);
  if (!parsed.success || now - parsed.data.createdAt > PENDING_TTL_MS) return null;
  return parsed.data;
}

/** The tab must still show the page the student acted on: a fetch for it is tied to that moment. */
export async function requireTabAt(tabId: number, pageUrl: string): Promise<void> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new LocusError('no-tab', 'That tab is closed. Open the page again and retry.');
  if ((tab.url ?? '') !== pageUrl) {
    throw new LocusError('page-changed', 'The tab no longer shows the page you asked about. Go back to that page and try again.');
  }
}

/** Reads an image of the tab's page with OCR. */
export async function readTabImage(request: { tabId: number; pageUrl: string; imageUrl: string; jobId: string }): Promise<CapturedPage> {
  if (!isReadable(request.imageUrl)) {
    throw new LocusError('ocr-failed', 'Locus can read images that have a web address; this one has none (the page may draw it itself).');
  }
  if (request.imageUrl.startsWith('data:')) {
    throw new LocusError(
      'ocr-failed',
      'This image is embedded in the page (a data: address), which Locus does not fetch. Save the image and open it in a tab, then try again.',
    );
  }
  await requireTabAt(request.tabId, request.pageUrl);
  const settings = await loadSettings(database());
  const message: BackgroundToOffscreen = {
    type: 'ocr.image',
    url: request.imageUrl,
    // The grant for this action: the page the tab still shows, and the image the student right-clicked.
    page: issueFetchGrant({ id: request.tabId, url: request.pageUrl }, { resources: [request.imageUrl] }),
    ocr: { jobId: request.jobId, pageLimit: 1, languages: settings.ocrLanguages },
  };
  return askOffscreen(message, capturedPageSchema, { code: 'ocr-failed', what: 'read this image' });
}

export function stopOcr(jobId: string): Promise<{ stopped: boolean }> {
  return askOffscreen({ type: 'ocr.stop', jobId }, z.object({ stopped: z.boolean() }), { code: 'internal', what: 'stop the text reader' });
}

export function ocrLanguages(): Promise<OcrLanguageStatus[]> {
  return askOffscreen({ type: 'ocr.languages' }, z.array(ocrLanguageStatusSchema), { code: 'internal', what: 'list the OCR languages' });
}

export function downloadOcrLanguage(code: string, jobId: string): Promise<{ bytes: number }> {
  return askOffscreen({ type: 'ocr.download', code, jobId }, z.object({ bytes: z.number() }), {
    code: 'model-download-failed',
    what: 'download the OCR data',
  });
}

export function deleteOcrLanguage(code: string): Promise<{ freedBytes: number }> {
  return askOffscreen({ type: 'ocr.delete', code }, z.object({ freedBytes: z.number() }), {
    code: 'internal',
    what: 'delete the OCR data',
  });
}
