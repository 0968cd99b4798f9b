/**
 * "Give me a hint" in the panel: a problem (typed in the tool's box, else the student's selection,
 * else the whole page), the hints
 * given so far (each request gives the next level: a nudge, the concept, the next step), and the
 * solution behind an explicit "Show the solution" that asks for confirmation first.
 */
import { t } from '../i18n/t';
import { signal } from '@preact/signals';
import type { ErrorInfo } from '../errors';
import type { EngineClient } from '../messaging/engine-channel';
import type { CapturedPage, PendingAction, TargetPage } from '../messaging/protocol';
import { decideHintStep, type HintLevel } from '../tasks/hint-ladder';
import type { AskSubject } from './selection-source';
import { subjectNotices } from './ask-state';
import { selectionProblemMessage, type SelectionSource } from './selection-source';
import { TaskRun } from './task-run';
import type { ResultListener } from './thread-items';
import { checkTypedProblem, hintCardTask, typedProblem, typedProblemChanged, type HintProblem } from './hint-problem';

export type { HintProblem } from './hint-problem';

export interface HintDeps {
  engine: () => EngineClient;
  answerLanguage: () => string;
  source: SelectionSource;
  target(): Promise<TargetPage | null>;
  capture(tabId: number): Promise<CapturedPage>;
}

export class HintState {
  readonly problem = signal<HintProblem | null>(null);
  readonly hints = signal<Array<{ level: HintLevel; text: string }>>([]);
  readonly solution = signal<string | null>(null);
  /** "Show the solution" was pressed: the panel asks "are you sure?". */
  readonly confirming = signal(false);
  readonly message = signal('');
  /** The "Your problem" box: kept while the student goes Back to the page and returns. */
  readonly typed = signal('');
  readonly run: TaskRun;
  /** Which request the current run answers. */
  readonly pending = signal<{ kind: 'hint'; level: HintLevel } | { kind: 'solution' } | null>(null);
  /** Each hint joins the page's study thread (set by the thread). */
  onResult: ResultListener | null = null;

  constructor(private readonly deps: HintDeps) {
    this.run = new TaskRun(deps.engine);
  }

