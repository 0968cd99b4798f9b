import './study-surface.css';
import type { Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n/t';
import type { ToolId } from '../lib/panel/surface-state';
import { TOOL_LABELS } from './MoreTools';

interface ToolViewProps {
  tool: ToolId;
  onBack: () => void;
  /** Set when opened from More tools: the heading takes the focus (a screen reader says where the student is). */
  focus: Signal<boolean>;
  children: ComponentChildren;
}

/**
 * One tool's full controls, shown on "This page" in place of the thread: "Back to this page" on
 * top, then the tool's heading. Its id (`#tool-ask`) holds in every language.
 */
export function ToolView({ tool, onBack, focus, children }: ToolViewProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // After the tool's own layout effects (Ask may focus its question box): the student chose this tool.
  // A layout effect: the focus is in place when the view first shows, so keys typed at once are not
  // split between the box the student clicked and the heading taking the focus a frame later.
  useLayoutEffect(() => {
    if (!focus.value) return;
    focus.value = false;
    heading.current?.focus();
  }, [tool]);
  return (
    <section id={`tool-${tool}`} class="tool-view" aria-labelledby={`tool-${tool}-heading`}>
      <button type="button" class="back-to-page" onClick={onBack}>
        {t('tools_back')}
      </button>
      <h2 id={`tool-${tool}-heading`} class="tool-heading" tabIndex={-1} ref={heading}>
        {t(TOOL_LABELS[tool])}
      </h2>
      {children}
    </section>
  );
}
