import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/t';

/** "What Locus read": the text given to the model, so a student can check it (a PDF especially). */
export function CapturedText({ text, mark }: { text: string; mark?: ComponentChildren }) {
  const shown = text.length > 30_000 ? `${text.slice(0, 30_000)}\n…` : text;
  return (
    <details class="captured-text">
      <summary>
        {t('common_textRead')}
        {mark}
      </summary>
      <pre dir="auto">{shown}</pre>
    </details>
  );
}
