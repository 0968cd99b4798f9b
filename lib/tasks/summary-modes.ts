import type { MessageKey } from '../i18n/t';
import type { SummaryMode } from '../messaging/engine-protocol';

/** Labels of the summary modes (message keys), importable by the panel without the prompt code. */
export const SUMMARY_MODE_LABELS: Record<SummaryMode, MessageKey> = {
  tldr: 'summary_modeTldr',
  'key-points': 'summary_modeKeyPoints',
  'study-notes': 'summary_modeStudyNotes',
  eli5: 'summary_modeEli5',
};
