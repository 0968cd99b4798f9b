/**
 * The content script's selection tools: the toolbar next to a selection, and the one message a
 * content script may send (`selection.action`). The message is sent inside the click handler, so
 * the browser counts it as the student's gesture and the background may open the side panel.
 */
import type { ContentToBackground, SelectionAction } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { SelectionButton } from './selection-button';
import { captureSelection, hasTextSelection } from './selection-capture';
import { SELECTION_BUTTON_KEY } from '../settings/storage-keys';

export function selectionActionMessage(doc: Document, action: SelectionAction): ContentToBackground | null {
  const captured = captureSelection(doc);
  return captured ? { type: 'selection.action', action, selection: captured.selection } : null;
}

/** The toolbar and its settings listener; `stop()` removes both. */
export function startSelectionTools(doc: Document): { button: SelectionButton; stop(): void } {
  const button = new SelectionButton(doc, {
    hasSelection: hasTextSelection,
    onAction: (action) => {
      const message = selectionActionMessage(doc, action);
      if (message) void browser.runtime.sendMessage(message).catch(() => undefined);
    },
  });
  const apply = (value: unknown) => button.setEnabled(value !== false);
  void browser.storage.local.get(SELECTION_BUTTON_KEY).then(
    (stored) => apply(stored[SELECTION_BUTTON_KEY]),
    () => undefined,
  );
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SELECTION_BUTTON_KEY in changes) apply(changes[SELECTION_BUTTON_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  return {
    button,
    stop: () => {
      button.destroy();
      browser.storage?.onChanged.removeListener(onChanged);
    },
  };
}
