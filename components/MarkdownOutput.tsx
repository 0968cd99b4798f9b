import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t';
import { renderMarkdown } from '../lib/render/markdown';

/** `copy`: false where a Copy of the whole is elsewhere (a thread card's row has its own). */
export function MarkdownOutput({
  text,
  lang,
  dir,
  copy: withCopy = true,
}: {
  text: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  copy?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <section class="output">
      {/* Sanitized by renderMarkdown (DOMPurify) before it reaches the DOM. */}
      <div class="markdown" lang={lang || undefined} dir={dir ?? 'auto'} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />
      {withCopy ? (
        <button type="button" class="link" onClick={copy}>
          {copied ? t('common_copied') : t('common_copy')}
        </button>
      ) : null}
    </section>
  );
}
