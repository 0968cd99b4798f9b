/**
 * What a cloud proposal says before redaction: the request, its messages sized for the provider,
 * and what the student's choices so far keep. A new proposal is drafted from the request; an edit
 * or "Hide these too" from the stored proposal it revises, with the same placeholders.
 */
import type { ChatMessage } from '../engine-api/engine';
import { LocusError } from '../errors';
import type { CloudProposal, RouteReason } from '../messaging/cloud-protocol';
import type { TaskRequest } from '../messaging/engine-protocol';
import type { WordedNotice } from '../messaging/notice-protocol';
import type { ConsentTrigger } from '../privacy/consent';
import type { NetworkGate } from '../privacy/network-gate';
import { editedPart, type NameSources } from '../privacy/kept-names';
import type { PlaceholderMap } from '../privacy/pii';
import { requestFacts, routeRequest, type RouterEnv } from '../router/router';
import { CloudEngine } from './cloud-engine';
import { cloudMessagesFor } from './cloud-messages';
import { nameSourcesOf } from './name-sources';
import type { StoredProposal } from './proposal-store';
import type { Provider } from './providers';

/** What `CloudService.prepare` is asked for. */
export interface ProposeInput {
  request?: TaskRequest;
  /** Absent: the student asked ("Ask a bigger model"); present: the router proposed on its own. */
  reasons?: RouteReason[];
  /** The student's edit of proposal `previousId` (redacted again, with the same placeholders). */
  edited?: ChatMessage[];
  previousId?: string;
  /** With `previousId`: the same text with the page's names replaced too ("Hide these too"). */
  hideKept?: boolean;
}

export interface ProposalDraft {
  request: TaskRequest;
  /** Undefined: worked out from the request (`reasonsFor`). */
  reasons: RouteReason[] | undefined;
  trigger: ConsentTrigger;
  messages: ChatMessage[];
  maxNewTokens: number;
  notes: WordedNotice[];
  /** The placeholders an earlier preview gave (empty for a new proposal). */
  mapping: PlaceholderMap;
  /** Where the text comes from (the page, or the student's own words), for the names kept as written. */
  sources: NameSources;
  pageNames: CloudProposal['pageNames'];
  /** The names an earlier preview kept as written: an edit keeps no other. */
  keepOnly: ReadonlySet<string> | undefined;
}

/** True when `input` revises an earlier proposal rather than asking anew. */
export function isRevision(input: ProposeInput): boolean {
  return input.edited !== undefined || input.hideKept === true;
}

/** The request to propose, refused when there is none or it is not one the cloud may run. */
export function requestToPropose(asked: TaskRequest | undefined): TaskRequest {
  if (!asked) throw new LocusError('invalid-message', 'There is no request to propose.');
  if (asked.kind === 'cloud' || asked.kind === 'download') throw new LocusError('invalid-message', 'That request cannot go to the cloud.');
  return asked;
}

function pageNamesSetting(keepPageNames: boolean): CloudProposal['pageNames'] {
  return keepPageNames ? 'keep' : 'hide-setting';
}

/**
 * Tasks the router may propose on its own during a local run (its answer streams where the local
 * one did). A question about the page goes to a bigger model only from its card's button: the
 * chat's own run has no place to keep a cloud answer.
 */
const ROUTER_TASKS: ReadonlySet<TaskRequest['kind']> = new Set(['summarize', 'selection']);

/** A new proposal's draft, sized for the provider's window with estimated counts (no cloud tokenizer on the device). */
export async function freshDraft(
  request: TaskRequest,
  reasons: RouteReason[] | undefined,
  engine: { provider: Provider; gate: NetworkGate },
  keepPageNames: boolean,
): Promise<ProposalDraft> {
  if (reasons && !ROUTER_TASKS.has(request.kind))
    throw new LocusError('not-allowed', 'A bigger model is only proposed for this on request.');
  const built = await cloudMessagesFor(request, new CloudEngine(engine.provider, engine.gate));
  return {
    request,
    reasons,
    // Reasons come with a proposal the router made on its own; none: the student asked.
    trigger: reasons ? 'router' : 'student',
    messages: built.messages,
    maxNewTokens: built.maxNewTokens,
    notes: built.notes,
    mapping: {},
    sources: nameSourcesOf(request),
    pageNames: pageNamesSetting(keepPageNames),
    keepOnly: undefined,
  };
}

/** The draft of an edit or "Hide these too" of `previous`; `asked` is the request the names' sources come from. */
export function revisedDraft(previous: StoredProposal, input: ProposeInput, asked: TaskRequest, keepPageNames: boolean): ProposalDraft {
  const messages = (input.edited ?? previous.messages).map((m) => ({ role: m.role, content: m.content }));
  let sources = nameSourcesOf(asked);
  let notes: WordedNotice[] = [];
  if (input.edited) {
    notes = [{ message: 'You edited this text.', notice: { code: 'cloud-edited' } }];
    // What the student changed is their own writing; what they left is what the earlier preview showed.
    const edits = messages.map((m, i) => editedPart(previous.messages[i]?.content ?? '', m.content)).filter(Boolean);
    sources = { page: sources.page, own: [...sources.own, ...edits] };
  }
  return {
    request: previous.request,
    reasons: previous.proposal.reasons,
    trigger: previous.proposal.trigger,
    messages,
    maxNewTokens: previous.maxNewTokens,
    notes,
    mapping: previous.mapping,
    sources,
    pageNames: input.hideKept || previous.pageNames === 'hide-asked' ? 'hide-asked' : pageNamesSetting(keepPageNames),
    keepOnly: previous.keptKeys,
  };
}

/** Why a proposal the student asked for goes to the cloud: the router's reasons if it would propose it too. */
export function reasonsFor(request: TaskRequest, env: RouterEnv): RouteReason[] {
  const decision = routeRequest(requestFacts(request, true), env);
  return decision.route === 'propose-cloud' ? decision.reasons : [{ code: 'asked', message: 'You asked for a bigger model.' }];
}
