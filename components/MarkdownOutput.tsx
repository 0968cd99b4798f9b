import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t';
import { renderMarkdown } from '../lib/render/markdown';

/** `copyText`: what Copy puts on the clipboard when it is more than what is shown (a card's sources). */
export function MarkdownOutput({ text, lang, dir, copyText }: { text: string; lang?: string; dir?: 'ltr' | 'rtl'; copyText?: string }) {
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  const copy = async () => {
    await navigator.clipboard.writeText(copyText ?? text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <section class="output">
      {/* Sanitized by renderMarkdown (DOMPurify) before it reaches the DOM. */}
      <div class="markdown" lang={lang || undefined} dir={dir ?? 'auto'} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />
      <button type="button" class="link" onClick={copy}>
        {copied ? t('common_copied') : t('common_copy')}
      </button>
    </section>
  );
}
