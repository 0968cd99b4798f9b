/** The student's selection in the page, on request from the panel (hints, cards, "use my selection"). */
import type { ErrorInfo } from '../errors';
import type { PageSelection, PendingAction, TargetPage } from '../messaging/protocol';
import { askBackground } from './background-client';

/** What the student asks about: their selection, the page it is on, and the frame it is in. */
export interface AskSubject {
  selection: PageSelection;
  page: { url: string; title: string; lang: string };
  frame: PendingAction['frame'];
}

export interface SelectionSource {
  current(target: TargetPage | null): Promise<{ subject: AskSubject } | { error: ErrorInfo }>;
}

const SHORTCUT_HINT =
  'Select some text on the page first, then press the shortcut again (or right-click the selection → Locus, or use the Locus button next to it).';

/** A sentence for each reason there is no selection. */
export function selectionProblemMessage(problem: NonNullable<PendingAction['problem']>, via?: PendingAction['via']): string {
  switch (problem) {
    case 'empty':
      return via === 'shortcut'
        ? `Nothing is selected. ${SHORTCUT_HINT}`
        : 'Nothing is selected on the page. Select a passage first, then try again.';
    case 'pdf':
      return "Chrome's PDF viewer keeps its selection to itself: right-click your selection in the PDF and choose Locus there (the shortcut and the page button cannot see it). Whole-PDF tools (Summarize, Hints on the page, Quiz, Chat) work as usual.";
    case 'unreachable':
      return 'Locus cannot see this page yet (it was open before Locus was installed or updated). Reload the page, select the text again, and retry.';
    case 'restricted':
      return "Locus can't read this tab: browsers keep their own pages (settings, new tab, extension store) closed to extensions.";
  }
}

export const backgroundSelectionSource: SelectionSource = {
  async current(target) {
    if (!target) return { error: { code: 'no-tab', message: 'Open a page in this window first.' } };
    try {
      const answer = await askBackground({ type: 'page.selection', tabId: target.tabId });
      if (!answer.selection) return { error: { code: 'empty-input', message: selectionProblemMessage(answer.problem ?? 'empty') } };
      const s = answer.selection;
      return {
        subject: {
          selection: s.selection,
          page: { url: target.url, title: target.title, lang: s.lang },
          frame: { top: !answer.crossOrigin && s.url === target.url, url: s.url, crossOrigin: answer.crossOrigin },
        },
      };
    } catch (error) {
      return { error: { code: 'content-unreachable', message: error instanceof Error ? error.message : String(error) } };
    }
  },
};
