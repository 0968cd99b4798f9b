/**
 * Follow-up chat about the page in the panel: one conversation per page, kept in Dexie and shown
 * again when the student comes back; each question goes to the model with the page's relevant
 * passages, its saved summary and the last turns (lib/tasks/chat-task.ts); exportable as Markdown.
 */
import { t } from '../i18n/t';
import { batch, signal } from '@preact/signals';
import type { EngineClient } from '../messaging/engine-channel';
import type { CapturedPage, TargetPage } from '../messaging/protocol';
import type { ConversationRow, LocusDatabase } from '../store/db';
import { appendMessages, clearConversation, conversationOf, summariesOf } from '../store/study-records';
import { exportFileName } from '../export/deck';
import { conversationToMarkdown } from '../export/markdown-export';
import { pageKey } from '../store/page-key';
import { sha256Hex } from '../privacy/consent';
import { TaskRun } from './task-run';
import type { ResultListener } from './thread-items';

export interface ChatDeps {
  engine: () => EngineClient;
  db: () => LocusDatabase;
  answerLanguage: () => string;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
  download(name: string, mime: string, text: string): void;
}

export type ChatMessage = ConversationRow['messages'][number];

export class ChatState {
  readonly url = signal<string | null>(null);
  readonly title = signal('');
  readonly messages = signal<ChatMessage[]>([]);
  /** The question being answered (shown at once, saved with its answer). */
  readonly asking = signal<string | null>(null);
  readonly input = signal('');
  readonly confirmingClear = signal(false);
  readonly run: TaskRun;
  /** Each answer joins the page's study thread (set by the thread), from the Chat tab or the composer. */
  onResult: ResultListener | null = null;
  /** The page's text, read once per page and chat session. */
  #page: CapturedPage | null = null;

  constructor(private readonly deps: ChatDeps) {
    this.run = new TaskRun(deps.engine);
  }

  /** Shows the conversation kept for the page (when the student opens Chat or switches tab). */
  async load(target: TargetPage | null): Promise<void> {
    if (!target) {
      batch(() => {
        this.url.value = null;
        this.messages.value = [];
      });
      return;
    }
    if (this.url.value && pageKey(this.url.value) === pageKey(target.url) && this.messages.value.length) return;
    const row = await conversationOf(this.deps.db(), target.url);
    if (this.#page && pageKey(this.#page.url) !== pageKey(target.url)) this.#page = null;
    batch(() => {
      this.url.value = target.url;
      this.title.value = row?.title ?? target.title;
      this.messages.value = row?.messages ?? [];
    });
  }

  async send(text = this.input.value): Promise<void> {
    const question = text.trim();
    if (!question || this.run.running) return;
    const target = await this.deps.target();
    if (!target) {
      this.run.fail({ code: 'no-tab', message: t('chat_openPage'), local: true });
      return;
    }
    await this.load(target);
    batch(() => {
      this.asking.value = question;
      this.input.value = '';
    });
    const history = this.messages.value.map((m) => ({ role: m.role, content: m.content }));
    const askedAt = Date.now();
    const outputLanguage = this.deps.answerLanguage();
    const outcome = await this.run.run(async () => {
      if (!this.#page || pageKey(this.#page.url) !== pageKey(target.url)) this.#page = await this.deps.capture(target.tabId);
      const page = this.#page;
      const summary = (await summariesOf(this.deps.db(), page.url))[0]?.text ?? '';
      return {
        kind: 'chat',
        page: { url: page.url, title: page.title, lang: page.lang, text: page.text },
        summary,
        history,
        question,
        outputLanguage,
      };
    });
    if (outcome.kind === 'done' && outcome.text.trim()) {
      const page = this.#page!;
      const row = await appendMessages(this.deps.db(), { url: page.url, title: page.title }, [
        { role: 'user', content: question, at: askedAt },
        { role: 'assistant', content: outcome.text, at: Date.now() },
      ]);
      batch(() => {
        this.messages.value = row.messages;
        this.title.value = row.title;
        this.url.value = page.url;
        this.asking.value = null;
        this.run.text.value = '';
      });
      await this.onResult?.({
        url: page.url,
        kind: 'answer',
        label: question,
        source: 'page',
        text: outcome.text,
        modelId: outcome.stats.modelId,
        // What "Ask a bigger model" on its card needs to propose this question again (page-question.ts).
        pageQuestion: { outputLanguage, pageSha256: await sha256Hex(page.text) },
        ...(page.lang ? { pageLang: page.lang } : {}),
      });
    } else {
      // Nothing was answered (stopped, failed, or an empty answer): the question goes back into the
      // box, not into the conversation.
      batch(() => {
        if (!this.input.value) this.input.value = question;
        this.asking.value = null;
      });
    }
  }

  exportMarkdown(): void {
    if (!this.url.value || !this.messages.value.length) return;
    const md = conversationToMarkdown({ title: this.title.value, url: this.url.value, messages: this.messages.value });
    this.deps.download(
      exportFileName(`${this.title.value || 'Locus'} - conversation`, 'md', 'locus-conversation'),
      'text/markdown;charset=utf-8',
      md,
    );
  }

  async clear(confirmed: boolean): Promise<void> {
    if (!confirmed) {
      this.confirmingClear.value = true;
      return;
    }
    this.confirmingClear.value = false;
    if (this.url.value) await clearConversation(this.deps.db(), this.url.value);
    this.messages.value = [];
    this.run.reset();
  }
}
