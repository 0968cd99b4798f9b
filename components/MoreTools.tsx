import './study-surface.css';
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../lib/i18n/t';
import { TOOL_IDS, type ToolId } from '../lib/panel/surface-state';

/** Each tool in plain words: what the student gets, not the tool's name. */
export const TOOL_LABELS: Record<ToolId, MessageKey> = {
  ask: 'tools_ask',
  hints: 'tools_hints',
  quiz: 'tools_quiz',
  chat: 'tools_chat',
};

/** The disclosure button's id: Back from a tool puts the focus here again. */
export const MORE_TOOLS_BUTTON = 'more-tools-button';

/**
 * "More tools", last of the suggested actions: a disclosure (a button with aria-expanded and the
 * list it shows) rather than an ARIA menu, so Tab walks the tools and Enter opens one, as on any
 * page. Escape closes it and puts the focus back on the button; focus leaving it closes it too.
 */
export function MoreTools({ onOpen, returnFocus }: { onOpen: (tool: ToolId) => void; returnFocus: Signal<boolean> }) {
  const open = useSignal(false);
  const button = useRef<HTMLButtonElement>(null);
  // Back from a tool shows the thread again: the focus goes back where the student left it.
  useEffect(() => {
    if (!returnFocus.value) return;
    returnFocus.value = false;
    button.current?.focus();
  }, []);
  return (
    <div
      class="more-tools"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open.value) return;
        e.preventDefault();
        e.stopPropagation();
        open.value = false;
        button.current?.focus();
      }}
      onFocusOut={(e) => {
        const to = e.relatedTarget as Node | null;
        if (!to || !e.currentTarget.contains(to)) open.value = false;
      }}
    >
      <button
        type="button"
        id={MORE_TOOLS_BUTTON}
        ref={button}
        class="more-tools-button"
        aria-expanded={open.value}
        aria-controls="more-tools-list"
        onClick={() => (open.value = !open.value)}
      >
        {t('tools_more')}
      </button>
      {open.value ? (
        <ul id="more-tools-list" class="more-tools-list">
          {TOOL_IDS.map((tool) => (
            <li key={tool}>
              <button
                type="button"
                id={`more-tools-${tool}`}
                data-tool={tool}
                onClick={() => {
                  open.value = false;
                  onOpen(tool);
                }}
              >
                {t(TOOL_LABELS[tool])}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
