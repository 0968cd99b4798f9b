import { defineContentScript } from 'wxt/utils/define-content-script';
import { answerContentRequest } from '../lib/capture/content-responder';
import { browser } from '../lib/platform/extension-api';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    browser.runtime.onMessage.addListener((message: unknown) => answerContentRequest(message, document));
  },
});
