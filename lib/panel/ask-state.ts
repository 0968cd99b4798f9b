/**
 * Highlight-and-ask in the panel: the quoted selection (from the context menu, a shortcut or the
 * page toolbar, or taken from the page on request), the action and its answer streaming in. The
 * student can switch action on the same selection, translate into another language, or ask their
 * own question about it.
 */
import { t, uiLanguage } from '../i18n/t';
import { signal } from '@preact/signals';
import type { EngineClient } from '../messaging/engine-channel';
import {
  MAX_SELECTION_CHARS,
  type CapturedPage,
  type PendingAction,
  type PendingImage,
  type SelectionAction,
  type TargetPage,
} from '../messaging/protocol';
import type { AnswerAction } from '../tasks/selection-prompt';
import type { SelectionTaskRequest } from '../messaging/engine-protocol';
import { TaskRun } from './task-run';
import type { ResultListener } from './thread-items';
import { selectionProblemMessage, type AskSubject, type SelectionSource } from './selection-source';

export interface AskDeps {
  engine: () => EngineClient;
  /** The answer language chosen in settings ('' = the page's). */
  answerLanguage: () => string;
  /** The student's own language, the default translation target. */
  studentLanguage: () => string;
  source: SelectionSource;
}

export class AskState {
  readonly subject = signal<AskSubject | null>(null);
  readonly action = signal<AnswerAction>('explain');
  readonly targetLanguage = signal('');
  readonly question = signal('');
  /** The question box should take the focus ("Ask Locus…" was chosen). */
  readonly focusQuestion = signal(0);
  readonly run: TaskRun;
  /** Each answer joins the page's study thread (set by the thread). */
  onResult: ResultListener | null = null;

  constructor(private readonly deps: AskDeps) {
    this.run = new TaskRun(deps.engine);
  }

  /** An action from the context menu, a shortcut or the page toolbar; resolves when it is answered. */
  async start(pending: PendingAction): Promise<void> {
    this.run.stop();
    this.run.reset();
    if (!pending.selection) {
      this.subject.value = null;
      this.run.fail({ code: 'empty-input', message: selectionProblemMessage(pending.problem ?? 'empty', pending.via), local: true });
      return;
    }
    this.subject.value = {
      selection: pending.selection,
      page: { url: pending.page.url, title: pending.page.title, lang: pending.page.lang },
      frame: pending.frame,
    };
    const action = (pending.action === 'hint' || pending.action === 'quiz' ? 'explain' : pending.action) as AnswerAction;
    if (pending.targetLanguage) this.targetLanguage.value = pending.targetLanguage;
    this.action.value = action;
    if (action === 'ask') {
      this.question.value = '';
      this.focusQuestion.value += 1;
      return;
    }
    await this.answer(action);
  }

  /** "Use my selection": takes what is selected in the page now. */
  async takeSelection(target: TargetPage | null): Promise<void> {
    this.run.reset();
    const found = await this.deps.source.current(target);
    if ('error' in found) {
      this.run.fail(found.error);
      return;
    }
    this.subject.value = found.subject;
  }

  async answer(action: SelectionAction = this.action.value): Promise<void> {
    const subject = this.subject.value;
    if (!subject || action === 'hint' || action === 'quiz') return;
    this.action.value = action;
    if (action === 'ask' && !this.question.value.trim()) {
      this.focusQuestion.value += 1;
      return;
    }
    const target = action === 'translate' ? this.targetLanguage.value || this.deps.studentLanguage() : '';
    const request: SelectionTaskRequest = {
      kind: 'selection',
      action,
      selection: subject.selection.text,
      context: subject.selection.context,
      inEditable: subject.selection.inEditable,
      question: action === 'ask' ? this.question.value.trim() : '',
      targetLanguage: target,
      page: subject.page,
      outputLanguage: this.deps.answerLanguage(),
    };
    const outcome = await this.run.run(async () => request, subjectNotices(subject));
    if (outcome.kind !== 'done' || !this.onResult) return;
    await this.onResult({
      url: subject.page.url,
      kind: action === 'ask' ? 'answer' : 'explain',
      label: action === 'ask' ? request.question : action,
      source: 'selection',
      text: outcome.text,
      modelId: outcome.stats.modelId,
      quote: subject.selection.text,
      selectionTask: request,
      ...(subject.page.lang ? { pageLang: subject.page.lang } : {}),
    });
  }

  /** An image's text (read with OCR) becomes the subject: the student then picks an action or asks. */
  useImageText(page: CapturedPage, from: PendingImage['page']): void {
    this.run.stop();
    this.run.reset();
    this.subject.value = imageSubject(page, from);
    this.question.value = '';
    this.focusQuestion.value += 1;
  }

  clear(): void {
    this.run.stop();
    this.run.reset();
    this.subject.value = null;
  }
}

/** The subject for an image's text: the page the image was on, the text cut like a selection. */
export function imageSubject(page: CapturedPage, from: PendingImage['page']): AskSubject {
  return {
    selection: { text: page.text.slice(0, MAX_SELECTION_CHARS), context: '', inEditable: false, originalLength: page.text.length },
    page: { url: from.url, title: from.title, lang: page.lang },
    frame: { top: true, url: from.url, crossOrigin: false },
    origin: 'image',
  };
}

/** What the student should know about where the selection came from. */
export function subjectNotices(subject: AskSubject): string[] {
  const notes: string[] = [];
  const s = subject.selection;
  if (s.originalLength > s.text.length) {
    notes.push(t('ask_selectionCut', s.originalLength.toLocaleString(uiLanguage()), s.text.length.toLocaleString(uiLanguage())));
  }
  if (s.inEditable) notes.push(t('ask_fromEditable'));
  if (subject.frame.crossOrigin) {
    let host = subject.frame.url;
    try {
      host = new URL(subject.frame.url).host;
    } catch {}
    notes.push(t('ask_fromFrame', host));
  }
  return notes;
}
