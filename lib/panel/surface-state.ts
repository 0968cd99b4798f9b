/**
 * Where the student is on the panel's one study surface (issue 14): a study tab (This page, Review,
 * Library) and, on "This page", either the thread or one tool's full controls (Ask, Hints, Quiz,
 * Chat) reached from "More tools". The tools were tabs; the routes that opened them (the context
 * menu, the page toolbar, start-panel's initialTab) still name them by their old ids.
 */
import { signal } from '@preact/signals';

/** The tools with full controls of their own, in the order More tools lists them. */
export const TOOL_IDS = ['ask', 'hints', 'quiz', 'chat'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

/** The study tab that holds the thread and the tools. */
export const PAGE_TAB = 'summarize';

export const isTool = (id: string): id is ToolId => (TOOL_IDS as readonly string[]).includes(id);

/** A study view: the tab shown, and the tool open on "This page" (null: the thread). */
export interface StudyPlace {
  tab: string;
  tool: ToolId | null;
}

/** Where a route's view id leads: a tool opens on "This page"; any tab shows itself, tool closed. */
export function placeFor(id: string): StudyPlace {
  return isTool(id) ? { tab: PAGE_TAB, tool: id } : { tab: id, tool: null };
}

/** The study surface's state: kept while the views come and go, so a tool's work survives Back. */
export class SurfaceState {
  readonly tab = signal<string>(PAGE_TAB);
  readonly tool = signal<ToolId | null>(null);
  /** Set by Back: the view that shows next puts the focus on More tools, where the student left. */
  readonly backFromTool = signal(false);
  /**
   * Set when the student opens a tool from More tools: its heading takes the focus. Not for a route
   * (the context menu's "Ask about selection" puts the focus in Ask's question box itself).
   */
  readonly focusTool = signal(false);

  go(id: string): void {
    const place = placeFor(id);
    this.tab.value = place.tab;
    this.tool.value = place.tool;
  }

  openTool(tool: ToolId): void {
    this.go(tool);
    this.focusTool.value = true;
  }

  back(): void {
    this.tool.value = null;
    this.backFromTool.value = true;
  }

  /** A tab chosen in the row: that tab's own view (on This page, the thread). */
  selectTab(id: string): void {
    this.tab.value = id;
    this.tool.value = null;
  }
}
