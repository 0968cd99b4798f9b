/**
 * The panel's OCR state (lib/panel/ocr-state.ts) against a stand-in background: progress followed
 * for the panel's own job only, Stop (the job stopped, a stopped reading ends the run as "Stopped"
 * with what was kept), the page limit raised by "Read more pages", and an image read from the
 * context menu becoming the subject of one summary.
 */
import { describe, expect, it } from 'vitest';
import type { CapturedPage, OcrInfo, PanelToBackground } from '../../lib/messaging/protocol';
import { OcrState } from '../../lib/panel/ocr-state';
import { LocusError } from '../../lib/errors';

function scanned(ocr: Partial<OcrInfo>, url = 'http://127.0.0.1/scan.pdf'): CapturedPage {
  return {
    url,
    title: 'Scan',
    lang: '',
    dir: 'ltr',
    text: 'Text of page 1.',
    source: 'pdf',
    truncated: false,
    originalLength: 15,
    framesIncluded: 0,
    ocr: {
      engine: 'tesseract',
      languages: ['eng'],
      pages: [1],
      pagesWithoutText: 3,
      pageLimit: 1,
      stopped: false,
      meanConfidence: 90,
      ...ocr,
    },
  };
}

/** A background that answers each request with the next of `answers` (by type), and records requests. */
function background(answers: Partial<Record<PanelToBackground['type'], Array<(r: PanelToBackground) => unknown>>>) {
  const requests: PanelToBackground[] = [];
  let listener: (m: unknown) => void = () => undefined;
  let ids = 0;
  const state = new OcrState({
    ask: async (r) => {
      requests.push(r);
      const next = answers[r.type]?.shift();
      if (!next) return null;
      return next(r);
    },
    listen: (l) => (listener = l),
    defaultLimit: () => 20,
    newId: () => `job-${++ids}`,
  });
  return { state, requests, send: (m: unknown) => listener(m) };
}

const progress = (jobId: string, page: number, pages: number) => ({
  type: 'ocr.progress',
  jobId,
  page,
  pages,
  pageProgress: 0.5,
  stage: 'reading',
});

