import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { downloadText } from '../lib/panel/download-file';
import { formatBytes } from '../lib/panel/format';
import type { PrivacyState } from '../lib/panel/privacy-state';
import { settings, settingsError, updateSettings } from '../lib/panel/settings-state';
import type { NerRedactionChoice } from '../lib/settings/settings';
import { redactionList } from './ConsentDialog';
import { ErrorBox } from './ErrorBox';
import { PrivacySwitch } from './PrivacySwitch';
import { ProviderEditor } from './ProviderEditor';
import { t, uiLanguage } from '../lib/i18n/t';

/** The form's key when it is open for a new provider (saved ones are edited by their id). */
const NEW = 'new';

type Settings = (typeof settings)['value'];
type AuditRow = PrivacyState['audit']['value'][number];

export function PrivacyView({ privacy }: { privacy: PrivacyState }) {
  const read = useSignal(false); // this visit's providers, consents and log arrived
  const editing = useSignal<string | null>(null); // the provider in the form: its id, NEW, or none (form closed)
  useEffect(() => {
    void privacy.refresh().finally(() => (read.value = true));
  }, [privacy]);
  // Busy until then, and while they are read again: the view changes shape (the list of providers
  // grows or shrinks), which can move a control from under a click (the end-to-end tests wait for
  // this too).
  const busy = !read.value || privacy.refreshing.value > 0;
  const s = settings.value;
  const pattern = useSignal(s.studentIdPattern);
  const rows = privacy.audit.value;
  return (
    <section class="view privacy" aria-label={t('privacy_viewLabel')} aria-busy={busy ? 'true' : 'false'}>
      <h2>{t('privacy_headMode')}</h2>
      <PrivacyModeChoice s={s} />

      <h2>{t('privacy_headProviders')}</h2>
      <ProviderList privacy={privacy} s={s} editing={editing} />
      {privacy.message.value ? (
        <p class="notice" role="status" key={privacy.message.value}>
          {privacy.message.value}
        </p>
      ) : null}
      <ErrorBox error={privacy.error.value} />
      {/* Closed until the student asks: most never need a cloud provider. */}
      {editing.value === null ? (
        <button type="button" class="add-provider" onClick={() => (editing.value = NEW)}>
          {t('privacy_addProvider')}
        </button>
      ) : (
        <ProviderEditor
          key={editing.value}
          privacy={privacy}
          editing={privacy.providers.value.find((p) => p.id === editing.value)}
          onDone={() => (editing.value = null)}
        />
      )}
      <SuggestionSettings s={s} />

      <h2>{t('privacy_headRedaction')}</h2>
      <p class="muted">{t('privacy_redactionNote')}</p>
      <StudentIdForm privacy={privacy} pattern={pattern} />
      <NameRedaction s={s} />
      <ErrorBox error={settingsError.value} />

      <h2>{t('privacy_headSites')}</h2>
      <AlwaysAllowedSites privacy={privacy} />

      <h2>{t('privacy_headAudit')}</h2>
      <p class="muted">{t('privacy_auditNote')}</p>
      <AuditActions privacy={privacy} rows={rows} />
      <AuditTable rows={rows} />
    </section>
  );
}

/** The privacy switch, what it means now, and offline. */
function PrivacyModeChoice({ s }: { s: Settings }) {
  return (
    <>
      <div class="row">
        <PrivacySwitch />
      </div>
      <p class="muted">{s.privacyMode ? t('privacy_modeOn') : t('privacy_modeOff')}</p>
      <label class="check">
        <input
          type="checkbox"
          name="offline"
          checked={s.offline}
          onChange={(e) => void updateSettings({ offline: (e.currentTarget as HTMLInputElement).checked })}
        />{' '}
        {t('privacy_offline')}
      </label>
    </>
  );
}

