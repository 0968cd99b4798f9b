/**
 * The proposal the consent dialog shows, from a redacted draft: the request body exactly as it
 * would be sent, its SHA-256 (what the student agrees to, checked again by the gate), its size, the
 * estimated tokens and cost, and what was redacted with which recognizers.
 */
import type { ChatMessage } from '../engine-api/engine';
import type { CloudProposal, RouteReason } from '../messaging/cloud-protocol';
import { newConsentId, sha256Hex, siteOf, utf8Bytes } from '../privacy/consent';
import { redactionCoverage } from '../privacy/ner';
import { nonZeroCounts } from '../privacy/pii';
import { estimatePromptTokens } from './cloud-engine';
import { pageUrlOf } from './cloud-messages';
import type { ProposalDraft } from './proposal-draft';
import type { Redaction } from './proposal-redaction';
import type { Provider } from './providers';
import { buildCloudRequest } from './request-body';

export interface ProposalParts {
  draft: ProposalDraft;
  reasons: RouteReason[];
  redaction: Redaction;
  provider: Provider;
  /** Whether the student chose "always allow" for this site and provider (asked only for what the student asked for). */
  standing: (site: string) => Promise<boolean>;
}

/** The proposal, and the messages its body was built from (kept to send). */
export async function composeProposal(parts: ProposalParts): Promise<{ proposal: CloudProposal; messages: ChatMessage[] }> {
  const { draft, reasons, redaction, provider } = parts;
  const { maxNewTokens, pageNames, request, trigger } = draft;
  const messages: ChatMessage[] = redaction.messages.map((m) => ({ role: m.role, content: m.content }));
  const { url, body } = buildCloudRequest(provider, messages, maxNewTokens);
  const bodySha256 = await sha256Hex(body);

  // No tokenizer of the provider's model is on the device (and the local model's counts for its
  // own vocabulary are no closer), so the size is the usual estimate, and said to be one.
  const promptTokens = estimatePromptTokens(messages);
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
    messages: redaction.messages,
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
    redactions: nonZeroCounts(redaction.counts) as Record<string, number>,
    redactionNote: redactionCoverage(redaction.recognizers),
    kept: [...redaction.kept.values()],
    pageNames,
    recognizers: redaction.recognizers,
    site,
    // "Always allow" skips the dialog only for what the student asked for.
    standing: trigger === 'student' && (await parts.standing(site)),
    notes: draft.notes,
  };
  return { proposal, messages };
}
