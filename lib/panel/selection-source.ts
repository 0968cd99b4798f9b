/** The student's selection in the page, on request from the panel (hints, cards, "use my selection"). */
import { t } from '../i18n/t';
import type { ErrorInfo } from '../errors';
import type { PageSelection, PendingAction, TargetPage } from '../messaging/protocol';
import { askBackground } from './background-client';

/** What the student asks about: their selection, the page it is on, and the frame it is in. */
export interface AskSubject {
  selection: PageSelection;
  page: { url: string; title: string; lang: string };
  frame: PendingAction['frame'];
  /** 'image': text read from an image with OCR ("Read this image with Locus"), not a selection. */
  origin?: 'image';
}

export interface SelectionSource {
  current(target: TargetPage | null): Promise<{ subject: AskSubject } | { error: ErrorInfo }>;
}

/** A sentence for each reason there is no selection. */
export function selectionProblemMessage(problem: NonNullable<PendingAction['problem']>, via?: PendingAction['via']): string {
  switch (problem) {
    case 'empty':
      return via === 'shortcut' ? t('ask_nothingSelectedShortcut') : t('ask_nothingSelected');
    case 'pdf':
      return t('ask_pdfSelection');
    case 'unreachable':
      return t('ask_reloadPage');
    case 'restricted':
      return t('ask_restrictedTab');
  }
}

export const backgroundSelectionSource: SelectionSource = {
  async current(target) {
    if (!target) return { error: { code: 'no-tab', message: t('error_noTab'), local: true } };
    try {
      const answer = await askBackground({ type: 'page.selection', tabId: target.tabId });
      if (!answer.selection)
        return { error: { code: 'empty-input', message: selectionProblemMessage(answer.problem ?? 'empty'), local: true } };
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
