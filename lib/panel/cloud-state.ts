/**
 * The consent dialog's state. A proposal comes from the engine worker (the router during a local
 * run, or the student's "Ask a bigger model"); the dialog shows it; "Send once" hands it to the
 * feature that asked (which streams the answer where the student expects it), "Edit" asks the
 * worker for a new preview of the edited text, "Cancel" makes the worker forget it.
 *
 * The panel never talks to a provider itself: it has no fetch for the cloud. It only asks for the
 * provider's host permission, on the student's click (permissions.request needs that gesture).
 */
import { batch, signal } from '@preact/signals';
import { hostPermissionPattern } from '../cloud/providers';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { CloudProposal } from '../messaging/cloud-protocol';
import type { EngineClient } from '../messaging/engine-channel';
import type { TaskRequest } from '../messaging/engine-protocol';
import { t } from '../i18n/t';

export type AcceptHandler = (proposal: CloudProposal, alwaysAllowSite: boolean) => void;

export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
}

export class CloudState {
  readonly proposal = signal<CloudProposal | null>(null);
  readonly preparing = signal(false);
  readonly editing = signal(false);
  readonly draft = signal('');
  readonly alwaysAllow = signal(false);
  readonly error = signal<ErrorInfo | null>(null);
  /** A line for the feature's view after the dialog closed ("Nothing was sent."). */
  readonly notice = signal<string | null>(null);

  #request: TaskRequest | null = null;
  #onAccept: AcceptHandler | null = null;

  constructor(private readonly deps: { engine: Pick<EngineClient, 'rpc'>; permissions?: PermissionsApi }) {}

  get open(): boolean {
    return this.proposal.value !== null;
  }

  /**
   * "Ask a bigger model": the worker builds the proposal; the dialog shows it, unless the student
   * always allows this site (then it is sent at once and the feature's view says so).
   */
  async ask(request: TaskRequest, onAccept: AcceptHandler): Promise<void> {
    batch(() => {
      this.preparing.value = true;
      this.error.value = null;
      this.notice.value = null;
    });
    try {
      const proposal = await this.deps.engine.rpc({ method: 'cloud.prepare', request });
      if (proposal.standing && proposal.trigger === 'student') {
        this.notice.value = t('consent_sentAlways', proposal.provider.name, proposal.site ?? '');
        onAccept(proposal, false);
        return;
      }
      this.#show(proposal, request, onAccept);
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.preparing.value = false;
    }
  }

  /**
   * A proposal the router made during a local run, which the student clicked in the result: always
   * the dialog, "always allow" or not (a suggestion alone must never send a page). One at a time.
   */
  offer(proposal: CloudProposal, onAccept: AcceptHandler): void {
    if (this.open) return;
    this.#show(proposal, null, onAccept);
  }

  #show(proposal: CloudProposal, request: TaskRequest | null, onAccept: AcceptHandler): void {
    this.#request = request;
    this.#onAccept = onAccept;
    batch(() => {
      this.proposal.value = proposal;
      this.editing.value = false;
      this.alwaysAllow.value = false;
      this.error.value = null;
    });
  }

  startEdit(): void {
    const p = this.proposal.value;
    if (!p) return;
    const user = [...p.messages].reverse().find((m) => m.role === 'user');
    batch(() => {
      this.draft.value = user?.content ?? '';
      this.editing.value = true;
    });
  }

  /** A new preview of the edited text (redacted again by the worker): consent is to that one. */
  async applyEdit(): Promise<void> {
    const p = this.proposal.value;
    if (!p) return;
    const lastUser = p.messages.map((m) => m.role).lastIndexOf('user');
    const edited = p.messages.map((m, i) => ({ role: m.role, content: i === lastUser ? this.draft.value : m.content }));
    this.preparing.value = true;
    try {
      const next = await this.deps.engine.rpc({ method: 'cloud.prepare', edited, previousId: p.id });
      batch(() => {
        this.proposal.value = next;
        this.editing.value = false;
        this.error.value = null;
      });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.preparing.value = false;
    }
  }

  /**
   * "Replace these too": a new preview of the same request with the page's names replaced as well
   * (consent is to that one).
   */
  async hideKept(): Promise<void> {
    const p = this.proposal.value;
    if (!p) return;
    this.preparing.value = true;
    try {
      const next = await this.deps.engine.rpc({ method: 'cloud.prepare', previousId: p.id, hideKept: true });
      batch(() => {
        this.proposal.value = next;
        this.error.value = null;
      });
    } catch (error) {
      this.error.value = toErrorInfo(error);
    } finally {
      this.preparing.value = false;
    }
  }

  /**
   * "Send once". Call it straight from the click handler: the host permission request must be
   * made during the student's gesture, before anything is awaited.
   */
  async send(): Promise<void> {
    const proposal = this.proposal.value;
    const onAccept = this.#onAccept;
    if (!proposal || !onAccept) return;
    const permission = this.deps.permissions?.request({ origins: [hostPermissionPattern(proposal.url)] });
    const allow = this.alwaysAllow.value;
    if (permission) {
      let granted = false;
      try {
        granted = await permission;
      } catch {
        granted = false;
      }
      if (!granted) {
        this.error.value = {
          code: 'not-allowed',
          message: t('consent_needPermission', new URL(proposal.url).host),
        };
        return;
      }
    }
    this.#close();
    onAccept(proposal, allow);
  }

  /** "Cancel": nothing is sent, and the worker forgets the proposal. */
  cancel(): void {
    const proposal = this.proposal.value;
    this.#close();
    this.notice.value = t('consent_nothingSent');
    if (proposal) void this.deps.engine.rpc({ method: 'cloud.discard', proposalId: proposal.id }).catch(() => undefined);
  }

  /** Privacy mode went on while the dialog was open: close it, send nothing. */
  closeForPrivacy(): void {
    if (!this.open) return;
    this.cancel();
    this.notice.value = t('consent_privacyOn');
  }

  #close(): void {
    batch(() => {
      this.proposal.value = null;
      this.editing.value = false;
      this.alwaysAllow.value = false;
      this.error.value = null;
    });
    this.#request = null;
    this.#onAccept = null;
  }
}
