/**
 * Summaries kept with their page: each finished summary is saved (page, mode, language, model),
 * and the Summarize view lists the page's earlier ones, newest first, each one re-openable.
 */
import { signal } from '@preact/signals';
import type { SummaryMode } from '../messaging/engine-protocol';
import type { LocusDatabase, SummaryRow } from '../store/db';
import { deleteSummary, saveSummary, summariesOf } from '../store/study-records';
import { pageKey } from '../store/page-key';
import type { SummarizeSession } from './summarize-session';

export type SavedSummary = SummaryRow;

export class SummaryHistory {
  readonly items = signal<SavedSummary[]>([]);
  /** A saved summary opened again (shown instead of the last run's output); null: the live one. */
  readonly opened = signal<SavedSummary | null>(null);
  #url: string | null = null;

  constructor(
    private readonly session: SummarizeSession,
    private readonly db: () => LocusDatabase,
  ) {}

  async load(url: string | null): Promise<void> {
    if (url && this.#url && pageKey(url) !== pageKey(this.#url)) this.opened.value = null;
    this.#url = url;
    this.items.value = url ? await summariesOf(this.db(), url) : [];
  }

  /** Summarizes the page and, when the summary is complete, keeps it with the page. */
  async summarize(mode: SummaryMode, outputLanguage: string): Promise<void> {
    this.opened.value = null;
    await this.session.summarize(mode, outputLanguage);
    const page = this.session.page.value;
    const stats = this.session.stats.value;
    const text = this.session.text.value.trim();
    if (this.session.phase.value !== 'done' || !page || !stats || !text) return;
    // With "the page's language", the page's is kept beside it: an Arabic page's summary reads from
    // the right in its card, as it did while it was written.
    const language = outputLanguage ? { outputLanguage } : page.lang ? { pageLang: page.lang } : {};
    await saveSummary(this.db(), {
      url: page.url,
      title: page.title,
      mode,
      text,
      modelId: stats.modelId,
      createdAt: Date.now(),
      ...language,
    });
    await this.load(page.url);
  }

  open(item: SavedSummary | null): void {
    this.opened.value = item;
  }

  async remove(id: number): Promise<void> {
    if (this.opened.value?.id === id) this.opened.value = null;
    await deleteSummary(this.db(), id);
    await this.load(this.#url);
  }
}
