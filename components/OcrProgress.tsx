/**
 * Scanned readings in the panel: the pages being read with OCR (a bar and Stop), what a stopped
 * reading kept, and, on the text Locus read, that it came from OCR and how to read more pages.
 */
import type { CapturedPage, OcrInfo } from '../lib/messaging/protocol';
import { t, tn } from '../lib/i18n/t';
import { ocrState } from '../lib/panel/ocr-panel';
import type { OcrProgress as Progress } from '../lib/messaging/protocol';
import { ProgressBar } from './ProgressBar';
import './ocr.css';

/** The bar's words and value for one progress report. */
function progressView(p: Progress | null): { text: string; value?: number; max?: number } {
  if (!p || p.pages === 0) return { text: t('ocr_preparing') };
  if (p.stage === 'loading') return { text: t('ocr_starting'), value: p.pageProgress, max: 1 };
  const done = Math.min(p.pages, p.page - 1 + (p.stage === 'done' ? 1 : p.pageProgress));
  return { text: t('ocr_reading_page', p.page, p.pages), value: done, max: p.pages };
}

/** While pages are read with OCR: "Reading page 2 of 5 with OCR…", a bar, and Stop. */
export function OcrProgress() {
  const run = ocrState.run.value;
  if (!run || !run.progress) return null;
  const view = progressView(run.progress);
  return (
    <div class="ocr-progress" role="status">
      <ProgressBar label={t('ocr_progress_label')} text={run.stopping ? t('ocr_stopping') : view.text} value={view.value} max={view.max} />
      <button type="button" class="stop ocr-stop" disabled={run.stopping} onClick={() => void ocrState.stop()}>
        {t('ocr_stop')}
      </button>
    </div>
  );
}

/** After Stop during a reading: what was kept, in plain words. */
export function OcrStopped() {
  const stopped = ocrState.stopped.value;
  if (!stopped) return null;
  return (
    <p class="notice ocr-stopped" role="status">
      {stopped.of ? tn('ocr_stopped_after', stopped.read, stopped.of) : t('ocr_stopped')}
    </p>
  );
}

/** Marks text that OCR read (in "Text Locus read" and the library): it may hold misread words. */
export function OcrMark({ ocr, source }: { ocr?: OcrInfo | boolean | undefined; source?: CapturedPage['source'] | undefined }) {
  if (!ocr && source !== 'image') return null;
  return <span class="ocr-mark"> · {source === 'image' ? t('ocr_mark_image') : t('ocr_mark')}</span>;
}

/** Under a scanned PDF's text: how many pages OCR read, and "read more" when the limit left some. */
export function OcrNote({ page, onReadMore }: { page: CapturedPage; onReadMore: () => void }) {
  const ocr = page.ocr;
  // An image's text is marked where it is shown ("Text Locus read", the image's card).
  if (!ocr || page.source === 'image') return null;
  const left = ocr.pagesWithoutText - ocr.pages.length;
  return (
    <div class="ocr-note muted">
      <p>{tn('ocr_read_pages', ocr.pages.length)}</p>
      {left > 0 && !ocr.stopped ? (
        <p class="ocr-limit">
          {tn('ocr_limit_reached', ocr.pages.length, ocr.pagesWithoutText)}{' '}
          <button type="button" class="link ocr-read-more" onClick={onReadMore}>
            {t('ocr_read_more')}
          </button>
        </p>
      ) : null}
    </div>
  );
}
