/**
 * "Ask my library": a question over the saved pages, its sources, the answer streaming in with
 * citations that open their passage. The answer is a model run: its events go through the panel's
 * one run reducer (run-events.ts), and the phase the view shows is derived from the run's and from
 * whether the search found anything.
 */
import { t, uiLanguage } from '../i18n/t';
import { batch, computed, signal } from '@preact/signals';
import { toErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { GenerationStats } from '../messaging/engine-protocol';
import type { LibrarySearchFilter, LibrarySource } from '../messaging/library-protocol';
import { openCitation, type OpenedCitation } from './open-citation';
import { applyRunEvent, clearRun, type RunPhase } from './run-events';
import { RunModel } from './run-model';
import { videoCitationNote } from './video-state';

export type AskPhase = 'idle' | 'searching' | 'downloading' | 'loading' | 'writing' | 'done' | 'nothing' | 'stopped' | 'error';

export interface LibraryAskDeps {
  engine: EngineClient;
  /** The list's filters (course, tag, site): a question searches what the list shows. */
  filter(): LibrarySearchFilter;
  /** Opens a citation (a new tab scrolled to the passage); replaceable in tests. */
  open?(source: LibrarySource): Promise<OpenedCitation>;
}

/**
 * The view's phase. The run's first phase (reading its input) is, for the library, searching it; a
 * search that found nothing answers without a model, so its text does not mean "writing".
 */
export function askPhaseOf(run: RunPhase, found: boolean | null): AskPhase {
  if (run === 'reading-page') return 'searching';
  if (run === 'writing' && found === false) return 'searching';
  if (run === 'done') return found === false ? 'nothing' : 'done';
  return run;
}

export class LibraryAskState {
  readonly question = signal('');
  readonly run = new RunModel();
  readonly notices = this.run.notices;
  readonly error = this.run.error;
  /** Whether the search found passages; null until it has answered. */
  readonly found = signal<boolean | null>(null);
  readonly sources = signal<LibrarySource[]>([]);
  readonly citationNote = signal('');
  readonly phase = computed(() => askPhaseOf(this.run.phase.value, this.found.value));
  readonly busy = computed(() => ['searching', 'downloading', 'loading', 'writing'].includes(this.phase.value));
  /** The figures under an answer a model wrote (none when nothing was found). */
  readonly stats = computed<GenerationStats | null>(() => {
    const stats = this.run.stats.value;
    return stats && stats.outputTokens > 0 ? stats : null;
  });

  constructor(private readonly deps: LibraryAskDeps) {}

  get asking(): boolean {
    return this.run.running;
  }

  async ask(): Promise<void> {
    const question = this.question.value.trim();
    if (!question) return;
    const controller = this.run.begin();
    if (!controller) return;
    batch(() => {
      clearRun(this.run);
      this.run.phase.value = 'reading-page';
      this.found.value = null;
      this.sources.value = [];
      this.citationNote.value = '';
    });
    try {
      const end = await this.deps.engine.start(
        { kind: 'library.ask', question, filter: this.deps.filter() },
        (event) => {
          if (controller.signal.aborted) return;
          if (event.kind === 'library.sources') {
            batch(() => {
              this.found.value = event.found;
              this.sources.value = event.sources;
            });
          } else
            applyRunEvent(this.run, event, {
              notice: (message) => (this.notices.value = [...this.notices.value, message]),
              fail: (error) =>
                batch(() => {
                  this.error.value = error;
                  this.run.phase.value = 'error';
                }),
            });
        },
        controller.signal,
      );
      if (end.kind === 'error' && end.error.code === 'cancelled' && this.run.holds(controller)) this.run.phase.value = 'stopped';
    } finally {
      this.run.end(controller);
    }
  }

  stopAsk(): void {
    this.run.stop();
  }

  async openSource(source: LibrarySource): Promise<void> {
    this.citationNote.value = '';
    try {
      const opened = await (this.deps.open ?? openCitation)(source);
      const h = opened.highlight;
      // A note's words are shown under Sources, as a passage gone from its page is.
      if (opened.note) {
        this.citationNote.value = t('library_noteOpened');
      } else if (typeof source.seconds === 'number') {
        this.citationNote.value = videoCitationNote(source.seconds, opened.seeked === true);
      } else if (source.kind === 'pdf') {
        this.citationNote.value = source.pdfPage ? t('library_openedPdfAt', source.pdfPage) : t('library_openedPdf');
      } else if (h && !h.found) {
        this.citationNote.value = t('library_passageGone');
      } else if (h && !h.exact) {
        const same = h.similarity.toLocaleString(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 });
        this.citationNote.value = t('library_passageClosest', same);
      }
    } catch (error) {
      this.citationNote.value = t('library_openFailed', toErrorInfo(error).message);
    }
  }
}
