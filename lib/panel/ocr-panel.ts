/** The panel's one OCR state (./ocr-state.ts), wired to the background and the runtime's messages. */
import { browser, type Runtime } from '../platform/extension-api';
import { askBackground } from './background-client';
import { OcrState } from './ocr-state';
import { settings } from './settings-state';

export const ocrState = new OcrState({
  ask: (request) => askBackground(request),
  listen: (listener) =>
    browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
      // Progress comes from the offscreen document, the wake-up from the background: both this extension.
      if (sender.id === browser.runtime.id) listener(message);
      return undefined; // never answer: other listeners (the background) do
    }),
  defaultLimit: () => settings.value.ocrPageLimit,
});
