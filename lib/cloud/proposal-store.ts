/**
 * The proposals the cloud service made, kept by id in the engine worker until the student sends,
 * edits or drops one (the panel only ever holds a copy, without the key or the placeholder mapping).
 * Single-use and expiring: old ones are dropped when a new one is kept, and at most MAX_STORED stay.
 */
import type { ChatMessage } from '../engine-api/engine';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { TaskRequest } from '../messaging/engine-protocol';
import { CONSENT_TTL_MS } from '../privacy/consent';
import type { PlaceholderMap } from '../privacy/pii';
import type { Provider } from './providers';

export interface StoredProposal {
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

const MAX_STORED = 20;

export class ProposalStore {
  #proposals = new Map<string, StoredProposal>();

  constructor(private readonly now: () => number) {}

  get(id: string): StoredProposal | undefined {
    return this.#proposals.get(id);
  }

  delete(id: string): void {
    this.#proposals.delete(id);
  }

  put(entry: StoredProposal): void {
    const now = this.now();
    for (const [id, p] of this.#proposals) if (now - p.createdAt > CONSENT_TTL_MS) this.#proposals.delete(id);
    while (this.#proposals.size >= MAX_STORED) this.#proposals.delete(this.#proposals.keys().next().value!);
    this.#proposals.set(entry.proposal.id, entry);
  }
}
