import { browserLimits, measureBrowser, processorThreads } from '../lib/platform/browser-limits';
import './browser-notes.css';

/** What this browser does not let Locus do (Models view): Firefox's differences and measured limits. */
export function BrowserLimits() {
  const facts = measureBrowser();
  const limits = browserLimits(facts);
  if (limits.length === 0) return null;
  return (
    <section class="browser-limits" aria-label="What this browser cannot do" data-threads={processorThreads(facts)}>
      <h2>{facts.firefox ? 'What Locus cannot do in Firefox' : 'What Locus cannot do in this browser'}</h2>
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