/** The saved cloud providers: pick one, edit or remove it. */
function ProviderList({ privacy, s, editing }: { privacy: PrivacyState; s: Settings; editing: Signal<string | null> }) {
  return (
    <>
      {privacy.providers.value.length === 0 ? <p class="muted">{t('privacy_noProviders')}</p> : null}
      <ul class="provider-list">
        {privacy.providers.value.map((p) => (
          <li key={p.id} class="provider-row" data-provider={p.id}>
            <label>
              <input
                type="radio"
                name="cloudProvider"
                checked={s.cloudProviderId === p.id}
                onChange={() => void privacy.useProvider(p.id)}
              />{' '}
              <strong>{p.name}</strong> · {p.model} ·{' '}
              <span class="muted">
                {p.baseUrl} · {p.kind === 'ollama' ? 'Ollama' : t('privacy_kindOpenai')} ·{' '}
                {p.hasKey ? t('privacy_keySaved') : t('privacy_noKey')}
              </span>
            </label>{' '}
            <button type="button" class="link" aria-label={t('privacy_editNamed', p.name)} onClick={() => (editing.value = p.id)}>
              {t('privacy_edit')}
            </button>{' '}
            <button
              type="button"
              class="link danger"
              aria-label={t('privacy_removeNamed', p.name)}
              onClick={() => void privacy.removeProvider(p.id)}
            >
              {t('privacy_remove')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Whether and when a bigger model is suggested. */
function SuggestionSettings({ s }: { s: Settings }) {
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          name="cloudSuggestions"
          checked={s.cloudSuggestions}
          onChange={(e) => void updateSettings({ cloudSuggestions: (e.currentTarget as HTMLInputElement).checked })}
        />{' '}
        {t('privacy_suggest')}
      </label>
      <label class="field">
        {t('privacy_suggestAfter')}
        <input
          name="firstTokenBudget"
          type="number"
          min={0.5}
          max={120}
          step={0.5}
          value={s.firstTokenBudgetMs / 1000}
          onChange={(e) =>
            void updateSettings({ firstTokenBudgetMs: Math.round(Number((e.currentTarget as HTMLInputElement).value) * 1000) })
          }
        />
      </label>
    </>
  );
}

/** The school's student ID format, redacted like the rest. */
function StudentIdForm({ privacy, pattern }: { privacy: PrivacyState; pattern: Signal<string> }) {
  return (
    <form
      class="field"
      onSubmit={(e) => {
        e.preventDefault();
        void updateSettings({ studentIdPattern: pattern.value.trim() }).then((ok) => {
          if (ok) privacy.message.value = t('privacy_studentIdSaved');
        });
      }}
    >
      <label>
        <StudentIdLabel />
        <input
          name="studentIdPattern"
          value={pattern.value}
          onInput={(e) => (pattern.value = (e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">{t('privacy_saveFormat')}</button>
    </form>
  );
}

/** The label's example pattern stays code: only the words around it are translated. */
function StudentIdLabel() {
  const [before, after = ''] = t('privacy_studentIdLabel', '\u241f').split('\u241f');
  return (
    <>
      {before}
      <code>{'\\bS\\d{7}\\b'}</code>
      {after}
    </>
  );
}

/** How names, places and organizations are found, and whether the page's own names are kept. */
function NameRedaction({ s }: { s: Settings }) {
  return (
    <>
      <label class="field">
        {t('privacy_namesLabel')}
        <select
          name="nerRedaction"
          value={s.nerRedaction}
          onChange={(e) => void updateSettings({ nerRedaction: (e.currentTarget as HTMLSelectElement).value as NerRedactionChoice })}
        >
          <option value="name-finder">{t('privacy_nameFinder')}</option>
          <option value="name-finder+model">{t('privacy_nameFinderModel')}</option>
        </select>
      </label>
      <p class="muted ner-status">{t('privacy_nameNote')}</p>
      <label class="check">
        <input
          type="checkbox"
          name="keepPageNames"
          checked={s.keepPageNames}
          onChange={(e) => void updateSettings({ keepPageNames: (e.currentTarget as HTMLInputElement).checked })}
        />{' '}
        {t('privacy_keepPageNames')}
      </label>
      <p class="muted">{t('privacy_keepPageNamesNote')}</p>
    </>
  );
}

/** The sites the student always allowed, each revocable. */
function AlwaysAllowedSites({ privacy }: { privacy: PrivacyState }) {
  return (
    <>
      {privacy.consents.value.length === 0 ? (
        <p class="muted">{t('privacy_noSites')}</p>
      ) : (
        <ul class="consent-list">
          {privacy.consents.value.map((c) => (
            <li key={c.site} data-site={c.site}>
              {c.site} → {privacy.providers.value.find((p) => p.id === c.providerId)?.name ?? t('privacy_removedProvider')}{' '}
              <span class="muted">{t('privacy_since', new Date(c.grantedAt).toLocaleString(uiLanguage()))}</span>{' '}
              <button type="button" class="link" onClick={() => void privacy.revoke(c.site)}>
                {t('privacy_revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Export, refresh or clear the audit log. */
function AuditActions({ privacy, rows }: { privacy: PrivacyState; rows: AuditRow[] }) {
  return (
    <div class="row">
      <button
        type="button"
        onClick={() => void privacy.exportLog('json').then((t) => t !== null && downloadText('locus-audit.json', 'application/json', t))}
      >
        {t('privacy_exportJson')}
      </button>
      <button
        type="button"
        onClick={() => void privacy.exportLog('csv').then((t) => t !== null && downloadText('locus-audit.csv', 'text/csv', t))}
      >
        {t('privacy_exportCsv')}
      </button>
      <button type="button" onClick={() => void privacy.refresh()}>
        {t('privacy_refresh')}
      </button>
      {rows.length ? (
        <button type="button" class="link" onClick={() => void privacy.clearLog()}>
          {t('privacy_clearLog')}
        </button>
      ) : null}
    </div>
  );
}

/** Every request sent, or a note that none was. */
function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <>
      {rows.length === 0 ? (
        <p class="muted audit-empty">{t('privacy_auditEmpty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="figures-table audit-table">
            <thead>
              <tr>
                <th>{t('privacy_colWhen')}</th>
                <th>{t('privacy_colWhat')}</th>
                <th>{t('privacy_colOutcome')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-sha256={r.payloadSha256} data-bytes={r.bytes}>
                  <td>
                    {new Date(r.time).toLocaleString(uiLanguage())}
                    <br />
                    {r.provider} · {r.model}
                    <br />
                    <span class="muted">{r.destination}</span>
                  </td>
                  <td>
                    {formatBytes(r.bytes)}; {redactionList(r.redactions)}
                    <br />
                    <span class="muted">
                      SHA-256 <code title={r.payloadSha256}>{r.payloadSha256.slice(0, 16)}…</code>
                    </span>
                  </td>
                  <td>
                    {r.outcome}
                    {r.httpStatus ? ` (HTTP ${r.httpStatus})` : ''}
                    {r.consent === 'site' ? ` · ${t('privacy_alwaysAllowed')}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
