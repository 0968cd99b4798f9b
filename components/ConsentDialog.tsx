import { useEffect, useRef } from 'preact/hooks';
import type { CloudProposal } from '../lib/messaging/cloud-protocol';
import type { CloudState } from '../lib/panel/cloud-state';
import { routeReasonText } from '../lib/panel/cloud-suggestion';
import { noticeText } from '../lib/panel/notice-text';
import { formatBytes } from '../lib/panel/format';
import { ErrorBox } from './ErrorBox';
import { t, tn, uiLanguage, type MessageKey, type PluralKey } from '../lib/i18n/t';

/** Each kind of personal data: its name, and its count ("2 phone numbers"). */
const ENTITY_WORDS: Record<string, [MessageKey, PluralKey]> = {
  EMAIL_ADDRESS: ['consent_entityEmail', 'consent_foundEmail'],
  PHONE_NUMBER: ['consent_entityPhone', 'consent_foundPhone'],
  CREDIT_CARD: ['consent_entityCard', 'consent_foundCard'],
  IBAN_CODE: ['consent_entityIban', 'consent_foundIban'],
  US_SSN: ['consent_entitySsn', 'consent_foundSsn'],
  IP_ADDRESS: ['consent_entityIp', 'consent_foundIp'],
  DATE_OF_BIRTH: ['consent_entityBirth', 'consent_foundBirth'],
  STUDENT_ID: ['consent_entityStudentId', 'consent_foundStudentId'],
  STREET_ADDRESS: ['consent_entityStreet', 'consent_foundStreet'],
  POSTAL_CODE: ['consent_entityPostal', 'consent_foundPostal'],
  AGE: ['consent_entityAge', 'consent_foundAge'],
  US_DRIVER_LICENSE: ['consent_entityLicense', 'consent_foundLicense'],
  PERSON: ['consent_entityPerson', 'consent_foundPerson'],
  LOCATION: ['consent_entityLocation', 'consent_foundLocation'],
  ORGANIZATION: ['consent_entityOrganization', 'consent_foundOrganization'],
};

export function redactionList(redactions: Record<string, number>): string {
  const parts = Object.entries(redactions)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => {
      const words = ENTITY_WORDS[entity];
      return words ? tn(words[1], n) : `${n} ${entity}`;
    });
  return parts.length ? parts.join(', ') : t('consent_nothingFound');
}

/** A kind of personal data by its name ("phone number"), or its code when Locus has no name for it. */
function entityName(entity: string | undefined): string {
  const words = ENTITY_WORDS[entity ?? ''];
  return words ? t(words[0]) : (entity ?? '');
}

const number = (n: number) => n.toLocaleString(uiLanguage());

function usd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.0001) return t('consent_costUnder', '$0.0001');
  return `$${value.toFixed(value < 0.01 ? 4 : 2)}`;
}

function costText(p: CloudProposal): string {
  if (p.cost.inputPerMTok === 0 && p.cost.outputPerMTok === 0) {
    return p.provider.kind === 'ollama' ? t('consent_costFreeOllama') : t('consent_costNoPrice');
  }
  return t('consent_costText', usd(p.cost.promptUsd), usd(p.cost.maxUsd), `$${p.cost.inputPerMTok}`, `$${p.cost.outputPerMTok}`);
}

const RECOGNIZER_LABELS: Record<CloudProposal['recognizers'][number], MessageKey> = {
  patterns: 'consent_recPatterns',
  'name-finder': 'consent_recNameFinder',
  'ner-model': 'consent_recNerModel',
};

const ROLE_LABELS: Record<string, MessageKey> = {
  system: 'consent_roleSystem',
  user: 'consent_roleUser',
  assistant: 'consent_roleAssistant',
};

/** The consent dialog: exactly what would leave the device, and the student's choice. */
export function ConsentDialog({ cloud }: { cloud: CloudState }) {
  const p = cloud.proposal.value;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (p) ref.current?.querySelector<HTMLButtonElement>('button.send')?.focus();
  }, [p?.id]);
  if (!p) return null;
  const busy = cloud.preparing.value;
  return (
    <div class="consent-backdrop">
      <div
        class="consent"
        role="dialog"
        aria-modal="true"
        aria-labelledby="consent-title"
        data-proposal={p.id}
        ref={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') cloud.cancel();
        }}
      >
        <h2 id="consent-title">{t('consent_title')}</h2>
        <p class="muted">{t('consent_intro')}</p>
        <ConsentReasons p={p} />
        <ConsentDestination p={p} />
        <KeptNames cloud={cloud} p={p} busy={busy} />
        <p class="muted consent-coverage" data-recognizers={p.recognizers.join(' ')}>
          {t('consent_foundBy', p.recognizers.map((r) => t(RECOGNIZER_LABELS[r])).join(', '))} {p.redactionNote}
        </p>
        {p.notes.map((n) => (
          <p class="notice" key={n.message}>
            {noticeText(n.notice)}
          </p>
        ))}
        {cloud.editing.value ? <EditDraft cloud={cloud} busy={busy} /> : <ConsentMessages p={p} />}
        <ErrorBox error={cloud.error.value} />
        <ConsentChoices cloud={cloud} p={p} busy={busy} />
      </div>
    </div>
  );
}

/** Why the bigger model is proposed. */
function ConsentReasons({ p }: { p: CloudProposal }) {
  if (!p.reasons.length) return null;
  return (
    <ul class="consent-reasons">
      {p.reasons.map((r) => (
        <li key={r.code} data-reason={r.code}>
          {routeReasonText(r)}
        </li>
      ))}
    </ul>
  );
}

