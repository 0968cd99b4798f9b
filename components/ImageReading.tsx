/**
 * "Read this image with Locus": the image's reading (progress, Stop), then its text, marked as read
 * from an image, which the student can summarize (the text becomes the subject of the next run),
 * ask about (the Ask view) or save to the library.
 */
import { t } from '../lib/i18n/t';
import type { CapturedPage, PendingImage } from '../lib/messaging/protocol';
import { imageTextUses } from '../lib/panel/image-text-uses';
import { ocrState } from '../lib/panel/ocr-panel';
import { ErrorBox } from './ErrorBox';
import { ProgressBar } from './ProgressBar';
import './ocr.css';

export function ImageReading({ onSummarize, busy }: { onSummarize: () => void; busy: boolean }) {
  const image = ocrState.image.value;
  if (image.status === 'idle') return null;
  const from = image.pending.page.title || image.pending.page.url;
  return (
    <section class="image-reading" aria-label={t('ocr_image_title')} data-status={image.status}>
      <h3>
        {t('ocr_image_title')} <span class="muted">· {from}</span>
      </h3>
      {image.status === 'reading' ? (
        <ProgressBar
          label={t('ocr_progress_label')}
          text={image.progress?.stage === 'reading' ? t('ocr_reading_image') : t('ocr_starting')}
          value={image.progress ? image.progress.pageProgress : undefined}
          max={1}
        />
      ) : null}
      {image.status === 'error' ? <ErrorBox error={image.error} /> : null}
      {image.status === 'done' ? (
        <>
          <p class="muted">{t('ocr_image_check')}</p>
          <pre class="image-text" dir="auto">
            {image.page.text}
          </pre>
        </>
      ) : null}
      <div class="row">
        {image.status === 'done' ? (
          <>
            <button type="button" class="primary ocr-image-summarize" disabled={busy} onClick={onSummarize}>
              {t('ocr_image_summarize')}
            </button>
            <ImageTextActions page={image.page} from={image.pending.page} />
          </>
        ) : null}
        <button type="button" class="ocr-image-close" onClick={() => void ocrState.closeImage()}>
          {image.status === 'reading' ? t('ocr_stop') : t('ocr_image_close')}
        </button>
      </div>
    </section>
  );
}

/** "Ask about this text" and "Save to library": the image's text in the Ask and Library views. */
function ImageTextActions({ page, from }: { page: CapturedPage; from: PendingImage['page'] }) {
  const uses = imageTextUses.value;
  if (!uses) return null;
  return (
    <>
      <button type="button" class="ocr-image-ask" onClick={() => uses.ask(page, from)}>
        {t('ocr_image_ask')}
      </button>
      <button type="button" class="ocr-image-save" onClick={() => uses.save(page, from)}>
        {t('ocr_image_save')}
      </button>
    </>
  );
}
