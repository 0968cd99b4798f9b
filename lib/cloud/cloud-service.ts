/**
 * The cloud side of the engine worker: builds proposals (the consent dialog's content), sends the
 * ones the student agreed to, and watches local runs for the router's signals.
 *
 *   prepare ─ task messages (proposal-draft.ts) → redaction (proposal-redaction.ts: patterns, student IDs,
 *             name finder, NER model when chosen) → body, SHA-256, size, cost (proposal-body.ts) → a
 *             proposal kept here by id (proposal-store.ts; the panel gets a copy, no key)
 *   send    ─ the stored proposal, only if the hash the panel shows is the stored one → a consent
 *             record for that hash → CloudEngine → the gate (checks hash, privacy, writes the
 *             audit row) → streamed answer with placeholders restored on the device
 *
 * Proposals are single-use and expire; the gate enforces the same on its side.
 */
import { tokensPerSecond } from '../engine-api/generation-stats';
import { CloudEngine } from './cloud-engine';
import { LocusError } from '../errors';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { GenerationStats, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { cleartextProblem } from '../privacy/cleartext';
import { CONSENT_TTL_MS, grantStandingConsent, hasStandingConsent, newConsentId, type CloudConsent } from '../privacy/consent';
import type { NetworkGate } from '../privacy/network-gate';
import { restore, type NerRecognizer, type Span } from '../privacy/pii';
import { DEFAULT_POLICY, cloudBlocked, type RouterEnv } from '../router/router';
import { LocalRunWatch } from '../router/watch';
import type { Settings } from '../settings/settings';
import type { LocusDatabase } from '../store/db';
import { composeProposal } from './proposal-body';
import {
  freshDraft,
  isRevision,
  reasonsFor,
  requestToPropose,
  revisedDraft,
  type ProposalDraft,
  type ProposeInput,
} from './proposal-draft';
import { redactDraft } from './proposal-redaction';
import { ProposalStore, type StoredProposal } from './proposal-store';
import { getProvider, type Provider } from './providers';
import { StreamingRestorer } from './restore-stream';
import { cloudTextSink } from './hint-answer-guard';

export interface CloudServiceDeps {
  db: () => LocusDatabase;
  readSettings: () => Promise<Settings>;
  gate: NetworkGate;
  /**
   * The NER model's recognizer, for `nerRedaction: 'name-finder+model'` (downloaded and loaded on
   * first use; it throws when it cannot be).
   */
  ner?: () => Promise<NerRecognizer | undefined>;
  /** The on-device name finder (default: lib/privacy/names). */
  findNames?: (text: string) => Span[];
  /** The extension's origin (for Ollama's OLLAMA_ORIGINS advice). */
  extensionOrigin?: string;
  now?: () => number;
}

export interface CloudSendOutcome {
  /** The task the proposal was for ('summarize'…). */
  task: string;
  stats: GenerationStats;
}

/** What the router needs to know of the settings and the provider. */
function routerEnvOf(settings: Settings, provider: Provider | undefined): RouterEnv {
  return {
    privacyMode: settings.privacyMode,
    offline: settings.offline,
    providerReady: provider !== undefined,
    suggestions: settings.cloudSuggestions,
  };
}

export class CloudService {
  readonly #proposals: ProposalStore;

  constructor(private readonly deps: CloudServiceDeps) {
    this.#proposals = new ProposalStore(() => this.#now());
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async env(): Promise<RouterEnv> {
    const settings = await this.deps.readSettings();
    return routerEnvOf(settings, await getProvider(this.deps.db(), settings.cloudProviderId));
  }

  /**
   * Watches a local run of `request` (lib/router/watch.ts): a proposal it makes is emitted on
   * `emit` as a `cloud-proposal` event. The first-token budget comes from the settings.
   */
  async watch(request: TaskRequest, emit: (event: TaskEvent) => void): Promise<LocalRunWatch> {
    const settings = await this.deps.readSettings();
    return new LocalRunWatch(
      request,
      {
        env: () => this.env(),
        propose: async (reasons) => {
          const proposal = await this.prepare({ request, reasons });
          emit({ kind: 'cloud-proposal', proposal });
        },
        policy: { ...DEFAULT_POLICY, firstTokenBudgetMs: settings.firstTokenBudgetMs },
      },
      emit,
    );
  }

  /**
   * Builds a proposal, in steps: a provider the cloud may be used with; the draft (new, or the
   * student's edit of proposal `previousId`); redaction; the body, its hash and cost. The proposal
   * is kept here by id; the panel gets a copy.
   */
  async prepare(input: ProposeInput): Promise<CloudProposal> {
    const settings = await this.deps.readSettings();
    const db = this.deps.db();
    const { provider, env } = await this.#usableProvider(settings, db);
    const previous = this.#revised(input);
    const asked = requestToPropose(input.request ?? previous?.request);
    const cleartext = cleartextProblem(provider.baseUrl);
    if (cleartext) throw new LocusError('not-allowed', `${cleartext} Nothing was sent.`);
    const draft = await this.#draft(input, asked, previous, provider, settings);
    const reasons = draft.reasons ?? reasonsFor(draft.request, env);
    const redaction = await redactDraft(draft, { settings, ner: this.deps.ner, findNames: this.deps.findNames });
    const standing = (site: string) => hasStandingConsent(db, site, provider.id);
    const { proposal, messages } = await composeProposal({ draft, reasons, redaction, provider, standing });
    this.#proposals.put({
      proposal,
      request: draft.request,
      provider,
      messages,
      maxNewTokens: draft.maxNewTokens,
      mapping: redaction.mapping,
      keptKeys: new Set(redaction.kept.keys()),
      pageNames: draft.pageNames,
      createdAt: this.#now(),
    });
    return proposal;
  }

  /** The provider set up, when privacy mode, offline mode and the settings let the cloud be used. */
  async #usableProvider(settings: Settings, db: LocusDatabase): Promise<{ provider: Provider; env: RouterEnv }> {
    const provider = await getProvider(db, settings.cloudProviderId);
    const env = routerEnvOf(settings, provider);
    const blocked = cloudBlocked(env, true);
    if (blocked || !provider) {
      const code = settings.offline ? 'offline-blocked' : settings.privacyMode ? 'not-allowed' : 'cloud-not-configured';
      throw new LocusError(code, `${blocked ?? 'No cloud provider is set up.'} Nothing was sent.`);
    }
    return { provider, env };
  }

  /** The stored proposal an edit or "Hide these too" revises (undefined for a new proposal). */
  #revised(input: ProposeInput): StoredProposal | undefined {
    if (!isRevision(input)) return undefined;
    const previous = input.previousId ? this.#proposals.get(input.previousId) : undefined;
    if (!previous) throw new LocusError('consent-required', 'That preview is no longer available. Nothing was sent; ask again.');
    return previous;
  }

  /** A new draft, or the revision of `previous` (which is used up: single-use). */
  async #draft(
    input: ProposeInput,
    asked: TaskRequest,
    previous: StoredProposal | undefined,
    provider: Provider,
    settings: Settings,
  ): Promise<ProposalDraft> {
    if (!previous) return freshDraft(asked, input.reasons, { provider, gate: this.deps.gate }, settings.keepPageNames);
    this.#proposals.delete(previous.proposal.id);
    return revisedDraft(previous, input, asked, settings.keepPageNames);
  }

  discard(proposalId: string): void {
    this.#proposals.delete(proposalId);
  }

  /** Sends a proposal the student agreed to; streams the restored answer on `emit` (text events). */
  async send(
    task: { proposalId: string; bodySha256: string; alwaysAllowSite: boolean },
    emit: (event: TaskEvent) => void,
    signal: AbortSignal,
  ): Promise<CloudSendOutcome> {
    const stored = this.#proposals.get(task.proposalId);
    if (!stored || this.#now() - stored.createdAt > CONSENT_TTL_MS) {
      this.#proposals.delete(task.proposalId);
      throw new LocusError('consent-required', 'That preview has expired. Nothing was sent; ask again to see what would be sent.');
    }
    // What the student saw is what is sent: a different hash means another body. Refuse.
    if (stored.proposal.bodySha256 !== task.bodySha256) {
      throw new LocusError('consent-required', 'The request changed after you saw it, so Locus sent nothing. Ask again.');
    }
    this.#proposals.delete(task.proposalId);
    const { proposal, provider } = stored;
    const db = this.deps.db();
    if (task.alwaysAllowSite && proposal.site) {
      await grantStandingConsent(db, { site: proposal.site, providerId: provider.id, grantedAt: this.#now() });
    }
    const consent: CloudConsent = {
      id: newConsentId(),
      // A request the student asked for under "always allow" may have been sent without a dialog:
      // it goes as a 'site' consent, which the gate refuses if the standing consent was revoked
      // meanwhile. A router proposal was shown in the dialog: the student agreed to it once.
      kind: proposal.trigger === 'student' && (task.alwaysAllowSite || proposal.standing) ? 'site' : 'once',
      trigger: proposal.trigger,
      url: proposal.url,
      bodySha256: proposal.bodySha256,
      providerId: provider.id,
      providerName: provider.name,
      model: provider.model,
      site: proposal.site,
      redactions: proposal.redactions,
      grantedAt: this.#now(),
    };

    const engine = new CloudEngine(
      provider,
      this.deps.gate,
      this.deps.extensionOrigin ? { extensionOrigin: this.deps.extensionOrigin } : {},
    );
    const restorer = new StreamingRestorer(stored.mapping);
    // A hint's text is guarded against giving the answer away, as on the device.
    const sink = cloudTextSink(stored.request, emit);
    const started = performance.now();
    let firstAt: number | undefined;
    const result = await engine.generate(
      { messages: stored.messages, maxNewTokens: stored.maxNewTokens },
      {
        signal,
        consent,
        onText: (delta) => {
          const shown = restorer.push(delta);
          if (shown) {
            firstAt ??= performance.now();
            sink.push(shown);
          }
        },
      },
    );
    const rest = restorer.end();
    if (rest) {
      firstAt ??= performance.now();
      sink.push(rest);
    }
    const text = sink.end(restore(result.text, stored.mapping));
    const ended = performance.now();
    const stats: GenerationStats = {
      modelId: provider.model,
      modelName: engine.info.modelName,
      device: 'cloud',
      dtype: provider.kind,
      promptTokens: result.promptTokens,
      outputTokens: result.outputTokens,
      ttftMs: (firstAt ?? ended) - started,
      totalMs: ended - started,
      tokensPerSecond: tokensPerSecond(result),
      parts: 1,
    };
    emit({ kind: 'done', text, stats });
    return { task: proposal.task, stats };
  }
}
