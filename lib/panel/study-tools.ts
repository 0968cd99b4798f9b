/**
 * The study tools' panel state (issue 4): highlight-and-ask, hints, quiz and flashcards, chat, the
 * summaries kept per page, spaced review (issue 16); and the routing of selection actions (from the
 * context menu, the shortcuts, the page toolbar) to their tab.
 */
import { signal, type Signal } from '@preact/signals';
import type { CapturedPage, PendingAction, TargetPage } from '../messaging/protocol';
import { database } from '../store/db';
import { AskState } from './ask-state';
import { askBackground } from './background-client';
import { ChatState } from './chat-state';
import { downloadText } from './download-file';
import { engine } from './engine-connection';
import { HintState } from './hint-state';
import { followPendingActions } from './pending-actions';
import { QuizState } from './quiz-state';
import { notifyReviewChanged, ReviewPanel } from './review-state';
import { backgroundSelectionSource } from './selection-source';
import { refreshSettings } from './settings-state';
import { answerLanguage, studentLanguage, syncStudyMirrors } from './study-settings';
import type { SummarizeSession } from './summarize-session';
import { SummaryHistory } from './summary-history';
import { refreshTargetPage } from './target-page-state';
import { rememberVideo } from './video-answers';

export interface StudyTools {
  ask: AskState;
  hints: HintState;
  quiz: QuizState;
  chat: ChatState;
  summaries: SummaryHistory;
  /** Spaced review of every deck's cards. */
  review: ReviewPanel;
}

/** The tab each selection action opens. */
export function tabForAction(action: PendingAction['action']): 'ask' | 'hints' | 'quiz' {
  return action === 'hint' ? 'hints' : action === 'quiz' ? 'quiz' : 'ask';
}

/** Where a selection action goes instead of its tab (set once the thread exists); false: not taken. */
export interface ActionRoutes {
  explain?: (pending: PendingAction) => boolean;
}

export function startStudyTools(session: SummarizeSession): { tools: StudyTools; initialTab: Signal<string | null>; routes: ActionRoutes } {
  const initialTab = signal<string | null>(null);
  const routes: ActionRoutes = {};
  const engineClient = () => engine;
  const target = (): Promise<TargetPage | null> => refreshTargetPage();
  // A video's transcript is kept, so the times in answers about it jump the video (video-answers.ts).
  const capture = (tabId: number): Promise<CapturedPage> => askBackground({ type: 'page.capture', tabId }).then(rememberVideo);
  const tools: StudyTools = {
    ask: new AskState({ engine: engineClient, answerLanguage, studentLanguage, source: backgroundSelectionSource }),
    hints: new HintState({ engine: engineClient, answerLanguage, source: backgroundSelectionSource, target, capture }),
    quiz: new QuizState({
      engine: engineClient,
      db: database,
      answerLanguage,
      source: backgroundSelectionSource,
      target,
      capture,
      download: downloadText,
      reviewChanged: notifyReviewChanged,
    }),
    chat: new ChatState({ engine: engineClient, db: database, answerLanguage, target, capture, download: downloadText }),
    summaries: new SummaryHistory(session, database),
    review: new ReviewPanel(),
  };
  void refreshSettings().then(() => {
    void syncStudyMirrors();
    followPendingActions((pending) => {
      // "Explain": one click on the page, the explanation a card of the page's thread.
      if (pending.action === 'explain' && routes.explain?.(pending)) {
        initialTab.value = 'summarize';
        return;
      }
      initialTab.value = tabForAction(pending.action);
      if (pending.action === 'hint') tools.hints.start(pending);
      else if (pending.action === 'quiz') tools.quiz.start(pending);
      else void tools.ask.start(pending);
    });
  });
  return { tools, initialTab, routes };
}
