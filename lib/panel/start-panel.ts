/** Wires the panel's state to the extension: settings, the target page and the engine. */
import { effect, signal, type Signal } from '@preact/signals';
import { browser } from '../platform/extension-api';
import { askBackground } from './background-client';
import { engine } from './engine-connection';
import { database } from '../store/db';
import { pageKey } from '../store/page-key';
import { InsightsState } from './insights-state';
import { LibraryState } from './library-state';
import { ModelsState } from './models-state';
import { setCloudState } from './cloud-bridge';
import { CloudState } from './cloud-state';
import { PrivacyState } from './privacy-state';
import { refreshSettings, settings } from './settings-state';
import { SummarizeSession } from './summarize-session';
import { startStudyTools, type StudyTools } from './study-tools';
import { followTargetPage, refreshTargetPage, targetPage } from './target-page-state';
import { CardNotesState } from './card-notes-state';
import { ocrState } from './ocr-panel';
import { answerLanguage } from './study-settings';
import { ThreadState } from './thread-state';
import { rememberVideo } from './video-answers';
import { imageTextUses } from './image-text-uses';

/** Everything the panel's views read, one state object per feature. */
export interface PanelState {
  session: SummarizeSession;
  models: ModelsState;
  insights: InsightsState;
  /** The consent dialog (cloud proposals). */
  cloud: CloudState;
  /** The Privacy tab: providers, standing consents, audit log. */
  privacy: PrivacyState;
  /** A tab to show now (set by features that open the panel on their view); null when handled. */
  initialTab: Signal<string | null>;
  /** Study tools: highlight-and-ask, hints, quiz and flashcards, chat, summaries kept per page. */
  study: StudyTools;
  /** The Library tab: saved pages, Ask my library, export/import, auto-save. */
  library: LibraryState;
  /** The Summarize view's study thread: the page's results as cards, kept per page. */
  thread: ThreadState;
}

/** "Save to my library" on the thread's cards: the page shown, with its language once it was read. */
function cardNotes(session: SummarizeSession, library: LibraryState): CardNotesState {
  return new CardNotesState({
    engine,
    save: library.save,
    listing: library.list.listing,
    page: () => {
      const shown = targetPage.value;
      const read = session.page.value;
      return shown && { ...shown, lang: read && pageKey(read.url) === pageKey(shown.url) ? read.lang : '' };
    },
    course: () => library.list.currentSaved.value?.course ?? '',
  });
}

/**
 * The page open now, read again when it is `url`'s page (null: another page or none), for "Ask a
 * bigger model" on an answer about the page. Read as the conversation tool reads it, so its text
 * hashes the same when the page did not change.
 */
async function readOpenPage(url: string) {
  const target = await refreshTargetPage();
  if (!target || pageKey(target.url) !== pageKey(url)) return null;
  return askBackground({ type: 'page.capture', tabId: target.tabId }).then(rememberVideo);
}

export function startPanel(): PanelState {
  // Host permissions for a provider are asked for on the student's click, for its origin only.
  const permissions = { request: (p: { origins: string[] }) => browser.permissions.request(p) };
  const cloud = new CloudState({ engine, permissions });
  setCloudState(cloud);
  // Privacy mode switched on while a proposal is shown: close it, send nothing.
  effect(() => {
    if (settings.value.privacyMode || settings.value.offline) cloud.closeForPrivacy();
  });
  const session = new SummarizeSession({
    engine,
    target: refreshTargetPage,
    // Scanned pages are read with OCR, with progress and Stop in the panel (./ocr-state.ts).
    capture: (tabId) => ocrState.capture(tabId).then(rememberVideo),
    cloud,
  });
  followTargetPage();
  ocrState.start();
  // Stop during the reading stops the OCR too (the pages read so far are kept for next time).
  effect(() => {
    if (session.phase.value === 'stopped' && ocrState.run.peek()) void ocrState.stop();
  });
  const study = startStudyTools(session);
  void refreshSettings().then(() => session.warmUp());
  // An image right-clicked "Read this image with Locus": its reading shows in the Summarize view.
  effect(() => {
    if (ocrState.image.value.status === 'reading') study.initialTab.value = 'summarize';
  });
  const library = new LibraryState({
    engine,
    target: refreshTargetPage,
    capture: (tabId) => askBackground({ type: 'page.capture', tabId }).then(rememberVideo),
  });
  library.start();
  const { summaries, quiz, hints, chat, ask } = study.tools;
  const notes = cardNotes(session, library);
  const engineClient = () => engine;
  const thread = new ThreadState({
    db: database,
    engine: engineClient,
    session,
    ask,
    summaries,
    quiz,
    hints,
    chat,
    libraryAsk: library.ask,
    answerLanguage,
    readPage: readOpenPage,
    notes,
  });
  notes.follow(thread.items);
  // "Explain" on a selection joins the page's thread, in the view that shows it.
  study.routes.explain = (pending) => thread.explainSelection(pending);
  imageTextUses.value = {
    ask: (page, from) => {
      study.tools.ask.useImageText(page, from);
      study.initialTab.value = 'ask';
    },
    save: (page, from) => {
      study.initialTab.value = 'library';
      void library.save.saveCapturedPage(page, from);
    },
  };
  return {
    thread,
    session,
    models: new ModelsState(engine, database),
    insights: new InsightsState(database),
    cloud,
    privacy: new PrivacyState(database, permissions),
    initialTab: study.initialTab,
    study: study.tools,
    library,
  };
}
