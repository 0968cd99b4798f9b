import { defineContentScript } from 'wxt/utils/define-content-script';
import { answerContentRequest } from '../lib/capture/content-responder';
import { answerCitationRequest } from '../lib/library/highlight-passage';
import { startSelectionTools } from '../lib/capture/content-selection';
import { browser } from '../lib/platform/extension-api';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    browser.runtime.onMessage.addListener((message: unknown) => answerContentRequest(message, document));
    if (window === window.top) browser.runtime.onMessage.addListener((message: unknown) => answerCitationRequest(message, document));
    startSelectionTools(document);
  },
});
