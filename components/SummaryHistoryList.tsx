import { useEffect } from 'preact/hooks';
import { t, uiLanguage } from '../lib/i18n/t';
import type { SummaryHistory } from '../lib/panel/summary-history';
import { targetPage } from '../lib/panel/target-page-state';
import { answerLayout, nativeName } from '../lib/settings/languages';
import { SUMMARY_MODE_LABELS } from '../lib/tasks/summary-modes';
import { MarkdownOutput } from './MarkdownOutput';

function when(at: number): string {
  return new Date(at).toLocaleString(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** The page's earlier summaries, newest first; one opens in place. */
export function SummaryHistoryList({ history }: { history: SummaryHistory }) {
  const url = targetPage.value?.url ?? null;
  useEffect(() => {
    void history.load(url);
  }, [url]);
  const items = history.items.value;
  if (!items.length) return null;
  const opened = history.opened.value;
  return (
    <section class="summary-history" aria-label={t('summary_earlier')}>
      <h2>{t('summary_earlier')}</h2>
      <ul>
        {items.map((item) => {
          const isOpen = opened?.id === item.id;
          const layout = answerLayout(item.outputLanguage ?? '', { lang: '' });
          return (
            <li key={item.id} class="history-item" data-open={String(isOpen)}>
              <div class="row">
                <button type="button" class="link" aria-expanded={isOpen} onClick={() => history.open(isOpen ? null : item)}>
                  {item.mode in SUMMARY_MODE_LABELS ? t(SUMMARY_MODE_LABELS[item.mode as keyof typeof SUMMARY_MODE_LABELS]) : item.mode}
                  {item.outputLanguage ? ` · ${nativeName(item.outputLanguage)}` : ''} · {when(item.createdAt)}
                </button>
                <span class="muted">{item.modelId}</span>
                <button type="button" class="link danger" title={t('summary_deleteOne')} onClick={() => void history.remove(item.id!)}>
                  {t('common_delete')}
                </button>
              </div>
              {isOpen ? (
                <MarkdownOutput text={item.text} lang={layout.lang || undefined} dir={item.outputLanguage ? layout.dir : undefined} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
