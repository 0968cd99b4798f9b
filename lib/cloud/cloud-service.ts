/**
 * The cloud side of the engine worker: builds proposals (the consent dialog's content), sends the
 * ones the student agreed to, and watches local runs for the router's signals.
 *
 *   prepare ─ task messages → redaction (patterns, student IDs, name finder, NER model when chosen) → body →
 *             SHA-256, size, cost → a proposal kept here by id (the panel gets a copy, no key)
 *   send    ─ the stored proposal, only if the hash the panel shows is the stored one → a consent
 *             record for that hash → CloudEngine → the gate (checks hash, privacy, writes the
 *             audit row) → streamed answer with placeholders restored on the device
 *
 * Proposals are single-use and expire; the gate enforces the same on its side.
 */
import type { ChatMessage } from '../engine-api/engine';
import { tokensPerSecond } from '../engine-api/generation-stats';
import { CloudEngine, estimatePromptTokens } from './cloud-engine';
import { LocusError } from '../errors';
import type { CloudProposal, RouteReason } from '../messaging/cloud-protocol';
import type { GenerationStats, TaskEvent, TaskRequest } from '../messaging/engine-protocol';
import { cleartextProblem } from '../privacy/cleartext';
import {
  CONSENT_TTL_MS,
  type ConsentTrigger,
  grantStandingConsent,
  hasStandingConsent,
  newConsentId,
  sha256Hex,
  siteOf,
  utf8Bytes,
  type CloudConsent,
} from '../privacy/consent';
import type { NetworkGate } from '../privacy/network-gate';
import { findNames as findNamesOnDevice } from '../privacy/names/name-finder';
import { redactionCoverage, type RecognizerKind } from '../privacy/ner';
import { checkStudentIdPattern } from '../settings/student-id-pattern';
import { editedPart, keptNameKeys, nameKey, ownNameOccurrences, ownNames, type DetectedText, type OwnName } from '../privacy/kept-names';
import {
  detect,
  ENTITIES,
  nonZeroCounts,
  previewSegments,
  redactSpans,
  restore,
  segmentCounts,
  type Entity,
  type NerRecognizer,
  type PlaceholderMap,
  type Span,
} from '../privacy/pii';
import { DEFAULT_POLICY, cloudBlocked, requestFacts, routeRequest, type RouterEnv } from '../router/router';
import { LocalRunWatch } from '../router/watch';
import type { Settings } from '../settings/settings';
import type { LocusDatabase } from '../store/db';
import { cloudMessagesFor, pageUrlOf } from './cloud-messages';
import { nameSourcesOf } from './name-sources';
import { getProvider, type Provider } from './providers';
import { buildCloudRequest } from './request-body';
import { StreamingRestorer } from './restore-stream';

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

interface StoredProposal {
  proposal: CloudProposal;
  request: TaskRequest;
  provider: Provider;
  /** The redacted messages the body was built from. */
  messages: ChatMessage[];
  maxNewTokens: number;
  mapping: PlaceholderMap;
  /** `nameKey`s of the page's names left as written (an edit of this proposal keeps no other). */
  keptKeys: ReadonlySet<string>;
  pageNames: CloudProposal['pageNames'];
  createdAt: number;
}

export interface CloudSendOutcome {
  /** The task the proposal was for ('summarize'…). */
  task: string;
  stats: GenerationStats;
}

const MAX_STORED = 20;

/** The student-ID patterns of the settings ('' = none). */
export function studentIdPatterns(settings: Pick<Settings, 'studentIdPattern'>): RegExp[] {
  if (!settings.studentIdPattern) return [];
  // Settings refuse such a pattern when it is typed; checked again here because it runs over whole pages.
  const check = checkStudentIdPattern(settings.studentIdPattern);
  if (!check.ok)
    throw new LocusError('not-allowed', `Your student ID format cannot be used: ${check.reason} Change it in Privacy. Nothing was sent.`);
  return [new RegExp(settings.studentIdPattern, 'g')];
}

export class CloudService {
  #proposals = new Map<string, StoredProposal>();