describe('the panel’s OCR state', () => {
  it('asks for OCR under its own job, follows that job’s progress only, and clears it at the end', async () => {
    let finish: (page: CapturedPage) => void = () => undefined;
    const bg = background({ 'page.capture': [() => new Promise<CapturedPage>((resolve) => (finish = resolve))] });
    bg.state.start();
    const capture = bg.state.capture(7);
    const request = bg.requests.find((r) => r.type === 'page.capture');
    expect(request).toEqual({ type: 'page.capture', tabId: 7, ocr: { jobId: 'job-1' } });
    bg.send(progress('another-job', 1, 9));
    expect(bg.state.run.value?.progress).toBeNull();
    bg.send(progress('job-1', 2, 3));
    expect(bg.state.run.value?.progress).toMatchObject({ page: 2, pages: 3, stage: 'reading' });
    finish(scanned({}));
    await expect(capture).resolves.toMatchObject({ text: 'Text of page 1.' });
    expect(bg.state.run.value).toBeNull();
    expect(bg.state.stopped.value).toBeNull();
  });

  it('stops the job on Stop, and a stopped reading ends the run as stopped, saying what was kept', async () => {
    let finish: (page: CapturedPage) => void = () => undefined;
    const bg = background({
      'page.capture': [() => new Promise<CapturedPage>((resolve) => (finish = resolve))],
      'ocr.stop': [() => ({ stopped: true })],
    });
    const capture = bg.state.capture(7);
    await bg.state.stop();
    await bg.state.stop(); // a second press sends nothing more
    expect(bg.requests.filter((r) => r.type === 'ocr.stop')).toEqual([{ type: 'ocr.stop', jobId: 'job-1' }]);
    expect(bg.state.run.value?.stopping).toBe(true);
    finish(scanned({ stopped: true, pages: [1], pagesWithoutText: 3, pageLimit: 20 }));
    await expect(capture).rejects.toMatchObject({ code: 'cancelled' });
    expect(bg.state.stopped.value).toEqual({ read: 1, of: 3 });
    expect(bg.state.run.value).toBeNull();
  });

  it('says a reading stopped before any page was read (the background then answers "cancelled")', async () => {
    const bg = background({
      'page.capture': [
        () => {
          throw new LocusError('cancelled', 'Stopped.');
        },
      ],
    });
    await expect(bg.state.capture(7)).rejects.toThrow();
    expect(bg.state.stopped.value).toEqual({ read: 0, of: 0 });
  });

  it('raises the page limit by the setting for the same tab, and forgets it for another document', async () => {
    const bg = background({
      'page.capture': [
        () => scanned({}),
        () => scanned({ pageLimit: 21 }),
        () => scanned({}, 'http://127.0.0.1/other.pdf'),
        () => scanned({}),
        () => scanned({}),
      ],
    });
    bg.state.raiseLimit(7, scanned({ pageLimit: 1 }));
    await bg.state.capture(8); // another tab: the setting's limit
    await bg.state.capture(7); // 1 + the setting's 20
    await bg.state.capture(7); // still raised; but the tab now shows another document…
    await bg.state.capture(7); // …so the raise is gone
    const limits = bg.requests.map((r) => (r.type === 'page.capture' ? r.ocr?.pageLimit : 0));
    expect(limits).toEqual([undefined, 21, 21, undefined]);
    // A page without OCR cannot raise anything.
    bg.state.raiseLimit(7, { ...scanned({}), ocr: undefined });
    await bg.state.capture(7);
    expect(bg.requests.at(-1)).toMatchObject({ ocr: { jobId: expect.any(String) } });
    expect(bg.requests.at(-1)).not.toMatchObject({ ocr: { pageLimit: expect.any(Number) } });
  });

  it('reads the image the background keeps when woken, and makes its text the subject of one summary', async () => {
    const pending = {
      id: 'img-1',
      imageUrl: 'http://127.0.0.1/a.jpg',
      page: { tabId: 3, url: 'http://127.0.0.1/a.html', title: 'A' },
      createdAt: 0,
    };
    const imagePage: CapturedPage = { ...scanned({}), url: pending.page.url, source: 'image', text: 'The water cycle.' };
    const bg = background({
      'image.take': [() => null, () => pending],
      'image.read': [() => imagePage],
      'page.capture': [() => scanned({})],
    });
    bg.state.start(); // nothing waits yet
    await Promise.resolve();
    expect(bg.state.useImageNext()).toBe(false);
    bg.send({ type: 'image.pending' });
    await expect.poll(() => bg.state.image.value.status).toBe('done');
    expect(bg.requests.find((r) => r.type === 'image.read')).toEqual({
      type: 'image.read',
      tabId: 3,
      pageUrl: pending.page.url,
      imageUrl: pending.imageUrl,
      jobId: 'img-1',
    });
    expect(bg.state.useImageNext()).toBe(true);
    await expect(bg.state.capture(9)).resolves.toBe(imagePage);
    await expect(bg.state.capture(9)).resolves.toMatchObject({ source: 'pdf' }); // once only
    await bg.state.closeImage();
    expect(bg.state.image.value.status).toBe('idle');
  });

  it('shows a failed image reading plainly, and Stop on a reading image stops its job', async () => {
    const pending = { id: 'img-2', imageUrl: 'data:x', page: { tabId: 3, url: 'u', title: '' }, createdAt: 0 };
    const bg = background({ 'image.read': [() => Promise.reject(new LocusError('ocr-failed', 'No address.'))] });
    await bg.state.readImage(pending);
    expect(bg.state.image.value).toMatchObject({ status: 'error', error: { message: expect.stringContaining('No address.') } });
    const slow = background({ 'image.read': [() => new Promise(() => undefined)] });
    void slow.state.readImage(pending);
    await slow.state.closeImage();
    expect(slow.requests.at(-1)).toEqual({ type: 'ocr.stop', jobId: 'img-2' });
    expect(slow.state.image.value.status).toBe('idle');
  });
});