/** Where it would go, how big it is, what it costs, and what was redacted. */
function ConsentDestination({ p }: { p: CloudProposal }) {
  return (
    <dl class="consent-destination">
      <dt>{t('consent_provider')}</dt>
      <dd data-field="provider">
        {p.provider.name} ({p.provider.kind === 'ollama' ? 'Ollama' : t('privacy_kindOpenai')})
      </dd>
      <dt>{t('consent_model')}</dt>
      <dd data-field="model">{p.provider.model}</dd>
      <dt>{t('consent_address')}</dt>
      <dd data-field="url">{p.url}</dd>
      <dt>{t('consent_size')}</dt>
      <dd data-field="size">
        {t(
          'consent_sizeValue',
          number(p.tokens.prompt),
          p.tokens.countedWith,
          formatBytes(p.bodyBytes),
          number(p.bodyBytes),
          number(p.tokens.maxOutput),
        )}
      </dd>
      <dt>{t('consent_cost')}</dt>
      <dd data-field="cost">{costText(p)}</dd>
      <dt>{t('consent_redacted')}</dt>
      <dd data-field="redactions">{t('consent_redactedNote', redactionList(p.redactions))}</dd>
    </dl>
  );
}

/** Names from the page kept in the text (they help the answer), or a note that they are hidden. */
function KeptNames({ cloud, p, busy }: { cloud: CloudState; p: CloudProposal; busy: boolean }) {
  return (
    <>
      {p.kept.length ? (
        <div class="consent-kept" data-kept={p.kept.map((k) => k.value).join('|')}>
          <h3>{t('consent_keptTitle')}</h3>
          <ul class="consent-kept-list">
            {p.kept.map((k) => (
              <li key={k.value} data-entity={k.entity}>
                {k.count > 1 ? t('consent_keptCount', k.value, k.count) : k.value}
              </li>
            ))}
          </ul>
          <p class="muted">{t('consent_keptWhy')}</p>
          {!cloud.editing.value ? (
            <button type="button" class="hide-kept" disabled={busy} onClick={() => void cloud.hideKept()}>
              {t('consent_keptHide')}
            </button>
          ) : null}
        </div>
      ) : p.pageNames === 'hide-asked' ? (
        <p class="muted consent-kept-hidden">{t('consent_keptHidden')}</p>
      ) : null}
    </>
  );
}

/** The text being edited before it is checked again. */
function EditDraft({ cloud, busy }: { cloud: CloudState; busy: boolean }) {
  return (
    <div class="consent-edit">
      <label class="field">
        {t('consent_editLabel')}
        <textarea
          name="consentDraft"
          rows={10}
          value={cloud.draft.value}
          onInput={(e) => (cloud.draft.value = (e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => void cloud.applyEdit()}>
          {t('consent_previewAgain')}
        </button>
        <button type="button" onClick={() => (cloud.editing.value = false)}>
          {t('consent_back')}
        </button>
      </div>
    </div>
  );
}

/** A message's heading; a library question's own turn holds the library's passages, not a page. */
function roleLabel(p: CloudProposal, role: string): string {
  if (role === 'user' && p.task === 'library.question') return t('consent_roleUserLibrary');
  return ROLE_LABELS[role] ? t(ROLE_LABELS[role]!) : role;
}

/** The messages as they would be sent, with kept names and redactions marked, and the exact request body. */
function ConsentMessages({ p }: { p: CloudProposal }) {
  return (
    <div class="consent-messages">
      {p.messages.map((m, i) => (
        <section class="consent-message" data-role={m.role} key={i}>
          <h3>{roleLabel(p, m.role)}</h3>
          <pre class="consent-text">
            {m.segments.map((s, j) =>
              s.kept ? (
                <mark class="kept" data-entity={s.entity} title={t('consent_keptMark', entityName(s.entity))} key={j}>
                  {s.text}
                </mark>
              ) : s.entity ? (
                <mark class="redaction" data-entity={s.entity} title={t('consent_standsFor', s.entity, s.original ?? '')} key={j}>
                  {s.text}
                </mark>
              ) : (
                s.text
              ),
            )}
          </pre>
        </section>
      ))}
      <details class="consent-raw">
        <summary>
          <RawBodyTitle p={p} />
        </summary>
        <pre class="consent-body" data-sha256={p.bodySha256}>
          {p.body}
        </pre>
        <p class="muted">{t('consent_rawNote')}</p>
      </details>
    </div>
  );
}

/** The summary of the exact body: its size and the start of its hash (as code). */
function RawBodyTitle({ p }: { p: CloudProposal }) {
  const [before, after = ''] = t('consent_rawBody', number(p.bodyBytes), '\u241f').split('\u241f');
  return (
    <>
      {before}
      <code>{p.bodySha256.slice(0, 16)}…</code>
      {after}
    </>
  );
}

/** Always allow for this site, and send once, edit or cancel. */
function ConsentChoices({ cloud, p, busy }: { cloud: CloudState; p: CloudProposal; busy: boolean }) {
  return (
    <>
      {p.site && !cloud.editing.value ? (
        <label class="consent-always">
          <input
            type="checkbox"
            name="alwaysAllow"
            checked={cloud.alwaysAllow.value}
            onChange={(e) => (cloud.alwaysAllow.value = (e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('consent_alwaysAllow', p.site)}
        </label>
      ) : null}
      {!cloud.editing.value ? (
        <div class="row consent-actions">
          <button type="button" class="primary send" disabled={busy} onClick={() => void cloud.send()}>
            {t('consent_sendOnce')}
          </button>
          <button type="button" class="edit" disabled={busy} onClick={() => cloud.startEdit()}>
            {t('consent_edit')}
          </button>
          <button type="button" class="cancel" onClick={() => cloud.cancel()}>
            {t('consent_cancel')}
          </button>
        </div>
      ) : null}
    </>
  );
}
