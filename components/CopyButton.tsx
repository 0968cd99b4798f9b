import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t';
import { CopyIcon, DoneIcon } from './CardIcons';

/** A card's Copy: an icon button named "Copy" (then "Copied" for a moment, with a tick). */
export function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const name = copied ? t('common_copied') : t('common_copy');
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" class="icon-button card-copy" aria-label={name} title={name} onClick={() => void copy()}>
      {copied ? <DoneIcon /> : <CopyIcon />}
    </button>
  );
}
