import { useEffect, useRef } from 'preact/hooks';
import type { CloudProposal } from '../lib/messaging/cloud-protocol';
import type { CloudState } from '../lib/panel/cloud-state';
import { formatBytes } from '../lib/panel/format';
import { ErrorBox } from './ErrorBox';
import { keptNamesText } from './kept-names-words';

const ENTITY_LABELS: Record<string, [string, string]> = {
  EMAIL_ADDRESS: ['e-mail address', 'e-mail addresses'],
  PHONE_NUMBER: ['phone number', 'phone numbers'],
  CREDIT_CARD: ['card number', 'card numbers'],
  IBAN_CODE: ['IBAN', 'IBANs'],
  US_SSN: ['social security number', 'social security numbers'],
  IP_ADDRESS: ['IP address', 'IP addresses'],
  DATE_OF_BIRTH: ['date of birth', 'dates of birth'],
  STUDENT_ID: ['student ID', 'student IDs'],
  STREET_ADDRESS: ['street address', 'street addresses'],
  POSTAL_CODE: ['postal code', 'postal codes'],
  AGE: ['age', 'ages'],
  US_DRIVER_LICENSE: ["driver's licence", "driver's licences"],
  PERSON: ['name', 'names'],
  LOCATION: ['place', 'places'],
  ORGANIZATION: ['organization', 'organizations'],
};

export function redactionList(redactions: Record<string, number>): string {
  const parts = Object.entries(redactions)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => {
      const [one, many] = ENTITY_LABELS[entity] ?? [entity, entity];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length ? parts.join(', ') : 'nothing found to redact';
}

function usd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.0001) return 'under $0.0001';
  return `$${value.toFixed(value < 0.01 ? 4 : 2)}`;
}

function costText(p: CloudProposal): string {
  if (p.cost.inputPerMTok === 0 && p.cost.outputPerMTok === 0) {
    return p.provider.kind === 'ollama' ? 'free (your Ollama server)' : 'no price set for this provider (add it in Privacy)';
  }
  return `${usd(p.cost.promptUsd)} for the text, at most ${usd(p.cost.maxUsd)} with the answer (at $${p.cost.inputPerMTok}/$${p.cost.outputPerMTok} per million tokens in/out)`;
}

const RECOGNIZER_LABELS: Record<CloudProposal['recognizers'][number], string> = {
  patterns: 'patterns',
  'name-finder': 'the on-device name finder',
  'ner-model': 'the name-recognition model',
};

const ROLE_LABELS: Record<string, string> = { system: 'Instructions', user: 'Your request and the page', assistant: 'Earlier answer' };

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
        <h2 id="consent-title">Send this to a bigger model?</h2>
        <p class="muted">Nothing has left this device. This is exactly what would be sent; you decide.</p>
        <ConsentReasons p={p} />
        <ConsentDestination p={p} />
        <KeptNames cloud={cloud} p={p} busy={busy} />
        <p class="muted consent-coverage" data-recognizers={p.recognizers.join(' ')}>
          Found by: {p.recognizers.map((r) => RECOGNIZER_LABELS[r]).join(', ')}. {p.redactionNote}
        </p>
        {p.notes.map((n) => (
          <p class="notice" key={n}>
            {n}
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
          {r.message}
        </li>
      ))}
    </ul>
  );
}

/** Where it would go, how big it is, what it costs, and what was redacted. */
function ConsentDestination({ p }: { p: CloudProposal }) {
  return (
    <dl class="consent-destination">
      <dt>Provider</dt>
      <dd data-field="provider">
        {p.provider.name} ({p.provider.kind === 'ollama' ? 'Ollama' : 'OpenAI-compatible'})
      </dd>
      <dt>Model</dt>
      <dd data-field="model">{p.provider.model}</dd>
      <dt>Address</dt>
      <dd data-field="url">{p.url}</dd>
      <dt>Size</dt>
      <dd data-field="size">
        about {p.tokens.prompt.toLocaleString()} tokens ({p.tokens.countedWith}) · {formatBytes(p.bodyBytes)} (
        {p.bodyBytes.toLocaleString()} bytes) · answer up to {p.tokens.maxOutput.toLocaleString()} tokens
      </dd>
      <dt>Estimated cost</dt>
      <dd data-field="cost">{costText(p)}</dd>
      <dt>Redacted</dt>
      <dd data-field="redactions">
        {redactionList(p.redactions)} (highlighted below; placeholders are put back on this device in the answer)
      </dd>
    </dl>
  );
}

