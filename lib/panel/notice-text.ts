/**
 * A run's notices in the student's language: the engine host sends each as a code with its values
 * (lib/messaging/notice-protocol.ts) because it has no i18n API; here they become sentences, with
 * their numbers written the way the interface's language writes them.
 */
import type { Notice } from '../messaging/notice-protocol';
import { t, tn, type MessageKey } from '../i18n/t';
import { errorText } from './error-text';
import { formatCount } from './format';

/** The key for cards or questions, from the page or the selection. */
function cardsKey(notice: { quiz: boolean; fromSelection: boolean }, keys: [MessageKey, MessageKey, MessageKey, MessageKey]): MessageKey {
  const [cardsPage, cardsSelection, quizPage, quizSelection] = keys;
  if (notice.quiz) return notice.fromSelection ? quizSelection : quizPage;
  return notice.fromSelection ? cardsSelection : cardsPage;
}

/** The sentence the panel shows for `notice`. */
export function noticeText(notice: Notice): string {
  const n = formatCount;
  switch (notice.code) {
    case 'cards-per-run':
      return t(
        cardsKey(notice, [
          'notice_cardsPerRunPage',
          'notice_cardsPerRunSelection',
          'notice_questionsPerRunPage',
          'notice_questionsPerRunSelection',
        ]),
        notice.model,
        n(notice.count),
      );
    case 'cards-spread':
      return t(
        cardsKey(notice, [
          'notice_cardsSpreadPage',
          'notice_cardsSpreadSelection',
          'notice_questionsSpreadPage',
          'notice_questionsSpreadSelection',
        ]),
        n(notice.parts),
      );
    case 'selection-cut':
      return t(
        notice.translate ? 'notice_selectionCutTranslate' : 'notice_selectionCut',
        n(notice.words),
        notice.model,
        n(notice.readWords),
      );
    case 'chat-history-cut':
      return t('notice_chatHistoryCut', n(notice.messages), n(notice.window));
    case 'hint-problem-cut':
      return t('notice_hintProblemCut', n(notice.words), n(notice.readWords));
    case 'hint-held-back':
      return tn('notice_hintHeldBack', notice.sentences);
    case 'summary-first-parts':
      return t('notice_summaryFirstParts', notice.model, n(notice.parts), n(notice.percent));
    case 'summary-combine-cut':
      return t('notice_summaryCombineCut');
    case 'library-words-only':
      return t('notice_libraryWordsOnly', errorText(notice.error).message);
    case 'library-source-cut':
      return t('notice_librarySourceCut', notice.model);
    case 'library-passages-cut':
      return t('notice_libraryPassagesCut', notice.model, n(notice.used), n(notice.found));
    case 'gpu-lost-restart':
      return t('notice_gpuLostRestart');
    case 'gpu-lost-earlier':
      return t('notice_gpuLostEarlier');
    case 'no-webgpu':
      return t('notice_noWebgpu');
    case 'cloud-page-cut':
      return t('notice_cloudPageCut', n(notice.sent), n(notice.total), notice.model);
    case 'cloud-edited':
      return t('notice_cloudEdited');
  }
}
