import type { SummaryMode } from '../messaging/engine-protocol';

/** Labels of the summary modes, importable by the panel without the prompt code. */
export const SUMMARY_MODE_LABELS: Record<SummaryMode, string> = {
  tldr: 'TL;DR',
  'key-points': 'Key points',
  'study-notes': 'Study notes',
  eli5: "Explain like I'm new",
};