  constructor(private readonly deps: CloudServiceDeps) {}

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async env(): Promise<RouterEnv> {
    const settings = await this.deps.readSettings();
    const provider = await getProvider(this.deps.db(), settings.cloudProviderId);
    return {
      privacyMode: settings.privacyMode,
      offline: settings.offline,
      providerReady: provider !== undefined,
      suggestions: settings.cloudSuggestions,
    };
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
   * Builds a proposal. `reasons` absent: the student asked ("Ask a bigger model"). `edited`: the
   * student's edit of proposal `previousId` (redacted again, with the same placeholders).
   */
  async prepare(input: {
    request?: TaskRequest;
    reasons?: RouteReason[];
    edited?: ChatMessage[];
    previousId?: string;
    /** With `previousId`: the same text with the page's names replaced too ("Hide these too"). */
    hideKept?: boolean;
  }): Promise<CloudProposal> {
    const settings = await this.deps.readSettings();
    const db = this.deps.db();
    const provider = await getProvider(db, settings.cloudProviderId);
    const env: RouterEnv = {
      privacyMode: settings.privacyMode,
      offline: settings.offline,
      providerReady: provider !== undefined,
      suggestions: settings.cloudSuggestions,
    };
    const blocked = cloudBlocked(env, true);
    if (blocked || !provider) {
      const code = settings.offline ? 'offline-blocked' : settings.privacyMode ? 'not-allowed' : 'cloud-not-configured';
      throw new LocusError(code, `${blocked ?? 'No cloud provider is set up.'} Nothing was sent.`);
    }
    const revising = input.edited !== undefined || input.hideKept === true;
    const previous = revising && input.previousId ? this.#proposals.get(input.previousId) : undefined;
    const asked = input.request ?? previous?.request;
    if (revising && !previous)
      throw new LocusError('consent-required', 'That preview is no longer available. Nothing was sent; ask again.');
    if (!asked) throw new LocusError('invalid-message', 'There is no request to propose.');
    if (asked.kind === 'cloud' || asked.kind === 'download')
      throw new LocusError('invalid-message', 'That request cannot go to the cloud.');

    const cleartext = cleartextProblem(provider.baseUrl);
    if (cleartext) throw new LocusError('not-allowed', `${cleartext} Nothing was sent.`);

    let request: TaskRequest = asked;
    let reasons = input.reasons;
    // Reasons come with a proposal the router made on its own; none: the student asked.
    let trigger: ConsentTrigger = input.reasons ? 'router' : 'student';
    let messages: ChatMessage[];
    let maxNewTokens: number;
    let notes: string[] = [];
    let mapping: PlaceholderMap = {};
    // Where the text comes from (the page, or the student's own words), for the names kept as written.
    let sources = nameSourcesOf(asked);
    let pageNames: CloudProposal['pageNames'] = settings.keepPageNames ? 'keep' : 'hide-setting';
    let keepOnly: ReadonlySet<string> | undefined;
    if (previous) {
      this.#proposals.delete(previous.proposal.id);
      request = previous.request;
      reasons = previous.proposal.reasons;
      trigger = previous.proposal.trigger;
      messages = (input.edited ?? previous.messages).map((m) => ({ role: m.role, content: m.content }));
      maxNewTokens = previous.maxNewTokens;
      mapping = previous.mapping;
      if (input.edited) {
        notes = ['You edited this text.'];
        // What the student changed is their own writing; what they left is what the earlier preview showed.
        const edits = messages.map((m, i) => editedPart(previous.messages[i]?.content ?? '', m.content)).filter(Boolean);
        sources = { page: sources.page, own: [...sources.own, ...edits] };
      }
      pageNames = input.hideKept || previous.pageNames === 'hide-asked' ? 'hide-asked' : pageNames;
      keepOnly = previous.keptKeys;
    } else {
      // Sized for the provider's window with estimated counts (no cloud tokenizer on the device).
      const built = await cloudMessagesFor(request, new CloudEngine(provider, this.deps.gate));
      messages = built.messages;
      maxNewTokens = built.maxNewTokens;
      notes = built.notes;
    }
    if (!reasons) {
      const decision = routeRequest(requestFacts(request, true), env);
      reasons = decision.route === 'propose-cloud' ? decision.reasons : [{ code: 'asked', message: 'You asked for a bigger model.' }];
    }

    // Redaction: every message, one mapping, so a value keeps its placeholder throughout. Patterns
    // and the name finder always run; the NER model too when the student chose it.
    let ner: NerRecognizer | undefined;
    if (settings.nerRedaction === 'name-finder+model') {
      ner = await this.deps.ner?.();
      if (!ner) {
        throw new LocusError(
          'not-allowed',
          'Name redaction with the name-recognition model is switched on, but the model is not available, so nothing was sent. Choose the on-device name finder in Privacy to send without it.',
        );
      }
    }
    const findNames = this.deps.findNames ?? findNamesOnDevice;
    const findAllNames = async (text: string): Promise<Span[]> => [...findNames(text), ...(ner ? await ner(text) : [])];
    const studentIdPattern = studentIdPatterns(settings);
    // A name in the student's own words is redacted everywhere in the request, also where the
    // finder would not see it (lib/privacy/kept-names.ts).
    const own: OwnName[] = [];
    for (const text of sources.own) {
      if (!text.trim()) continue;
      const spans = await findAllNames(text);
      own.push(...ownNames({ page: '', own: [text] }, () => spans));
    }
    const detected: DetectedText[] = [];
    for (const message of messages) {
      // The instructions are ours: nothing personal to find there.
      const spans =
        message.role === 'system'
          ? []
          : detect(message.content, {
              studentIdPattern,
              extraSpans: [...(await findAllNames(message.content)), ...ownNameOccurrences(message.content, own)],
            });
      detected.push({ text: message.content, spans });
    }
    const keptKeys = pageNames === 'keep' ? keptNameKeys(detected, sources, own, keepOnly) : new Set<string>();
    const counts = Object.fromEntries(ENTITIES.map((e) => [e, 0])) as Record<Entity, number>;
    const redacted: CloudProposal['messages'] = [];
    const kept = new Map<string, { entity: string; value: string; count: number }>();
    messages.forEach((message, i) => {
      const r = redactSpans(message.content, detected[i]!.spans, { mapping, keep: (_span, value) => keptKeys.has(nameKey(value)) });
      mapping = r.mapping;
      for (const k of r.kept) {
        const entry = kept.get(nameKey(k.value)) ?? { entity: k.entity, value: k.value, count: 0 };
        entry.count += 1;
        kept.set(nameKey(k.value), entry);
      }
      // Highlighted: new redactions, names kept as written, and placeholders an edit kept as written.
      const segments = previewSegments(r, mapping);
      for (const [e, n] of Object.entries(segmentCounts(segments))) counts[e as Entity] += n;
      redacted.push({ role: message.role, content: r.text, segments });
    });
    const recognizers: RecognizerKind[] = ner ? ['patterns', 'name-finder', 'ner-model'] : ['patterns', 'name-finder'];
    const sendMessages: ChatMessage[] = redacted.map((m) => ({ role: m.role, content: m.content }));
    const { url, body } = buildCloudRequest(provider, sendMessages, maxNewTokens);
    const bodySha256 = await sha256Hex(body);

    // No tokenizer of the provider's model is on the device (and the local model's counts for its
    // own vocabulary are no closer), so the size is the usual estimate, and said to be one.
    const promptTokens = estimatePromptTokens(sendMessages);
    const countedWith = 'estimated at 4 characters per token; the provider counts its own way';
    const promptUsd = (promptTokens * provider.inputPricePerMTok) / 1e6;
    const site = siteOf(pageUrlOf(request));
    const proposal: CloudProposal = {
      id: newConsentId(),
      task: request.kind,
      trigger,
      reasons,
      provider: { id: provider.id, name: provider.name, kind: provider.kind, model: provider.model },
      url,
      messages: redacted,
      body,
      bodyBytes: utf8Bytes(body).length,
      bodySha256,
      tokens: { prompt: promptTokens, maxOutput: maxNewTokens, countedWith },
      cost: {
        inputPerMTok: provider.inputPricePerMTok,
        outputPerMTok: provider.outputPricePerMTok,
        promptUsd,
        maxUsd: promptUsd + (maxNewTokens * provider.outputPricePerMTok) / 1e6,
      },
      redactions: nonZeroCounts(counts) as Record<string, number>,
      redactionNote: redactionCoverage(recognizers),
      kept: [...kept.values()],
      pageNames,
      recognizers,
      site,
      // "Always allow" skips the dialog only for what the student asked for.
      standing: trigger === 'student' && (await hasStandingConsent(db, site, provider.id)),
      notes,
    };
    this.#store({
      proposal,
      request,
      provider,
      messages: sendMessages,
      maxNewTokens,
      mapping,
      keptKeys: new Set(kept.keys()),
      pageNames,
      createdAt: this.#now(),
    });
    return proposal;
  }

  discard(proposalId: string): void {
    this.#proposals.delete(proposalId);
  }

  #store(entry: StoredProposal): void {
    const now = this.#now();
    for (const [id, p] of this.#proposals) if (now - p.createdAt > CONSENT_TTL_MS) this.#proposals.delete(id);
    while (this.#proposals.size >= MAX_STORED) this.#proposals.delete(this.#proposals.keys().next().value!);
    this.#proposals.set(entry.proposal.id, entry);
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
            emit({ kind: 'text', delta: shown });
          }
        },
      },
    );
    const rest = restorer.end();
    if (rest) {
      firstAt ??= performance.now();
      emit({ kind: 'text', delta: rest });
    }
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
    emit({ kind: 'done', text: restore(result.text, stored.mapping), stats });
    return { task: proposal.task, stats };
  }
}
