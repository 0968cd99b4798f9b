// The one study surface's places: the tools (old tab ids) open on "This page", tabs close any tool,
// Back returns to the thread and asks for the focus to go back to More tools.
import { describe, expect, test } from 'vitest';
import { isTool, PAGE_TAB, placeFor, SurfaceState, TOOL_IDS } from '../../lib/panel/surface-state';

describe('placeFor', () => {
  test('each tool id (a route from the context menu or the page toolbar) opens that tool on This page', () => {
    for (const tool of TOOL_IDS) expect(placeFor(tool)).toEqual({ tab: PAGE_TAB, tool });
  });
  test('the study tabs show themselves, with no tool open', () => {
    for (const tab of ['summarize', 'review', 'library']) expect(placeFor(tab)).toEqual({ tab, tool: null });
  });
  test('isTool knows the four tools and nothing else', () => {
    expect(TOOL_IDS.filter(isTool)).toEqual(['ask', 'hints', 'quiz', 'chat']);
    expect(['summarize', 'review', 'library', 'models', ''].some(isTool)).toBe(false);
  });
});

describe('SurfaceState', () => {
  test('opens a tool, Back returns to the thread and marks the way back', () => {
    const s = new SurfaceState();
    expect([s.tab.value, s.tool.value, s.backFromTool.value]).toEqual([PAGE_TAB, null, false]);
    s.openTool('chat');
    expect([s.tab.value, s.tool.value, s.focusTool.value]).toEqual([PAGE_TAB, 'chat', true]);
    s.back();
    expect([s.tab.value, s.tool.value, s.backFromTool.value]).toEqual([PAGE_TAB, null, true]);
  });
  test('a route to a tool from Review leaves Review for that tool; a route to a tab closes the tool', () => {
    const s = new SurfaceState();
    s.selectTab('review');
    s.go('hints');
    // A route leaves the focus to the tool (Ask focuses its question box).
    expect([s.tab.value, s.tool.value, s.focusTool.value]).toEqual([PAGE_TAB, 'hints', false]);
    s.go('summarize');
    expect([s.tab.value, s.tool.value]).toEqual([PAGE_TAB, null]);
  });
  test('choosing a tab in the row closes the open tool', () => {
    const s = new SurfaceState();
    s.openTool('quiz');
    s.selectTab('library');
    expect([s.tab.value, s.tool.value]).toEqual(['library', null]);
    s.selectTab(PAGE_TAB);
    expect(s.tool.value).toBeNull();
  });
});