/** Names from the page kept in the text (they help the answer), or a note that they are hidden. */
function KeptNames({ cloud, p, busy }: { cloud: CloudState; p: CloudProposal; busy: boolean }) {
  return (
    <>
      {p.kept.length ? (
        <div class="consent-kept" data-kept={p.kept.map((k) => k.value).join('|')}>
          <h3>{keptNamesText('consent_keptTitle')}</h3>
          <ul class="consent-kept-list">
            {p.kept.map((k) => (
              <li key={k.value} data-entity={k.entity}>
                {k.count > 1 ? keptNamesText('consent_keptCount', { value: k.value, count: k.count }) : k.value}
              </li>
            ))}
          </ul>
          <p class="muted">{keptNamesText('consent_keptWhy')}</p>
          {!cloud.editing.value ? (
            <button type="button" class="hide-kept" disabled={busy} onClick={() => void cloud.hideKept()}>
              {keptNamesText('consent_keptHide')}
            </button>
          ) : null}
        </div>
      ) : p.pageNames === 'hide-asked' ? (
        <p class="muted consent-kept-hidden">{keptNamesText('consent_keptHidden')}</p>
      ) : null}
    </>
  );
}

/** The text being edited before it is checked again. */
function EditDraft({ cloud, busy }: { cloud: CloudState; busy: boolean }) {
  return (
    <div class="consent-edit">
      <label class="field">
        Edit what is sent (it is checked for personal data again)
        <textarea
          name="consentDraft"
          rows={10}
          value={cloud.draft.value}
          onInput={(e) => (cloud.draft.value = (e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => void cloud.applyEdit()}>
          Preview again
        </button>
        <button type="button" onClick={() => (cloud.editing.value = false)}>
          Back
        </button>
      </div>
    </div>
  );
}

/** The messages as they would be sent, with kept names and redactions marked, and the exact request body. */
function ConsentMessages({ p }: { p: CloudProposal }) {
  return (
    <div class="consent-messages">
      {p.messages.map((m, i) => (
        <section class="consent-message" data-role={m.role} key={i}>
          <h3>{ROLE_LABELS[m.role] ?? m.role}</h3>
          <pre class="consent-text">
            {m.segments.map((s, j) =>
              s.kept ? (
                <mark
                  class="kept"
                  data-entity={s.entity}
                  title={keptNamesText('consent_keptMark', { entity: ENTITY_LABELS[s.entity ?? '']?.[0] ?? s.entity ?? '' })}
                  key={j}
                >
                  {s.text}
                </mark>
              ) : s.entity ? (
                <mark
                  class="redaction"
                  data-entity={s.entity}
                  title={`${s.entity}: stands for "${s.original ?? ''}", which stays on this device`}
                  key={j}
                >
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
          Exact request body ({p.bodyBytes.toLocaleString()} bytes, SHA-256 <code>{p.bodySha256.slice(0, 16)}…</code>)
        </summary>
        <pre class="consent-body" data-sha256={p.bodySha256}>
          {p.body}
        </pre>
        <p class="muted">
          Sent with a Content-Type header and, if the provider has one, your API key in the Authorization header (not shown). The key never
          reaches web pages.
        </p>
      </details>
    </div>
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
          Always allow for {p.site} (revocable in Privacy)
        </label>
      ) : null}
      {!cloud.editing.value ? (
        <div class="row consent-actions">
          <button type="button" class="primary send" disabled={busy} onClick={() => void cloud.send()}>
            Send once
          </button>
          <button type="button" class="edit" disabled={busy} onClick={() => cloud.startEdit()}>
            Edit
          </button>
          <button type="button" class="cancel" onClick={() => cloud.cancel()}>
            Cancel
          </button>
        </div>
      ) : null}
    </>
  );
}
