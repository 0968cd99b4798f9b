/**
 * The messages of spaced review, lecture videos and OCR (lib/messaging): their shapes, parsed at
 * every boundary, and who may send them: a content script (a web page's context) may ask none of
 * them; only the panel may seek a video, read an image or stop OCR; the offscreen document only
 * broadcasts progress.
 */
import { describe, expect, it } from 'vitest';
import {
  backgroundInboxSchema,
  backgroundToOffscreenSchema,
  backgroundToPanelSchema,
  capturedPageSchema,
  panelResponseSchemas,
  panelToBackgroundSchema,
  type BackgroundInbox,
} from '../../lib/messaging/protocol';
import { mayAsk, type SenderContext } from '../../lib/messaging/senders';
import { issueFetchGrant } from '../../lib/privacy/fetch-grant';

const NEW_PANEL = [
  'review.changed',
  'video.seek',
  'ocr.stop',
  'image.take',
  'image.read',
  'ocr.languages',
  'ocr.download',
  'ocr.delete',
] as const;

describe('study messages', () => {
  it('are asked by the panel only; the offscreen document only broadcasts progress', () => {
    const contexts: SenderContext[] = ['content', 'sidepanel', 'offscreen', 'extension-page', 'foreign'];
    for (const type of NEW_PANEL) {
      for (const ctx of contexts) expect(mayAsk(ctx, type as BackgroundInbox['type']), `${ctx} → ${type}`).toBe(ctx === 'sidepanel');
    }
    for (const type of ['ocr.progress', 'ocr.download.progress'] as const) {
      for (const ctx of contexts) expect(mayAsk(ctx, type), `${ctx} → ${type}`).toBe(ctx === 'offscreen');
    }
    // Every panel message has its answer's schema.
    for (const type of NEW_PANEL) expect(panelResponseSchemas[type], type).toBeDefined();
  });

  it('are checked field by field', () => {
    expect(panelToBackgroundSchema.safeParse({ type: 'video.seek', tabId: 3, seconds: 754 }).success).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'video.seek', tabId: 3, seconds: -1 }).success).toBe(false);
    expect(panelToBackgroundSchema.safeParse({ type: 'video.seek', tabId: '3', seconds: 1 }).success).toBe(false);
    expect(panelToBackgroundSchema.safeParse({ type: 'page.capture', tabId: 3 }).success).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'page.capture', tabId: 3, ocr: { jobId: 'j', pageLimit: 40 } }).success).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'page.capture', tabId: 3, ocr: { jobId: '', pageLimit: 40 } }).success).toBe(false);
    expect(panelToBackgroundSchema.safeParse({ type: 'page.capture', tabId: 3, ocr: { jobId: 'j', pageLimit: 0 } }).success).toBe(false);
    expect(
      panelToBackgroundSchema.safeParse({ type: 'image.read', tabId: 3, pageUrl: 'https://a/', imageUrl: 'https://a/i.png', jobId: 'x' })
        .success,
    ).toBe(true);
    expect(panelToBackgroundSchema.safeParse({ type: 'image.read', tabId: 3, imageUrl: 'https://a/i.png', jobId: 'x' }).success).toBe(
      false,
    );
    expect(
      backgroundInboxSchema.safeParse({ type: 'ocr.progress', jobId: 'j', page: 1, pages: 3, pageProgress: 0.5, stage: 'reading' }).success,
    ).toBe(true);
    expect(
      backgroundInboxSchema.safeParse({ type: 'ocr.progress', jobId: 'j', page: 1, pages: 3, pageProgress: 1.5, stage: 'reading' }).success,
    ).toBe(false);
    expect(backgroundToPanelSchema.safeParse({ type: 'image.pending' }).success).toBe(true);
  });

  it('tie every fetch for a page to its tab and address', () => {
    expect(
      backgroundToOffscreenSchema.safeParse({
        type: 'transcript.fetch',
        url: 'https://v.example/api/timedtext?v=1',
        page: issueFetchGrant({ id: 4, url: 'https://v.example/watch?v=1' }, { resources: ['https://v.example/api/timedtext?v=1'] }),
      }).success,
    ).toBe(true);
    expect(backgroundToOffscreenSchema.safeParse({ type: 'transcript.fetch', url: 'https://v.example/api/timedtext?v=1' }).success).toBe(
      false,
    );
    expect(
      backgroundToOffscreenSchema.safeParse({
        type: 'ocr.image',
        url: 'https://a/i.png',
        page: issueFetchGrant({ id: 4, url: 'https://a/' }, { resources: ['https://a/i.png'] }),
        ocr: { jobId: 'j', pageLimit: 1, languages: ['eng', 'vie'] },
      }).success,
    ).toBe(true);
    expect(
      backgroundToOffscreenSchema.safeParse({
        type: 'ocr.image',
        url: 'https://a/i.png',
        page: issueFetchGrant({ id: 4, url: 'https://a/' }, { resources: ['https://a/i.png'] }),
        ocr: { jobId: 'j', pageLimit: 1, languages: [] },
      }).success,
    ).toBe(false);
    // A page's tab and address alone are not a grant: no resources, no moment (issue 11: page-fetch only with a grant).
    expect(
      backgroundToOffscreenSchema.safeParse({
        type: 'transcript.fetch',
        url: 'https://v.example/api/timedtext?v=1',
        page: { tabId: 4, pageUrl: 'https://v.example/watch?v=1' },
      }).success,
    ).toBe(false);
    // A PDF is fetched again only with the background's grant for its tab (no OCR needed).
    expect(backgroundToOffscreenSchema.safeParse({ type: 'pdf.extract', url: 'https://a/r.pdf' }).success).toBe(false);
    expect(
      backgroundToOffscreenSchema.safeParse({
        type: 'pdf.extract',
        url: 'https://a/r.pdf',
        page: issueFetchGrant({ id: 4, url: 'https://a/r.pdf' }),
      }).success,
    ).toBe(true);
  });

  it('carry OCR and video facts with a capture, and still accept a capture without them', () => {
    const base = {
      url: 'u',
      title: 't',
      lang: '',
      dir: 'ltr',
      text: 'x',
      source: 'pdf',
      truncated: false,
      originalLength: 1,
      framesIncluded: 0,
    };
    expect(capturedPageSchema.safeParse(base).success).toBe(true);
    const ocr = {
      engine: 'tesseract',
      languages: ['eng'],
      pages: [1, 2],
      pagesWithoutText: 5,
      pageLimit: 2,
      stopped: false,
      meanConfidence: 91.5,
    };
    expect(capturedPageSchema.safeParse({ ...base, ocr, pageStarts: [0, 10] }).success).toBe(true);
    expect(capturedPageSchema.safeParse({ ...base, ocr: { ...ocr, meanConfidence: 120 } }).success).toBe(false);
    const video = {
      platform: 'youtube',
      videoId: 'abc',
      durationSeconds: 60,
      track: { languageCode: 'en', name: 'English', autoGenerated: true, reason: 'auto-generated' },
      marks: [{ at: 7, t: 0.32 }],
    };
    expect(capturedPageSchema.safeParse({ ...base, source: 'transcript', video }).success).toBe(true);
    expect(capturedPageSchema.safeParse({ ...base, source: 'image', ocr }).success).toBe(true);
    expect(capturedPageSchema.safeParse({ ...base, source: 'video' }).success).toBe(false);
  });
});
