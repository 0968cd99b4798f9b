import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOnce } from '../lib/capture/content-once';
import { answerContentRequest } from '../lib/capture/content-responder';
import { startSelectionTools } from '../lib/capture/content-selection';
import { answerCitationRequest } from '../lib/library/highlight-passage';
import { browser } from '../lib/platform/extension-api';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    // The background injects this script again into frames that already run it: once is enough.
    startOnce(window, () => {
      const capture = (message: unknown) => answerContentRequest(message, document);
      const citation = (message: unknown) => answerCitationRequest(message, document);
      browser.runtime.onMessage.addListener(capture);
      if (window === window.top) browser.runtime.onMessage.addListener(citation);
      const tools = startSelectionTools(document);
      return {
        alive: () => Boolean(browser.runtime?.id),
        stop: () => {
          tools.stop();
          browser.runtime?.onMessage.removeListener(capture);
          browser.runtime?.onMessage.removeListener(citation);
        },
      };
    });
  },
});