  #setProblem(problem: HintProblem | null): void {
    this.run.stop();
    this.run.reset();
    this.problem.value = problem;
    this.hints.value = [];
    this.solution.value = null;
    this.confirming.value = false;
    this.message.value = '';
  }

  #fail(error: ErrorInfo): void {
    this.#setProblem(null);
    this.run.fail(error);
  }

  fromSubject(subject: AskSubject): HintProblem {
    return {
      text: subject.selection.text,
      context: subject.selection.context,
      page: subject.page,
      source: 'selection',
      notices: subjectNotices(subject),
    };
  }

  /** From the context menu, a shortcut or the page toolbar: set the problem, give hint 1. */
  start(pending: PendingAction): void {
    if (!pending.selection) {
      this.#fail({ code: 'empty-input', message: selectionProblemMessage(pending.problem ?? 'empty', pending.via), local: true });
      return;
    }
    this.#setProblem(
      this.fromSubject({
        selection: pending.selection,
        page: { url: pending.page.url, title: pending.page.title, lang: pending.page.lang },
        frame: pending.frame,
      }),
    );
    void this.request('hint');
  }

  /** "Give me a hint" with nothing set yet: the selection if there is one, else the page. */
  async useSelectionOrPage(): Promise<boolean> {
    const target = await this.deps.target();
    if (!target) {
      this.#fail({ code: 'no-tab', message: t('hints_openPage'), local: true });
      return false;
    }
    const found = await this.deps.source.current(target);
    if ('subject' in found) {
      this.#setProblem(this.fromSubject(found.subject));
      return true;
    }
    return this.usePage(target);
  }

  async usePage(target?: TargetPage | null): Promise<boolean> {
    const tab = target ?? (await this.deps.target());
    if (!tab) {
      this.#fail({ code: 'no-tab', message: t('hints_openPage'), local: true });
      return false;
    }
    this.run.phase.value = 'reading-page';
    try {
      const page = await this.deps.capture(tab.tabId);
      this.#setProblem({
        text: page.text,
        context: '',
        page: { url: page.url, title: page.title, lang: page.lang },
        source: 'page',
        notices: [t('hints_wholePageNotice')],
      });
      return true;
    } catch (error) {
      this.#fail({ code: 'content-unreachable', message: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** The student asked for another hint ('hint') or the solution ('solution'). */
  async request(kind: 'hint' | 'solution', confirmed = false): Promise<void> {
    if (this.run.running) return;
    if (!this.problem.value && !(await this.useSelectionOrPage())) return;
    const problem = this.problem.value!;
    const step = decideHintStep(kind, this.hints.value.length, confirmed);
    switch (step.kind) {
      case 'no-more-hints':
        this.message.value = t('hints_lastHint');
        return;
      case 'confirm-solution':
        this.confirming.value = true;
        return;
      case 'hint':
      case 'solution':
        break;
    }
    this.confirming.value = false;
    this.message.value = '';
    const level = step.kind === 'hint' ? step.level : 4;
    this.pending.value = step.kind === 'hint' ? { kind: 'hint', level: step.level } : { kind: 'solution' };
    const outcome = await this.run.run(
      async () => ({
        kind: 'hint',
        level,
        problem: problem.text,
        context: problem.context,
        previous: this.hints.value.map((h) => h.text),
        page: problem.page,
        outputLanguage: this.deps.answerLanguage(),
      }),
      problem.notices,
    );
    if (outcome.kind === 'done') {
      // A hint that came back empty (every sentence gave the answer away) is a nudge in the student's words.
      const text = step.kind === 'hint' ? outcome.text.trim() || t('hints_fallback') : outcome.text;
      if (step.kind === 'hint') this.hints.value = [...this.hints.value, { level: step.level, text }];
      else this.solution.value = outcome.text;
      this.run.text.value = '';
    }
    this.pending.value = null;
    // Each rung joins the thread, the worked solution too (its rung line says it is the solution).
    // A typed problem with no page open has no thread to join: its hints stay in the tool.
    if (outcome.kind === 'done' && this.onResult && problem.page.url) {
      const { url, lang } = problem.page;
      await this.onResult({
        url,
        kind: 'hints',
        label: String(level),
        source: problem.source,
        text: outcome.text,
        modelId: outcome.stats.modelId,
        hintTask: hintCardTask(problem, this.deps.answerLanguage()),
        // A typed problem is nowhere on the page: its card shows it.
        ...(problem.source === 'typed' ? { quote: problem.text } : {}),
        ...(lang ? { pageLang: lang } : {}),
      });
    }
  }

  /** A button of the Hints tool: on the box's problem when it holds one, else as request(). */
  async fromTool(kind: 'hint' | 'solution', confirmed = false): Promise<void> {
    if (this.run.running || !(await this.#useTyped())) return;
    await this.request(kind, confirmed);
  }

  /**
   * The box's problem when it holds one (a new problem when its text changed); false when it is too
   * long (said, and the text stays in the box). An empty box leaves the problem as it is.
   */
  async #useTyped(): Promise<boolean> {
    const check = checkTypedProblem(this.typed.value);
    if (check.kind === 'empty') return true;
    if (check.kind === 'too-long') {
      this.message.value = t('hints_typedTooLong', check.length.toLocaleString(), check.max.toLocaleString());
      return false;
    }
    if (typedProblemChanged(this.problem.value, check.text)) this.#setProblem(typedProblem(check.text, await this.deps.target()));
    return true;
  }

  /** Goes on with a hint card's problem (the thread's "Another hint", after the panel was reopened too). */
  resume(problem: HintProblem, given: Array<{ level: HintLevel; text: string }>): void {
    const same = this.problem.value?.text === problem.text && this.problem.value.source === problem.source;
    if (!same) this.#setProblem(problem);
    this.hints.value = given;
  }

  cancelSolution(): void {
    this.confirming.value = false;
  }

  /** Starts over on a new problem. */
  reset(): void {
    this.#setProblem(null);
  }

  /** "New problem" in the tool: a fresh start, the box emptied too (the thread's reset keeps it). */
  newProblem(): void {
    this.reset();
    this.typed.value = '';
  }
}
