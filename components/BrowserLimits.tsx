import { browserLimits, measureBrowser, processorThreads } from '../lib/platform/browser-limits';
import './browser-notes.css';
import { t } from '../lib/i18n/t';

/** What this browser does not let Locus do (Models view): Firefox's differences and measured limits. */
export function BrowserLimits() {
  const facts = measureBrowser();
  const limits = browserLimits(facts);
  if (limits.length === 0) return null;
  return (
    <section class="browser-limits" aria-label={t('limits_label')} data-threads={processorThreads(facts)}>
      <h2>{facts.firefox ? t('limits_titleFirefox') : t('limits_titleBrowser')}</h2>
      <ul>
        {limits.map((l) => (
          <li key={l.id} data-limit={l.id}>
            <strong>{l.title}</strong> {l.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
